# frozen_string_literal: true

module Paysmart
  # PaymentMethod is a tokenised card: create(type: 'card', card: {...},
  # customer: ...) is the one call a publishable key may make (attaching it
  # to a customer needs a secret key).
  class PaymentMethod < APIResource
    extend APIOperations::Create

    resource 'payment_method', '/payment_methods'
  end
end
