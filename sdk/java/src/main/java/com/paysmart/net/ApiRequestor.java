package com.paysmart.net;

import com.paysmart.PaySmart;
import com.paysmart.exception.ApiConnectionException;
import com.paysmart.exception.ApiException;
import com.paysmart.exception.AuthenticationException;
import com.paysmart.exception.CardException;
import com.paysmart.exception.IdempotencyException;
import com.paysmart.exception.InvalidRequestException;
import com.paysmart.exception.PaySmartException;
import com.paysmart.exception.PermissionException;
import com.paysmart.exception.RateLimitException;
import com.paysmart.model.PaySmartObject;
import com.paysmart.model.Payment;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.Map;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * ApiRequestor sends one API call, retrying it as the Go SDK does (sdk/paysmart/client.go): a POST or DELETE
 * carries one Idempotency-Key, kept across its retries, so that a call retried after a network error, a 409 (the
 * same key still running), a 429 or a 5xx cannot happen twice. Waits double from
 * {@link PaySmart#initialNetworkRetryDelay} with up to 50% jitter, capped at {@link PaySmart#maxNetworkRetryDelay},
 * unless the server sends Retry-After.
 */
final class ApiRequestor {
  /** MAX_RETRY_AFTER bounds how long a Retry-After header can hold a call, since Java calls have no deadline. */
  static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(60);

  static final String USER_AGENT = "PaySmart/java " + PaySmart.VERSION;

  private static volatile HttpClient client;

  private ApiRequestor() {}

  private static HttpClient client() {
    HttpClient c = client;
    if (c == null) {
      synchronized (ApiRequestor.class) {
        c = client;
        if (c == null) {
          c = HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(PaySmart.connectTimeout)
              .followRedirects(HttpClient.Redirect.NEVER)
              .build();
          client = c;
        }
      }
    }
    return c;
  }

  /**
   * request sends method to path (under the API base) and returns the 2xx answer, or throws the typed error of the
   * last attempt. params go in the query string of a GET or DELETE and as the JSON body of a POST.
   */
  static PaySmartResponse request(String method, String path, Map<String, Object> params, RequestOptions options)
      throws PaySmartException {
    if (options == null) {
      options = RequestOptions.getDefault();
    }
    String apiKey = options.getApiKey() != null ? options.getApiKey() : PaySmart.apiKey;
    if (apiKey == null || apiKey.isBlank()) {
      throw new AuthenticationException("No API key provided: set PaySmart.apiKey = \"sk_test_...\", or pass one "
          + "with RequestOptions.builder().setApiKey(...).", null, "authentication_error", null, null, null, null,
          null, null);
    }
    if (apiKey.chars().anyMatch(ch -> ch <= ' ' || ch == 0x7f)) {
      throw new AuthenticationException("The API key contains whitespace or a control character.", null,
          "authentication_error", null, null, null, null, null, null);
    }
    String base = options.getApiBase() != null ? trimSlash(options.getApiBase()) : PaySmart.getApiBase();
    boolean post = "POST".equals(method);
    String url = base + path;
    String body = null;
    if (post) {
      body = Json.write(params == null ? Collections.emptyMap() : params);
    } else if (params != null && !params.isEmpty()) {
      String q = encodeQuery(params);
      if (!q.isEmpty()) {
        url += (url.contains("?") ? "&" : "?") + q;
      }
    }
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new ApiConnectionException("Invalid API URL " + url + ": " + e.getMessage(), e);
    }
    String idempotencyKey = null;
    if (!"GET".equals(method)) {
      idempotencyKey = options.getIdempotencyKey() != null ? options.getIdempotencyKey() : UUID.randomUUID().toString();
      if (idempotencyKey.isEmpty() || idempotencyKey.chars().anyMatch(ch -> ch < ' ' || ch == 0x7f)) {
        throw new InvalidRequestException("The idempotency key is empty or contains a control character.", null,
            "invalid_request_error", "parameter_invalid", "Idempotency-Key", null, null, null, null);
      }
    }
    int maxRetries = Math.max(0, options.getMaxNetworkRetries() != null
        ? options.getMaxNetworkRetries() : PaySmart.maxNetworkRetries);

    for (int attempt = 0; ; attempt++) {
      HttpRequest.Builder b = HttpRequest.newBuilder(uri)
          .timeout(PaySmart.readTimeout)
          .header("Authorization", "Bearer " + apiKey)
          .header("Accept", "application/json")
          .header("User-Agent", USER_AGENT);
      if (post) {
        b.header("Content-Type", "application/json");
        b.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
      } else {
        b.method(method, HttpRequest.BodyPublishers.noBody());
      }
      if (idempotencyKey != null) {
        b.header("Idempotency-Key", idempotencyKey);
      }
      HttpResponse<String> res;
      try {
        res = client().send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      } catch (IOException e) {
        if (attempt >= maxRetries) {
          throw new ApiConnectionException("Could not reach PaySmart at " + base + " (" + describe(e) + ")"
              + (attempt > 0 ? " after " + (attempt + 1) + " attempts" : "") + ".", e);
        }
        sleep(delay(attempt, null));
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ApiConnectionException("Interrupted while calling PaySmart.", e);
      }
      int status = res.statusCode();
      if (status >= 200 && status < 300) {
        return new PaySmartResponse(status, res.headers(), res.body(), attempt + 1);
      }
      if (attempt < maxRetries && retryable(status)) {
        sleep(delay(attempt, res.headers().firstValue("Retry-After").orElse(null)));
        continue;
      }
      throw apiError(status, res.headers(), res.body());
    }
  }

  /**
   * retryable reports whether an answer with this status may be retried: the same key still running (409), too
   * many requests (429), or a server failure (5xx).
   */
  static boolean retryable(int status) {
    return status == 409 || status == 429 || status >= 500;
  }

  /**
   * delay returns how long to wait before retry attempt+1: Retry-After (seconds or an HTTP date, at most
   * MAX_RETRY_AFTER) when the server sent one, otherwise the initial delay doubled per attempt plus up to 50%
   * jitter, at most the maximum delay.
   */
  static Duration delay(int attempt, String retryAfter) {
    Duration fromHeader = parseRetryAfter(retryAfter);
    if (fromHeader != null) {
      return fromHeader.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : fromHeader;
    }
    long max = Math.max(0, PaySmart.maxNetworkRetryDelay.toMillis());
    long d = Math.max(0, PaySmart.initialNetworkRetryDelay.toMillis());
    for (int i = 0; i < attempt && d < max; i++) {
      d *= 2;
    }
    d += ThreadLocalRandom.current().nextLong(d / 2 + 1);
    return Duration.ofMillis(Math.min(d, max));
  }

  /** parseRetryAfter reads a Retry-After header (delay-seconds or HTTP-date); null when absent or unreadable. */
  static Duration parseRetryAfter(String v) {
    if (v == null || v.isBlank()) {
      return null;
    }
    v = v.trim();
    try {
      long s = Long.parseLong(v);
      return s >= 0 ? Duration.ofSeconds(Math.min(s, 1L << 32)) : null;
    } catch (NumberFormatException notSeconds) {
      // maybe a date
    }
    try {
      ZonedDateTime t = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
      Duration d = Duration.between(ZonedDateTime.now(t.getZone()), t);
      return d.isNegative() ? Duration.ZERO : d;
    } catch (DateTimeParseException notDate) {
      return null;
    }
  }

  private static void sleep(Duration d) throws ApiConnectionException {
    if (d.isZero() || d.isNegative()) {
      return;
    }
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiConnectionException("Interrupted while waiting to retry a PaySmart call.", e);
    }
  }

  private static String describe(IOException e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + m;
  }

  private static String trimSlash(String s) {
    s = s.trim();
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    return s;
  }

  /**
   * apiError turns an error answer into its typed exception, by {@code error.type} when the body is a PaySmart
   * error, else by status.
   */
  @SuppressWarnings("unchecked")
  static PaySmartException apiError(int status, HttpHeaders headers, String body) {
    Map<String, Object> err = null;
    try {
      Object v = Json.parse(body);
      if (v instanceof Map && ((Map<String, Object>) v).get("error") instanceof Map) {
        err = (Map<String, Object>) ((Map<String, Object>) v).get("error");
      }
    } catch (Json.JsonException notJson) {
      // a proxy's page, say: the status decides
    }
    String type = str(err, "type");
    String code = str(err, "code");
    String param = str(err, "param");
    String message = str(err, "message");
    String requestId = str(err, "request_id");
    if (requestId == null) {
      requestId = headers.firstValue("Request-Id").orElse(null);
    }
    if (message == null) {
      String text = body == null ? "" : body.trim();
      message = text.isEmpty() ? "PaySmart answered HTTP " + status + "." : text;
    }
    if (type == null) {
      type = typeOfStatus(status);
    }
    // A type newer than this library: the status decides the class.
    String kind = TYPES.contains(type) ? type : typeOfStatus(status);
    switch (kind) {
      case "card_error": {
        Payment payment = null;
        if (err != null && err.get("payment") instanceof Map) {
          payment = PaySmartObject.construct(Payment.class, (Map<String, Object>) err.get("payment"));
        }
        return new CardException(message, status, type, code, param, requestId, body, err, null,
            str(err, "decline_code"), payment);
      }
      case "invalid_request_error":
        return new InvalidRequestException(message, status, type, code, param, requestId, body, err, null);
      case "authentication_error":
        return new AuthenticationException(message, status, type, code, param, requestId, body, err, null);
      case "permission_error":
        return new PermissionException(message, status, type, code, param, requestId, body, err, null);
      case "idempotency_error":
        return new IdempotencyException(message, status, type, code, param, requestId, body, err, null);
      case "rate_limit_error":
        return new RateLimitException(message, status, type, code, param, requestId, body, err, null);
      default:
        return new ApiException(message, status, type, code, param, requestId, body, err, null);
    }
  }

  private static final java.util.Set<String> TYPES = java.util.Set.of("card_error", "invalid_request_error",
      "authentication_error", "permission_error", "idempotency_error", "rate_limit_error", "api_error");

  /** typeOfStatus returns the error type PaySmart answers with this status. */
  static String typeOfStatus(int status) {
    switch (status) {
      case 400:
      case 404:
        return "invalid_request_error";
      case 401:
        return "authentication_error";
      case 402:
        return "card_error";
      case 403:
        return "permission_error";
      case 409:
        return "idempotency_error";
      case 429:
        return "rate_limit_error";
      default:
        return "api_error";
    }
  }

  private static String str(Map<String, Object> m, String key) {
    if (m == null) {
      return null;
    }
    Object v = m.get(key);
    return v == null ? null : v.toString();
  }

  /**
   * encodeQuery writes params as a query string in bracket notation: {@code created[gte]=1}, {@code
   * expand[]=customer}, {@code items[0][id]=x} for a list of objects. Null values are left out.
   */
  static String encodeQuery(Map<String, Object> params) {
    StringJoiner out = new StringJoiner("&");
    for (Map.Entry<String, Object> e : params.entrySet()) {
      flatten(out, e.getKey(), e.getValue());
    }
    return out.toString();
  }

  private static void flatten(StringJoiner out, String key, Object v) {
    if (v == null) {
      return;
    }
    if (v instanceof Map) {
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        flatten(out, key + "[" + e.getKey() + "]", e.getValue());
      }
    } else if (v instanceof Iterable || v instanceof Object[]) {
      Iterable<?> items = v instanceof Iterable ? (Iterable<?>) v : java.util.Arrays.asList((Object[]) v);
      int i = 0;
      for (Object item : items) {
        if (item instanceof Map || item instanceof Iterable || item instanceof Object[]) {
          flatten(out, key + "[" + i + "]", item);
        } else {
          flatten(out, key + "[]", item);
        }
        i++;
      }
    } else {
      String s;
      if (v instanceof BigDecimal) {
        s = ((BigDecimal) v).toPlainString();
      } else if (v instanceof PaySmartObject && ((PaySmartObject) v).get("id") != null) {
        s = ((PaySmartObject) v).get("id").toString();
      } else {
        s = v.toString();
      }
      out.add(URLEncoder.encode(key, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(s, StandardCharsets.UTF_8));
    }
  }
}
