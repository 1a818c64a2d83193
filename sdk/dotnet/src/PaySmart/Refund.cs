namespace PaySmart
{
    using System;
    using System.Collections.Generic;

    /// <summary>
    /// Refund is a refund of a payment: pending until the processor answers, then succeeded or
    /// failed (with FailureReason; a failed refund's amount is refundable again).
    /// </summary>
    public class Refund : PaySmartEntity, IHasId
    {
        /// <summary>Id is re_ and hex characters.</summary>
        [JsonName("id")]
        public string Id { get; set; }

        /// <summary>Object is "refund".</summary>
        [JsonName("object")]
        public string Object { get; set; }

        /// <summary>Amount is what is refunded, in the currency's minor unit.</summary>
        [JsonName("amount")]
        public long Amount { get; set; }

        /// <summary>Currency is the payment's currency.</summary>
        [JsonName("currency")]
        public string Currency { get; set; }

        /// <summary>PaymentId is the refunded payment's id.</summary>
        [JsonName("payment")]
        public string PaymentId { get; set; }

        /// <summary>Payment is the refunded payment, when expanded (Expand = { "payment" }).</summary>
        [JsonName("payment")]
        public Payment Payment { get; set; }

        /// <summary>Reason is duplicate, fraudulent, requested_by_customer or null.</summary>
        [JsonName("reason")]
        public string Reason { get; set; }

        /// <summary>Status is pending, succeeded or failed.</summary>
        [JsonName("status")]
        public string Status { get; set; }

        /// <summary>FailureReason is why a failed refund failed.</summary>
        [JsonName("failure_reason")]
        public string FailureReason { get; set; }

        /// <summary>Metadata is the merchant's keys and values.</summary>
        [JsonName("metadata")]
        public Dictionary<string, string> Metadata { get; set; }

        /// <summary>Livemode is true for a live refund.</summary>
        [JsonName("livemode")]
        public bool Livemode { get; set; }

        /// <summary>Created is when the refund was made (UTC).</summary>
        [JsonName("created")]
        public DateTime Created { get; set; }
    }
}
