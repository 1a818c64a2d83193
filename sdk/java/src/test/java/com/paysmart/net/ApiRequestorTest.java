package com.paysmart.net;

import static com.paysmart.net.Stub.reply;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.paysmart.PaySmart;
import com.paysmart.exception.ApiConnectionException;
import com.paysmart.exception.ApiException;
import com.paysmart.exception.AuthenticationException;
import com.paysmart.exception.AutoPagingException;
import com.paysmart.exception.CardException;
import com.paysmart.exception.IdempotencyException;
import com.paysmart.exception.InvalidRequestException;
import com.paysmart.exception.PaySmartException;
import com.paysmart.exception.PermissionException;
import com.paysmart.exception.RateLimitException;
import com.paysmart.model.Customer;
import com.paysmart.model.PaySmartCollection;
import com.paysmart.model.Payment;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** ApiRequestorTest runs the library's HTTP behaviour against a stub server: retries, keys, errors, pages. */
class ApiRequestorTest {
  static final String PAYMENT = "{\"id\": \"pay_1\", \"object\": \"payment\", \"status\": \"succeeded\", \"amount\": 2000}";
  static final String UUID_V4 = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

  private Duration savedDelay;
  private int savedRetries;
  private String savedBase;
  private String savedKey;

  @BeforeEach
  void fastRetries() {
    savedDelay = PaySmart.initialNetworkRetryDelay;
    savedRetries = PaySmart.maxNetworkRetries;
    savedBase = PaySmart.apiBase;
    savedKey = PaySmart.apiKey;
    PaySmart.initialNetworkRetryDelay = Duration.ofMillis(1);
  }

  @AfterEach
  void restore() {
    PaySmart.initialNetworkRetryDelay = savedDelay;
    PaySmart.maxNetworkRetries = savedRetries;
    PaySmart.apiBase = savedBase;
    PaySmart.apiKey = savedKey;
  }

