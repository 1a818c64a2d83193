namespace PaySmart
{
    using System;
    using System.Collections.Generic;
    using System.Net.Http;
    using System.Threading;
    using System.Threading.Tasks;

    /// <summary>
    /// SubscriptionService calls /v2/subscriptions: charge a customer's saved card every period;
    /// read, update, cancel and list subscriptions.
    /// </summary>
    public class SubscriptionService : Service<Subscription>
    {
        /// <summary>Initializes the service with <see cref="PaySmartConfiguration"/>'s client.</summary>
        public SubscriptionService()
        {
        }

        /// <summary>Initializes the service with a client.</summary>
        public SubscriptionService(PaySmartClient client)
            : base(client)
        {
        }

        /// <inheritdoc/>
        public override string BasePath
        {
            get { return "/subscriptions"; }
        }

        /// <summary>Create starts a subscription; its first charge happens at StartDate (now by
        /// default, before the answer).</summary>
        public virtual Subscription Create(SubscriptionCreateOptions options, RequestOptions requestOptions = null)
        {
            return this.Request(HttpMethod.Post, this.BasePath, options, requestOptions);
        }

        /// <summary>CreateAsync is <see cref="Create"/>, asynchronously.</summary>
        public virtual Task<Subscription> CreateAsync(SubscriptionCreateOptions options, RequestOptions requestOptions = null, CancellationToken cancellationToken = default(CancellationToken))
        {
            return this.RequestAsync(HttpMethod.Post, this.BasePath, options, requestOptions, cancellationToken);
        }

        /// <summary>Get retrieves a subscription.</summary>
        public virtual Subscription Get(string id, RequestOptions requestOptions = null)
        {
            return this.Request(HttpMethod.Get, this.InstancePath(id), null, requestOptions);
        }

        /// <summary>GetAsync is <see cref="Get"/>, asynchronously.</summary>
        public virtual Task<Subscription> GetAsync(string id, RequestOptions requestOptions = null, CancellationToken cancellationToken = default(CancellationToken))
        {
            return this.RequestAsync(HttpMethod.Get, this.InstancePath(id), null, requestOptions, cancellationToken);
        }

        /// <summary>Update changes a subscription's card (for the next charges) or metadata.</summary>
        public virtual Subscription Update(string id, SubscriptionUpdateOptions options, RequestOptions requestOptions = null)
        {
            return this.Request(HttpMethod.Post, this.InstancePath(id), options, requestOptions);
        }

        /// <summary>UpdateAsync is <see cref="Update"/>, asynchronously.</summary>
        public virtual Task<Subscription> UpdateAsync(string id, SubscriptionUpdateOptions options, RequestOptions requestOptions = null, CancellationToken cancellationToken = default(CancellationToken))
        {
            return this.RequestAsync(HttpMethod.Post, this.InstancePath(id), options, requestOptions, cancellationToken);
        }

        /// <summary>Cancel cancels a subscription: nothing more is charged. It answers the
        /// subscription, canceled; one that has ended already is an InvalidRequestException.</summary>
        public virtual Subscription Cancel(string id, RequestOptions requestOptions = null)
        {
            return this.Request(HttpMethod.Delete, this.InstancePath(id), null, requestOptions);
        }

        /// <summary>CancelAsync is <see cref="Cancel"/>, asynchronously.</summary>
        public virtual Task<Subscription> CancelAsync(string id, RequestOptions requestOptions = null, CancellationToken cancellationToken = default(CancellationToken))
        {
            return this.RequestAsync(HttpMethod.Delete, this.InstancePath(id), null, requestOptions, cancellationToken);
        }

        /// <summary>List fetches one page of subscriptions, newest first.</summary>
        public virtual PaySmartList<Subscription> List(SubscriptionListOptions options = null, RequestOptions requestOptions = null)
        {
            return this.ListRequest<Subscription>(this.BasePath, options, requestOptions);
        }

        /// <summary>ListAsync is <see cref="List"/>, asynchronously.</summary>
        public virtual Task<PaySmartList<Subscription>> ListAsync(SubscriptionListOptions options = null, RequestOptions requestOptions = null, CancellationToken cancellationToken = default(CancellationToken))
        {
            return this.ListRequestAsync<Subscription>(this.BasePath, options, requestOptions, cancellationToken);
        }

        /// <summary>ListAutoPaging yields every subscription, fetching pages as it goes.</summary>
        public virtual IEnumerable<Subscription> ListAutoPaging(SubscriptionListOptions options = null, RequestOptions requestOptions = null)
        {
            return this.ListRequestAutoPaging<Subscription>(this.BasePath, options, requestOptions);
        }
    }

    /// <summary>SubscriptionCreateOptions starts a subscription. PaymentMethod must be attached
    /// to Customer.</summary>
    public class SubscriptionCreateOptions : BaseOptions
    {
        /// <summary>Customer is the customer to charge (cus_…).</summary>
        [JsonName("customer")]
        public string Customer { get; set; }

        /// <summary>PaymentMethod is a card attached to the customer (pm_…).</summary>
        [JsonName("payment_method")]
        public string PaymentMethod { get; set; }

        /// <summary>Amount is each period's charge, in the currency's minor unit.</summary>
        [JsonName("amount")]
        public long? Amount { get; set; }

        /// <summary>InitialAmount is charged for period 0 instead of Amount.</summary>
        [JsonName("initial_amount")]
        public long? InitialAmount { get; set; }

        /// <summary>Currency is an ISO 4217 code, any case.</summary>
        [JsonName("currency")]
        public string Currency { get; set; }

        /// <summary>Interval is week, month, quarter or year.</summary>
        [JsonName("interval")]
        public string Interval { get; set; }

        /// <summary>TotalPayments is how many periods to charge; unset, until canceled.</summary>
        [JsonName("total_payments")]
        public long? TotalPayments { get; set; }

        /// <summary>StartDate is when the first charge happens (not in the past; default now).</summary>
        [JsonName("start_date")]
        public DateTime? StartDate { get; set; }

        /// <summary>Metadata is up to 50 keys and values of the merchant's.</summary>
        [JsonName("metadata")]
        public Dictionary<string, string> Metadata { get; set; }
    }

    /// <summary>SubscriptionUpdateOptions changes a subscription.</summary>
    public class SubscriptionUpdateOptions : BaseOptions
    {
        /// <summary>PaymentMethod is another card of the customer, for the next charges.</summary>
        [JsonName("payment_method")]
        public string PaymentMethod { get; set; }

        /// <summary>Metadata is merged into the subscription's.</summary>
        [JsonName("metadata")]
        public Dictionary<string, string> Metadata { get; set; }
    }

    /// <summary>SubscriptionListOptions pages subscriptions, optionally one customer's or in one status.</summary>
    public class SubscriptionListOptions : ListOptions
    {
        /// <summary>Customer keeps this customer's subscriptions.</summary>
        [JsonName("customer")]
        public string Customer { get; set; }

        /// <summary>Status keeps the subscriptions in this status.</summary>
        [JsonName("status")]
        public string Status { get; set; }
    }
}
