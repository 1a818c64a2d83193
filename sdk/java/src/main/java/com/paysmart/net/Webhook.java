package com.paysmart.net;

import com.paysmart.exception.SignatureVerificationException;
import com.paysmart.model.Event;
import com.paysmart.model.PaySmartObject;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Webhook verifies the events PaySmart sends to a webhook endpoint. Every delivery is a POST whose body is the
 * event as JSON and whose {@code PaySmart-Signature} header reads {@code t=<unix seconds>,v1=<hex
 * HMAC-SHA256(secret, t + "." + body)>}, with one v1 per secret in use (two while a rolled secret's grace period
 * runs): Stripe's scheme, as sdk/webhook/webhook.go implements it.
 *
 * <pre>{@code
 * Event event = Webhook.constructEvent(rawBody, request.getHeader("PaySmart-Signature"), "whsec_...");
 * }</pre>
 */
public final class Webhook {
  /** SIGNATURE_HEADER is the HTTP header that carries the signature. */
  public static final String SIGNATURE_HEADER = "PaySmart-Signature";

  /** DEFAULT_TOLERANCE is how many seconds a signature's timestamp may be from now (either way). */
  public static final long DEFAULT_TOLERANCE = 300;

  private Webhook() {}

  /**
   * constructEvent verifies that payload (the raw request body, before any JSON parsing) was signed with secret
   * less than five minutes ago, and returns the event it holds.
   */
  public static Event constructEvent(String payload, String sigHeader, String secret)
      throws SignatureVerificationException {
    return constructEvent(payload, sigHeader, secret, DEFAULT_TOLERANCE);
  }

  /** constructEvent verifies payload within tolerance seconds of now (0 or less: the default, 300). */
  public static Event constructEvent(String payload, String sigHeader, String secret, long tolerance)
      throws SignatureVerificationException {
    return constructEvent(payload, sigHeader, secret, tolerance, Clock.systemUTC());
  }

  /** constructEvent verifies payload as of clock's time: for tests, and servers with their own clock. */
  public static Event constructEvent(String payload, String sigHeader, String secret, long tolerance, Clock clock)
      throws SignatureVerificationException {
    if (payload == null) {
      throw new SignatureVerificationException("The payload is null.", SignatureVerificationException.NO_VALID_SIGNATURE,
          sigHeader);
    }
    return constructEvent(payload.getBytes(StandardCharsets.UTF_8), sigHeader, secret, tolerance, clock);
  }

  /**
   * constructEvent verifies the body's exact bytes, when they may not be valid UTF-8 text. A signed body that is
   * not a JSON object throws {@link Json.JsonException}.
   */
  public static Event constructEvent(byte[] payload, String sigHeader, String secret, long tolerance, Clock clock)
      throws SignatureVerificationException {
    Signature.verifyHeader(payload, sigHeader, secret, tolerance, clock);
    return PaySmartObject.construct(Event.class, Json.parseObject(new String(payload, StandardCharsets.UTF_8)));
  }

  /** Signature checks and makes PaySmart-Signature headers. */
  public static final class Signature {
    /** EXPECTED_SCHEME is the signature scheme checked; others (Stripe's v0) are ignored. */
    public static final String EXPECTED_SCHEME = "v1";

    private Signature() {}

    /** verifyHeader is constructEvent without the decoding; it returns normally when the payload verifies. */
    public static void verifyHeader(String payload, String sigHeader, String secret, long tolerance)
        throws SignatureVerificationException {
      verifyHeader(payload.getBytes(StandardCharsets.UTF_8), sigHeader, secret, tolerance, Clock.systemUTC());
    }

