namespace PaySmart
{
    using System.Collections.Generic;
    using System.Net.Http;
    using System.Threading;
    using System.Threading.Tasks;

    /// <summary>
    /// PaymentService calls /v2/payments: charge a card (<see cref="Create"/>), authorise then
    /// capture or cancel, read, update and list payments.
    /// </summary>
    public class PaymentService : Service<Payment>
    {
        /// <summary>Initializes the service with <see cref="PaySmartConfiguration"/>'s client.</summary>
        public PaymentService()
        {
        }

        /// <summary>Initializes the service with a client.</summary>
        public PaymentService(PaySmartClient client)
            : base(client)
        {
        }

        /// <inheritdoc/>
        public override string BasePath
        {
            get { return "/payments"; }
        }

        /// <summary>Create charges a card or a saved payment method; Capture = false only
        /// authorises it. A declined card is a <see cref="CardException"/> whose Payment is the
        /// failed payment.</summary>
        public virtual Payment Create(PaymentCreateOptions options, RequestOptions requestOptions = null)
        {
            return this.Request(HttpMethod.Post, this.BasePath, options, requestOptions);
        }

        /// <summary>CreateAsync is <see cref="Create"/>, asynchronously.</summary>
        public virtual Task<Payment> CreateAsync(PaymentCreateOptions options, RequestOptions requestOptions = null, CancellationToken cancellationToken = default(CancellationToken))
        {
            return this.RequestAsync(HttpMethod.Post, this.BasePath, options, requestOptions, cancellationToken);
        }

        /// <summary>Get retrieves a payment (resource_missing: an InvalidRequestException, 404).</summary>
        public virtual Payment Get(string id, PaymentGetOptions options = null, RequestOptions requestOptions = null)
        {
            return this.Request(HttpMethod.Get, this.InstancePath(id), options, requestOptions);
        }

        /// <summary>GetAsync is <see cref="Get"/>, asynchronously.</summary>
        public virtual Task<Payment> GetAsync(string id, PaymentGetOptions options = null, RequestOptions requestOptions = null, CancellationToken cancellationToken = default(CancellationToken))
        {
            return this.RequestAsync(HttpMethod.Get, this.InstancePath(id), options, requestOptions, cancellationToken);
        }

        /// <summary>Update changes a payment's description, customer, receipt e-mail or metadata.</summary>
        public virtual Payment Update(string id, PaymentUpdateOptions options, RequestOptions requestOptions = null)
        {
            return this.Request(HttpMethod.Post, this.InstancePath(id), options, requestOptions);
        }

        /// <summary>UpdateAsync is <see cref="Update"/>, asynchronously.</summary>
        public virtual Task<Payment> UpdateAsync(string id, PaymentUpdateOptions options, RequestOptions requestOptions = null, CancellationToken cancellationToken = default(CancellationToken))
        {
            return this.RequestAsync(HttpMethod.Post, this.InstancePath(id), options, requestOptions, cancellationToken);
        }

        /// <summary>Capture captures an authorised (requires_capture) payment, all of it unless
        /// Amount says less; any other status is payment_unexpected_state (400).</summary>
        public virtual Payment Capture(string id, PaymentCaptureOptions options = null, RequestOptions requestOptions = null)
        {
            return this.Request(HttpMethod.Post, this.InstancePath(id) + "/capture", options, requestOptions);
        }

        /// <summary>CaptureAsync is <see cref="Capture"/>, asynchronously.</summary>
        public virtual Task<Payment> CaptureAsync(string id, PaymentCaptureOptions options = null, RequestOptions requestOptions = null, CancellationToken cancellationToken = default(CancellationToken))
        {
            return this.RequestAsync(HttpMethod.Post, this.InstancePath(id) + "/capture", options, requestOptions, cancellationToken);
        }

        /// <summary>Cancel releases an authorised payment (requires_capture) or ends the 3-D Secure wait of one in requires_action.</summary>
        public virtual Payment Cancel(string id, PaymentCancelOptions options = null, RequestOptions requestOptions = null)
        {
            return this.Request(HttpMethod.Post, this.InstancePath(id) + "/cancel", options, requestOptions);
        }

        /// <summary>CancelAsync is <see cref="Cancel"/>, asynchronously.</summary>
        public virtual Task<Payment> CancelAsync(string id, PaymentCancelOptions options = null, RequestOptions requestOptions = null, CancellationToken cancellationToken = default(CancellationToken))
        {
            return this.RequestAsync(HttpMethod.Post, this.InstancePath(id) + "/cancel", options, requestOptions, cancellationToken);
        }

        /// <summary>List fetches one page of payments, newest first.</summary>
        public virtual PaySmartList<Payment> List(PaymentListOptions options = null, RequestOptions requestOptions = null)
        {
            return this.ListRequest<Payment>(this.BasePath, options, requestOptions);
        }

        /// <summary>ListAsync is <see cref="List"/>, asynchronously.</summary>
        public virtual Task<PaySmartList<Payment>> ListAsync(PaymentListOptions options = null, RequestOptions requestOptions = null, CancellationToken cancellationToken = default(CancellationToken))
        {
            return this.ListRequestAsync<Payment>(this.BasePath, options, requestOptions, cancellationToken);
        }

