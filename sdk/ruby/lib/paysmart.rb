# frozen_string_literal: true

# Paysmart is the Ruby client of the PaySmart v2 API (sk_ and pk_ keys), as
# api/paysmart.yaml describes it, shaped like Stripe's gem:
#
#   require 'paysmart'
#   Paysmart.api_key = 'sk_test_...'
#   payment = Paysmart::Payment.create(amount: 2000, currency: 'usd', payment_method: {...})
#
# Every POST and DELETE carries an Idempotency-Key (one per call, kept across
# its retries), so that a call retried after a network error, a 409, a 429 or
# a 5xx cannot charge twice. It uses only Ruby's standard library.

require 'json'
require 'net/http'
require 'openssl'
require 'securerandom'
require 'time'
require 'uri'

require 'paysmart/version'
require 'paysmart/errors'
require 'paysmart/paysmart_object'
require 'paysmart/paysmart_response'
require 'paysmart/paysmart_client'
require 'paysmart/list_object'
require 'paysmart/api_operations'
require 'paysmart/api_resource'
require 'paysmart/resources/payment'
require 'paysmart/resources/refund'
require 'paysmart/resources/customer'
require 'paysmart/resources/payment_method'
require 'paysmart/resources/event'
require 'paysmart/resources/webhook_endpoint'
require 'paysmart/resources/subscription'
require 'paysmart/resources/test_clock'
require 'paysmart/object_types'
require 'paysmart/webhook'

module Paysmart
  # DEFAULT_API_BASE is used when neither Paysmart.api_base nor the
  # PAYSMART_API_BASE environment variable says otherwise.
  DEFAULT_API_BASE = 'https://api.paysmart.com/v2'

  @api_key = nil
  @api_base = nil
  @max_network_retries = 2
  @initial_network_retry_delay = 0.5
  @max_network_retry_delay = 8.0
  @open_timeout = 30
  @read_timeout = 80
  @write_timeout = 30

  class << self
    # The secret key (sk_test_..., sk_live_...) every call uses unless its
    # options give another.
    attr_accessor :api_key

    # How many times a failed call is retried (default 2; 0 never).
    attr_accessor :max_network_retries

    # The first wait between retries in seconds (default 0.5); it doubles
    # with each retry, with up to 50% jitter, up to max_network_retry_delay.
    attr_accessor :initial_network_retry_delay

    # The longest wait between retries in seconds (default 8).
    attr_accessor :max_network_retry_delay

    # Seconds to wait for a connection, a response and a write.
    attr_accessor :open_timeout, :read_timeout, :write_timeout

    # The API's address, "/v2" included: what was set, else the
    # PAYSMART_API_BASE environment variable, else DEFAULT_API_BASE.
    def api_base
      base = @api_base
      base = ENV['PAYSMART_API_BASE'] if base.nil? || base.empty?
      base = DEFAULT_API_BASE if base.nil? || base.empty?
      base.chomp('/')
    end

    # Sets the API's address; nil goes back to the environment or the default.
    attr_writer :api_base
  end
end
