namespace PaySmart
{
    using System;

    /// <summary>
    /// PaymentMethod is a tokenised card. In a payment, only Id, Type and Card are set.
    /// </summary>
    public class PaymentMethod : PaySmartEntity, IHasId
    {
        /// <summary>Id is pm_ and hex characters.</summary>
        [JsonName("id")]
        public string Id { get; set; }

        /// <summary>Object is "payment_method".</summary>
        [JsonName("object")]
        public string Object { get; set; }

        /// <summary>Type is "card".</summary>
        [JsonName("type")]
        public string Type { get; set; }

        /// <summary>Card is what is shown of the card.</summary>
        [JsonName("card")]
        public PaymentMethodCard Card { get; set; }

        /// <summary>CustomerId is the customer the card is attached to, or null.</summary>
        [JsonName("customer")]
        public string CustomerId { get; set; }

        /// <summary>Livemode is true for a live card.</summary>
        [JsonName("livemode")]
        public bool Livemode { get; set; }

        /// <summary>Created is when the card was tokenised (UTC).</summary>
        [JsonName("created")]
        public DateTime Created { get; set; }
    }

    /// <summary>PaymentMethodCard is what a payment or payment method shows of a card.</summary>
    public class PaymentMethodCard : PaySmartEntity
    {
        /// <summary>Brand is visa, mastercard, amex, ….</summary>
        [JsonName("brand")]
        public string Brand { get; set; }

        /// <summary>Last4 is the number's last four digits.</summary>
        [JsonName("last4")]
        public string Last4 { get; set; }

        /// <summary>ExpMonth is the expiry month, 1 to 12.</summary>
        [JsonName("exp_month")]
        public long ExpMonth { get; set; }

        /// <summary>ExpYear is the expiry year.</summary>
        [JsonName("exp_year")]
        public long ExpYear { get; set; }

        /// <summary>Fingerprint is the same for every token of one card number (payment methods only).</summary>
        [JsonName("fingerprint")]
        public string Fingerprint { get; set; }
    }
}
