package com.paysmart;

import java.time.Duration;

/**
 * PaySmart holds the library's global configuration: the secret key, the API's address and how failed calls are
 * retried. Each can be overridden for one call with {@link com.paysmart.net.RequestOptions}.
 *
 * <pre>{@code
 * PaySmart.apiKey = "sk_test_...";
 * Payment payment = Payment.create(params);
 * }</pre>
 */
public final class PaySmart {
  /** VERSION is this library's version, sent in the User-Agent header as {@code PaySmart/java <VERSION>}. */
  public static final String VERSION = "1.0.0";

  /** DEFAULT_API_BASE is the API's address when neither {@link #apiBase} nor PAYSMART_API_BASE is set. */
  public static final String DEFAULT_API_BASE = "https://api.paysmart.com/v2";

  /** API_BASE_ENV is the environment variable read for the API's address when {@link #apiBase} is null. */
  public static final String API_BASE_ENV = "PAYSMART_API_BASE";

  /** apiKey is the secret key ({@code sk_test_...} or {@code sk_live_...}) every call authenticates with. */
  public static volatile String apiKey;

  /**
   * apiBase is the API's address, "/v2" included (for example {@code http://127.0.0.1:8080/v2}). When null, the
   * PAYSMART_API_BASE environment variable is used, else {@link #DEFAULT_API_BASE}.
   */
  public static volatile String apiBase;

  /**
   * maxNetworkRetries is how many times a call is retried after a network error, a 409 (the same idempotency key
   * still running), a 429 or a 5xx. 0 never retries.
   */
  public static volatile int maxNetworkRetries = 2;

  /**
   * initialNetworkRetryDelay is the wait before the first retry; it doubles with each retry, with up to 50%
   * jitter, up to {@link #maxNetworkRetryDelay}. A Retry-After header from the server replaces it.
   */
  public static volatile Duration initialNetworkRetryDelay = Duration.ofMillis(500);

  /** maxNetworkRetryDelay caps the computed wait between retries. */
  public static volatile Duration maxNetworkRetryDelay = Duration.ofSeconds(8);

  /** connectTimeout bounds opening a connection to the API; it is read once, when the first call is made. */
  public static volatile Duration connectTimeout = Duration.ofSeconds(30);

  /** readTimeout bounds how long one attempt of a call waits for its answer (HttpRequest.timeout). */
  public static volatile Duration readTimeout = Duration.ofSeconds(80);

  private PaySmart() {}

  /**
   * getApiBase returns the API's address calls go to when no RequestOptions override it: {@link #apiBase}, else
   * the PAYSMART_API_BASE environment variable, else {@link #DEFAULT_API_BASE}; without a trailing slash.
   */
  public static String getApiBase() {
    String base = apiBase;
    if (base == null || base.isBlank()) {
      base = System.getenv(API_BASE_ENV);
    }
    if (base == null || base.isBlank()) {
      base = DEFAULT_API_BASE;
    }
    base = base.trim();
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    return base;
  }
}
