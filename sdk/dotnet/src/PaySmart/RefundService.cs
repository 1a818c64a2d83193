namespace PaySmart
{
    using System.Collections.Generic;
    using System.Net.Http;
    using System.Threading;
    using System.Threading.Tasks;

    /// <summary>RefundService calls /v2/refunds: refund a payment, fully or in part; read and list refunds.</summary>
    public class RefundService : Service<Refund>
    {
        /// <summary>Initializes the service with <see cref="PaySmartConfiguration"/>'s client.</summary>
        public RefundService()
        {
        }

        /// <summary>Initializes the service with a client.</summary>
        public RefundService(PaySmartClient client)
            : base(client)
        {
        }

        /// <inheritdoc/>
        public override string BasePath
        {
            get { return "/refunds"; }
        }

        /// <summary>Create refunds a payment: Amount, or all that remains refundable.</summary>
        public virtual Refund Create(RefundCreateOptions options, RequestOptions requestOptions = null)
        {
            return this.Request(HttpMethod.Post, this.BasePath, options, requestOptions);
        }

        /// <summary>CreateAsync is <see cref="Create"/>, asynchronously.</summary>
        public virtual Task<Refund> CreateAsync(RefundCreateOptions options, RequestOptions requestOptions = null, CancellationToken cancellationToken = default(CancellationToken))
        {
            return this.RequestAsync(HttpMethod.Post, this.BasePath, options, requestOptions, cancellationToken);
        }

        /// <summary>Get retrieves a refund.</summary>
        public virtual Refund Get(string id, RefundGetOptions options = null, RequestOptions requestOptions = null)
        {
            return this.Request(HttpMethod.Get, this.InstancePath(id), options, requestOptions);
        }

        /// <summary>GetAsync is <see cref="Get"/>, asynchronously.</summary>
        public virtual Task<Refund> GetAsync(string id, RefundGetOptions options = null, RequestOptions requestOptions = null, CancellationToken cancellationToken = default(CancellationToken))
        {
            return this.RequestAsync(HttpMethod.Get, this.InstancePath(id), options, requestOptions, cancellationToken);
        }

        /// <summary>List fetches one page of refunds, newest first.</summary>
        public virtual PaySmartList<Refund> List(RefundListOptions options = null, RequestOptions requestOptions = null)
        {
            return this.ListRequest<Refund>(this.BasePath, options, requestOptions);
        }

        /// <summary>ListAsync is <see cref="List"/>, asynchronously.</summary>
        public virtual Task<PaySmartList<Refund>> ListAsync(RefundListOptions options = null, RequestOptions requestOptions = null, CancellationToken cancellationToken = default(CancellationToken))
        {
            return this.ListRequestAsync<Refund>(this.BasePath, options, requestOptions, cancellationToken);
        }

        /// <summary>ListAutoPaging yields every refund, fetching pages as it goes.</summary>
        public virtual IEnumerable<Refund> ListAutoPaging(RefundListOptions options = null, RequestOptions requestOptions = null)
        {
            return this.ListRequestAutoPaging<Refund>(this.BasePath, options, requestOptions);
        }
    }

    /// <summary>RefundCreateOptions refunds a payment.</summary>
    public class RefundCreateOptions : BaseOptions
    {
        /// <summary>Payment is the payment's id (pay_…).</summary>
        [JsonName("payment")]
        public string Payment { get; set; }

        /// <summary>Amount is what to refund; unset, all that remains refundable.</summary>
        [JsonName("amount")]
        public long? Amount { get; set; }

        /// <summary>Reason is duplicate, fraudulent or requested_by_customer.</summary>
        [JsonName("reason")]
        public string Reason { get; set; }

        /// <summary>Metadata is up to 50 keys and values of the merchant's.</summary>
        [JsonName("metadata")]
        public Dictionary<string, string> Metadata { get; set; }

        /// <summary>Expand lists fields to expand: payment, payment.customer.</summary>
        [JsonName("expand")]
        public List<string> Expand { get; set; }
    }

    /// <summary>RefundGetOptions retrieves a refund.</summary>
    public class RefundGetOptions : BaseOptions
    {
        /// <summary>Expand lists fields to expand: payment, payment.customer.</summary>
        [JsonName("expand")]
        public List<string> Expand { get; set; }
    }

    /// <summary>RefundListOptions pages refunds, optionally one payment's.</summary>
    public class RefundListOptions : ListOptions
    {
        /// <summary>Payment keeps this payment's refunds.</summary>
        [JsonName("payment")]
        public string Payment { get; set; }

        /// <summary>Expand lists fields of each refund to expand: data.payment, data.payment.customer.</summary>
        [JsonName("expand")]
        public List<string> Expand { get; set; }
    }
}
