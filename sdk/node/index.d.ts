// Type declarations for the paysmart package (hand-written; they follow
// api/paysmart.yaml). Both `require('paysmart')` and `import PaySmart from
// 'paysmart'` resolve to the PaySmart constructor below.

/// <reference types="node" />

// The error classes; they are reached as PaySmart.errors.X (and the types as PaySmart.X).
declare namespace errorClasses {
  class PaySmartError extends Error {
    /** The class's name, as in stripe-node: 'PaySmartCardError', ... */
    readonly type: string;
    /** The API's error.type: card_error, invalid_request_error, authentication_error, ... */
    readonly rawType?: string;
    /** A stable reason: parameter_missing, resource_missing, card_declined, ... */
    readonly code?: string;
    /** The parameter at fault, in bracket notation (payment_method[card][cvc]). */
    readonly param?: string;
    readonly decline_code?: string;
    /** The failed payment of a declined card. */
    readonly payment?: PaySmart.Payment;
    readonly statusCode?: number;
    /** The Request-Id of the answer. */
    readonly requestId?: string;
    /** The answer's headers, names in lower case. */
    readonly headers?: Record<string, string>;
    /** The answer's error object, as sent. */
    readonly raw: PaySmart.RawError;
    /** The answer's body, as sent. */
    readonly rawBody?: string;
  }
  class PaySmartCardError extends PaySmartError {}
  class PaySmartInvalidRequestError extends PaySmartError {}
  class PaySmartAuthenticationError extends PaySmartError {}
  class PaySmartPermissionError extends PaySmartError {}
  class PaySmartIdempotencyError extends PaySmartError {}
  class PaySmartRateLimitError extends PaySmartError {}
  class PaySmartAPIError extends PaySmartError {}
  class PaySmartConnectionError extends PaySmartError {}
  class PaySmartSignatureVerificationError extends PaySmartError {
    /** invalid_header, not_signed, no_valid_signature, too_old, in_future or invalid_payload. */
    readonly code: string;
    readonly header: unknown;
    readonly payload: unknown;
  }
}

/** A PaySmart client: one secret key, its resources. */
interface PaySmart {
  payments: PaySmart.PaymentsResource;
  refunds: PaySmart.RefundsResource;
  customers: PaySmart.CustomersResource;
  paymentMethods: PaySmart.PaymentMethodsResource;
  events: PaySmart.EventsResource;
  webhookEndpoints: PaySmart.WebhookEndpointsResource;
  subscriptions: PaySmart.SubscriptionsResource;
  testHelpers: {testClocks: PaySmart.TestClocksResource};
  errors: PaySmart.Errors;
  webhooks: PaySmart.Webhooks;
  /** The base URL requests go to, /v2 included. */
  getApiBase(): string;
  getMaxNetworkRetries(): number;
}

interface PaySmartConstructor {
  new (apiKey: string, config?: PaySmart.PaySmartConfig): PaySmart;
  (apiKey: string, config?: PaySmart.PaySmartConfig): PaySmart;
  readonly PaySmart: PaySmartConstructor;
  readonly default: PaySmartConstructor;
  readonly errors: PaySmart.Errors;
  readonly webhooks: PaySmart.Webhooks;
  readonly VERSION: string;
  readonly USER_AGENT: string;
  readonly DEFAULT_API_BASE: string;
}

declare const PaySmart: PaySmartConstructor;

declare namespace PaySmart {
  interface PaySmartConfig {
    /** Default: PAYSMART_API_BASE, else https://api.paysmart.com/v2. */
    apiBase?: string;
    /** How many times a failed call is retried (default 2; 0 never). */
    maxNetworkRetries?: number;
    /** Milliseconds each attempt may take (default 80000). */
    timeout?: number;
    /** Milliseconds before the first retry (default 500); doubles each retry, plus up to 50% jitter. */
    initialNetworkRetryDelay?: number;
    /** The longest backoff in milliseconds (default 8000); Retry-After is honoured as sent. */
    maxNetworkRetryDelay?: number;
  }

  /** Per-request options, the last argument of every method. */
  interface RequestOptions {
    apiKey?: string;
    /** Default: a random UUID v4 on every POST and DELETE, kept across its retries. */
    idempotencyKey?: string;
    maxNetworkRetries?: number;
    timeout?: number;
  }

  interface LastResponse {
    statusCode: number;
    headers: Record<string, string>;
    requestId?: string;
    idempotencyKey?: string;
    /** True when the server replayed the first answer to this Idempotency-Key. */
    idempotentReplayed: boolean;
  }

  /** An answer: the object, plus how it came (a non-enumerable lastResponse). */
  type Response<T> = T & {lastResponse: LastResponse};

