package com.paysmart.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.paysmart.exception.SignatureVerificationException;
import com.paysmart.model.Event;
import com.paysmart.model.Payment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class WebhookTest {
  /** vectors is sdk/testdata/webhook_vectors.json, shared by every PaySmart library. */
  static Map<String, Object> vectors() throws IOException {
    Path p = Path.of(System.getProperty("paysmart.vectors", "../testdata/webhook_vectors.json"));
    return Json.parseObject(Files.readString(p, StandardCharsets.UTF_8));
  }

  static Clock at(long unix) {
    return Clock.fixed(Instant.ofEpochSecond(unix), ZoneOffset.UTC);
  }

  @TestFactory
  @SuppressWarnings("unchecked")
  List<DynamicTest> sharedVectors() throws IOException {
    Map<String, Object> v = vectors();
    long tolerance = (Long) v.get("tolerance");
    List<DynamicTest> tests = new ArrayList<>();
    for (Object o : (List<Object>) v.get("cases")) {
      Map<String, Object> c = (Map<String, Object>) o;
      String payload = (String) c.get("payload");
      String header = (String) c.get("header");
      String secret = (String) c.get("secret");
      Clock now = at((Long) c.get("now"));
      tests.add(dynamicTest((String) c.get("name"), () -> {
        if (Boolean.TRUE.equals(c.get("valid"))) {
          Event e = Webhook.constructEvent(payload, header, secret, tolerance, now);
          assertEquals("evt_test", e.getId());
          assertEquals("payment.succeeded", e.getType());
        } else {
          SignatureVerificationException e = assertThrows(SignatureVerificationException.class,
              () -> Webhook.constructEvent(payload, header, secret, tolerance, now));
          assertEquals(c.get("error"), e.getCode());
          assertEquals(header, e.getSigHeader());
        }
      }));
    }
    assertTrue(tests.size() >= 10, "the vectors file has its cases");
    return tests;
  }

  @Test
  void signsWhatItVerifies() throws Exception {
    byte[] body = "{\"id\":\"evt_1\",\"object\":\"event\",\"type\":\"payment.succeeded\",\"created\":1,\"livemode\":false,\"data\":{\"object\":{\"id\":\"pay_1\",\"object\":\"payment\",\"amount\":2000}}}"
        .getBytes(StandardCharsets.UTF_8);
    String header = Webhook.Signature.signHeader(body, 1735689600, "whsec_new", "whsec_old");
    Event e = Webhook.constructEvent(body, header, "whsec_old", 0, at(1735689700));
    Payment p = assertInstanceOf(Payment.class, e.getDataObject());
    assertEquals(2000L, p.getAmount());
    assertEquals("pay_1", e.getData().getRawObject().get("id"));
  }

  @Test
  void defaultToleranceIsFiveMinutes() {
    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
    String header = Webhook.Signature.signHeader(body, 1000, "s");
    assertEquals(SignatureVerificationException.TOO_OLD, assertThrows(SignatureVerificationException.class,
        () -> Webhook.constructEvent(body, header, "s", 0, at(1301))).getCode());
    assertEquals(SignatureVerificationException.IN_FUTURE, assertThrows(SignatureVerificationException.class,
        () -> Webhook.constructEvent(body, header, "s", -1, at(699))).getCode());
  }

  @Test
  void checksTheSignatureBeforeTheTimestamp() {
    // An old, forged header learns only that its signature is wrong.
    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
    String forged = "t=1000,v1=" + "00".repeat(32);
    assertEquals(SignatureVerificationException.NO_VALID_SIGNATURE, assertThrows(
        SignatureVerificationException.class, () -> Webhook.constructEvent(body, forged, "s", 300, at(99999)))
        .getCode());
  }

  @Test
  void refusesNonAsciiDigits() {
    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
    String header = Webhook.Signature.signHeader(body, 1000, "s");
    // Arabic-Indic digits are digits to Long.parseLong, not to the header's grammar.
    String arabic = header.replace("t=1000", "t=\u0661\u0660\u0660\u0660");
    assertEquals(SignatureVerificationException.INVALID_HEADER, assertThrows(SignatureVerificationException.class,
        () -> Webhook.constructEvent(body, arabic, "s", 300, at(1000))).getCode());
    assertEquals(SignatureVerificationException.INVALID_HEADER, assertThrows(SignatureVerificationException.class,
        () -> Webhook.constructEvent("{}", null, "s")).getCode());
  }

  @Test
  void aSignedBodyThatIsNotJsonIsAJsonError() {
    byte[] body = "not json".getBytes(StandardCharsets.UTF_8);
    String header = Webhook.Signature.signHeader(body, 1000, "s");
    assertThrows(Json.JsonException.class, () -> Webhook.constructEvent(body, header, "s", 300, at(1000)));
  }
}
