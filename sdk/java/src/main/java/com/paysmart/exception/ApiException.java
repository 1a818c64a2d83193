package com.paysmart.exception;

import java.util.Map;

/** ApiException is a failure of PaySmart's side (5xx, api_error) or an answer the library could not read, thrown once the retries are spent. */
public class ApiException extends PaySmartException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; see {@link PaySmartException#PaySmartException}. */
  public ApiException(String message, Integer statusCode, String type, String code, String param,
      String requestId, String rawBody, Map<String, Object> error, Throwable cause) {
    super(message, statusCode, type, code, param, requestId, rawBody, error, cause);
  }
}
