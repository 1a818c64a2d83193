# frozen_string_literal: true

module Paysmart
  # Payment is a card payment: status is processing, requires_action,
  # requires_capture, succeeded, failed or canceled; amount is in the
  # currency's minor unit (2000 is $20.00).
  #
  #   Paysmart::Payment.create(amount: 2000, currency: 'usd',
  #                            payment_method: {type: 'card', card: {number: '4242424242424242', ...}})
  #
  # payment_method is a card (a Hash) or a saved payment method's id;
  # capture: false only authorises the payment (requires_capture). A declined
  # card raises a CardError whose payment is the failed payment.
  class Payment < APIResource
    extend APIOperations::Create
    extend APIOperations::List
    extend APIOperations::Update

    resource 'payment', '/payments'

    # capture(id, params = {}, opts = {}) captures an authorised payment;
    # params may hold amount to capture part of it.
    custom_method :capture, http_verb: :post

    # cancel(id, params = {}, opts = {}) releases an authorised payment or ends its 3-D Secure wait.
    custom_method :cancel, http_verb: :post
  end
end
