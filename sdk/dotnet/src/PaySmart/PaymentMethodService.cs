namespace PaySmart
{
    using System.Net.Http;
    using System.Threading;
    using System.Threading.Tasks;

    /// <summary>
    /// PaymentMethodService calls /v2/payment_methods: tokenise a card (the one call a publishable
    /// key may make; attaching it to a customer needs a secret key) and read it back.
    /// </summary>
    public class PaymentMethodService : Service<PaymentMethod>
    {
        /// <summary>Initializes the service with <see cref="PaySmartConfiguration"/>'s client.</summary>
        public PaymentMethodService()
        {
        }

        /// <summary>Initializes the service with a client.</summary>
        public PaymentMethodService(PaySmartClient client)
            : base(client)
        {
        }

        /// <inheritdoc/>
        public override string BasePath
        {
            get { return "/payment_methods"; }
        }

        /// <summary>Create tokenises a card.</summary>
        public virtual PaymentMethod Create(PaymentMethodCreateOptions options, RequestOptions requestOptions = null)
        {
            return this.Request(HttpMethod.Post, this.BasePath, options, requestOptions);
        }

        /// <summary>CreateAsync is <see cref="Create"/>, asynchronously.</summary>
        public virtual Task<PaymentMethod> CreateAsync(PaymentMethodCreateOptions options, RequestOptions requestOptions = null, CancellationToken cancellationToken = default(CancellationToken))
        {
            return this.RequestAsync(HttpMethod.Post, this.BasePath, options, requestOptions, cancellationToken);
        }

        /// <summary>Get retrieves a payment method.</summary>
        public virtual PaymentMethod Get(string id, RequestOptions requestOptions = null)
        {
            return this.Request(HttpMethod.Get, this.InstancePath(id), null, requestOptions);
        }

        /// <summary>GetAsync is <see cref="Get"/>, asynchronously.</summary>
        public virtual Task<PaymentMethod> GetAsync(string id, RequestOptions requestOptions = null, CancellationToken cancellationToken = default(CancellationToken))
        {
            return this.RequestAsync(HttpMethod.Get, this.InstancePath(id), null, requestOptions, cancellationToken);
        }
    }

    /// <summary>PaymentMethodCreateOptions tokenises a card, optionally for a customer.</summary>
    public class PaymentMethodCreateOptions : BaseOptions
    {
        /// <summary>Type is "card".</summary>
        [JsonName("type")]
        public string Type { get; set; }

        /// <summary>Card is the card's details.</summary>
        [JsonName("card")]
        public CardOptions Card { get; set; }

        /// <summary>Customer attaches the card to a customer (cus_…; needs a secret key).</summary>
        [JsonName("customer")]
        public string Customer { get; set; }
    }

    /// <summary>CardOptions is a card's number, expiry and security code.</summary>
    public class CardOptions : BaseOptions
    {
        /// <summary>Number is the card number.</summary>
        [JsonName("number")]
        public string Number { get; set; }

        /// <summary>ExpMonth is the expiry month, 1 to 12.</summary>
        [JsonName("exp_month")]
        public long? ExpMonth { get; set; }

        /// <summary>ExpYear is the expiry year.</summary>
        [JsonName("exp_year")]
        public long? ExpYear { get; set; }

        /// <summary>Cvc is the security code.</summary>
        [JsonName("cvc")]
        public string Cvc { get; set; }
    }
}
