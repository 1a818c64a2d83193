package com.paysmart.model;

import com.paysmart.exception.PaySmartException;
import com.paysmart.net.ApiResource;
import com.paysmart.net.RequestOptions;
import java.util.Map;

/**
 * Subscription charges a customer's saved card every week, month, quarter or year (/v2/subscriptions). The first
 * charge happens at {@code start_date} (now by default, before create answers).
 */
public class Subscription extends ApiResource {
  /**
   * create starts a subscription: customer, payment_method (a card attached to the customer), amount, currency,
   * interval; optional initial_amount, total_payments, start_date, metadata.
   */
  public static Subscription create(Map<String, Object> params) throws PaySmartException {
    return create(params, null);
  }

  /** create starts a subscription, with options. */
  public static Subscription create(Map<String, Object> params, RequestOptions options) throws PaySmartException {
    return request(RequestMethod.POST, "/subscriptions", params, Subscription.class, options);
  }

  /** retrieve gets a subscription by id. */
  public static Subscription retrieve(String id) throws PaySmartException {
    return retrieve(id, null);
  }

  /** retrieve gets a subscription by id, with options. */
  public static Subscription retrieve(String id, RequestOptions options) throws PaySmartException {
    return request(RequestMethod.GET, "/subscriptions/" + urlEncodeId(id), null, Subscription.class, options);
  }

  /** list gets a page of subscriptions, newest first (filters: customer, status). */
  public static PaySmartCollection<Subscription> list(Map<String, Object> params) throws PaySmartException {
    return list(params, null);
  }

  /** list gets a page of subscriptions, with options. */
  public static PaySmartCollection<Subscription> list(Map<String, Object> params, RequestOptions options)
      throws PaySmartException {
    return requestCollection("/subscriptions", params, Subscription.class, options);
  }

  /** update changes the card (another of the customer's) the next charges use, or merges metadata in. */
  public Subscription update(Map<String, Object> params) throws PaySmartException {
    return update(params, null);
  }

  /** update changes the subscription, with options. */
  public Subscription update(Map<String, Object> params, RequestOptions options) throws PaySmartException {
    return request(RequestMethod.POST, "/subscriptions/" + urlEncodeId(getId()), params, Subscription.class,
        options);
  }

  /**
   * cancel cancels the subscription: nothing more is charged. It answers the subscription, canceled; one that has
   * ended already is an InvalidRequestException.
   */
  public Subscription cancel() throws PaySmartException {
    return cancel(null);
  }

  /** cancel cancels the subscription, with options. */
  public Subscription cancel(RequestOptions options) throws PaySmartException {
    return request(RequestMethod.DELETE, "/subscriptions/" + urlEncodeId(getId()), null, Subscription.class,
        options);
  }

  /** getId returns the subscription's id ({@code sub_...}). */
  public String getId() {
    return getStringValue("id");
  }

  /** getObject returns "subscription". */
  public String getObject() {
    return getStringValue("object");
  }

  /** getCustomer returns the customer charged, or null. */
  public String getCustomer() {
    return getStringValue("customer");
  }

  /** getPaymentMethod returns the saved card charged ({@code pm_...}). */
  public String getPaymentMethod() {
    return getStringValue("payment_method");
  }

  /** getAmount returns each period's charge, in the currency's minor unit. */
  public Long getAmount() {
    return getLongValue("amount");
  }

  /** getInitialAmount returns what period 0 charged instead of the amount, or null. */
  public Long getInitialAmount() {
    return getLongValue("initial_amount");
  }

  /** getCurrency returns the currency, lower case. */
  public String getCurrency() {
    return getStringValue("currency");
  }

  /** getInterval returns week, month, quarter or year. */
  public String getInterval() {
    return getStringValue("interval");
  }

  /** getStartDate returns the anchor: period n starts n intervals after it (Unix seconds). */
  public Long getStartDate() {
    return getLongValue("start_date");
  }

  /** getTimeZone returns the IANA time zone of the merchant's calendar the periods follow. */
  public String getTimeZone() {
    return getStringValue("time_zone");
  }

  /** getStatus returns active, past_due, canceled or completed. */
  public String getStatus() {
    return getStringValue("status");
  }

  /** getCurrentPeriodStart returns the current period's start, in Unix seconds. */
  public Long getCurrentPeriodStart() {
    return getLongValue("current_period_start");
  }

  /** getCurrentPeriodEnd returns the current period's end, in Unix seconds. */
  public Long getCurrentPeriodEnd() {
    return getLongValue("current_period_end");
  }

  /** getPaymentsMade returns how many periods were charged. */
  public Long getPaymentsMade() {
    return getLongValue("payments_made");
  }

  /** getTotalPayments returns how many periods it charges in all, or null: until canceled. */
  public Long getTotalPayments() {
    return getLongValue("total_payments");
  }

  /** getNextPaymentAttempt returns when the next charge is due, or null once nothing more will be charged. */
  public Long getNextPaymentAttempt() {
    return getLongValue("next_payment_attempt");
  }

  /** getAttemptCount returns the dunning retry under way (0: the period's first attempt). */
  public Long getAttemptCount() {
    return getLongValue("attempt_count");
  }

  /** getLatestPayment returns the latest payment's id, or null. */
  public String getLatestPayment() {
    return getStringValue("latest_payment");
  }

  /** getTestClock returns the test clock it runs on, or null. */
  public String getTestClock() {
    return getStringValue("test_clock");
  }

  /** getMetadata returns the metadata. */
  public Map<String, String> getMetadata() {
    return getStringMap("metadata");
  }

  /** getCanceledAt returns when it was canceled, or null. */
  public Long getCanceledAt() {
    return getLongValue("canceled_at");
  }

  /** getEndedAt returns when it ended, or null. */
  public Long getEndedAt() {
    return getLongValue("ended_at");
  }

  /** getLivemode returns whether this is a live-mode subscription. */
  public Boolean getLivemode() {
    return getBooleanValue("livemode");
  }

  /** getCreated returns when it was created, in Unix seconds. */
  public Long getCreated() {
    return getLongValue("created");
  }
}
