package com.paysmart.exception;

import java.util.Map;

/** PermissionException is a key that may not make this call (403, permission_error), such as a publishable key reading payments. */
public class PermissionException extends PaySmartException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; see {@link PaySmartException#PaySmartException}. */
  public PermissionException(String message, Integer statusCode, String type, String code, String param,
      String requestId, String rawBody, Map<String, Object> error, Throwable cause) {
    super(message, statusCode, type, code, param, requestId, rawBody, error, cause);
  }
}
