package com.paysmart.exception;

import java.util.Map;

/** RateLimitException is too many requests (429, rate_limit_error), thrown once the retries are spent. */
public class RateLimitException extends PaySmartException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; see {@link PaySmartException#PaySmartException}. */
  public RateLimitException(String message, Integer statusCode, String type, String code, String param,
      String requestId, String rawBody, Map<String, Object> error, Throwable cause) {
    super(message, statusCode, type, code, param, requestId, rawBody, error, cause);
  }
}
