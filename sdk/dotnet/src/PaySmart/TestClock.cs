namespace PaySmart
{
    using System;

    /// <summary>
    /// TestClock is simulated time for test-mode customers and their subscriptions. Status is
    /// ready, or advancing while an advance runs.
    /// </summary>
    public class TestClock : PaySmartEntity, IHasId
    {
        /// <summary>Id is clock_ and hex characters.</summary>
        [JsonName("id")]
        public string Id { get; set; }

        /// <summary>Object is "test_helpers.test_clock".</summary>
        [JsonName("object")]
        public string Object { get; set; }

        /// <summary>Name is the merchant's name for it.</summary>
        [JsonName("name")]
        public string Name { get; set; }

        /// <summary>FrozenTime is the clock's time (UTC).</summary>
        [JsonName("frozen_time")]
        public DateTime FrozenTime { get; set; }

        /// <summary>Status is ready or advancing.</summary>
        [JsonName("status")]
        public string Status { get; set; }

        /// <summary>Livemode is always false.</summary>
        [JsonName("livemode")]
        public bool Livemode { get; set; }

        /// <summary>Created is when the clock was created (UTC).</summary>
        [JsonName("created")]
        public DateTime Created { get; set; }

        /// <summary>Deleted is true in the answer to Delete.</summary>
        [JsonName("deleted")]
        public bool? Deleted { get; set; }
    }
}
