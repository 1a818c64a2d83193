package com.paysmart.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.paysmart.net.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ModelTest reads the API document's example objects through the typed getters. */
class ModelTest {
  static <T extends PaySmartObject> T read(Class<T> cls, String json) {
    return PaySmartObject.construct(cls, Json.parseObject(json));
  }

  @Test
  void payment() {
    Payment p = read(Payment.class, "{\"id\": \"pay_0123456789abcdef0123456789abcdef\", \"object\": \"payment\","
        + " \"amount\": 2000, \"amount_captured\": 2000, \"amount_refunded\": 0, \"currency\": \"usd\","
        + " \"status\": \"requires_action\", \"capture_method\": \"automatic\", \"payment_method\": {\"id\": \"pm_1a2b3c\","
        + " \"type\": \"card\", \"card\": {\"brand\": \"visa\", \"last4\": \"4242\", \"exp_month\": 12, \"exp_year\": 2030}},"
        + " \"customer\": {\"id\": \"cus_1\", \"object\": \"customer\", \"email\": \"a@example.com\", \"address\": null},"
        + " \"description\": null, \"metadata\": {\"order\": \"1234\"}, \"receipt_email\": null, \"receipt_number\": \"1000-0001\","
        + " \"receipt_url\": \"http://127.0.0.1:8080/receipts/pay_0123\", \"failure_code\": null, \"failure_message\": null,"
        + " \"next_action\": {\"type\": \"redirect_to_url\", \"redirect_to_url\": {\"url\": \"http://x/3ds\", \"return_url\": null}},"
        + " \"refunded\": false, \"subscription\": null, \"livemode\": false, \"created\": 1767225600}");
    assertEquals("pay_0123456789abcdef0123456789abcdef", p.getId());
    assertEquals(2000L, p.getAmount());
    assertEquals(0L, p.getAmountRefunded());
    assertEquals("usd", p.getCurrency());
    assertEquals("pm_1a2b3c", p.getPaymentMethod().getId());
    assertEquals(2030L, p.getPaymentMethod().getCard().getExpYear());
    assertNull(p.getPaymentMethod().getCard().getFingerprint());
    assertEquals("cus_1", p.getCustomer(), "an expanded customer still gives its id");
    assertEquals("a@example.com", p.getCustomerObject().getEmail());
    assertNull(p.getCustomerObject().getAddress());
    assertNull(p.getDescription());
    assertEquals(Map.of("order", "1234"), p.getMetadata());
    assertEquals("redirect_to_url", p.getNextAction().getType());
    assertEquals("http://x/3ds", p.getNextAction().getRedirectToUrl().getUrl());
    assertNull(p.getNextAction().getRedirectToUrl().getReturnUrl());
    assertFalse(p.getRefunded());
    assertFalse(p.getLivemode());
    assertEquals(1767225600L, p.getCreated());
    assertTrue(p.toString().contains("id=pay_0123456789abcdef0123456789abcdef"));
    assertEquals(p.getRawJson(), Json.parseObject(p.toJson()));

    Payment plain = read(Payment.class, "{\"customer\": \"cus_2\"}");
    assertEquals("cus_2", plain.getCustomer());
    assertNull(plain.getCustomerObject());
    assertNull(plain.getAmount());
    assertTrue(plain.getMetadata().isEmpty());
  }

  @Test
  void subscriptionNullables() {
    Subscription s = read(Subscription.class, "{\"id\": \"sub_1\", \"total_payments\": null, "
        + "\"next_payment_attempt\": 1767225600, \"initial_amount\": null, \"attempt_count\": 0}");
    assertNull(s.getTotalPayments());
    assertEquals(1767225600L, s.getNextPaymentAttempt());
    assertNull(s.getInitialAmount());
    assertEquals(0L, s.getAttemptCount());
  }

  @Test
  void eventDataIsTypedByItsObjectField() {
    String[][] kinds = {{"payment", "Payment"}, {"refund", "Refund"}, {"customer", "Customer"},
        {"payment_method", "PaymentMethod"}, {"webhook_endpoint", "WebhookEndpoint"},
        {"subscription", "Subscription"}, {"test_helpers.test_clock", "PaySmartObject"}};
    for (String[] k : kinds) {
      Event e = read(Event.class, "{\"id\": \"evt_1\", \"type\": \"x\", \"data\": {\"object\": {\"id\": \"o_1\", "
          + "\"object\": \"" + k[0] + "\"}}}");
      PaySmartObject o = e.getDataObject();
      assertEquals(k[1], o.getClass().getSimpleName());
      assertEquals("o_1", o.get("id"));
    }
    assertNull(read(Event.class, "{\"id\": \"evt_1\"}").getDataObject());
  }

  @Test
  void webhookEndpointAndCollections() {
    WebhookEndpoint we = read(WebhookEndpoint.class, "{\"id\": \"we_1\", \"enabled_events\": [\"*\"], "
        + "\"failing_since\": null}");
    assertEquals(List.of("*"), we.getEnabledEvents());
    assertNull(we.getFailingSince());
    assertNull(we.getDeleted());

    PaySmartCollection<Refund> page = new PaySmartCollection<>(Json.parseObject("{\"object\": \"list\", "
        + "\"data\": [{\"id\": \"re_1\", \"payment\": {\"id\": \"pay_1\", \"amount\": 5}}], \"has_more\": true, "
        + "\"url\": \"/v2/refunds\"}"), Refund.class, "/refunds", null, null);
    Refund r = page.getData().get(0);
    assertInstanceOf(Refund.class, r);
    assertEquals("pay_1", r.getPayment());
    assertEquals(5L, r.getPaymentObject().getAmount());
    assertTrue(page.getHasMore());
  }

  @Test
  void aPageWhoseLastItemHasNoIdEndsThePaging() throws Exception {
    PaySmartCollection<Customer> page = new PaySmartCollection<>(Json.parseObject("{\"object\": \"list\", "
        + "\"data\": [{\"object\": \"customer\"}], \"has_more\": true}"), Customer.class, "/customers", null, null);
    assertNull(page.nextPage(), "no cursor, no request");
    int n = 0;
    for (Customer c : page.autoPagingIterable()) {
      n++;
    }
    assertEquals(1, n);
  }
}