        /// <summary>ListAutoPaging yields every payment, fetching pages as it goes.</summary>
        public virtual IEnumerable<Payment> ListAutoPaging(PaymentListOptions options = null, RequestOptions requestOptions = null)
        {
            return this.ListRequestAutoPaging<Payment>(this.BasePath, options, requestOptions);
        }
    }

    /// <summary>PaymentCreateOptions charges a card (<see cref="PaymentMethod"/>) or a saved
    /// payment method (<see cref="PaymentMethodId"/>).</summary>
    public class PaymentCreateOptions : BaseOptions
    {
        /// <summary>Amount is in the currency's minor unit (2000 is $20.00); at least 1.</summary>
        [JsonName("amount")]
        public long? Amount { get; set; }

        /// <summary>Currency is an ISO 4217 code, any case.</summary>
        [JsonName("currency")]
        public string Currency { get; set; }

        /// <summary>PaymentMethod is the card to charge.</summary>
        [JsonName("payment_method")]
        public PaymentMethodDataOptions PaymentMethod { get; set; }

        /// <summary>PaymentMethodId is a saved payment method (pm_…) to charge instead of a card.</summary>
        [JsonName("payment_method")]
        public string PaymentMethodId { get; set; }

        /// <summary>Customer is the customer's id (cus_…).</summary>
        [JsonName("customer")]
        public string Customer { get; set; }

        /// <summary>Description is the merchant's description.</summary>
        [JsonName("description")]
        public string Description { get; set; }

        /// <summary>ReceiptEmail is where to send the receipt.</summary>
        [JsonName("receipt_email")]
        public string ReceiptEmail { get; set; }

        /// <summary>Metadata is up to 50 keys and values of the merchant's.</summary>
        [JsonName("metadata")]
        public Dictionary<string, string> Metadata { get; set; }

        /// <summary>Capture false only authorises the payment (default true).</summary>
        [JsonName("capture")]
        public bool? Capture { get; set; }

        /// <summary>CaptureMethod is automatic or manual (manual is Capture = false).</summary>
        [JsonName("capture_method")]
        public string CaptureMethod { get; set; }

        /// <summary>Expand lists fields to expand: customer, payment_method.</summary>
        [JsonName("expand")]
        public List<string> Expand { get; set; }
    }

    /// <summary>PaymentMethodDataOptions is a card to charge.</summary>
    public class PaymentMethodDataOptions : BaseOptions
    {
        /// <summary>Type is "card".</summary>
        [JsonName("type")]
        public string Type { get; set; }

        /// <summary>Card is the card's details.</summary>
        [JsonName("card")]
        public CardOptions Card { get; set; }
    }

    /// <summary>PaymentGetOptions retrieves a payment.</summary>
    public class PaymentGetOptions : BaseOptions
    {
        /// <summary>Expand lists fields to expand: customer, payment_method.</summary>
        [JsonName("expand")]
        public List<string> Expand { get; set; }
    }

    /// <summary>PaymentUpdateOptions changes a payment; unset fields are left as they are.</summary>
    public class PaymentUpdateOptions : BaseOptions
    {
        /// <summary>Description is the merchant's description.</summary>
        [JsonName("description")]
        public string Description { get; set; }

        /// <summary>Customer is the customer's id.</summary>
        [JsonName("customer")]
        public string Customer { get; set; }

        /// <summary>ReceiptEmail is where to send the receipt.</summary>
        [JsonName("receipt_email")]
        public string ReceiptEmail { get; set; }

        /// <summary>Metadata is merged into the payment's.</summary>
        [JsonName("metadata")]
        public Dictionary<string, string> Metadata { get; set; }

        /// <summary>Expand lists fields to expand: customer, payment_method.</summary>
        [JsonName("expand")]
        public List<string> Expand { get; set; }
    }

    /// <summary>PaymentCaptureOptions captures part of an authorisation; unset, all of it.</summary>
    public class PaymentCaptureOptions : BaseOptions
    {
        /// <summary>Amount is at most the authorised amount.</summary>
        [JsonName("amount")]
        public long? Amount { get; set; }

        /// <summary>AmountToCapture is Stripe's name for Amount.</summary>
        [JsonName("amount_to_capture")]
        public long? AmountToCapture { get; set; }

        /// <summary>Expand lists fields to expand: customer, payment_method.</summary>
        [JsonName("expand")]
        public List<string> Expand { get; set; }
    }

    /// <summary>PaymentCancelOptions cancels an authorised payment.</summary>
    public class PaymentCancelOptions : BaseOptions
    {
        /// <summary>Expand lists fields to expand: customer, payment_method.</summary>
        [JsonName("expand")]
        public List<string> Expand { get; set; }
    }

    /// <summary>PaymentListOptions pages payments, optionally one customer's or in one status.</summary>
    public class PaymentListOptions : ListOptions
    {
        /// <summary>Customer keeps this customer's payments.</summary>
        [JsonName("customer")]
        public string Customer { get; set; }

        /// <summary>Status keeps the payments in this status.</summary>
        [JsonName("status")]
        public string Status { get; set; }

        /// <summary>Expand lists fields of each payment to expand: data.customer, data.payment_method.</summary>
        [JsonName("expand")]
        public List<string> Expand { get; set; }
    }
}
