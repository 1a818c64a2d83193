# frozen_string_literal: true

module Paysmart
  # PaysmartClient sends the calls of the resources: it authenticates, encodes
  # parameters (JSON bodies on POST, bracket notation in the query of GET and
  # DELETE), retries, and turns error answers into typed errors.
  #
  # Retries follow the Go SDK (sdk/paysmart/client.go): a call that got no
  # answer, or was answered 409 (the same key still running), 429 or 5xx, is
  # sent again up to max_network_retries times under the same
  # Idempotency-Key, after Retry-After when the server sent one, else after a
  # backoff that doubles from initial_network_retry_delay with up to 50%
  # jitter, capped at max_network_retry_delay. An answer marked
  # Idempotent-Replayed is the stored first answer: sending it again would
  # only replay it, so it is not retried.
  class PaysmartClient
    # The failures of Net::HTTP that mean no answer came.
    NETWORK_ERRORS = [
      EOFError, IOError, SocketError, Timeout::Error, OpenSSL::SSL::SSLError,
      Errno::ECONNREFUSED, Errno::ECONNRESET, Errno::ECONNABORTED, Errno::EHOSTUNREACH,
      Errno::ENETUNREACH, Errno::EPIPE, Errno::ETIMEDOUT, Errno::EADDRNOTAVAIL,
      Net::ProtocolError, Net::HTTPBadResponse, Net::HTTPHeaderSyntaxError
    ].freeze

    # The per-request options a call accepts as its last argument.
    OPTS = %i[api_key idempotency_key api_base max_network_retries].freeze

    # The error classes of the API's error types.
    ERROR_TYPES = {
      'invalid_request_error' => InvalidRequestError,
      'authentication_error' => AuthenticationError,
      'permission_error' => PermissionError,
      'card_error' => CardError,
      'idempotency_error' => IdempotencyError,
      'rate_limit_error' => RateLimitError,
      'api_error' => APIError
    }.freeze

    # The error classes of the statuses, for an answer that names no type.
    ERROR_STATUSES = {
      400 => InvalidRequestError, 401 => AuthenticationError, 402 => CardError, 403 => PermissionError,
      404 => InvalidRequestError, 409 => IdempotencyError, 429 => RateLimitError
    }.freeze

    # The client the resources use.
    def self.active_client
      @active_client ||= new
    end

    # normalize_opts reads per-request options: nil, an API key (a String),
    # or a Hash of OPTS.
    def self.normalize_opts(opts)
      case opts
      when nil then {}
      when String then { api_key: opts }
      when Hash
        opts = opts.transform_keys(&:to_sym)
        unknown = opts.keys - OPTS
        raise ArgumentError, "unknown request options: #{unknown.join(', ')} (known: #{OPTS.join(', ')})" unless unknown.empty?

        opts
      else
        raise ArgumentError, "request options must be a Hash or an API key, not #{opts.class}"
      end
    end

    # persistent_opts are the options an object keeps for the calls made
    # from it (pages, instance methods): not the idempotency key, which
    # belongs to one call.
    def self.persistent_opts(opts)
      normalize_opts(opts).reject { |k, _| k == :idempotency_key }
    end

    # retryable? reports whether an answer with this status may be retried:
    # the same key still running (409), too many requests (429), or a
    # failure of the server (5xx).
    def self.retryable?(status)
      status == 409 || status == 429 || status >= 500
    end

    # retry_delay is the wait in seconds before retry attempt+1 (attempt
    # counts from 0): Retry-After when the server sent one (seconds or an
    # HTTP date), else the backoff.
    def self.retry_delay(attempt, retry_after = nil)
      if retry_after
        text = retry_after.to_s.strip
        return text.to_i if text.match?(/\A\d+\z/)

        begin
          return [Time.httpdate(text) - Time.now, 0].max
        rescue ArgumentError
          nil # not a date: back off
        end
      end
      cap = Paysmart.max_network_retry_delay.to_f
      delay = [Paysmart.initial_network_retry_delay.to_f * (2**attempt), cap].min
      [delay + (rand * delay / 2), cap].min
    end

    # encode_query renders params in bracket notation:
    # {created: {gte: 1}, expand: ['customer']} is "created[gte]=1&expand[]=customer".
    def self.encode_query(params)
      flatten_params(params || {}).map { |k, v| "#{escape(k)}=#{escape(v.to_s)}" }.join('&')
    end

    def self.flatten_params(params, prefix = nil)
      params.each_with_object([]) do |(k, v), pairs|
        key = prefix ? "#{prefix}[#{k}]" : k.to_s
        case v
        when nil then next
        when Hash then pairs.concat(flatten_params(v, key))
        when Array
          v.each_with_index do |item, i|
            item.is_a?(Hash) ? pairs.concat(flatten_params(item, "#{key}[#{i}]")) : pairs << ["#{key}[]", item]
          end
        else pairs << [key, v]
        end
      end
    end
    private_class_method :flatten_params

    # escape form-encodes s but keeps brackets readable, as the server
    # accepts them either way.
    def self.escape(s)
      URI.encode_www_form_component(s).gsub('%5B', '[').gsub('%5D', ']')
    end
    private_class_method :escape

    # request makes one call (method :get, :post or :delete, path under the
    # base URL such as "/payments") and answers [data, response]: the decoded
    # JSON (symbol keys) and the PaysmartResponse. It raises a PaysmartError.
    def request(method, path, params = {}, opts = {})
      opts = self.class.normalize_opts(opts)
      api_key = opts[:api_key] || Paysmart.api_key
      if api_key.nil? || api_key.to_s.strip.empty?
        raise AuthenticationError, 'No API key provided. Set Paysmart.api_key = "sk_test_..." or pass ' \
                                   '{api_key: ...} as the options of the call.'
      end

      uri = URI.parse((opts[:api_base] || Paysmart.api_base).to_s.chomp('/') + path)
      target = uri.path
      body = nil
      if method == :post
        body = JSON.generate(params || {})
      else
        query = self.class.encode_query(params)
        target += "?#{query}" unless query.empty?
      end
      headers = {
        'Authorization' => "Bearer #{api_key}",
        'Accept' => 'application/json',
        'User-Agent' => "PaySmart/ruby #{VERSION}"
      }
      headers['Content-Type'] = 'application/json' if body
      if method != :get
        headers['Idempotency-Key'] = (opts[:idempotency_key] || SecureRandom.uuid).to_s
      end
      max_retries = [(opts[:max_network_retries] || Paysmart.max_network_retries).to_i, 0].max

      attempt = 0
      loop do
        begin
          res = perform(uri, method, target, headers, body)
        rescue *NETWORK_ERRORS => e
          if attempt < max_retries
            sleep_before_retry(self.class.retry_delay(attempt))
            attempt += 1
            next
          end
          raise APIConnectionError, "Could not connect to PaySmart (#{uri.scheme}://#{uri.host}:#{uri.port}): " \
                                    "#{e.class}: #{e.message} (after #{attempt + 1} attempt#{attempt.zero? ? '' : 's'})"
        end

        status = res.code.to_i
        response = PaysmartResponse.new(status, res.each_header.to_h, res.body.to_s)
        return [decode(response), response] if status >= 200 && status < 300

        if attempt < max_retries && self.class.retryable?(status) && !response.idempotent_replayed?
          sleep_before_retry(self.class.retry_delay(attempt, response.http_headers['retry-after']))
          attempt += 1
          next
        end
        raise error_from(response, opts)
      end
    end

    private

    def perform(uri, method, target, headers, body)
      http = Net::HTTP.new(uri.host, uri.port)
      http.use_ssl = uri.scheme == 'https'
      http.open_timeout = Paysmart.open_timeout
      http.read_timeout = Paysmart.read_timeout
      http.write_timeout = Paysmart.write_timeout
      http.max_retries = 0 # the retries are ours, counted and under one key
      req = case method
            when :get then Net::HTTP::Get.new(target, headers)
            when :post then Net::HTTP::Post.new(target, headers)
            when :delete then Net::HTTP::Delete.new(target, headers)
            else raise ArgumentError, "unsupported HTTP method #{method.inspect}"
            end
      req.body = body if body
      http.start { |h| h.request(req) }
    end

    def sleep_before_retry(seconds)
      sleep(seconds) if seconds.positive?
    end

    def decode(response)
      JSON.parse(response.http_body, symbolize_names: true)
    rescue JSON::ParserError
      raise APIError.new("Invalid response from the API (HTTP #{response.http_status}): #{response.http_body[0, 200]}",
                         http_status: response.http_status, http_body: response.http_body,
                         http_headers: response.http_headers, request_id: response.request_id)
    end

    def error_from(response, opts)
      json = begin
        JSON.parse(response.http_body, symbolize_names: true)
      rescue JSON::ParserError
        nil
      end
      err = json.is_a?(Hash) && json[:error].is_a?(Hash) ? json[:error] : nil
      status = response.http_status
      unless err
        text = response.http_body.strip
        text = "HTTP #{status} without an error object" if text.empty?
        return APIError.new(text, http_status: status, http_body: response.http_body, json_body: json,
                                  http_headers: response.http_headers, type: 'api_error',
                                  request_id: response.request_id)
      end
      klass = ERROR_TYPES[err[:type]] || ERROR_STATUSES[status] || APIError
      args = {
        http_status: status, http_body: response.http_body, json_body: json, http_headers: response.http_headers,
        type: err[:type], code: err[:code], param: err[:param], request_id: err[:request_id] || response.request_id
      }
      if klass == CardError
        payment = err[:payment].is_a?(Hash) ? PaysmartObject.convert(err[:payment], self.class.persistent_opts(opts)) : nil
        args.merge!(decline_code: err[:decline_code], payment: payment)
      end
      klass.new(err[:message], **args)
    end
  end
end