  type Metadata = Record<string, string>;
  type Expand = string[];

  interface RangeQueryParam {
    gt?: number;
    gte?: number;
    lt?: number;
    lte?: number;
  }

  interface ListParams {
    /** 1 to 100, default 10. */
    limit?: number;
    starting_after?: string;
    ending_before?: string;
    /** Unix seconds, or a range: {gte: ..., lte: ...}. */
    created?: number | RangeQueryParam;
    expand?: Expand;
  }

  interface ApiList<T> {
    object: 'list';
    data: T[];
    has_more: boolean;
    url: string;
  }

  /** A page of a list, also iterable over every item of every page from it on. */
  type ApiListPage<T> = Response<ApiList<T>> & AsyncIterable<T>;

  /** What list() returns: a promise of the first page, and an async iterable over every item. */
  interface ApiListPromise<T> extends Promise<ApiListPage<T>>, AsyncIterable<T> {
    /** Calls onItem with every item; it stops when onItem returns (or resolves to) false. */
    autoPagingEach(onItem: (item: T) => void | boolean | Promise<void | boolean>): Promise<void>;
    /** Collects up to limit items (default and at most 10000). */
    autoPagingToArray(options?: {limit?: number}): Promise<T[]>;
  }

  interface DeletedObject {
    id: string;
    object: string;
    deleted: true;
  }

  // ---- objects ----

  interface Card {
    brand: string;
    last4: string;
    exp_month: number;
    exp_year: number;
    fingerprint?: string;
  }

  interface Payment {
    id: string;
    object: 'payment';
    amount: number;
    amount_captured: number;
    amount_refunded: number;
    currency: string;
    status: 'processing' | 'requires_action' | 'requires_capture' | 'succeeded' | 'failed' | 'canceled';
    capture_method: 'automatic' | 'manual';
    payment_method: {id: string; type: 'card'; card: Card} | null;
    /** The customer's id, or the customer when expanded. */
    customer: string | Customer | null;
    description: string | null;
    metadata: Metadata;
    receipt_email: string | null;
    receipt_number: string | null;
    receipt_url: string;
    failure_code: string | null;
    failure_message: string | null;
    next_action: {type: 'redirect_to_url'; redirect_to_url: {url: string; return_url: string | null}} | null;
    refunded: boolean;
    subscription: string | null;
    livemode: boolean;
    created: number;
  }

  interface Refund {
    id: string;
    object: 'refund';
    amount: number;
    currency: string;
    /** The payment's id, or the payment when expanded. */
    payment: string | Payment;
    reason: string | null;
    status: 'pending' | 'succeeded' | 'failed';
    failure_reason: string | null;
    metadata: Metadata;
    livemode: boolean;
    created: number;
  }

  interface Address {
    line1: string | null;
    line2: string | null;
    city: string | null;
    state: string | null;
    postal_code: string | null;
    country: string | null;
  }

  interface Customer {
    id: string;
    object: 'customer';
    email: string | null;
    name: string | null;
    phone: string | null;
    description: string | null;
    address: Address | null;
    metadata: Metadata;
    test_clock: string | null;
    livemode: boolean;
    created: number;
  }

  interface PaymentMethod {
    id: string;
    object: 'payment_method';
    type: 'card';
    card: Card;
    customer: string | null;
    livemode: boolean;
    created: number;
  }

  interface Event {
    id: string;
    object: 'event';
    type: string;
    created: number;
    livemode: boolean;
    /** The object as it was when the event happened. */
    data: {object: any};
  }

  interface WebhookDelivery {
    id: string;
    object: 'webhook_delivery';
    event: string;
    endpoint: string;
    attempt: number;
    status_code: number | null;
    error: string | null;
    duration_ms: number;
    livemode: boolean;
    created: number;
    next_retry_at: number | null;
  }

  interface WebhookEndpoint {
    id: string;
    object: 'webhook_endpoint';
    url: string;
    enabled_events: string[];
    description: string | null;
    status: 'enabled' | 'disabled';
    /** Only in the answers to create and rollSecret. */
    secret?: string;
    metadata: Metadata;
    livemode: boolean;
    created: number;
    failing_since: number | null;
    flagged_at: number | null;
  }

  interface Subscription {
    id: string;
    object: 'subscription';
    customer: string | null;
    payment_method: string;
    amount: number;
    initial_amount: number | null;
    currency: string;
    interval: 'week' | 'month' | 'quarter' | 'year';
    start_date: number;
    time_zone: string;
    status: 'active' | 'past_due' | 'canceled' | 'completed';
    current_period_start: number;
    current_period_end: number;
    payments_made: number;
    total_payments: number | null;
    next_payment_attempt: number | null;
    attempt_count: number;
    latest_payment: string | null;
    test_clock: string | null;
    metadata: Metadata;
    canceled_at: number | null;
    ended_at: number | null;
    livemode: boolean;
    created: number;
  }

