namespace PaySmart
{
    using System;
    using System.Collections.Generic;

    /// <summary>
    /// Subscription charges a customer's saved card every Interval (week, month, quarter or year).
    /// Status is active, past_due, canceled or completed; TotalPayments is null when it bills until
    /// canceled, NextPaymentAttempt null once nothing more will be charged.
    /// </summary>
    public class Subscription : PaySmartEntity, IHasId
    {
        /// <summary>Id is sub_ and hex characters.</summary>
        [JsonName("id")]
        public string Id { get; set; }

        /// <summary>Object is "subscription".</summary>
        [JsonName("object")]
        public string Object { get; set; }

        /// <summary>CustomerId is the charged customer.</summary>
        [JsonName("customer")]
        public string CustomerId { get; set; }

        /// <summary>PaymentMethodId is the charged card (pm_…).</summary>
        [JsonName("payment_method")]
        public string PaymentMethodId { get; set; }

        /// <summary>Amount is each period's charge, in the currency's minor unit.</summary>
        [JsonName("amount")]
        public long Amount { get; set; }

        /// <summary>InitialAmount is what period 0 charged instead of Amount, or null.</summary>
        [JsonName("initial_amount")]
        public long? InitialAmount { get; set; }

        /// <summary>Currency is the ISO 4217 code, lower case.</summary>
        [JsonName("currency")]
        public string Currency { get; set; }

        /// <summary>Interval is week, month, quarter or year.</summary>
        [JsonName("interval")]
        public string Interval { get; set; }

        /// <summary>StartDate is the anchor: period n starts n intervals after it (UTC).</summary>
        [JsonName("start_date")]
        public DateTime StartDate { get; set; }

        /// <summary>TimeZone is the IANA zone of the merchant's calendar the periods follow.</summary>
        [JsonName("time_zone")]
        public string TimeZone { get; set; }

        /// <summary>Status is active, past_due, canceled or completed.</summary>
        [JsonName("status")]
        public string Status { get; set; }

        /// <summary>CurrentPeriodStart is when the current period began (UTC).</summary>
        [JsonName("current_period_start")]
        public DateTime CurrentPeriodStart { get; set; }

        /// <summary>CurrentPeriodEnd is when the current period ends (UTC).</summary>
        [JsonName("current_period_end")]
        public DateTime CurrentPeriodEnd { get; set; }

        /// <summary>PaymentsMade counts the periods charged.</summary>
        [JsonName("payments_made")]
        public long PaymentsMade { get; set; }

        /// <summary>TotalPayments is how many periods are charged, or null until canceled.</summary>
        [JsonName("total_payments")]
        public long? TotalPayments { get; set; }

        /// <summary>NextPaymentAttempt is when the next charge is due, or null.</summary>
        [JsonName("next_payment_attempt")]
        public DateTime? NextPaymentAttempt { get; set; }

        /// <summary>AttemptCount is the dunning retry under way (0: the period's first attempt).</summary>
        [JsonName("attempt_count")]
        public long AttemptCount { get; set; }

        /// <summary>LatestPaymentId is the latest charge (pay_…), or null.</summary>
        [JsonName("latest_payment")]
        public string LatestPaymentId { get; set; }

        /// <summary>TestClockId is the customer's test clock, or null.</summary>
        [JsonName("test_clock")]
        public string TestClockId { get; set; }

        /// <summary>Metadata is the merchant's keys and values.</summary>
        [JsonName("metadata")]
        public Dictionary<string, string> Metadata { get; set; }

        /// <summary>CanceledAt is when it was canceled, or null.</summary>
        [JsonName("canceled_at")]
        public DateTime? CanceledAt { get; set; }

        /// <summary>EndedAt is when it ended, or null.</summary>
        [JsonName("ended_at")]
        public DateTime? EndedAt { get; set; }

        /// <summary>Livemode is true for a live subscription.</summary>
        [JsonName("livemode")]
        public bool Livemode { get; set; }

        /// <summary>Created is when it was created (UTC).</summary>
        [JsonName("created")]
        public DateTime Created { get; set; }
    }
}