  static Map<String, Object> paymentParams() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("amount", 2000);
    p.put("currency", "usd");
    return p;
  }

  @Test
  void retriesAWriteUnderOneIdempotencyKey() throws Exception {
    try (Stub s = Stub.start(reply(503, "{\"error\": {\"type\": \"api_error\", \"message\": \"busy\"}}"),
        reply(429, "{\"error\": {\"type\": \"rate_limit_error\", \"message\": \"slow down\"}}", "Retry-After", "0"),
        reply(200, PAYMENT))) {
      Payment p = Payment.create(paymentParams(), s.options());
      assertEquals("pay_1", p.getId());
      assertEquals(2000L, p.getAmount());
      assertEquals(3, s.requests.size());
      String key = s.request(0).header("Idempotency-Key");
      assertTrue(key.matches(UUID_V4), key);
      assertEquals(key, s.request(1).header("Idempotency-Key"));
      assertEquals(key, s.request(2).header("Idempotency-Key"));
      assertEquals(3, p.getLastResponse().attempts());
    }
  }

  @Test
  void eachCallHasItsOwnKey() throws Exception {
    try (Stub s = Stub.start(reply(200, PAYMENT))) {
      Payment.create(paymentParams(), s.options());
      Payment.create(paymentParams(), s.options());
      assertFalse(s.request(0).header("Idempotency-Key").equals(s.request(1).header("Idempotency-Key")));
    }
  }

  @Test
  void retriesA409() throws Exception {
    try (Stub s = Stub.start(reply(409, "{\"error\": {\"type\": \"idempotency_error\", \"message\": \"running\"}}"),
        reply(200, PAYMENT))) {
      assertEquals("pay_1", Payment.create(paymentParams(), s.options()).getId());
      assertEquals(2, s.requests.size());
    }
  }

  @Test
  void doesNotRetryA400AndTypesIt() throws Exception {
    String body = "{\"error\": {\"type\": \"invalid_request_error\", \"code\": \"parameter_missing\", "
        + "\"param\": \"amount\", \"message\": \"Missing required param: amount.\"}}";
    try (Stub s = Stub.start(reply(400, body, "Request-Id", "req_42"))) {
      InvalidRequestException e = assertThrows(InvalidRequestException.class,
          () -> Payment.create(new LinkedHashMap<>(), s.options()));
      assertEquals(1, s.requests.size());
      assertEquals(400, e.getStatusCode());
      assertEquals("invalid_request_error", e.getType());
      assertEquals("parameter_missing", e.getCode());
      assertEquals("amount", e.getParam());
      assertEquals("req_42", e.getRequestId());
      assertEquals("Missing required param: amount.", e.getUserMessage());
      assertEquals("Missing required param: amount.; code: parameter_missing; request-id: req_42", e.getMessage());
      assertEquals(body, e.getRawBody());
      assertEquals("amount", e.getError().get("param"));
    }
  }

  @Test
  void givesUpAfterTheRetries() throws Exception {
    try (Stub s = Stub.start(reply(500, "{\"error\": {\"type\": \"api_error\", \"message\": \"boom\"}}"))) {
      ApiException e = assertThrows(ApiException.class, () -> Payment.retrieve("pay_1", s.options()));
      assertEquals(500, e.getStatusCode());
      assertEquals(3, s.requests.size(), "default: 2 retries");
    }
    try (Stub s = Stub.start(reply(500, "{}"))) {
      RequestOptions none = s.options().toBuilder().setMaxNetworkRetries(0).build();
      assertThrows(ApiException.class, () -> Payment.retrieve("pay_1", none));
      assertEquals(1, s.requests.size(), "maxNetworkRetries 0 never retries");
    }
    try (Stub s = Stub.start(reply(503, "{}"))) {
      PaySmart.maxNetworkRetries = 1;
      assertThrows(ApiException.class, () -> Payment.retrieve("pay_1", s.options()));
      assertEquals(2, s.requests.size(), "PaySmart.maxNetworkRetries");
    }
  }

  @Test
  void honoursRetryAfter() throws Exception {
    try (Stub s = Stub.start(reply(429, "{\"error\": {\"type\": \"rate_limit_error\", \"message\": \"later\"}}",
        "Retry-After", "1"), reply(200, PAYMENT))) {
      long start = System.nanoTime();
      Payment.retrieve("pay_1", s.options());
      long ms = (System.nanoTime() - start) / 1_000_000;
      assertTrue(ms >= 950, "waited " + ms + " ms for Retry-After: 1");
    }
    PaySmart.initialNetworkRetryDelay = Duration.ofSeconds(20);
    try (Stub s = Stub.start(reply(503, "{}", "Retry-After", "0"), reply(200, PAYMENT))) {
      long start = System.nanoTime();
      Payment.retrieve("pay_1", s.options());
      long ms = (System.nanoTime() - start) / 1_000_000;
      assertTrue(ms < 5000, "Retry-After: 0 replaces the backoff, waited " + ms + " ms");
    }
  }

  @Test
  void backoffDoublesWithJitterUpToTheCap() {
    PaySmart.initialNetworkRetryDelay = Duration.ofMillis(500);
    for (int i = 0; i < 50; i++) {
      long d0 = ApiRequestor.delay(0, null).toMillis();
      long d1 = ApiRequestor.delay(1, null).toMillis();
      long d2 = ApiRequestor.delay(2, null).toMillis();
      assertTrue(d0 >= 500 && d0 <= 750, "attempt 0: " + d0);
      assertTrue(d1 >= 1000 && d1 <= 1500, "attempt 1: " + d1);
      assertTrue(d2 >= 2000 && d2 <= 3000, "attempt 2: " + d2);
      assertEquals(8000, ApiRequestor.delay(5, null).toMillis());
      assertEquals(8000, ApiRequestor.delay(62, null).toMillis());
    }
    assertEquals(Duration.ofSeconds(3), ApiRequestor.delay(0, "3"));
    assertEquals(Duration.ofSeconds(3), ApiRequestor.delay(4, " 3 "));
    assertEquals(ApiRequestor.MAX_RETRY_AFTER, ApiRequestor.delay(0, "100000"));
    long d = ApiRequestor.delay(0, "soon").toMillis();
    assertTrue(d >= 500 && d <= 750, "an unreadable Retry-After falls back to the backoff: " + d);
    d = ApiRequestor.delay(0, "-1").toMillis();
    assertTrue(d >= 500 && d <= 750, "a negative Retry-After falls back to the backoff: " + d);
    String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now().plusSeconds(10));
    long fromDate = ApiRequestor.delay(0, date).toMillis();
    assertTrue(fromDate > 8000 && fromDate <= 10000, "an HTTP date: " + fromDate);
    String past = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now().minusSeconds(10));
    assertEquals(Duration.ZERO, ApiRequestor.delay(0, past));
  }

  @Test
  void retriesNetworkErrorsUnderOneKey() throws Exception {
    // A server that reads each request and hangs up without answering.
    List<String> keys = Collections.synchronizedList(new ArrayList<>());
    try (ServerSocket ss = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread t = new Thread(() -> {
        while (!ss.isClosed()) {
          try (Socket sock = ss.accept()) {
            BufferedReader r = new BufferedReader(new InputStreamReader(sock.getInputStream(), StandardCharsets.UTF_8));
            String line;
            String key = null;
            while ((line = r.readLine()) != null && !line.isEmpty()) {
              if (line.toLowerCase().startsWith("idempotency-key:")) {
                key = line.substring(16).trim();
              }
            }
            keys.add(key);
          } catch (IOException closed) {
            return;
          }
        }
      });
      t.setDaemon(true);
      t.start();
      RequestOptions o = RequestOptions.builder().setApiKey("sk_test_x")
          .setApiBase("http://127.0.0.1:" + ss.getLocalPort() + "/v2").build();
      ApiConnectionException e = assertThrows(ApiConnectionException.class, () -> Payment.create(paymentParams(), o));
      assertNull(e.getStatusCode());
      assertNotNull(e.getCause());
      assertEquals(3, keys.size(), "one attempt and two retries: " + keys);
      assertNotNull(keys.get(0));
      assertEquals(1, keys.stream().distinct().count(), "the same key on every attempt: " + keys);
    }
  }

  @Test
  void aClosedPortIsAnApiConnectionException() throws Exception {
    int port;
    try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = ss.getLocalPort();
    }
    RequestOptions o = RequestOptions.builder().setApiKey("sk_test_x").setApiBase("http://127.0.0.1:" + port + "/v2")
        .setMaxNetworkRetries(3).build();
    long start = System.nanoTime();
    ApiConnectionException e = assertThrows(ApiConnectionException.class, () -> Payment.retrieve("pay_1", o));
    assertTrue(e.getMessage().contains("after 4 attempts"), e.getMessage());
    assertTrue(System.nanoTime() - start < 5_000_000_000L, "retries took too long");
  }

  @Test
  void sendsTheHeaders() throws Exception {
    try (Stub s = Stub.start(reply(200, PAYMENT))) {
      Payment.retrieve("pay_1", s.options());
      Payment.create(paymentParams(), s.options());
      Stub.Request get = s.request(0);
      assertEquals("GET", get.method);
      assertEquals("/v2/payments/pay_1", get.rawPath);
      assertNull(get.header("Idempotency-Key"), "a read carries no idempotency key");
      assertEquals("Bearer sk_test_stub", get.header("Authorization"));
      assertEquals("PaySmart/java " + PaySmart.VERSION, get.header("User-Agent"));
      assertEquals("application/json", get.header("Accept"));
      Stub.Request post = s.request(1);
      assertEquals("POST", post.method);
      assertEquals("application/json", post.header("Content-Type"));
      assertEquals("{\"amount\":2000,\"currency\":\"usd\"}", post.body);
    }
  }

  @Test
  void requestOptionsSetTheKeyAndTheIdempotencyKey() throws Exception {
    try (Stub s = Stub.start(reply(200, PAYMENT))) {
      PaySmart.apiKey = "sk_test_global";
      RequestOptions o = RequestOptions.builder().setApiBase(s.base()).setIdempotencyKey("order-1234").build();
      Payment.create(paymentParams(), o);
      assertEquals("Bearer sk_test_global", s.request(0).header("Authorization"));
      assertEquals("order-1234", s.request(0).header("Idempotency-Key"));
      Payment.create(paymentParams(), o.toBuilder().setApiKey("sk_test_other").build());
      assertEquals("Bearer sk_test_other", s.request(1).header("Authorization"));
    }
  }

  @Test
  void aBadIdempotencyKeyIsRefusedBeforeAnyRequest() throws Exception {
    try (Stub s = Stub.start(reply(200, PAYMENT))) {
      RequestOptions o = s.options().toBuilder().setIdempotencyKey("a\nb").build();
      InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> Payment.create(paymentParams(), o));
      assertEquals("Idempotency-Key", e.getParam());
      assertEquals(0, s.requests.size());
    }
  }

  @Test
  void deleteCarriesAnIdempotencyKeyAndNoBody() throws Exception {
    try (Stub s = Stub.start(reply(200, "{\"id\": \"cus_1\", \"object\": \"customer\", \"deleted\": true}"))) {
      Customer c = PaySmartObjectAccess.customer("cus_1");
      Customer deleted = c.delete(s.options());
      assertTrue(deleted.getDeleted());
      Stub.Request del = s.request(0);
      assertEquals("DELETE", del.method);
      assertEquals("/v2/customers/cus_1", del.rawPath);
      assertTrue(del.header("Idempotency-Key").matches(UUID_V4));
      assertEquals("", del.body);
    }
  }

  @Test
  void listParametersUseBracketNotation() throws Exception {
    try (Stub s = Stub.start(reply(200, "{\"object\": \"list\", \"data\": [], \"has_more\": false, \"url\": \"/v2/payments\"}"))) {
      Map<String, Object> params = new LinkedHashMap<>();
      params.put("limit", 100);
      params.put("created", Map.of("gte", 1700000000L));
      params.put("expand", List.of("data.customer"));
      params.put("customer", "cus_1 x&y");
      params.put("ignored", null);
      PaySmartCollection<Payment> page = Payment.list(params, s.options());
      assertTrue(page.getData().isEmpty());
      assertFalse(page.getHasMore());
      assertEquals("/v2/payments", page.getUrl());
      String q = URLDecoder.decode(s.request(0).rawQuery, StandardCharsets.UTF_8);
      assertEquals("limit=100&created[gte]=1700000000&expand[]=data.customer&customer=cus_1 x&y", q);
      assertEquals(Arrays.asList("limit=100", "created%5Bgte%5D=1700000000", "expand%5B%5D=data.customer",
          "customer=cus_1+x%26y"), Arrays.asList(s.request(0).rawQuery.split("&")));
    }
  }

  @Test
  void idsAreEscapedAndAnEmptyIdIsRefused() throws Exception {
    try (Stub s = Stub.start(reply(200, PAYMENT))) {
      Payment.retrieve("pay_1/../x y", s.options());
      assertEquals("/v2/payments/pay_1%2F..%2Fx%20y", s.request(0).rawPath);
      InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> Payment.retrieve("", s.options()));
      assertEquals("id", e.getParam());
      assertNull(e.getStatusCode());
      assertEquals(1, s.requests.size(), "no request for an empty id");
    }
  }

  @Test
  void noKeyIsAnAuthenticationErrorBeforeAnyRequest() throws Exception {
    try (Stub s = Stub.start(reply(200, PAYMENT))) {
      PaySmart.apiKey = null;
      RequestOptions o = RequestOptions.builder().setApiBase(s.base()).build();
      AuthenticationException e = assertThrows(AuthenticationException.class, () -> Payment.retrieve("pay_1", o));
      assertTrue(e.getMessage().contains("PaySmart.apiKey"), e.getMessage());
      assertEquals(0, s.requests.size());
    }
  }

  static Stream<Arguments> errors() {
    String payment = "{\"id\": \"pay_2\", \"object\": \"payment\", \"status\": \"failed\"}";
    return Stream.of(
        Arguments.of(402, "{\"error\": {\"type\": \"card_error\", \"code\": \"card_declined\", \"decline_code\": "
            + "\"insufficient_funds\", \"message\": \"Your card has insufficient funds.\", \"payment\": " + payment + "}}",
            CardException.class, "card_error"),
        Arguments.of(400, "{\"error\": {\"type\": \"invalid_request_error\", \"message\": \"m\"}}",
            InvalidRequestException.class, "invalid_request_error"),
        Arguments.of(404, "{\"error\": {\"type\": \"invalid_request_error\", \"code\": \"resource_missing\", \"message\": \"m\"}}",
            InvalidRequestException.class, "invalid_request_error"),
        Arguments.of(401, "{\"error\": {\"type\": \"authentication_error\", \"message\": \"m\"}}",
            AuthenticationException.class, "authentication_error"),
        Arguments.of(403, "{\"error\": {\"type\": \"permission_error\", \"message\": \"m\"}}",
            PermissionException.class, "permission_error"),
        Arguments.of(409, "{\"error\": {\"type\": \"idempotency_error\", \"message\": \"m\"}}",
            IdempotencyException.class, "idempotency_error"),
        Arguments.of(400, "{\"error\": {\"type\": \"idempotency_error\", \"message\": \"m\"}}",
            IdempotencyException.class, "idempotency_error"),
        Arguments.of(429, "{\"error\": {\"type\": \"rate_limit_error\", \"message\": \"m\"}}",
            RateLimitException.class, "rate_limit_error"),
        Arguments.of(500, "{\"error\": {\"type\": \"api_error\", \"message\": \"m\", \"request_id\": \"req_body\"}}",
            ApiException.class, "api_error"),
        Arguments.of(502, "<html>Bad Gateway</html>", ApiException.class, "api_error"),
        Arguments.of(401, "Unauthorized", AuthenticationException.class, "authentication_error"),
        Arguments.of(403, "", PermissionException.class, "permission_error"),
        Arguments.of(400, "{\"error\": {\"type\": \"brand_new_error\", \"message\": \"m\"}}",
            InvalidRequestException.class, "brand_new_error"),
        Arguments.of(418, "{\"error\": {\"type\": \"brand_new_error\", \"message\": \"m\"}}",
            ApiException.class, "brand_new_error"));
  }

  @ParameterizedTest(name = "{0} {3} -> {2}")
  @MethodSource("errors")
  void mapsErrorsToTypes(int status, String body, Class<? extends PaySmartException> want, String type)
      throws Exception {
    try (Stub s = Stub.start(reply(status, body, "Request-Id", "req_hdr"))) {
      RequestOptions o = s.options().toBuilder().setMaxNetworkRetries(0).build();
      PaySmartException e = assertThrows(PaySmartException.class, () -> Payment.create(paymentParams(), o));
      assertEquals(want, e.getClass());
      assertEquals(status, e.getStatusCode());
      assertEquals(type, e.getType());
      assertEquals(body.contains("req_body") ? "req_body" : "req_hdr", e.getRequestId());
      assertEquals(body, e.getRawBody());
      assertNotNull(e.getUserMessage());
      if (!body.startsWith("{")) {
        assertEquals(body.isEmpty() ? "PaySmart answered HTTP " + status + "." : body, e.getUserMessage());
      }
    }
  }

  @Test
  void aCardErrorCarriesThePayment() throws Exception {
    String body = "{\"error\": {\"type\": \"card_error\", \"code\": \"card_declined\", \"decline_code\": "
        + "\"insufficient_funds\", \"message\": \"Your card has insufficient funds.\", \"payment\": "
        + "{\"id\": \"pay_2\", \"object\": \"payment\", \"status\": \"failed\", \"amount\": 2000}}}";
    try (Stub s = Stub.start(reply(402, body))) {
      CardException e = assertThrows(CardException.class, () -> Payment.create(paymentParams(), s.options()));
      assertEquals("card_declined", e.getCode());
      assertEquals("insufficient_funds", e.getDeclineCode());
      assertEquals("pay_2", e.getPayment().getId());
      assertEquals("failed", e.getPayment().getStatus());
      assertEquals(2000L, e.getPayment().getAmount());
      assertEquals(1, s.requests.size(), "a 402 is not retried");
    }
  }

  @Test
  void aSuccessThatIsNotJsonIsAnApiException() throws Exception {
    try (Stub s = Stub.start(reply(200, "<html>"))) {
      ApiException e = assertThrows(ApiException.class, () -> Payment.retrieve("pay_1", s.options()));
      assertEquals(200, e.getStatusCode());
      assertInstanceOf(Json.JsonException.class, e.getCause());
    }
  }

  static String page(int from, int to, boolean hasMore) {
    StringBuilder b = new StringBuilder("{\"object\": \"list\", \"url\": \"/v2/customers\", \"has_more\": ")
        .append(hasMore).append(", \"data\": [");
    for (int i = from; i <= to; i++) {
      b.append(i > from ? "," : "").append("{\"id\": \"cus_").append(i).append("\", \"object\": \"customer\"}");
    }
    return b.append("]}").toString();
  }

  @Test
  void autoPagingWalksEveryPage() throws Exception {
    try (Stub s = Stub.start(r -> {
      String q = r.rawQuery == null ? "" : r.rawQuery;
      if (q.contains("starting_after=cus_3")) {
        return reply(200, page(4, 5, true));
      }
      if (q.contains("starting_after=cus_5")) {
        return reply(200, page(6, 6, false));
      }
      return reply(200, page(1, 3, true));
    })) {
      PaySmartCollection<Customer> first = Customer.list(Map.of("limit", 3), s.options());
      assertEquals(3, first.getData().size());
      assertTrue(first.getHasMore());
      List<String> ids = new ArrayList<>();
      for (Customer c : first.autoPagingIterable()) {
        ids.add(c.getId());
      }
      assertEquals(List.of("cus_1", "cus_2", "cus_3", "cus_4", "cus_5", "cus_6"), ids);
      assertEquals(3, s.requests.size());
      assertEquals("limit=3&starting_after=cus_3", s.request(1).rawQuery);
      assertEquals("limit=3&starting_after=cus_5", s.request(2).rawQuery);
    }
  }

  @Test
  void autoPagingWithEndingBeforeGoesBackwards() throws Exception {
    try (Stub s = Stub.start(r -> r.rawQuery.contains("ending_before=cus_4")
        ? reply(200, page(1, 3, false)) : reply(200, page(4, 6, true)))) {
      List<String> ids = new ArrayList<>();
      for (Customer c : Customer.list(Map.of("ending_before", "cus_7"), s.options()).autoPagingIterable()) {
        ids.add(c.getId());
      }
      assertEquals(List.of("cus_4", "cus_5", "cus_6", "cus_1", "cus_2", "cus_3"), ids);
      assertEquals("ending_before=cus_4", s.request(1).rawQuery);
    }
  }

  @Test
  void aFailedPageIsAnAutoPagingException() throws Exception {
    try (Stub s = Stub.start(r -> r.rawQuery != null && r.rawQuery.contains("starting_after")
        ? reply(401, "{\"error\": {\"type\": \"authentication_error\", \"message\": \"revoked\"}}")
        : reply(200, page(1, 2, true)))) {
      Iterable<Customer> all = Customer.list(null, s.options()).autoPagingIterable();
      List<String> ids = new ArrayList<>();
      AutoPagingException e = assertThrows(AutoPagingException.class, () -> all.forEach(c -> ids.add(c.getId())));
      assertInstanceOf(AuthenticationException.class, e.getCause());
      assertEquals(List.of("cus_1", "cus_2"), ids);
    }
  }

  @Test
  void theApiBaseComesFromOptionsThenPaySmartThenTheEnvironment() throws Exception {
    PaySmart.apiBase = null;
    String env = System.getenv("PAYSMART_API_BASE");
    String want = env == null || env.isBlank() ? PaySmart.DEFAULT_API_BASE : env.trim().replaceAll("/+$", "");
    assertEquals(want, PaySmart.getApiBase());
    assertEquals("https://api.paysmart.com/v2", PaySmart.DEFAULT_API_BASE);
    try (Stub s = Stub.start(reply(200, PAYMENT)); Stub other = Stub.start(reply(200, PAYMENT))) {
      PaySmart.apiBase = s.base() + "/";
      assertEquals(s.base(), PaySmart.getApiBase());
      Payment.retrieve("pay_1", RequestOptions.builder().setApiKey("sk_test_x").build());
      assertEquals(1, s.requests.size());
      Payment.retrieve("pay_1", other.options());
      assertEquals(1, other.requests.size(), "RequestOptions win over PaySmart.apiBase");
      assertEquals(1, s.requests.size());
    }
  }

  @Test
  void instanceMethodsUseTheObjectsId() throws Exception {
    try (Stub s = Stub.start(reply(200, PAYMENT))) {
      Payment p = Payment.retrieve("pay_1", s.options());
      p.capture(Map.of("amount", 500), s.options());
      p.cancel(null, s.options());
      p.update(Map.of("description", "d"), s.options());
      assertEquals("/v2/payments/pay_1/capture", s.request(1).rawPath);
      assertEquals("{\"amount\":500}", s.request(1).body);
      assertEquals("/v2/payments/pay_1/cancel", s.request(2).rawPath);
      assertEquals("{}", s.request(2).body);
      assertEquals("/v2/payments/pay_1", s.request(3).rawPath);
      assertEquals("POST", s.request(3).method);
    }
  }
}
