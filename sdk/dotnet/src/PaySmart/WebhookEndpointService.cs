namespace PaySmart
{
    using System.Collections.Generic;
    using System.Net.Http;
    using System.Threading;
    using System.Threading.Tasks;

    /// <summary>
    /// WebhookEndpointService calls /v2/webhook_endpoints: register, read, update, delete and list
    /// the URLs events are sent to, and roll their signing secrets.
    /// </summary>
    public class WebhookEndpointService : Service<WebhookEndpoint>
    {
        /// <summary>Initializes the service with <see cref="PaySmartConfiguration"/>'s client.</summary>
        public WebhookEndpointService()
        {
        }

        /// <summary>Initializes the service with a client.</summary>
        public WebhookEndpointService(PaySmartClient client)
            : base(client)
        {
        }

        /// <inheritdoc/>
        public override string BasePath
        {
            get { return "/webhook_endpoints"; }
        }

        /// <summary>Create registers an endpoint; the answer's Secret is shown only this once.</summary>
        public virtual WebhookEndpoint Create(WebhookEndpointCreateOptions options, RequestOptions requestOptions = null)
        {
            return this.Request(HttpMethod.Post, this.BasePath, options, requestOptions);
        }

        /// <summary>CreateAsync is <see cref="Create"/>, asynchronously.</summary>
        public virtual Task<WebhookEndpoint> CreateAsync(WebhookEndpointCreateOptions options, RequestOptions requestOptions = null, CancellationToken cancellationToken = default(CancellationToken))
        {
            return this.RequestAsync(HttpMethod.Post, this.BasePath, options, requestOptions, cancellationToken);
        }

        /// <summary>Get retrieves an endpoint.</summary>
        public virtual WebhookEndpoint Get(string id, RequestOptions requestOptions = null)
        {
            return this.Request(HttpMethod.Get, this.InstancePath(id), null, requestOptions);
        }

        /// <summary>GetAsync is <see cref="Get"/>, asynchronously.</summary>
        public virtual Task<WebhookEndpoint> GetAsync(string id, RequestOptions requestOptions = null, CancellationToken cancellationToken = default(CancellationToken))
        {
            return this.RequestAsync(HttpMethod.Get, this.InstancePath(id), null, requestOptions, cancellationToken);
        }

        /// <summary>Update changes an endpoint; Disabled stops or resumes its deliveries.</summary>
        public virtual WebhookEndpoint Update(string id, WebhookEndpointUpdateOptions options, RequestOptions requestOptions = null)
        {
            return this.Request(HttpMethod.Post, this.InstancePath(id), options, requestOptions);
        }

        /// <summary>UpdateAsync is <see cref="Update"/>, asynchronously.</summary>
        public virtual Task<WebhookEndpoint> UpdateAsync(string id, WebhookEndpointUpdateOptions options, RequestOptions requestOptions = null, CancellationToken cancellationToken = default(CancellationToken))
        {
            return this.RequestAsync(HttpMethod.Post, this.InstancePath(id), options, requestOptions, cancellationToken);
        }

        /// <summary>Delete deletes an endpoint; the answer has Id and Deleted = true.</summary>
        public virtual WebhookEndpoint Delete(string id, RequestOptions requestOptions = null)
        {
            return this.Request(HttpMethod.Delete, this.InstancePath(id), null, requestOptions);
        }

        /// <summary>DeleteAsync is <see cref="Delete"/>, asynchronously.</summary>
        public virtual Task<WebhookEndpoint> DeleteAsync(string id, RequestOptions requestOptions = null, CancellationToken cancellationToken = default(CancellationToken))
        {
            return this.RequestAsync(HttpMethod.Delete, this.InstancePath(id), null, requestOptions, cancellationToken);
        }

        /// <summary>RollSecret gives an endpoint a new secret (in the answer, shown once); the old
        /// one keeps signing for ExpiresIn seconds (at most 86400).</summary>
        public virtual WebhookEndpoint RollSecret(string id, WebhookEndpointRollSecretOptions options = null, RequestOptions requestOptions = null)
        {
            return this.Request(HttpMethod.Post, this.InstancePath(id) + "/roll_secret", options, requestOptions);
        }

        /// <summary>RollSecretAsync is <see cref="RollSecret"/>, asynchronously.</summary>
        public virtual Task<WebhookEndpoint> RollSecretAsync(string id, WebhookEndpointRollSecretOptions options = null, RequestOptions requestOptions = null, CancellationToken cancellationToken = default(CancellationToken))
        {
            return this.RequestAsync(HttpMethod.Post, this.InstancePath(id) + "/roll_secret", options, requestOptions, cancellationToken);
        }

        /// <summary>List fetches one page of endpoints, newest first.</summary>
        public virtual PaySmartList<WebhookEndpoint> List(WebhookEndpointListOptions options = null, RequestOptions requestOptions = null)
        {
            return this.ListRequest<WebhookEndpoint>(this.BasePath, options, requestOptions);
        }

        /// <summary>ListAsync is <see cref="List"/>, asynchronously.</summary>
        public virtual Task<PaySmartList<WebhookEndpoint>> ListAsync(WebhookEndpointListOptions options = null, RequestOptions requestOptions = null, CancellationToken cancellationToken = default(CancellationToken))
        {
            return this.ListRequestAsync<WebhookEndpoint>(this.BasePath, options, requestOptions, cancellationToken);
        }

        /// <summary>ListAutoPaging yields every endpoint, fetching pages as it goes.</summary>
        public virtual IEnumerable<WebhookEndpoint> ListAutoPaging(WebhookEndpointListOptions options = null, RequestOptions requestOptions = null)
        {
            return this.ListRequestAutoPaging<WebhookEndpoint>(this.BasePath, options, requestOptions);
        }
    }

    /// <summary>WebhookEndpointCreateOptions registers an endpoint.</summary>
    public class WebhookEndpointCreateOptions : BaseOptions
    {
        /// <summary>Url is where to send events.</summary>
        [JsonName("url")]
        public string Url { get; set; }

        /// <summary>EnabledEvents are the event types to send, or { "*" } for all.</summary>
        [JsonName("enabled_events")]
        public List<string> EnabledEvents { get; set; }

        /// <summary>Description is the merchant's description.</summary>
        [JsonName("description")]
        public string Description { get; set; }

        /// <summary>Metadata is up to 50 keys and values of the merchant's.</summary>
        [JsonName("metadata")]
        public Dictionary<string, string> Metadata { get; set; }
    }

    /// <summary>WebhookEndpointUpdateOptions changes an endpoint; unset fields are left as they are.</summary>
    public class WebhookEndpointUpdateOptions : BaseOptions
    {
        /// <summary>Url is where to send events.</summary>
        [JsonName("url")]
        public string Url { get; set; }

        /// <summary>EnabledEvents are the event types to send.</summary>
        [JsonName("enabled_events")]
        public List<string> EnabledEvents { get; set; }

        /// <summary>Description is the merchant's description.</summary>
        [JsonName("description")]
        public string Description { get; set; }

        /// <summary>Metadata is merged into the endpoint's.</summary>
        [JsonName("metadata")]
        public Dictionary<string, string> Metadata { get; set; }

        /// <summary>Disabled true stops the deliveries, false resumes them.</summary>
        [JsonName("disabled")]
        public bool? Disabled { get; set; }
    }

    /// <summary>WebhookEndpointRollSecretOptions rolls an endpoint's secret.</summary>
    public class WebhookEndpointRollSecretOptions : BaseOptions
    {
        /// <summary>ExpiresIn is how many seconds the old secret keeps signing (0 to 86400, default 0).</summary>
        [JsonName("expires_in")]
        public long? ExpiresIn { get; set; }
    }

    /// <summary>WebhookEndpointListOptions pages endpoints.</summary>
    public class WebhookEndpointListOptions : ListOptions
    {
    }
}
