namespace PaySmart
{
    using System;
    using System.Collections.Generic;

    /// <summary>
    /// Customer is a customer, to whom payments, cards and subscriptions belong. A deleted one is
    /// answered with only Id, Object and Deleted = true.
    /// </summary>
    public class Customer : PaySmartEntity, IHasId
    {
        /// <summary>Id is cus_ and hex characters.</summary>
        [JsonName("id")]
        public string Id { get; set; }

        /// <summary>Object is "customer".</summary>
        [JsonName("object")]
        public string Object { get; set; }

        /// <summary>Email is the customer's e-mail address.</summary>
        [JsonName("email")]
        public string Email { get; set; }

        /// <summary>Name is the customer's name.</summary>
        [JsonName("name")]
        public string Name { get; set; }

        /// <summary>Phone is the customer's phone number.</summary>
        [JsonName("phone")]
        public string Phone { get; set; }

        /// <summary>Description is the merchant's description.</summary>
        [JsonName("description")]
        public string Description { get; set; }

        /// <summary>Address is the customer's postal address.</summary>
        [JsonName("address")]
        public Address Address { get; set; }

        /// <summary>Metadata is the merchant's keys and values.</summary>
        [JsonName("metadata")]
        public Dictionary<string, string> Metadata { get; set; }

        /// <summary>TestClockId is the test clock (clock_…) the customer is on.</summary>
        [JsonName("test_clock")]
        public string TestClockId { get; set; }

        /// <summary>Livemode is true for a live customer.</summary>
        [JsonName("livemode")]
        public bool Livemode { get; set; }

        /// <summary>Created is when the customer was created (UTC).</summary>
        [JsonName("created")]
        public DateTime Created { get; set; }

        /// <summary>Deleted is true for a deleted customer.</summary>
        [JsonName("deleted")]
        public bool? Deleted { get; set; }
    }

    /// <summary>Address is a postal address; fields may be null.</summary>
    public class Address : PaySmartEntity
    {
        /// <summary>Line1 is the street.</summary>
        [JsonName("line1")]
        public string Line1 { get; set; }

        /// <summary>Line2 is the apartment, suite or building.</summary>
        [JsonName("line2")]
        public string Line2 { get; set; }

        /// <summary>City is the city.</summary>
        [JsonName("city")]
        public string City { get; set; }

        /// <summary>State is the state, county or region.</summary>
        [JsonName("state")]
        public string State { get; set; }

        /// <summary>PostalCode is the postal code.</summary>
        [JsonName("postal_code")]
        public string PostalCode { get; set; }

        /// <summary>Country is the ISO 3166-1 alpha-2 country code.</summary>
        [JsonName("country")]
        public string Country { get; set; }
    }
}
