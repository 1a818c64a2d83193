'use strict';

// The errors the library throws, named as stripe-node names its own. Every
// error the API answers is a PaySmartError subclass picked by the answer's
// error.type (or, when the body is not PaySmart's JSON, by the HTTP status:
// see fromResponse in client.js).

/**
 * PaySmartError is the base of every error the library throws about an API
 * call. `type` is the class's name (as in stripe-node); `rawType` is the API's
 * error.type (card_error, invalid_request_error, ...).
 */
class PaySmartError extends Error {
  constructor(raw = {}, options = {}) {
    super(raw.message || 'An error occurred with the PaySmart API.', options.cause ? {cause: options.cause} : undefined);
    this.type = this.constructor.name;
    this.name = this.constructor.name;
    this.rawType = raw.type;
    this.code = raw.code;
    this.param = raw.param;
    this.decline_code = raw.decline_code;
    this.payment = raw.payment;
    this.statusCode = options.statusCode;
    this.requestId = raw.request_id || options.requestId;
    this.headers = options.headers;
    this.raw = raw;
    this.rawBody = options.rawBody;
  }
}

/** PaySmartCardError is a declined card (402 card_error); `payment` is the failed payment. */
class PaySmartCardError extends PaySmartError {}

/** PaySmartInvalidRequestError is a bad or missing parameter (400, `param` names it) or an unknown object (404). */
class PaySmartInvalidRequestError extends PaySmartError {}

/** PaySmartAuthenticationError is a missing, unknown or revoked key (401). */
class PaySmartAuthenticationError extends PaySmartError {}

/** PaySmartPermissionError is a key that may not make this call (403), such as a pk_ key. */
class PaySmartPermissionError extends PaySmartError {}

/**
 * PaySmartIdempotencyError is an Idempotency-Key reused with other parameters
 * (400), or still running after the retries (409).
 */
class PaySmartIdempotencyError extends PaySmartError {}

/** PaySmartRateLimitError is too many requests (429), still so after the retries. */
class PaySmartRateLimitError extends PaySmartError {}

/** PaySmartAPIError is a failure of the server (5xx) or an answer the library cannot read. */
class PaySmartAPIError extends PaySmartError {}

/** PaySmartConnectionError is a network failure or a timeout, still so after the retries. */
class PaySmartConnectionError extends PaySmartError {}

/**
 * PaySmartSignatureVerificationError is a webhook that constructEvent refuses.
 * `code` is invalid_header, not_signed, no_valid_signature, too_old or
 * in_future; `header` and `payload` are what was given.
 */
class PaySmartSignatureVerificationError extends PaySmartError {
  constructor(code, message, header, payload) {
    super({message, code});
    this.header = header;
    this.payload = payload;
  }
}

module.exports = {
  PaySmartError,
  PaySmartCardError,
  PaySmartInvalidRequestError,
  PaySmartAuthenticationError,
  PaySmartPermissionError,
  PaySmartIdempotencyError,
  PaySmartRateLimitError,
  PaySmartAPIError,
  PaySmartConnectionError,
  PaySmartSignatureVerificationError,
  // Short names, as the PaySmart document and other libraries say them.
  CardError: PaySmartCardError,
  InvalidRequestError: PaySmartInvalidRequestError,
  AuthenticationError: PaySmartAuthenticationError,
  PermissionError: PaySmartPermissionError,
  IdempotencyError: PaySmartIdempotencyError,
  RateLimitError: PaySmartRateLimitError,
  APIError: PaySmartAPIError,
  APIConnectionError: PaySmartConnectionError,
  ConnectionError: PaySmartConnectionError,
  SignatureVerificationError: PaySmartSignatureVerificationError,
};
