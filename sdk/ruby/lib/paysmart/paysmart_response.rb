# frozen_string_literal: true

module Paysmart
  # PaysmartResponse is one answer of the API: status, headers (lowercase
  # names), raw body and request id. Objects keep it as last_response.
  class PaysmartResponse
    attr_reader :http_status, :http_headers, :http_body, :request_id

    def initialize(http_status, http_headers, http_body)
      @http_status = http_status
      @http_headers = http_headers
      @http_body = http_body
      @request_id = http_headers['request-id']
    end

    # idempotent_replayed? is true when the server replayed the first answer
    # to the call's Idempotency-Key instead of running it again.
    def idempotent_replayed?
      @http_headers['idempotent-replayed'] == 'true'
    end
  end
end
