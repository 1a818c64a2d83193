# frozen_string_literal: true

module Paysmart
  # Refund is a refund of a payment (payment:, amount: default all that
  # remains, reason:): pending until the processor answers, then succeeded
  # or failed (with failure_reason).
  class Refund < APIResource
    extend APIOperations::Create
    extend APIOperations::List

    resource 'refund', '/refunds'
  end
end
