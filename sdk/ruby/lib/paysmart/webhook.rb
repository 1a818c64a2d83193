# frozen_string_literal: true

module Paysmart
  # Webhook verifies the events PaySmart sends to a webhook endpoint. Every
  # delivery is a POST whose body is the event as JSON and whose
  # PaySmart-Signature header reads
  #
  #   t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>
  #
  # with one v1 per secret in use (two while a rolled secret's grace period
  # runs): Stripe's scheme, as sdk/webhook/webhook.go implements it.
  module Webhook
    # The HTTP header that carries the signature.
    SIGNATURE_HEADER = 'PaySmart-Signature'

    # How far (seconds) a signature's timestamp may be from now.
    DEFAULT_TOLERANCE = 300

    # construct_event verifies that payload (the raw request body, before any
    # JSON parsing) was signed with secret within tolerance seconds of now,
    # and answers the event (a Paysmart::Event). It raises a
    # SignatureVerificationError, or JSON::ParserError for a signed body that
    # is not JSON. now is for tests: the verifier's clock (Unix seconds).
    def self.construct_event(payload, sig_header, secret, tolerance: DEFAULT_TOLERANCE, now: nil)
      Signature.verify_header(payload, sig_header, secret, tolerance: tolerance, now: now)
      PaysmartObject.convert(JSON.parse(payload, symbolize_names: true))
    end

    # Signature checks and makes PaySmart-Signature headers.
    module Signature
      # The signature scheme PaySmart signs with; others (Stripe's v0) are ignored.
      EXPECTED_SCHEME = 'v1'

      # compute_signature is the hex HMAC-SHA256 of "<timestamp>.<payload>".
      def self.compute_signature(timestamp, payload, secret)
        OpenSSL::HMAC.hexdigest('SHA256', secret.to_s, "#{timestamp.to_i}.#{payload}")
      end

      # generate_header is a PaySmart-Signature value for payload signed at
      # timestamp with each secret, in order (for tests and tools).
      def self.generate_header(timestamp, payload, *secrets)
        (["t=#{timestamp.to_i}"] + secrets.map { |s| "v1=#{compute_signature(timestamp, payload, s)}" }).join(',')
      end

      # verify_header raises a SignatureVerificationError unless one v1 of
      # header matches payload and secret, and the timestamp is within
      # tolerance seconds of now (nil or 0: DEFAULT_TOLERANCE). The
      # signatures are checked before the timestamp, so that a forged header
      # learns nothing, and compared in constant time. It answers true.
      def self.verify_header(payload, header, secret, tolerance: DEFAULT_TOLERANCE, now: nil)
        tolerance = DEFAULT_TOLERANCE if tolerance.nil? || tolerance <= 0
        payload = payload.to_s
        timestamp, signatures = parse_header(header, payload)
        expected = [compute_signature(timestamp, payload, secret)].pack('H*')
        matched = false
        signatures.each { |sig| matched |= OpenSSL.fixed_length_secure_compare(sig, expected) }
        unless matched
          fail_with(:no_valid_signature, 'No signature matches the payload and the endpoint secret', header, payload)
        end

        age = (now || Time.now.to_i).to_i - timestamp
        if age > tolerance
          fail_with(:too_old, "The signature's timestamp is too old (possible replay)", header, payload)
        elsif age < -tolerance
          fail_with(:in_future, "The signature's timestamp is in the future", header, payload)
        end
        true
      end

      # parse_header reads t and every well-formed v1 (64 hex digits, as
      # bytes) of a header; unknown keys and schemes are ignored.
      def self.parse_header(header, payload)
        timestamp = nil
        signatures = []
        header.to_s.split(',').each do |part|
          key, value = part.strip.split('=', 2)
          next if value.nil?

          case key
          when 't'
            unless value.match?(/\A[+-]?\d+\z/) && value.to_i.positive?
              fail_with(:invalid_header, 'Invalid PaySmart-Signature header (want t=<timestamp>,v1=<signature>)',
                        header, payload)
            end
            timestamp = value.to_i
          when EXPECTED_SCHEME
            signatures << [value].pack('H*') if value.match?(/\A\h{64}\z/)
          end
        end
        if timestamp.nil?
          fail_with(:invalid_header, 'Invalid PaySmart-Signature header (want t=<timestamp>,v1=<signature>)',
                    header, payload)
        end
        fail_with(:not_signed, 'The PaySmart-Signature header has no v1 signature', header, payload) if signatures.empty?
        [timestamp, signatures]
      end
      private_class_method :parse_header

      def self.fail_with(reason, message, header, payload)
        raise SignatureVerificationError.new(message, header, reason: reason, http_body: payload)
      end
      private_class_method :fail_with
    end
  end
end
