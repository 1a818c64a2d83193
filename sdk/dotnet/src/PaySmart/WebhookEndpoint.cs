namespace PaySmart
{
    using System;
    using System.Collections.Generic;

    /// <summary>
    /// WebhookEndpoint is a URL events are sent to, signed with its Secret (whsec_…, set only in
    /// the answers to Create and RollSecret).
    /// </summary>
    public class WebhookEndpoint : PaySmartEntity, IHasId
    {
        /// <summary>Id is we_ and hex characters.</summary>
        [JsonName("id")]
        public string Id { get; set; }

        /// <summary>Object is "webhook_endpoint".</summary>
        [JsonName("object")]
        public string Object { get; set; }

        /// <summary>Url is where events are sent.</summary>
        [JsonName("url")]
        public string Url { get; set; }

        /// <summary>EnabledEvents are the event types sent, or "*" for all.</summary>
        [JsonName("enabled_events")]
        public List<string> EnabledEvents { get; set; }

        /// <summary>Description is the merchant's description.</summary>
        [JsonName("description")]
        public string Description { get; set; }

        /// <summary>Status is enabled or disabled.</summary>
        [JsonName("status")]
        public string Status { get; set; }

        /// <summary>Secret signs the deliveries; only in the answers to Create and RollSecret.</summary>
        [JsonName("secret")]
        public string Secret { get; set; }

        /// <summary>Metadata is the merchant's keys and values.</summary>
        [JsonName("metadata")]
        public Dictionary<string, string> Metadata { get; set; }

        /// <summary>Livemode is true for a live endpoint.</summary>
        [JsonName("livemode")]
        public bool Livemode { get; set; }

        /// <summary>Created is when the endpoint was registered (UTC).</summary>
        [JsonName("created")]
        public DateTime Created { get; set; }

        /// <summary>FailingSince is when the current run of failed deliveries began.</summary>
        [JsonName("failing_since")]
        public DateTime? FailingSince { get; set; }

        /// <summary>FlaggedAt is when a delivery of that run was given up.</summary>
        [JsonName("flagged_at")]
        public DateTime? FlaggedAt { get; set; }

        /// <summary>Deleted is true in the answer to Delete.</summary>
        [JsonName("deleted")]
        public bool? Deleted { get; set; }
    }

    /// <summary>WebhookDelivery is one attempt to deliver an event to an endpoint.</summary>
    public class WebhookDelivery : PaySmartEntity, IHasId
    {
        /// <summary>Id is the attempt's id.</summary>
        [JsonName("id")]
        public string Id { get; set; }

        /// <summary>Object is "webhook_delivery".</summary>
        [JsonName("object")]
        public string Object { get; set; }

        /// <summary>EventId is the delivered event.</summary>
        [JsonName("event")]
        public string EventId { get; set; }

        /// <summary>EndpointId is the endpoint it was sent to.</summary>
        [JsonName("endpoint")]
        public string EndpointId { get; set; }

        /// <summary>Attempt counts the attempts, from 1.</summary>
        [JsonName("attempt")]
        public long Attempt { get; set; }

        /// <summary>StatusCode is the endpoint's HTTP status, or null when it did not answer.</summary>
        [JsonName("status_code")]
        public long? StatusCode { get; set; }

        /// <summary>Error says why the attempt failed.</summary>
        [JsonName("error")]
        public string Error { get; set; }

        /// <summary>DurationMs is how long the attempt took, in milliseconds.</summary>
        [JsonName("duration_ms")]
        public long DurationMs { get; set; }

        /// <summary>Livemode is true for a live event.</summary>
        [JsonName("livemode")]
        public bool Livemode { get; set; }

        /// <summary>Created is when the attempt was made (UTC).</summary>
        [JsonName("created")]
        public DateTime Created { get; set; }

        /// <summary>NextRetryAt is when the next attempt is due, or null.</summary>
        [JsonName("next_retry_at")]
        public DateTime? NextRetryAt { get; set; }
    }
}
