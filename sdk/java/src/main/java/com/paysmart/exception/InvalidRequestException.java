package com.paysmart.exception;

import java.util.Map;

/** InvalidRequestException is a request the API refused (400 or 404, invalid_request_error): a missing or bad parameter ({@link #getParam()}), an unknown id. */
public class InvalidRequestException extends PaySmartException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; see {@link PaySmartException#PaySmartException}. */
  public InvalidRequestException(String message, Integer statusCode, String type, String code, String param,
      String requestId, String rawBody, Map<String, Object> error, Throwable cause) {
    super(message, statusCode, type, code, param, requestId, rawBody, error, cause);
  }
}
