package com.paysmart.net;

/**
 * RequestOptions overrides the global configuration of {@link com.paysmart.PaySmart} for one call, and sets its
 * idempotency key.
 *
 * <pre>{@code
 * RequestOptions options = RequestOptions.builder().setIdempotencyKey("order-1234").build();
 * Payment payment = Payment.create(params, options);
 * }</pre>
 */
public final class RequestOptions {
  private final String apiKey;
  private final String idempotencyKey;
  private final String apiBase;
  private final Integer maxNetworkRetries;

  private RequestOptions(Builder b) {
    this.apiKey = b.apiKey;
    this.idempotencyKey = b.idempotencyKey;
    this.apiBase = b.apiBase;
    this.maxNetworkRetries = b.maxNetworkRetries;
  }

  /** getDefault returns options that override nothing. */
  public static RequestOptions getDefault() {
    return new Builder().build();
  }

  /** builder starts a new set of options. */
  public static Builder builder() {
    return new Builder();
  }

  /** getApiKey returns the key for this call, or null for {@link com.paysmart.PaySmart#apiKey}. */
  public String getApiKey() {
    return apiKey;
  }

  /** getIdempotencyKey returns the Idempotency-Key of this call, or null for a random one (on POST and DELETE). */
  public String getIdempotencyKey() {
    return idempotencyKey;
  }

  /** getApiBase returns the API's address for this call, or null for {@link com.paysmart.PaySmart#getApiBase()}. */
  public String getApiBase() {
    return apiBase;
  }

  /** getMaxNetworkRetries returns the retries for this call, or null for the global setting. */
  public Integer getMaxNetworkRetries() {
    return maxNetworkRetries;
  }

  /** toBuilder returns a builder holding these options. */
  public Builder toBuilder() {
    return new Builder().setApiKey(apiKey).setIdempotencyKey(idempotencyKey).setApiBase(apiBase)
        .setMaxNetworkRetries(maxNetworkRetries);
  }

  /** Builder builds RequestOptions; unset values fall back to the global configuration. */
  public static final class Builder {
    private String apiKey;
    private String idempotencyKey;
    private String apiBase;
    private Integer maxNetworkRetries;

    private Builder() {}

    /** setApiKey authenticates this call with another secret key (a connected merchant's, say). */
    public Builder setApiKey(String apiKey) {
      this.apiKey = apiKey;
      return this;
    }

    /**
     * setIdempotencyKey sets the call's Idempotency-Key (at most 255 characters). A POST or DELETE repeated with
     * the same key and parameters within 24 hours answers the first result again instead of doing it twice.
     */
    public Builder setIdempotencyKey(String idempotencyKey) {
      this.idempotencyKey = idempotencyKey;
      return this;
    }

    /** setApiBase sends this call to another address, "/v2" included. */
    public Builder setApiBase(String apiBase) {
      this.apiBase = apiBase;
      return this;
    }

    /** setMaxNetworkRetries sets how many times this call is retried (0 never). */
    public Builder setMaxNetworkRetries(Integer maxNetworkRetries) {
      this.maxNetworkRetries = maxNetworkRetries;
      return this;
    }

    /** build returns the options. */
    public RequestOptions build() {
      return new RequestOptions(this);
    }
  }
}
