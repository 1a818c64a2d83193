namespace PaySmart
{
    using System.Collections.Generic;
    using System.Net.Http;
    using System.Threading;
    using System.Threading.Tasks;

    /// <summary>
    /// EventService calls /v2/events: read and list events, list the attempts to deliver one, and
    /// deliver one again.
    /// </summary>
    public class EventService : Service<Event>
    {
        /// <summary>Initializes the service with <see cref="PaySmartConfiguration"/>'s client.</summary>
        public EventService()
        {
        }

        /// <summary>Initializes the service with a client.</summary>
        public EventService(PaySmartClient client)
            : base(client)
        {
        }

        /// <inheritdoc/>
        public override string BasePath
        {
            get { return "/events"; }
        }

        /// <summary>Get retrieves an event.</summary>
        public virtual Event Get(string id, RequestOptions requestOptions = null)
        {
            return this.Request(HttpMethod.Get, this.InstancePath(id), null, requestOptions);
        }

        /// <summary>GetAsync is <see cref="Get"/>, asynchronously.</summary>
        public virtual Task<Event> GetAsync(string id, RequestOptions requestOptions = null, CancellationToken cancellationToken = default(CancellationToken))
        {
            return this.RequestAsync(HttpMethod.Get, this.InstancePath(id), null, requestOptions, cancellationToken);
        }

        /// <summary>List fetches one page of events, newest first.</summary>
        public virtual PaySmartList<Event> List(EventListOptions options = null, RequestOptions requestOptions = null)
        {
            return this.ListRequest<Event>(this.BasePath, options, requestOptions);
        }

        /// <summary>ListAsync is <see cref="List"/>, asynchronously.</summary>
        public virtual Task<PaySmartList<Event>> ListAsync(EventListOptions options = null, RequestOptions requestOptions = null, CancellationToken cancellationToken = default(CancellationToken))
        {
            return this.ListRequestAsync<Event>(this.BasePath, options, requestOptions, cancellationToken);
        }

        /// <summary>ListAutoPaging yields every event, fetching pages as it goes.</summary>
        public virtual IEnumerable<Event> ListAutoPaging(EventListOptions options = null, RequestOptions requestOptions = null)
        {
            return this.ListRequestAutoPaging<Event>(this.BasePath, options, requestOptions);
        }

        /// <summary>ListDeliveries fetches one page of the attempts to deliver an event, newest first.</summary>
        public virtual PaySmartList<WebhookDelivery> ListDeliveries(string id, ListOptions options = null, RequestOptions requestOptions = null)
        {
            return this.ListRequest<WebhookDelivery>(this.InstancePath(id) + "/deliveries", options, requestOptions);
        }

        /// <summary>ListDeliveriesAsync is <see cref="ListDeliveries"/>, asynchronously.</summary>
        public virtual Task<PaySmartList<WebhookDelivery>> ListDeliveriesAsync(string id, ListOptions options = null, RequestOptions requestOptions = null, CancellationToken cancellationToken = default(CancellationToken))
        {
            return this.ListRequestAsync<WebhookDelivery>(this.InstancePath(id) + "/deliveries", options, requestOptions, cancellationToken);
        }

        /// <summary>ListDeliveriesAutoPaging yields every attempt to deliver an event.</summary>
        public virtual IEnumerable<WebhookDelivery> ListDeliveriesAutoPaging(string id, ListOptions options = null, RequestOptions requestOptions = null)
        {
            return this.ListRequestAutoPaging<WebhookDelivery>(this.InstancePath(id) + "/deliveries", options, requestOptions);
        }

        /// <summary>Retry delivers an event again now to every enabled endpoint that subscribes to it.</summary>
        public virtual Event Retry(string id, RequestOptions requestOptions = null)
        {
            return this.Request(HttpMethod.Post, this.InstancePath(id) + "/retry", null, requestOptions);
        }

        /// <summary>RetryAsync is <see cref="Retry"/>, asynchronously.</summary>
        public virtual Task<Event> RetryAsync(string id, RequestOptions requestOptions = null, CancellationToken cancellationToken = default(CancellationToken))
        {
            return this.RequestAsync(HttpMethod.Post, this.InstancePath(id) + "/retry", null, requestOptions, cancellationToken);
        }
    }

    /// <summary>EventListOptions pages events, optionally of one type.</summary>
    public class EventListOptions : ListOptions
    {
        /// <summary>Type keeps the events of this type (payment.succeeded, …).</summary>
        [JsonName("type")]
        public string Type { get; set; }
    }
}
