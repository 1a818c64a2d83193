package com.paysmart.model;

import com.paysmart.exception.PaySmartException;
import com.paysmart.net.ApiResource;
import com.paysmart.net.RequestOptions;
import java.util.Map;

/**
 * Payment is a card payment (/v2/payments). Create one with a card or a saved payment method; a declined card
 * throws a {@link com.paysmart.exception.CardException} carrying the failed payment.
 *
 * <pre>{@code
 * Payment payment = Payment.create(Map.of(
 *     "amount", 2000,
 *     "currency", "usd",
 *     "payment_method", Map.of("type", "card", "card", Map.of(
 *         "number", "4242424242424242", "exp_month", 12, "exp_year", 2030, "cvc", "123"))));
 * }</pre>
 */
public class Payment extends ApiResource {
  /** create charges a card or a saved payment method ({@code capture=false} only authorises it). */
  public static Payment create(Map<String, Object> params) throws PaySmartException {
    return create(params, null);
  }

  /** create charges a card or a saved payment method, with options. */
  public static Payment create(Map<String, Object> params, RequestOptions options) throws PaySmartException {
    return request(RequestMethod.POST, "/payments", params, Payment.class, options);
  }

  /** retrieve gets a payment by id. */
  public static Payment retrieve(String id) throws PaySmartException {
    return retrieve(id, null, null);
  }

  /** retrieve gets a payment by id, with options. */
  public static Payment retrieve(String id, RequestOptions options) throws PaySmartException {
    return retrieve(id, null, options);
  }

  /** retrieve gets a payment by id; params may expand fields ({@code expand: [customer]}). */
  public static Payment retrieve(String id, Map<String, Object> params, RequestOptions options)
      throws PaySmartException {
    return request(RequestMethod.GET, "/payments/" + urlEncodeId(id), params, Payment.class, options);
  }

  /** list gets a page of payments, newest first (filters: customer, status, created; limit 1-100). */
  public static PaySmartCollection<Payment> list(Map<String, Object> params) throws PaySmartException {
    return list(params, null);
  }

  /** list gets a page of payments, with options. */
  public static PaySmartCollection<Payment> list(Map<String, Object> params, RequestOptions options)
      throws PaySmartException {
    return requestCollection("/payments", params, Payment.class, options);
  }

  /** update changes the payment's description, customer, receipt e-mail or metadata. */
  public Payment update(Map<String, Object> params) throws PaySmartException {
    return update(params, null);
  }

  /** update changes the payment, with options. */
  public Payment update(Map<String, Object> params, RequestOptions options) throws PaySmartException {
    return request(RequestMethod.POST, "/payments/" + urlEncodeId(getId()), params, Payment.class, options);
  }

  /** capture captures all of an authorised (requires_capture) payment. */
  public Payment capture() throws PaySmartException {
    return capture(null, null);
  }

  /** capture captures an authorised payment; params may set a smaller {@code amount}. */
  public Payment capture(Map<String, Object> params) throws PaySmartException {
    return capture(params, null);
  }

  /** capture captures an authorised payment, with options. */
  public Payment capture(Map<String, Object> params, RequestOptions options) throws PaySmartException {
    return request(RequestMethod.POST, "/payments/" + urlEncodeId(getId()) + "/capture", params, Payment.class,
        options);
  }

  /** cancel releases an authorised (requires_capture) payment, or ends the 3-D Secure wait of one in requires_action. */
  public Payment cancel() throws PaySmartException {
    return cancel(null, null);
  }

  /** cancel releases an authorised payment or ends its 3-D Secure wait, with options. */
  public Payment cancel(Map<String, Object> params, RequestOptions options) throws PaySmartException {
    return request(RequestMethod.POST, "/payments/" + urlEncodeId(getId()) + "/cancel", params, Payment.class,
        options);
  }

  /** getCustomerObject returns the customer when it was expanded ({@code expand: [customer]}), else null. */
  public Customer getCustomerObject() {
    return getObjectValue("customer", Customer.class);
  }