  interface TestClock {
    id: string;
    object: 'test_helpers.test_clock';
    name: string | null;
    frozen_time: number;
    status: 'ready' | 'advancing';
    livemode: boolean;
    created: number;
  }

  // ---- parameters ----

  interface CardParams {
    number: string;
    exp_month: number | string;
    exp_year: number | string;
    cvc?: string;
  }

  interface PaymentCreateParams {
    /** In the currency's minor unit: 2000 is $20.00. */
    amount: number;
    currency: string;
    /** A card, or a saved payment method's id (pm_...). */
    payment_method: string | {type?: 'card'; card: CardParams};
    customer?: string;
    description?: string;
    receipt_email?: string;
    metadata?: Metadata;
    /** false only authorises the payment (default true). */
    capture?: boolean;
    capture_method?: 'automatic' | 'manual';
    expand?: Expand;
  }

  interface PaymentUpdateParams {
    description?: string;
    customer?: string;
    receipt_email?: string;
    metadata?: Metadata;
    expand?: Expand;
  }

  interface PaymentRetrieveParams {
    expand?: Expand;
  }

  interface PaymentCaptureParams {
    /** At most the authorised amount; default all of it. */
    amount?: number;
    amount_to_capture?: number;
    expand?: Expand;
  }

  interface PaymentCancelParams {
    expand?: Expand;
  }

  interface PaymentListParams extends ListParams {
    customer?: string;
    status?: Payment['status'];
  }

  interface RefundCreateParams {
    payment: string;
    /** Default all that remains refundable. */
    amount?: number;
    reason?: 'duplicate' | 'fraudulent' | 'requested_by_customer';
    metadata?: Metadata;
    expand?: Expand;
  }

  interface RefundRetrieveParams {
    expand?: Expand;
  }

  interface RefundListParams extends ListParams {
    payment?: string;
  }

  interface AddressParams {
    line1?: string;
    line2?: string;
    city?: string;
    state?: string;
    postal_code?: string;
    country?: string;
  }

  interface CustomerUpdateParams {
    email?: string;
    name?: string;
    phone?: string;
    description?: string;
    address?: AddressParams;
    metadata?: Metadata;
  }

  interface CustomerCreateParams extends CustomerUpdateParams {
    /** A test clock (clock_...) to put the customer on; test mode only. */
    test_clock?: string;
  }

  interface CustomerListParams extends ListParams {
    email?: string;
  }

  interface PaymentMethodCreateParams {
    type?: 'card';
    card: CardParams;
    /** Attaching to a customer needs a secret key. */
    customer?: string;
  }

  interface EventListParams extends ListParams {
    type?: string;
  }

  interface WebhookEndpointCreateParams {
    url: string;
    /** Event types, or ['*'] for all. */
    enabled_events: string[];
    description?: string;
    metadata?: Metadata;
  }

  interface WebhookEndpointUpdateParams {
    url?: string;
    enabled_events?: string[];
    description?: string;
    metadata?: Metadata;
    /** true stops its deliveries, false resumes them. */
    disabled?: boolean;
  }

  interface WebhookEndpointRollSecretParams {
    /** Seconds the old secret keeps signing (0 to 86400, default 0). */
    expires_in?: number;
  }

  interface SubscriptionCreateParams {
    customer: string;
    /** A card attached to the customer (pm_...). */
    payment_method: string;
    amount: number;
    initial_amount?: number;
    currency: string;
    interval: 'week' | 'month' | 'quarter' | 'year';
    /** Absent: until canceled. */
    total_payments?: number;
    /** Unix seconds of the first charge; default now. */
    start_date?: number;
    metadata?: Metadata;
  }

  interface SubscriptionUpdateParams {
    payment_method?: string;
    metadata?: Metadata;
  }

  interface SubscriptionListParams extends ListParams {
    customer?: string;
    status?: Subscription['status'];
  }

  interface TestClockCreateParams {
    frozen_time: number;
    name?: string;
  }

  interface TestClockAdvanceParams {
    frozen_time: number;
  }

  // ---- resources ----

