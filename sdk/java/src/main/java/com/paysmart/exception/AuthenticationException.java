package com.paysmart.exception;

import java.util.Map;

/** AuthenticationException is a missing, unknown or revoked API key (401, authentication_error). */
public class AuthenticationException extends PaySmartException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; see {@link PaySmartException#PaySmartException}. */
  public AuthenticationException(String message, Integer statusCode, String type, String code, String param,
      String requestId, String rawBody, Map<String, Object> error, Throwable cause) {
    super(message, statusCode, type, code, param, requestId, rawBody, error, cause);
  }
}
