package com.paysmart.exception;

import java.util.Collections;
import java.util.Map;

/**
 * PaySmartException is the base of every error the library throws. An error the API answered carries its HTTP
 * status, {@code error.type}, {@code error.code}, {@code error.param}, the request id (the {@code Request-Id}
 * header) and the raw body; an error raised before any answer (no key, a network failure) has a null status.
 *
 * <p>The subclasses follow from the answer's {@code error.type} (else its status): {@link CardException} (402),
 * {@link InvalidRequestException} (400, 404), {@link AuthenticationException} (401), {@link PermissionException}
 * (403), {@link IdempotencyException} (409, or a 400 idempotency_error), {@link RateLimitException} (429),
 * {@link ApiException} (5xx and anything else), {@link ApiConnectionException} (no answer) and {@link
 * SignatureVerificationException} (a webhook that does not verify).
 */
public class PaySmartException extends Exception {
  private static final long serialVersionUID = 1L;

  private final Integer statusCode;
  private final String type;
  private final String code;
  private final String param;
  private final String requestId;
  private final String rawBody;
  private final transient Map<String, Object> error;
  private final String userMessage;

  /**
   * Creates an exception. Every argument but message may be null: statusCode when there was no answer, rawBody
   * and error (the decoded {@code error} object) when the answer was not a PaySmart error.
   */
  public PaySmartException(String message, Integer statusCode, String type, String code, String param,
      String requestId, String rawBody, Map<String, Object> error, Throwable cause) {
    super(message, cause);
    this.userMessage = message;
    this.statusCode = statusCode;
    this.type = type;
    this.code = code;
    this.param = param;
    this.requestId = requestId;
    this.rawBody = rawBody;
    this.error = error == null ? Collections.emptyMap() : Collections.unmodifiableMap(error);
  }

  /** getStatusCode returns the answer's HTTP status, or null when no answer was received. */
  public Integer getStatusCode() {
    return statusCode;
  }

  /** getType returns {@code error.type}: card_error, invalid_request_error, api_error... (null without one). */
  public String getType() {
    return type;
  }

  /** getCode returns {@code error.code}, a stable reason such as card_declined or parameter_missing. */
  public String getCode() {
    return code;
  }

  /** getParam returns {@code error.param}, the parameter at fault in bracket notation (payment_method[card][cvc]). */
  public String getParam() {
    return param;
  }

  /** getRequestId returns the id of the request the API answered (its Request-Id header), for PaySmart's logs. */
  public String getRequestId() {
    return requestId;
  }

  /** getRawBody returns the answer's body as it was received, or null when there was none. */
  public String getRawBody() {
    return rawBody;
  }

  /** getError returns the decoded {@code error} object of the answer (empty when the answer had none). */
  public Map<String, Object> getError() {
    return error;
  }

  /** getUserMessage returns {@code error.message} alone, without the code and request id getMessage adds. */
  public String getUserMessage() {
    return userMessage;
  }

  /** getMessage returns the message followed by the code and the request id, when there are. */
  @Override
  public String getMessage() {
    StringBuilder b = new StringBuilder(String.valueOf(userMessage));
    if (code != null) {
      b.append("; code: ").append(code);
    }
    if (requestId != null) {
      b.append("; request-id: ").append(requestId);
    }
    return b.toString();
  }
}
