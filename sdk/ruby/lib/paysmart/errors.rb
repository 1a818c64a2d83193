# frozen_string_literal: true

module Paysmart
  # PaysmartError is the base of every error the library raises. For an
  # answer of the API it carries the HTTP status, the error's type, code,
  # message and param, the request id and the raw body.
  class PaysmartError < StandardError
    # The HTTP status of the answer (nil when no answer came).
    attr_reader :http_status
    # The raw body of the answer, and that body parsed (symbol keys).
    attr_reader :http_body, :json_body
    # The answer's headers (a Hash of lowercase names to values).
    attr_reader :http_headers
    # invalid_request_error, authentication_error, permission_error,
    # card_error, idempotency_error, rate_limit_error or api_error.
    attr_reader :type
    # A stable reason such as parameter_missing, resource_missing or card_declined.
    attr_reader :code
    # The parameter at fault, in bracket notation (payment_method[card][cvc]).
    attr_reader :param
    # The id of the request (its Request-Id header).
    attr_reader :request_id

    def initialize(message = nil, http_status: nil, http_body: nil, json_body: nil, http_headers: nil,
                   type: nil, code: nil, param: nil, request_id: nil)
      super(message)
      @message = message
      @http_status = http_status
      @http_body = http_body
      @json_body = json_body
      @http_headers = http_headers || {}
      @type = type
      @code = code
      @param = param
      @request_id = request_id
    end

    # The message as the API wrote it, without the status and request id.
    def message
      @message.to_s
    end

    def to_s
      status = @http_status.nil? ? '' : "(Status #{@http_status}) "
      id = @request_id.nil? ? '' : "(Request #{@request_id}) "
      "#{status}#{id}#{@message}"
    end
  end

  # CardError is a declined card (402): code is card_declined (or
  # expired_card, incorrect_cvc...), decline_code the processor's reason, and
  # payment the failed Paysmart::Payment when the server made one.
  class CardError < PaysmartError
    attr_reader :decline_code, :payment

    def initialize(message = nil, decline_code: nil, payment: nil, **kwargs)
      super(message, **kwargs)
      @decline_code = decline_code
      @payment = payment
    end
  end

  # InvalidRequestError is a bad or missing parameter (400; param names it),
  # or an object that does not exist (404, code resource_missing).
  class InvalidRequestError < PaysmartError; end

  # AuthenticationError is a missing, unknown or revoked key (401).
  class AuthenticationError < PaysmartError; end

  # PermissionError is a key that may not make this call (403), such as a
  # publishable key outside payment method creation.
  class PermissionError < PaysmartError; end

  # IdempotencyError is an Idempotency-Key reused with other parameters
  # (400), or whose first request still runs (409, after the retries).
  class IdempotencyError < PaysmartError; end

  # RateLimitError is too many requests (429, after the retries).
  class RateLimitError < PaysmartError; end

  # APIError is a failure of the server (5xx, after the retries), or an
  # answer that is not the JSON the API promises.
  class APIError < PaysmartError; end

  # APIConnectionError is a call that got no answer: connection refused or
  # reset, DNS failure, TLS failure or timeout (after the retries).
  class APIConnectionError < PaysmartError; end

  # SignatureVerificationError is a webhook whose PaySmart-Signature header
  # does not prove it came from PaySmart. reason is :invalid_header,
  # :not_signed, :no_valid_signature, :too_old or :in_future.
  class SignatureVerificationError < PaysmartError
    attr_reader :sig_header, :reason

    def initialize(message, sig_header, reason: nil, http_body: nil)
      super(message, http_body: http_body)
      @sig_header = sig_header
      @reason = reason
    end
  end
end
