package com.paysmart.model;

import com.paysmart.exception.PaySmartException;
import com.paysmart.net.ApiResource;
import com.paysmart.net.RequestOptions;
import java.util.List;
import java.util.Map;

/**
 * WebhookEndpoint is a URL PaySmart sends events to (/v2/webhook_endpoints), signed with its secret; verify them
 * with {@link com.paysmart.net.Webhook#constructEvent}.
 */
public class WebhookEndpoint extends ApiResource {
  /** create registers an endpoint ({@code url}, {@code enabled_events}); keep the answer's secret, shown once. */
  public static WebhookEndpoint create(Map<String, Object> params) throws PaySmartException {
    return create(params, null);
  }

  /** create registers an endpoint, with options. */
  public static WebhookEndpoint create(Map<String, Object> params, RequestOptions options)
      throws PaySmartException {
    return request(RequestMethod.POST, "/webhook_endpoints", params, WebhookEndpoint.class, options);
  }

  /** retrieve gets an endpoint by id. */
  public static WebhookEndpoint retrieve(String id) throws PaySmartException {
    return retrieve(id, null);
  }

  /** retrieve gets an endpoint by id, with options. */
  public static WebhookEndpoint retrieve(String id, RequestOptions options) throws PaySmartException {
    return request(RequestMethod.GET, "/webhook_endpoints/" + urlEncodeId(id), null, WebhookEndpoint.class,
        options);
  }

  /** list gets a page of endpoints, newest first. */
  public static PaySmartCollection<WebhookEndpoint> list(Map<String, Object> params) throws PaySmartException {
    return list(params, null);
  }

  /** list gets a page of endpoints, with options. */
  public static PaySmartCollection<WebhookEndpoint> list(Map<String, Object> params, RequestOptions options)
      throws PaySmartException {
    return requestCollection("/webhook_endpoints", params, WebhookEndpoint.class, options);
  }

  /** update changes the endpoint; {@code disabled: true} stops its deliveries, false resumes them. */
  public WebhookEndpoint update(Map<String, Object> params) throws PaySmartException {
    return update(params, null);
  }

  /** update changes the endpoint, with options. */
  public WebhookEndpoint update(Map<String, Object> params, RequestOptions options) throws PaySmartException {
    return request(RequestMethod.POST, "/webhook_endpoints/" + urlEncodeId(getId()), params, WebhookEndpoint.class,
        options);
  }

  /**
   * rollSecret gives the endpoint a new secret, in the answer's {@link #getSecret()}; the old one keeps signing
   * for {@code expires_in} seconds (0-86400, default 0).
   */
  public WebhookEndpoint rollSecret(Map<String, Object> params, RequestOptions options) throws PaySmartException {
    return request(RequestMethod.POST, "/webhook_endpoints/" + urlEncodeId(getId()) + "/roll_secret", params,
        WebhookEndpoint.class, options);
  }

  /** delete deletes the endpoint; the answer has {@link #getDeleted()} true. */
  public WebhookEndpoint delete() throws PaySmartException {
    return delete(null);
  }

  /** delete deletes the endpoint, with options. */
  public WebhookEndpoint delete(RequestOptions options) throws PaySmartException {
    return request(RequestMethod.DELETE, "/webhook_endpoints/" + urlEncodeId(getId()), null,
        WebhookEndpoint.class, options);
  }

  /** getId returns the endpoint's id ({@code we_...}). */
  public String getId() {
    return getStringValue("id");
  }

  /** getObject returns "webhook_endpoint". */
  public String getObject() {
    return getStringValue("object");
  }

  /** getUrl returns where events are sent. */
  public String getUrl() {
    return getStringValue("url");
  }

  /** getEnabledEvents returns the event types sent there, or ["*"] for all. */
  public List<String> getEnabledEvents() {
    return getStringList("enabled_events");
  }

  /** getDescription returns the description, or null. */
  public String getDescription() {
    return getStringValue("description");
  }

  /** getStatus returns enabled or disabled. */
  public String getStatus() {
    return getStringValue("status");
  }

  /** getSecret returns the signing secret ({@code whsec_...}): only in the answers to create and rollSecret. */
  public String getSecret() {
    return getStringValue("secret");
  }

  /** getMetadata returns the metadata. */
  public Map<String, String> getMetadata() {
    return getStringMap("metadata");
  }

  /** getLivemode returns whether this is a live-mode endpoint. */
  public Boolean getLivemode() {
    return getBooleanValue("livemode");
  }

  /** getCreated returns when it was created, in Unix seconds. */
  public Long getCreated() {
    return getLongValue("created");
  }

  /** getFailingSince returns when the current run of failed deliveries began, or null. */
  public Long getFailingSince() {
    return getLongValue("failing_since");
  }

  /** getFlaggedAt returns when a delivery of that run was given up, or null. */
  public Long getFlaggedAt() {
    return getLongValue("flagged_at");
  }

  /** getDeleted returns true in the answer to delete; null otherwise. */
  public Boolean getDeleted() {
    return getBooleanValue("deleted");
  }
}
