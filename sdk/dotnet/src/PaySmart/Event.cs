namespace PaySmart
{
    using System;
    using System.Collections.Generic;

    /// <summary>
    /// Event records a change in the account, of a <see cref="Type"/> such as payment.succeeded;
    /// Data.Object is the changed object as it was then. Webhooks deliver events
    /// (<see cref="EventUtility.ConstructEvent(string, string, string, long)"/>).
    /// </summary>
    public class Event : PaySmartEntity, IHasId
    {
        /// <summary>Id is evt_ and hex characters.</summary>
        [JsonName("id")]
        public string Id { get; set; }

        /// <summary>Object is "event".</summary>
        [JsonName("object")]
        public string Object { get; set; }

        /// <summary>Type is payment.succeeded, payment.failed, refund.created, customer.created, ….</summary>
        [JsonName("type")]
        public string Type { get; set; }

        /// <summary>Created is when the change happened (UTC).</summary>
        [JsonName("created")]
        public DateTime Created { get; set; }

        /// <summary>Livemode is true for a live event.</summary>
        [JsonName("livemode")]
        public bool Livemode { get; set; }

        /// <summary>Data holds the changed object.</summary>
        [JsonName("data")]
        public EventData Data { get; set; }
    }

    /// <summary>EventData holds the object an event is about.</summary>
    public class EventData : PaySmartEntity
    {
        /// <summary>Object is the object, typed by its "object" field: a <see cref="Payment"/>,
        /// <see cref="Refund"/>, <see cref="Customer"/>, <see cref="WebhookEndpoint"/>,
        /// <see cref="Subscription"/> or <see cref="TestClock"/> (null for a kind this version does
        /// not know; RawObject has it still).</summary>
        [JsonName("object")]
        public PaySmartEntity Object { get; set; }

        /// <summary>RawObject is the object as JSON values.</summary>
        [JsonName("object")]
        public Dictionary<string, object> RawObject { get; set; }
    }
}
