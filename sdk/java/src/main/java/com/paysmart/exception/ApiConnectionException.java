package com.paysmart.exception;

/**
 * ApiConnectionException is a call that got no answer: the connection failed, timed out or was cut, on every
 * attempt. Its status is null. A write that failed this way may still have happened: retry it with the same
 * idempotency key to learn its outcome without doing it twice.
 */
public class ApiConnectionException extends PaySmartException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with the network error as its cause. */
  public ApiConnectionException(String message, Throwable cause) {
    super(message, null, null, null, null, null, null, null, cause);
  }
}
