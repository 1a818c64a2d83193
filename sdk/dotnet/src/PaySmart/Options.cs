namespace PaySmart
{
    using System;
    using System.Collections.Generic;

    /// <summary>
    /// BaseOptions is the parameters of one call. Properties left null are not sent;
    /// <see cref="AddExtraParam"/> sends a parameter this version of the library does not know.
    /// </summary>
    public class BaseOptions
    {
        /// <summary>ExtraParams are sent beside the typed parameters (nested dictionaries in
        /// bracket notation on a GET).</summary>
        public Dictionary<string, object> ExtraParams { get; set; }

        /// <summary>AddExtraParam sends one more parameter.</summary>
        public void AddExtraParam(string key, object value)
        {
            if (this.ExtraParams == null)
            {
                this.ExtraParams = new Dictionary<string, object>();
            }

            this.ExtraParams[key] = value;
        }
    }

    /// <summary>
    /// ListOptions pages a list: <see cref="Limit"/> objects a page (1 to 100, default 10), after
    /// (<see cref="StartingAfter"/>) or before (<see cref="EndingBefore"/>) an object's id,
    /// optionally only those <see cref="Created"/> in a range.
    /// </summary>
    public class ListOptions : BaseOptions
    {
        /// <summary>Limit is the page size, 1 to 100 (default 10).</summary>
        [JsonName("limit")]
        public long? Limit { get; set; }

        /// <summary>StartingAfter is an object id: the page starts after it.</summary>
        [JsonName("starting_after")]
        public string StartingAfter { get; set; }

        /// <summary>EndingBefore is an object id: the page ends before it.</summary>
        [JsonName("ending_before")]
        public string EndingBefore { get; set; }

        /// <summary>Created keeps the objects created in a range (created[gte]=… and so on).</summary>
        [JsonName("created")]
        public DateRangeOptions Created { get; set; }
    }

    /// <summary>DateRangeOptions bounds a time; unset bounds are open.</summary>
    public class DateRangeOptions : BaseOptions
    {
        /// <summary>GreaterThan is an exclusive lower bound.</summary>
        [JsonName("gt")]
        public DateTime? GreaterThan { get; set; }

        /// <summary>GreaterThanOrEqual is an inclusive lower bound.</summary>
        [JsonName("gte")]
        public DateTime? GreaterThanOrEqual { get; set; }

        /// <summary>LessThan is an exclusive upper bound.</summary>
        [JsonName("lt")]
        public DateTime? LessThan { get; set; }

        /// <summary>LessThanOrEqual is an inclusive upper bound.</summary>
        [JsonName("lte")]
        public DateTime? LessThanOrEqual { get; set; }
    }

    /// <summary>
    /// RequestOptions changes one call: the <see cref="IdempotencyKey"/> a write is sent under
    /// (a random one otherwise, kept across its retries) and the <see cref="ApiKey"/> it is
    /// authenticated with (the client's otherwise).
    /// </summary>
    public class RequestOptions
    {
        /// <summary>IdempotencyKey is sent as the Idempotency-Key header of a POST or DELETE:
        /// the same key and parameters within 24 hours replay the first answer.</summary>
        public string IdempotencyKey { get; set; }

        /// <summary>ApiKey authenticates this call instead of the client's key.</summary>
        public string ApiKey { get; set; }
    }
}
