package com.paysmart.model;

import com.paysmart.exception.PaySmartException;
import com.paysmart.net.ApiResource;
import com.paysmart.net.RequestOptions;
import java.util.Map;

/** Refund is a refund of a payment, whole or in part (/v2/refunds). */
public class Refund extends ApiResource {
  /** create refunds a payment: {@code payment} (required), {@code amount} (default all that remains), reason. */
  public static Refund create(Map<String, Object> params) throws PaySmartException {
    return create(params, null);
  }

  /** create refunds a payment, with options. */
  public static Refund create(Map<String, Object> params, RequestOptions options) throws PaySmartException {
    return request(RequestMethod.POST, "/refunds", params, Refund.class, options);
  }

  /** retrieve gets a refund by id. */
  public static Refund retrieve(String id) throws PaySmartException {
    return retrieve(id, null, null);
  }

  /** retrieve gets a refund by id, with options. */
  public static Refund retrieve(String id, RequestOptions options) throws PaySmartException {
    return retrieve(id, null, options);
  }

  /** retrieve gets a refund by id; params may expand fields ({@code expand: [payment]}). */
  public static Refund retrieve(String id, Map<String, Object> params, RequestOptions options)
      throws PaySmartException {
    return request(RequestMethod.GET, "/refunds/" + urlEncodeId(id), params, Refund.class, options);
  }

  /** list gets a page of refunds, newest first (filter: payment). */
  public static PaySmartCollection<Refund> list(Map<String, Object> params) throws PaySmartException {
    return list(params, null);
  }

  /** list gets a page of refunds, with options. */
  public static PaySmartCollection<Refund> list(Map<String, Object> params, RequestOptions options)
      throws PaySmartException {
    return requestCollection("/refunds", params, Refund.class, options);
  }

  /** getPaymentObject returns the payment when it was expanded ({@code expand: [payment]}), else null. */
  public Payment getPaymentObject() {
    return getObjectValue("payment", Payment.class);
  }

  /** getId returns the refund's id ({@code re_...}). */
  public String getId() {
    return getStringValue("id");
  }

  /** getObject returns "refund". */
  public String getObject() {
    return getStringValue("object");
  }

  /** getAmount returns the amount refunded, in the currency's minor unit. */
  public Long getAmount() {
    return getLongValue("amount");
  }

  /** getCurrency returns the currency, lower case. */
  public String getCurrency() {
    return getStringValue("currency");
  }

  /** getPayment returns the refunded payment's id (also when expanded). */
  public String getPayment() {
    return getExpandableId("payment");
  }

  /** getReason returns duplicate, fraudulent, requested_by_customer, or null. */
  public String getReason() {
    return getStringValue("reason");
  }

  /** getStatus returns pending until the processor answers, then succeeded or failed. */
  public String getStatus() {
    return getStringValue("status");
  }

  /** getFailureReason returns why a failed refund failed, or null. */
  public String getFailureReason() {
    return getStringValue("failure_reason");
  }

  /** getMetadata returns the metadata. */
  public Map<String, String> getMetadata() {
    return getStringMap("metadata");
  }

  /** getLivemode returns whether this is a live-mode refund. */
  public Boolean getLivemode() {
    return getBooleanValue("livemode");
  }

  /** getCreated returns when it was created, in Unix seconds. */
  public Long getCreated() {
    return getLongValue("created");
  }
}
