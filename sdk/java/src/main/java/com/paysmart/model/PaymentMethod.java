package com.paysmart.model;

import com.paysmart.exception.PaySmartException;
import com.paysmart.net.ApiResource;
import com.paysmart.net.RequestOptions;
import java.util.Map;

/**
 * PaymentMethod is a tokenised card (/v2/payment_methods), to charge later or attach to a customer. Creating one
 * is the one call a publishable key may make (attaching it to a customer needs a secret key). A payment's
 * {@code payment_method} is read as a PaymentMethod too, with its id, type and card only.
 */
public class PaymentMethod extends ApiResource {
  /** create tokenises a card ({@code type: card, card: {number, exp_month, exp_year, cvc}}, optional customer). */
  public static PaymentMethod create(Map<String, Object> params) throws PaySmartException {
    return create(params, null);
  }

  /** create tokenises a card, with options (a publishable key, say). */
  public static PaymentMethod create(Map<String, Object> params, RequestOptions options) throws PaySmartException {
    return request(RequestMethod.POST, "/payment_methods", params, PaymentMethod.class, options);
  }

  /** retrieve gets a payment method by id. */
  public static PaymentMethod retrieve(String id) throws PaySmartException {
    return retrieve(id, null);
  }

  /** retrieve gets a payment method by id, with options. */
  public static PaymentMethod retrieve(String id, RequestOptions options) throws PaySmartException {
    return request(RequestMethod.GET, "/payment_methods/" + urlEncodeId(id), null, PaymentMethod.class, options);
  }

  /** getId returns the payment method's id ({@code pm_...}). */
  public String getId() {
    return getStringValue("id");
  }

  /** getObject returns "payment_method". */
  public String getObject() {
    return getStringValue("object");
  }

  /** getType returns "card". */
  public String getType() {
    return getStringValue("type");
  }

  /** getCard returns the card: brand, last4, expiry and fingerprint. */
  public Card getCard() {
    return getObjectValue("card", Card.class);
  }

  /** getCustomer returns the customer the card is attached to, or null. */
  public String getCustomer() {
    return getStringValue("customer");
  }

  /** getLivemode returns whether this is a live-mode payment method. */
  public Boolean getLivemode() {
    return getBooleanValue("livemode");
  }

  /** getCreated returns when it was created, in Unix seconds. */
  public Long getCreated() {
    return getLongValue("created");
  }

  /** Card is what PaySmart shows of a card. */
  public static class Card extends PaySmartObject {
    /** getBrand returns visa, mastercard, amex... */
    public String getBrand() {
      return getStringValue("brand");
    }

    /** getLast4 returns the card number's last four digits. */
    public String getLast4() {
      return getStringValue("last4");
    }

    /** getExpMonth returns the expiry month, 1-12. */
    public Long getExpMonth() {
      return getLongValue("exp_month");
    }

    /** getExpYear returns the expiry year. */
    public Long getExpYear() {
      return getLongValue("exp_year");
    }

    /** getFingerprint returns an id of the card number, the same for every token of it (null in a payment). */
    public String getFingerprint() {
      return getStringValue("fingerprint");
    }
  }
}
