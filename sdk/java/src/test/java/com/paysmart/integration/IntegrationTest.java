package com.paysmart.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.paysmart.PaySmart;
import com.paysmart.exception.AuthenticationException;
import com.paysmart.exception.CardException;
import com.paysmart.exception.InvalidRequestException;
import com.paysmart.exception.PermissionException;
import com.paysmart.exception.SignatureVerificationException;
import com.paysmart.model.Customer;
import com.paysmart.model.Event;
import com.paysmart.model.PaySmartCollection;
import com.paysmart.model.Payment;
import com.paysmart.model.PaymentMethod;
import com.paysmart.model.Refund;
import com.paysmart.model.Subscription;
import com.paysmart.model.WebhookEndpoint;
import com.paysmart.net.RequestOptions;
import com.paysmart.net.Webhook;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * IntegrationTest runs the library against a real PaySmart server. The harness (sdk/libraries_test.go) starts
 * one, makes a fresh merchant and a real webhook delivery, and passes them in the environment; without them every
 * test here fails.
 */
class IntegrationTest {
  static final String HOW = "run the integration tests through the harness: "
      + "cd /work/main && go test ./sdk -run 'TestLibraries/java$' -count=1 -v";

  private String savedKey;
  private String savedBase;

  static String env(String name) {
    String v = System.getenv(name);
    if (v == null || v.isEmpty()) {
      fail(name + " is not set: " + HOW);
    }
    return v;
  }

  @BeforeEach
  void configure() {
    savedKey = PaySmart.apiKey;
    savedBase = PaySmart.apiBase;
    PaySmart.apiKey = env("PAYSMART_TEST_SECRET_KEY");
    PaySmart.apiBase = env("PAYSMART_API_BASE");
  }

  @AfterEach
  void restore() {
    PaySmart.apiKey = savedKey;
    PaySmart.apiBase = savedBase;
  }

  static Map<String, Object> card(String number) {
    Map<String, Object> card = new LinkedHashMap<>();
    card.put("number", number);
    card.put("exp_month", 12);
    card.put("exp_year", 2030);
    card.put("cvc", "123");
    return Map.of("type", "card", "card", card);
  }