    /**
     * verifyHeader checks sigHeader against payload as of clock's time. The signature is checked before the
     * timestamp, so that a forged header learns nothing about the tolerance.
     */
    public static void verifyHeader(byte[] payload, String sigHeader, String secret, long tolerance, Clock clock)
        throws SignatureVerificationException {
      if (tolerance <= 0) {
        tolerance = DEFAULT_TOLERANCE;
      }
      Long timestamp = null;
      List<byte[]> signatures = new ArrayList<>();
      for (String part : (sigHeader == null ? "" : sigHeader).split(",", -1)) {
        String item = part.trim();
        int eq = item.indexOf('=');
        if (eq < 0) {
          continue;
        }
        String key = item.substring(0, eq);
        String value = item.substring(eq + 1);
        if (key.equals("t")) {
          long t = 0;
          if (value.matches("[+-]?[0-9]{1,19}")) { // ASCII digits only (parseLong takes any script's)
            try {
              t = Long.parseLong(value);
            } catch (NumberFormatException tooBig) {
              t = 0;
            }
          }
          if (t <= 0) {
            throw new SignatureVerificationException("The PaySmart-Signature header's timestamp is not a number.",
                SignatureVerificationException.INVALID_HEADER, sigHeader);
          }
          timestamp = t;
        } else if (key.equals(EXPECTED_SCHEME)) {
          byte[] sig = decodeHex(value);
          if (sig != null && sig.length == 32) {
            signatures.add(sig);
          }
        }
      }
      if (timestamp == null) {
        throw new SignatureVerificationException(
            "The PaySmart-Signature header is missing or invalid (want t=<timestamp>,v1=<signature>).",
            SignatureVerificationException.INVALID_HEADER, sigHeader);
      }
      if (signatures.isEmpty()) {
        throw new SignatureVerificationException("The PaySmart-Signature header has no v1 signature.",
            SignatureVerificationException.NOT_SIGNED, sigHeader);
      }
      byte[] expected = computeSignature(timestamp, payload, secret == null ? "" : secret);
      boolean ok = false;
      for (byte[] sig : signatures) {
        ok |= MessageDigest.isEqual(sig, expected); // constant time; every candidate is compared
      }
      if (!ok) {
        throw new SignatureVerificationException(
            "No signature matches the payload and the endpoint secret (a wrong secret, or a changed body?).",
            SignatureVerificationException.NO_VALID_SIGNATURE, sigHeader);
      }
      long age = clock.millis() / 1000 - timestamp;
      if (age > tolerance) {
        throw new SignatureVerificationException("The signature's timestamp is too old (a possible replay).",
            SignatureVerificationException.TOO_OLD, sigHeader);
      }
      if (age < -tolerance) {
        throw new SignatureVerificationException("The signature's timestamp is in the future.",
            SignatureVerificationException.IN_FUTURE, sigHeader);
      }
    }

    /** computeSignature returns HMAC-SHA256(secret, timestamp + "." + payload). */
    public static byte[] computeSignature(long timestamp, byte[] payload, String secret) {
      try {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
        return mac.doFinal(payload);
      } catch (NoSuchAlgorithmException | InvalidKeyException e) {
        throw new IllegalStateException("HmacSHA256 is unavailable", e);
      }
    }

    /**
     * signHeader returns the PaySmart-Signature value for payload at timestamp, one v1 per secret in order: for
     * tests that need a signed payload.
     */
    public static String signHeader(byte[] payload, long timestamp, String... secrets) {
      StringBuilder b = new StringBuilder("t=").append(timestamp);
      for (String s : secrets) {
        b.append(",v1=");
        for (byte x : computeSignature(timestamp, payload, s)) {
          b.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
        }
      }
      return b.toString();
    }

    private static int hexDigit(char c) {
      if (c >= '0' && c <= '9') {
        return c - '0';
      }
      if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
      }
      if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
      }
      return -1;
    }

    private static byte[] decodeHex(String s) {
      if (s.length() % 2 != 0) {
        return null;
      }
      byte[] out = new byte[s.length() / 2];
      for (int i = 0; i < out.length; i++) {
        int hi = hexDigit(s.charAt(2 * i));
        int lo = hexDigit(s.charAt(2 * i + 1));
        if (hi < 0 || lo < 0) {
          return null;
        }
        out[i] = (byte) ((hi << 4) | lo);
      }
      return out;
    }
  }
}