  interface PaymentsResource {
    create(params: PaymentCreateParams, options?: RequestOptions): Promise<Response<Payment>>;
    retrieve(id: string, params?: PaymentRetrieveParams, options?: RequestOptions): Promise<Response<Payment>>;
    retrieve(id: string, options?: RequestOptions): Promise<Response<Payment>>;
    update(id: string, params?: PaymentUpdateParams, options?: RequestOptions): Promise<Response<Payment>>;
    list(params?: PaymentListParams, options?: RequestOptions): ApiListPromise<Payment>;
    list(options?: RequestOptions): ApiListPromise<Payment>;
    capture(id: string, params?: PaymentCaptureParams, options?: RequestOptions): Promise<Response<Payment>>;
    capture(id: string, options?: RequestOptions): Promise<Response<Payment>>;
    cancel(id: string, params?: PaymentCancelParams, options?: RequestOptions): Promise<Response<Payment>>;
    cancel(id: string, options?: RequestOptions): Promise<Response<Payment>>;
  }

  interface RefundsResource {
    create(params: RefundCreateParams, options?: RequestOptions): Promise<Response<Refund>>;
    retrieve(id: string, params?: RefundRetrieveParams, options?: RequestOptions): Promise<Response<Refund>>;
    retrieve(id: string, options?: RequestOptions): Promise<Response<Refund>>;
    list(params?: RefundListParams, options?: RequestOptions): ApiListPromise<Refund>;
    list(options?: RequestOptions): ApiListPromise<Refund>;
  }

  interface CustomersResource {
    create(params?: CustomerCreateParams, options?: RequestOptions): Promise<Response<Customer>>;
    /** A deleted customer answers as a DeletedObject. */
    retrieve(id: string, options?: RequestOptions): Promise<Response<Customer | DeletedObject>>;
    update(id: string, params?: CustomerUpdateParams, options?: RequestOptions): Promise<Response<Customer>>;
    del(id: string, options?: RequestOptions): Promise<Response<DeletedObject>>;
    list(params?: CustomerListParams, options?: RequestOptions): ApiListPromise<Customer>;
    list(options?: RequestOptions): ApiListPromise<Customer>;
  }

  interface PaymentMethodsResource {
    create(params: PaymentMethodCreateParams, options?: RequestOptions): Promise<Response<PaymentMethod>>;
    retrieve(id: string, options?: RequestOptions): Promise<Response<PaymentMethod>>;
  }

  interface EventsResource {
    retrieve(id: string, options?: RequestOptions): Promise<Response<Event>>;
    list(params?: EventListParams, options?: RequestOptions): ApiListPromise<Event>;
    list(options?: RequestOptions): ApiListPromise<Event>;
    listDeliveries(id: string, params?: ListParams, options?: RequestOptions): ApiListPromise<WebhookDelivery>;
    listDeliveries(id: string, options?: RequestOptions): ApiListPromise<WebhookDelivery>;
    /** Delivers an event again now to every endpoint that subscribes to it. */
    retry(id: string, options?: RequestOptions): Promise<Response<Event>>;
  }

  interface WebhookEndpointsResource {
    create(params: WebhookEndpointCreateParams, options?: RequestOptions): Promise<Response<WebhookEndpoint>>;
    retrieve(id: string, options?: RequestOptions): Promise<Response<WebhookEndpoint>>;
    update(id: string, params?: WebhookEndpointUpdateParams, options?: RequestOptions): Promise<Response<WebhookEndpoint>>;
    del(id: string, options?: RequestOptions): Promise<Response<DeletedObject>>;
    list(params?: ListParams, options?: RequestOptions): ApiListPromise<WebhookEndpoint>;
    list(options?: RequestOptions): ApiListPromise<WebhookEndpoint>;
    rollSecret(id: string, params?: WebhookEndpointRollSecretParams, options?: RequestOptions): Promise<Response<WebhookEndpoint>>;
  }

  interface SubscriptionsResource {
    create(params: SubscriptionCreateParams, options?: RequestOptions): Promise<Response<Subscription>>;
    retrieve(id: string, options?: RequestOptions): Promise<Response<Subscription>>;
    update(id: string, params?: SubscriptionUpdateParams, options?: RequestOptions): Promise<Response<Subscription>>;
    /** Nothing more is charged; one that has ended already is a PaySmartInvalidRequestError. */
    cancel(id: string, options?: RequestOptions): Promise<Response<Subscription>>;
    list(params?: SubscriptionListParams, options?: RequestOptions): ApiListPromise<Subscription>;
    list(options?: RequestOptions): ApiListPromise<Subscription>;
  }