  static Map<String, Object> payment(long amount, String number) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("amount", amount);
    p.put("currency", "usd");
    p.put("payment_method", card(number));
    return p;
  }

  /** The document's Quick Example, as written, with the key, the expiry year and the base URL changed. */
  @Test
  void quickExample() throws Exception {
    PaySmart.apiKey = System.getenv("PAYSMART_TEST_SECRET_KEY");

    Payment payment = Payment.create(Map.of(
        "amount", 2000,
        "currency", "usd",
        "payment_method", Map.of(
            "type", "card",
            "card", Map.of(
                "number", "4242424242424242",
                "exp_month", 12,
                "exp_year", 2030,
                "cvc", "123"))));

    assertEquals("succeeded", payment.getStatus());
    assertEquals(2000L, payment.getAmount());
    assertEquals("usd", payment.getCurrency());
    assertTrue(payment.getId().startsWith("pay_"), payment.getId());
    assertEquals("payment", payment.getObject());
    assertEquals("visa", payment.getPaymentMethod().getCard().getBrand());
    assertEquals("4242", payment.getPaymentMethod().getCard().getLast4());
    assertEquals(12L, payment.getPaymentMethod().getCard().getExpMonth());
    assertEquals(2000L, payment.getAmountCaptured());
    assertFalse(payment.getLivemode());
    assertNotNull(payment.getReceiptUrl());
    assertNotNull(payment.getLastResponse().requestId());
  }

  @Test
  void aDeclinedCardIsACardException() {
    CardException e = assertThrows(CardException.class, () -> Payment.create(payment(2000, "4000000000009995")));
    assertEquals(402, e.getStatusCode());
    assertEquals("card_error", e.getType());
    assertEquals("card_declined", e.getCode());
    assertEquals("insufficient_funds", e.getDeclineCode());
    assertNotNull(e.getRequestId());
    assertNotNull(e.getPayment());
    assertEquals("failed", e.getPayment().getStatus());
    assertEquals("card_declined", e.getPayment().getFailureCode());
  }

  @Test
  void paymentLifecycle() throws Exception {
    Customer customer = Customer.create(Map.of("email", "lifecycle@example.com", "name", "Life Cycle"));
    Map<String, Object> params = payment(999, "5555555555554444");
    params.put("capture", false);
    params.put("customer", customer.getId());
    Payment authorised = Payment.create(params);
    assertEquals("requires_capture", authorised.getStatus());
    assertEquals("manual", authorised.getCaptureMethod());
    assertEquals(customer.getId(), authorised.getCustomer());

    Payment retrieved = Payment.retrieve(authorised.getId());
    assertEquals(authorised.getId(), retrieved.getId());
    assertEquals(999L, retrieved.getAmount());
    Payment expanded = Payment.retrieve(authorised.getId(), Map.of("expand", List.of("customer")), null);
    assertEquals(customer.getId(), expanded.getCustomer());
    assertEquals("lifecycle@example.com", expanded.getCustomerObject().getEmail());

    Payment updated = retrieved.update(Map.of("description", "Order #1234", "metadata", Map.of("order", "1234")));
    assertEquals("Order #1234", updated.getDescription());
    assertEquals(Map.of("order", "1234"), updated.getMetadata());

    Payment captured = updated.capture(Map.of("amount", 500));
    assertEquals("succeeded", captured.getStatus());
    assertEquals(500L, captured.getAmountCaptured());

    Map<String, Object> second = payment(700, "4242424242424242");
    second.put("capture", false);
    second.put("customer", customer.getId());
    Payment canceled = Payment.create(second).cancel();
    assertEquals("canceled", canceled.getStatus());

    PaySmartCollection<Payment> list = Payment.list(Map.of("customer", customer.getId(), "limit", 10));
    List<String> ids = new ArrayList<>();
    list.getData().forEach(p -> ids.add(p.getId()));
    assertEquals(List.of(canceled.getId(), captured.getId()), ids, "newest first");
    assertFalse(list.getHasMore());
    assertEquals("list", list.getObject());
  }

  @Test
  void refund() throws Exception {
    Payment p = Payment.create(payment(2000, "4242424242424242"));
    Refund r = Refund.create(Map.of("payment", p.getId(), "amount", 500, "reason", "requested_by_customer"));
    assertTrue(r.getId().startsWith("re_"), r.getId());
    assertEquals(500L, r.getAmount());
    assertEquals(p.getId(), r.getPayment());
    assertEquals("succeeded", r.getStatus());
    assertEquals("requested_by_customer", r.getReason());

    Refund again = Refund.retrieve(r.getId(), Map.of("expand", List.of("payment")), null);
    assertEquals(p.getId(), again.getPayment());
    assertEquals(500L, again.getPaymentObject().getAmountRefunded());

    PaySmartCollection<Refund> list = Refund.list(Map.of("payment", p.getId()));
    assertEquals(1, list.getData().size());
    assertEquals(r.getId(), list.getData().get(0).getId());
  }

  @Test
  void customerRoundTrip() throws Exception {
    String email = "crud-" + UUID.randomUUID() + "@example.com";
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("email", email);
    params.put("name", "John Doe");
    params.put("phone", "+1234567890");
    params.put("address", Map.of("line1", "123 Main St", "city", "San Francisco", "state", "CA",
        "postal_code", "94111", "country", "US"));
    Customer c = Customer.create(params);
    assertTrue(c.getId().startsWith("cus_"), c.getId());
    assertEquals("San Francisco", c.getAddress().getCity());
    assertNull(c.getAddress().getLine2());

    Customer got = Customer.retrieve(c.getId());
    assertEquals(email, got.getEmail());
    assertNull(got.getDeleted());

    Customer updated = got.update(Map.of("name", "Jane Doe", "metadata", Map.of("tier", "gold")));
    assertEquals("Jane Doe", updated.getName());
    assertEquals("gold", updated.getMetadata().get("tier"));

    PaySmartCollection<Customer> found = Customer.list(Map.of("email", email));
    assertEquals(1, found.getData().size());
    assertEquals(c.getId(), found.getData().get(0).getId());

    Customer deleted = updated.delete();
    assertTrue(deleted.getDeleted());
    assertEquals(c.getId(), deleted.getId());
    assertTrue(Customer.retrieve(c.getId()).getDeleted());
    assertTrue(Customer.list(Map.of("email", email)).getData().isEmpty());
  }

  @Test
  void paymentMethod() throws Exception {
    RequestOptions publishable = RequestOptions.builder().setApiKey(env("PAYSMART_TEST_PUBLISHABLE_KEY")).build();
    PaymentMethod pm = PaymentMethod.create(card("4242424242424242"), publishable);
    assertTrue(pm.getId().startsWith("pm_"), pm.getId());
    assertEquals("card", pm.getType());
    assertEquals("4242", pm.getCard().getLast4());
    assertNotNull(pm.getCard().getFingerprint());

    PaymentMethod got = PaymentMethod.retrieve(pm.getId());
    assertEquals(pm.getId(), got.getId());
    assertEquals(2030L, got.getCard().getExpYear());

    Map<String, Object> params = new LinkedHashMap<>();
    params.put("amount", 1500);
    params.put("currency", "usd");
    params.put("payment_method", pm.getId());
    Payment p = Payment.create(params);
    assertEquals("succeeded", p.getStatus());
    assertEquals(pm.getId(), p.getPaymentMethod().getId());

    // A publishable key may do nothing else.
    PermissionException e = assertThrows(PermissionException.class, () -> Payment.list(null, publishable));
    assertEquals(403, e.getStatusCode());
  }

  @Test
  void event() throws Exception {
    Payment p = Payment.create(payment(1234, "4242424242424242"));
    Event found = null;
    for (Event e : Event.list(Map.of("type", "payment.succeeded", "limit", 100)).autoPagingIterable()) {
      Object obj = e.getData().getRawObject();
      if (obj != null && p.getId().equals(e.getData().getRawObject().get("id"))) {
        found = e;
        break;
      }
    }
    assertNotNull(found, "the payment's payment.succeeded event");
    Event e = Event.retrieve(found.getId());
    assertEquals(found.getId(), e.getId());
    assertEquals("payment.succeeded", e.getType());
    Payment inside = assertInstanceOf(Payment.class, e.getDataObject());
    assertEquals(p.getId(), inside.getId());
    assertEquals(1234L, inside.getAmount());
  }

  @Test
  void webhookEndpoint() throws Exception {
    WebhookEndpoint we = WebhookEndpoint.create(Map.of("url", "https://example.com/paysmart-java",
        "enabled_events", List.of("refund.failed"), "description", "java integration test"));
    assertTrue(we.getSecret().startsWith("whsec_"), we.getSecret());
    assertEquals(List.of("refund.failed"), we.getEnabledEvents());
    assertEquals("enabled", we.getStatus());

    WebhookEndpoint got = WebhookEndpoint.retrieve(we.getId());
    assertNull(got.getSecret(), "the secret is shown once");
    WebhookEndpoint disabled = got.update(Map.of("disabled", true));
    assertEquals("disabled", disabled.getStatus());

    boolean listed = false;
    for (WebhookEndpoint x : WebhookEndpoint.list(Map.of("limit", 100)).autoPagingIterable()) {
      listed |= x.getId().equals(we.getId());
    }
    assertTrue(listed);

    WebhookEndpoint deleted = disabled.delete();
    assertTrue(deleted.getDeleted());
    InvalidRequestException gone = assertThrows(InvalidRequestException.class,
        () -> WebhookEndpoint.retrieve(we.getId()));
    assertEquals(404, gone.getStatusCode());
  }

  @Test
  void subscription() throws Exception {
    Customer c = Customer.create(Map.of("email", "subscriber@example.com"));
    Map<String, Object> pmParams = new LinkedHashMap<>(card("4242424242424242"));
    pmParams.put("customer", c.getId());
    PaymentMethod pm = PaymentMethod.create(pmParams);
    assertEquals(c.getId(), pm.getCustomer());

    Map<String, Object> params = new LinkedHashMap<>();
    params.put("customer", c.getId());
    params.put("payment_method", pm.getId());
    params.put("amount", 1500);
    params.put("currency", "usd");
    params.put("interval", "month");
    params.put("total_payments", 12);
    Subscription sub = Subscription.create(params);
    assertTrue(sub.getId().startsWith("sub_"), sub.getId());
    assertEquals("active", sub.getStatus());
    assertEquals(1500L, sub.getAmount());
    assertEquals(12L, sub.getTotalPayments());

    Subscription got = Subscription.retrieve(sub.getId());
    assertEquals("month", got.getInterval());
    Subscription updated = got.update(Map.of("metadata", Map.of("plan", "gold")));
    assertEquals("gold", updated.getMetadata().get("plan"));

    PaySmartCollection<Subscription> list = Subscription.list(Map.of("customer", c.getId()));
    assertEquals(1, list.getData().size());
    assertEquals(sub.getId(), list.getData().get(0).getId());

    Subscription canceled = updated.cancel();
    assertEquals("canceled", canceled.getStatus());
    assertNotNull(canceled.getCanceledAt());
  }

  @Test
  void idempotentReplay() throws Exception {
    RequestOptions options = RequestOptions.builder().setIdempotencyKey("java-" + UUID.randomUUID()).build();
    Payment first = Payment.create(payment(4200, "4242424242424242"), options);
    Payment second = Payment.create(payment(4200, "4242424242424242"), options);
    assertEquals(first.getId(), second.getId());
    assertFalse(first.getLastResponse().idempotentReplayed());
    assertTrue(second.getLastResponse().idempotentReplayed());
    Payment other = Payment.create(payment(4200, "4242424242424242"));
    assertNotEquals(first.getId(), other.getId(), "without the key, a new payment");
  }

  @Test
  void anInvalidParameterIsAnInvalidRequestException() {
    InvalidRequestException e = assertThrows(InvalidRequestException.class,
        () -> Payment.create(payment(-1, "4242424242424242")));
    assertEquals(400, e.getStatusCode());
    assertEquals("amount", e.getParam());
    assertEquals("invalid_request_error", e.getType());
    assertNotNull(e.getCode());
    assertNotNull(e.getRequestId());

    InvalidRequestException missing = assertThrows(InvalidRequestException.class,
        () -> Payment.retrieve("pay_00000000000000000000000000000000"));
    assertEquals(404, missing.getStatusCode());
    assertEquals("resource_missing", missing.getCode());
  }

  @Test
  void aBadKeyIsAnAuthenticationException() {
    RequestOptions bad = RequestOptions.builder().setApiKey("sk_test_not_a_real_key").build();
    AuthenticationException e = assertThrows(AuthenticationException.class, () -> Customer.list(null, bad));
    assertEquals(401, e.getStatusCode());
    assertEquals("authentication_error", e.getType());
  }

  @Test
  void autoPagingWalks250Customers() throws Exception {
    String email = "java-pages-" + UUID.randomUUID() + "@example.com";
    Set<String> created = new HashSet<>();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Customer>> futures = new ArrayList<>();
      for (int i = 0; i < 250; i++) {
        String name = "Page " + i;
        futures.add(pool.submit(() -> Customer.create(Map.of("email", email, "name", name))));
      }
      for (Future<Customer> f : futures) {
        created.add(f.get().getId());
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(250, created.size());

    PaySmartCollection<Customer> first = Customer.list(Map.of("email", email, "limit", 100));
    assertEquals(100, first.getData().size());
    assertTrue(first.getHasMore());
    List<String> seen = new ArrayList<>();
    for (Customer c : first.autoPagingIterable()) {
      assertEquals(email, c.getEmail());
      seen.add(c.getId());
    }
    assertEquals(250, seen.size());
    assertEquals(250, new HashSet<>(seen).size(), "no duplicates");
    assertEquals(created, new HashSet<>(seen));
  }

  @Test
  void webhookDeliveredByTheServer() throws Exception {
    String payload = env("PAYSMART_TEST_WEBHOOK_PAYLOAD");
    String signature = env("PAYSMART_TEST_WEBHOOK_SIGNATURE");
    String secret = env("PAYSMART_TEST_WEBHOOK_SECRET");

    Event event = Webhook.constructEvent(payload, signature, secret);
    assertEquals("payment.succeeded", event.getType());
    Payment p = assertInstanceOf(Payment.class, event.getDataObject());
    assertEquals("succeeded", p.getStatus());

    byte[] tampered = payload.getBytes(StandardCharsets.UTF_8);
    int i = payload.indexOf("succeeded");
    tampered[i] = (byte) 'S'; // one byte changed
    SignatureVerificationException e = assertThrows(SignatureVerificationException.class,
        () -> Webhook.constructEvent(new String(tampered, StandardCharsets.UTF_8), signature, secret));
    assertEquals(SignatureVerificationException.NO_VALID_SIGNATURE, e.getCode());
    assertThrows(SignatureVerificationException.class,
        () -> Webhook.constructEvent(payload, signature, "whsec_wrong"));
  }
}
