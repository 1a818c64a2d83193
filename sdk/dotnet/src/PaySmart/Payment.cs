namespace PaySmart
{
    using System;
    using System.Collections.Generic;

    /// <summary>
    /// Payment is a card payment. Status is processing, requires_action, requires_capture,
    /// succeeded, failed or canceled; Amount is in the currency's minor unit (2000 is $20.00). A
    /// payment that is requires_action waits for the customer to answer a 3-D Secure challenge at
    /// NextAction.RedirectToUrl.Url.
    /// </summary>
    public class Payment : PaySmartEntity, IHasId
    {
        /// <summary>Id is pay_ and 32 hex characters.</summary>
        [JsonName("id")]
        public string Id { get; set; }

        /// <summary>Object is "payment".</summary>
        [JsonName("object")]
        public string Object { get; set; }

        /// <summary>Amount is what was asked, in the currency's minor unit.</summary>
        [JsonName("amount")]
        public long Amount { get; set; }

        /// <summary>AmountCaptured is what was captured.</summary>
        [JsonName("amount_captured")]
        public long AmountCaptured { get; set; }

        /// <summary>AmountRefunded is what was refunded.</summary>
        [JsonName("amount_refunded")]
        public long AmountRefunded { get; set; }

        /// <summary>Currency is the ISO 4217 code, lower case.</summary>
        [JsonName("currency")]
        public string Currency { get; set; }

        /// <summary>Status is processing, requires_action, requires_capture, succeeded, failed or canceled.</summary>
        [JsonName("status")]
        public string Status { get; set; }

        /// <summary>CaptureMethod is automatic or manual.</summary>
        [JsonName("capture_method")]
        public string CaptureMethod { get; set; }

        /// <summary>PaymentMethodId is the id of the card the payment was made with.</summary>
        [JsonName("payment_method")]
        public string PaymentMethodId { get; set; }

        /// <summary>PaymentMethod is the card the payment was made with.</summary>
        [JsonName("payment_method")]
        public PaymentMethod PaymentMethod { get; set; }

        /// <summary>CustomerId is the customer's id, or null.</summary>
        [JsonName("customer")]
        public string CustomerId { get; set; }

        /// <summary>Customer is the customer, when expanded (Expand = { "customer" }).</summary>
        [JsonName("customer")]
        public Customer Customer { get; set; }

        /// <summary>Description is the merchant's description.</summary>
        [JsonName("description")]
        public string Description { get; set; }

        /// <summary>Metadata is the merchant's keys and values.</summary>
        [JsonName("metadata")]
        public Dictionary<string, string> Metadata { get; set; }

        /// <summary>ReceiptEmail is where the receipt was sent.</summary>
        [JsonName("receipt_email")]
        public string ReceiptEmail { get; set; }

        /// <summary>ReceiptNumber is the receipt's number.</summary>
        [JsonName("receipt_number")]
        public string ReceiptNumber { get; set; }

        /// <summary>ReceiptUrl is the public receipt page.</summary>
        [JsonName("receipt_url")]
        public string ReceiptUrl { get; set; }

        /// <summary>FailureCode is why a failed payment failed (card_declined, …).</summary>
        [JsonName("failure_code")]
        public string FailureCode { get; set; }

        /// <summary>FailureMessage says why a failed payment failed.</summary>
        [JsonName("failure_message")]
        public string FailureMessage { get; set; }

        /// <summary>NextAction is what the customer must do while the payment is requires_action.</summary>
        [JsonName("next_action")]
        public PaymentNextAction NextAction { get; set; }

        /// <summary>Refunded is true once the whole amount is refunded.</summary>
        [JsonName("refunded")]
        public bool Refunded { get; set; }

        /// <summary>SubscriptionId is the subscription (sub_…) whose period the payment charged.</summary>
        [JsonName("subscription")]
        public string SubscriptionId { get; set; }

        /// <summary>Livemode is true for a live payment.</summary>
        [JsonName("livemode")]
        public bool Livemode { get; set; }

        /// <summary>Created is when the payment was made (UTC).</summary>
        [JsonName("created")]
        public DateTime Created { get; set; }
    }

    /// <summary>PaymentNextAction is what the customer must do before a payment can go on: for
    /// Type redirect_to_url, open RedirectToUrl.Url (the 3-D Secure challenge).</summary>
    public class PaymentNextAction : PaySmartEntity
    {
        /// <summary>Type is redirect_to_url.</summary>
        [JsonName("type")]
        public string Type { get; set; }

        /// <summary>RedirectToUrl is the challenge page.</summary>
        [JsonName("redirect_to_url")]
        public PaymentNextActionRedirectToUrl RedirectToUrl { get; set; }
    }

    /// <summary>PaymentNextActionRedirectToUrl is the 3-D Secure challenge page.</summary>
    public class PaymentNextActionRedirectToUrl : PaySmartEntity
    {
        /// <summary>Url is the page to send the customer to.</summary>
        [JsonName("url")]
        public string Url { get; set; }

        /// <summary>ReturnUrl is where the customer comes back to.</summary>
        [JsonName("return_url")]
        public string ReturnUrl { get; set; }
    }
}
