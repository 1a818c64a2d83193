# frozen_string_literal: true

module Paysmart
  # Subscription charges a customer's saved card every interval (week,
  # month, quarter or year): create(customer:, payment_method:, amount:,
  # currency:, interval:, total_payments:, start_date:). status is active,
  # past_due, canceled or completed.
  class Subscription < APIResource
    extend APIOperations::Create
    extend APIOperations::List
    extend APIOperations::Update

    resource 'subscription', '/subscriptions'

    # cancel(id, params = {}, opts = {}) cancels a subscription (DELETE, as
    # Stripe's): nothing more is charged. One that has ended already is an
    # InvalidRequestError.
    custom_method :cancel, http_verb: :delete, http_path: ''
  end
end