  interface TestClocksResource {
    create(params: TestClockCreateParams, options?: RequestOptions): Promise<Response<TestClock>>;
    retrieve(id: string, options?: RequestOptions): Promise<Response<TestClock>>;
    del(id: string, options?: RequestOptions): Promise<Response<DeletedObject>>;
    list(params?: ListParams, options?: RequestOptions): ApiListPromise<TestClock>;
    list(options?: RequestOptions): ApiListPromise<TestClock>;
    /** Moves the clock forward, making every charge due by then, before answering. */
    advance(id: string, params: TestClockAdvanceParams, options?: RequestOptions): Promise<Response<TestClock>>;
  }

  // ---- errors and webhooks ----

  interface RawError {
    type?: string;
    code?: string;
    message?: string;
    param?: string;
    decline_code?: string;
    payment?: Payment;
    request_id?: string;
  }

  type PaySmartError = errorClasses.PaySmartError;
  type PaySmartCardError = errorClasses.PaySmartCardError;
  type PaySmartInvalidRequestError = errorClasses.PaySmartInvalidRequestError;
  type PaySmartAuthenticationError = errorClasses.PaySmartAuthenticationError;
  type PaySmartPermissionError = errorClasses.PaySmartPermissionError;
  type PaySmartIdempotencyError = errorClasses.PaySmartIdempotencyError;
  type PaySmartRateLimitError = errorClasses.PaySmartRateLimitError;
  type PaySmartAPIError = errorClasses.PaySmartAPIError;
  type PaySmartConnectionError = errorClasses.PaySmartConnectionError;
  type PaySmartSignatureVerificationError = errorClasses.PaySmartSignatureVerificationError;
  type CardError = errorClasses.PaySmartCardError;
  type InvalidRequestError = errorClasses.PaySmartInvalidRequestError;
  type AuthenticationError = errorClasses.PaySmartAuthenticationError;
  type PermissionError = errorClasses.PaySmartPermissionError;
  type IdempotencyError = errorClasses.PaySmartIdempotencyError;
  type RateLimitError = errorClasses.PaySmartRateLimitError;
  type APIError = errorClasses.PaySmartAPIError;
  type APIConnectionError = errorClasses.PaySmartConnectionError;
  type SignatureVerificationError = errorClasses.PaySmartSignatureVerificationError;

  interface Errors {
    PaySmartError: typeof errorClasses.PaySmartError;
    PaySmartCardError: typeof errorClasses.PaySmartCardError;
    PaySmartInvalidRequestError: typeof errorClasses.PaySmartInvalidRequestError;
    PaySmartAuthenticationError: typeof errorClasses.PaySmartAuthenticationError;
    PaySmartPermissionError: typeof errorClasses.PaySmartPermissionError;
    PaySmartIdempotencyError: typeof errorClasses.PaySmartIdempotencyError;
    PaySmartRateLimitError: typeof errorClasses.PaySmartRateLimitError;
    PaySmartAPIError: typeof errorClasses.PaySmartAPIError;
    PaySmartConnectionError: typeof errorClasses.PaySmartConnectionError;
    PaySmartSignatureVerificationError: typeof errorClasses.PaySmartSignatureVerificationError;
    CardError: typeof errorClasses.PaySmartCardError;
    InvalidRequestError: typeof errorClasses.PaySmartInvalidRequestError;
    AuthenticationError: typeof errorClasses.PaySmartAuthenticationError;
    PermissionError: typeof errorClasses.PaySmartPermissionError;
    IdempotencyError: typeof errorClasses.PaySmartIdempotencyError;
    RateLimitError: typeof errorClasses.PaySmartRateLimitError;
    APIError: typeof errorClasses.PaySmartAPIError;
    APIConnectionError: typeof errorClasses.PaySmartConnectionError;
    ConnectionError: typeof errorClasses.PaySmartConnectionError;
    SignatureVerificationError: typeof errorClasses.PaySmartSignatureVerificationError;
  }

  interface Webhooks {
    /** 'PaySmart-Signature'. */
    readonly SIGNATURE_HEADER: string;
    /** 300 seconds. */
    readonly DEFAULT_TOLERANCE: number;
    /**
     * Verifies the raw body against the PaySmart-Signature header and the
     * endpoint's whsec_ secret, within tolerance seconds (default 300), and
     * returns the event; throws a PaySmartSignatureVerificationError.
     */
    constructEvent(payload: string | Buffer | Uint8Array, header: string | undefined, secret: string, tolerance?: number): Event;
    /** constructEvent without the decoding: true, or it throws. */
    verifyHeader(payload: string | Buffer | Uint8Array, header: string | undefined, secret: string, tolerance?: number): true;
    /** A PaySmart-Signature value for payload, for a merchant's own tests. */
    generateTestHeaderString(opts: {payload: string | Buffer | Uint8Array; secret: string; timestamp?: number}): string;
  }
}

export = PaySmart;
