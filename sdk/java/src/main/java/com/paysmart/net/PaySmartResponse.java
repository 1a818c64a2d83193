package com.paysmart.net;

import java.net.http.HttpHeaders;

/**
 * PaySmartResponse is the HTTP answer an object was read from: its status, headers and body. Objects returned by
 * the API keep theirs ({@code payment.getLastResponse()}), for the request id or {@code Idempotent-Replayed}.
 */
public final class PaySmartResponse {
  private final int code;
  private final HttpHeaders headers;
  private final String body;
  private final int attempts;

  /** Creates a response. */
  public PaySmartResponse(int code, HttpHeaders headers, String body, int attempts) {
    this.code = code;
    this.headers = headers;
    this.body = body;
    this.attempts = attempts;
  }

  /** code returns the HTTP status. */
  public int code() {
    return code;
  }

  /** headers returns the HTTP headers. */
  public HttpHeaders headers() {
    return headers;
  }

  /** body returns the body as received. */
  public String body() {
    return body;
  }

  /** requestId returns the Request-Id header: the id PaySmart logged the request under. */
  public String requestId() {
    return headers.firstValue("Request-Id").orElse(null);
  }

  /** idempotencyKey returns the Idempotency-Key the server answered under, or null for a read. */
  public String idempotencyKey() {
    return headers.firstValue("Idempotency-Key").orElse(null);
  }

  /** idempotentReplayed reports whether this answer is the stored answer of an earlier request with the same key. */
  public boolean idempotentReplayed() {
    return "true".equals(headers.firstValue("Idempotent-Replayed").orElse(null));
  }

  /** attempts returns how many times the request was sent (1 when it was not retried). */
  public int attempts() {
    return attempts;
  }
}
