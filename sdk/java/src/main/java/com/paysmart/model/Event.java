package com.paysmart.model;

import com.paysmart.exception.PaySmartException;
import com.paysmart.net.ApiResource;
import com.paysmart.net.RequestOptions;
import java.util.Map;

/**
 * Event records a change (/v2/events), and is what a webhook delivers; {@code getData().getObject()} is the
 * changed object as it was then, as a Payment, Refund, Customer, WebhookEndpoint, Subscription or PaymentMethod
 * (by its {@code object} field).
 */
public class Event extends ApiResource {
  /** retrieve gets an event by id. */
  public static Event retrieve(String id) throws PaySmartException {
    return retrieve(id, null);
  }

  /** retrieve gets an event by id, with options. */
  public static Event retrieve(String id, RequestOptions options) throws PaySmartException {
    return request(RequestMethod.GET, "/events/" + urlEncodeId(id), null, Event.class, options);
  }

  /** list gets a page of events, newest first (filter: type). */
  public static PaySmartCollection<Event> list(Map<String, Object> params) throws PaySmartException {
    return list(params, null);
  }

  /** list gets a page of events, with options. */
  public static PaySmartCollection<Event> list(Map<String, Object> params, RequestOptions options)
      throws PaySmartException {
    return requestCollection("/events", params, Event.class, options);
  }

  /** getDataObject returns {@code getData().getObject()}, or null. */
  public PaySmartObject getDataObject() {
    Data d = getData();
    return d == null ? null : d.getObject();
  }

  /** getId returns the event's id ({@code evt_...}). */
  public String getId() {
    return getStringValue("id");
  }

  /** getObject returns "event". */
  public String getObject() {
    return getStringValue("object");
  }

  /** getType returns what happened: payment.succeeded, refund.created, customer.created... */
  public String getType() {
    return getStringValue("type");
  }

  /** getCreated returns when it happened, in Unix seconds. */
  public Long getCreated() {
    return getLongValue("created");
  }

  /** getLivemode returns whether it happened in live mode. */
  public Boolean getLivemode() {
    return getBooleanValue("livemode");
  }

  /** getData returns the object the event is about, as it was then. */
  public Data getData() {
    return getObjectValue("data", Data.class);
  }

  /** Data holds the object an event is about. */
  public static class Data extends PaySmartObject {
    /**
     * getObject returns the object, typed by its {@code object} field (a Payment for "payment"...), or a plain
     * PaySmartObject for a kind this library does not model.
     */
    @SuppressWarnings("unchecked")
    public PaySmartObject getObject() {
      Object raw = get("object");
      if (!(raw instanceof Map)) {
        return null;
      }
      Map<String, Object> m = (Map<String, Object>) raw;
      Object kind = m.get("object");
      Class<? extends PaySmartObject> cls = PaySmartObject.class;
      if ("payment".equals(kind)) {
        cls = Payment.class;
      } else if ("refund".equals(kind)) {
        cls = Refund.class;
      } else if ("customer".equals(kind)) {
        cls = Customer.class;
      } else if ("payment_method".equals(kind)) {
        cls = PaymentMethod.class;
      } else if ("webhook_endpoint".equals(kind)) {
        cls = WebhookEndpoint.class;
      } else if ("subscription".equals(kind)) {
        cls = Subscription.class;
      }
      return PaySmartObject.construct(cls, m);
    }

    /** getRawObject returns the object as its JSON. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> getRawObject() {
      Object raw = get("object");
      return raw instanceof Map ? (Map<String, Object>) raw : null;
    }
  }
}
