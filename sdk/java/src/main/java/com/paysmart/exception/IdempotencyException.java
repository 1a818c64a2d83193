package com.paysmart.exception;

import java.util.Map;

/** IdempotencyException is an Idempotency-Key misuse (idempotency_error): a request with that key still running (409, retried first) or other parameters under a key already used (400). */
public class IdempotencyException extends PaySmartException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; see {@link PaySmartException#PaySmartException}. */
  public IdempotencyException(String message, Integer statusCode, String type, String code, String param,
      String requestId, String rawBody, Map<String, Object> error, Throwable cause) {
    super(message, statusCode, type, code, param, requestId, rawBody, error, cause);
  }
}