  /** getId returns the payment's id, {@code pay_} and 32 hex characters. */
  public String getId() {
    return getStringValue("id");
  }

  /** getObject returns "payment". */
  public String getObject() {
    return getStringValue("object");
  }

  /** getAmount returns the amount in the currency's minor unit (2000 is $20.00). */
  public Long getAmount() {
    return getLongValue("amount");
  }

  /** getAmountCaptured returns how much of the amount was captured. */
  public Long getAmountCaptured() {
    return getLongValue("amount_captured");
  }

  /** getAmountRefunded returns how much of the amount was refunded. */
  public Long getAmountRefunded() {
    return getLongValue("amount_refunded");
  }

  /** getCurrency returns the ISO 4217 currency, lower case ("usd"). */
  public String getCurrency() {
    return getStringValue("currency");
  }

  /** getStatus returns processing, requires_action, requires_capture, succeeded, failed or canceled. */
  public String getStatus() {
    return getStringValue("status");
  }

  /** getCaptureMethod returns automatic, or manual for a payment created with {@code capture=false}. */
  public String getCaptureMethod() {
    return getStringValue("capture_method");
  }

  /** getPaymentMethod returns the card the payment was made with: its id, type and card (brand, last4, expiry). */
  public PaymentMethod getPaymentMethod() {
    return getObjectValue("payment_method", PaymentMethod.class);
  }

  /** getCustomer returns the customer's id (also when expanded), or null. */
  public String getCustomer() {
    return getExpandableId("customer");
  }

  /** getDescription returns the description, or null. */
  public String getDescription() {
    return getStringValue("description");
  }

  /** getMetadata returns the metadata (string keys and values). */
  public Map<String, String> getMetadata() {
    return getStringMap("metadata");
  }

  /** getReceiptEmail returns where the receipt is sent, or null. */
  public String getReceiptEmail() {
    return getStringValue("receipt_email");
  }

  /** getReceiptNumber returns the receipt's number, or null. */
  public String getReceiptNumber() {
    return getStringValue("receipt_number");
  }

  /** getReceiptUrl returns the public receipt page. */
  public String getReceiptUrl() {
    return getStringValue("receipt_url");
  }

  /** getFailureCode returns why a failed payment failed (card_declined...), or null. */
  public String getFailureCode() {
    return getStringValue("failure_code");
  }

  /** getFailureMessage returns a failed payment's explanation, or null. */
  public String getFailureMessage() {
    return getStringValue("failure_message");
  }

  /** getNextAction returns what the customer must do while the payment is requires_action (3-D Secure), or null. */
  public NextAction getNextAction() {
    return getObjectValue("next_action", NextAction.class);
  }

  /** getRefunded returns whether the whole amount was refunded. */
  public Boolean getRefunded() {
    return getBooleanValue("refunded");
  }

  /** getSubscription returns the subscription ({@code sub_...}) whose period this payment charged, or null. */
  public String getSubscription() {
    return getStringValue("subscription");
  }

  /** getLivemode returns whether this is a live-mode payment. */
  public Boolean getLivemode() {
    return getBooleanValue("livemode");
  }

  /** getCreated returns when the payment was created, in Unix seconds. */
  public Long getCreated() {
    return getLongValue("created");
  }

  /** NextAction is what the customer must do before a payment can go on. */
  public static class NextAction extends PaySmartObject {
    /** getType returns redirect_to_url. */
    public String getType() {
      return getStringValue("type");
    }

    /** getRedirectToUrl returns where to send the customer (the 3-D Secure challenge). */
    public RedirectToUrl getRedirectToUrl() {
      return getObjectValue("redirect_to_url", RedirectToUrl.class);
    }
  }

  /** RedirectToUrl is the page a customer answers a 3-D Secure challenge on. */
  public static class RedirectToUrl extends PaySmartObject {
    /** getUrl returns the challenge page. */
    public String getUrl() {
      return getStringValue("url");
    }

    /** getReturnUrl returns where the customer comes back to, or null. */
    public String getReturnUrl() {
      return getStringValue("return_url");
    }
  }
}
