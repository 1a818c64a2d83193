namespace PaySmart
{
    using System;
    using System.Net;

    /// <summary>
    /// PaySmartError is the <c>error</c> object of an answer that is not a success.
    /// </summary>
    public class PaySmartError : PaySmartEntity
    {
        /// <summary>Type is invalid_request_error, authentication_error, permission_error,
        /// card_error, idempotency_error, rate_limit_error or api_error.</summary>
        [JsonName("type")]
        public string Type { get; set; }

        /// <summary>Code is a stable reason, such as parameter_missing, resource_missing or
        /// card_declined.</summary>
        [JsonName("code")]
        public string Code { get; set; }

        /// <summary>DeclineCode is why the card's issuer declined it (insufficient_funds, …).</summary>
        [JsonName("decline_code")]
        public string DeclineCode { get; set; }

        /// <summary>Param is the parameter at fault, in bracket notation
        /// (payment_method[card][cvc]).</summary>
        [JsonName("param")]
        public string Param { get; set; }

        /// <summary>Message says what went wrong, for a developer.</summary>
        [JsonName("message")]
        public string Message { get; set; }

        /// <summary>RequestId is the server's id for the request.</summary>
        [JsonName("request_id")]
        public string RequestId { get; set; }

        /// <summary>Payment is the failed payment of a declined card.</summary>
        [JsonName("payment")]
        public Payment Payment { get; set; }
    }

    /// <summary>
    /// PaySmartException is every error of the library: the API's answers that are not a success
    /// (one subclass per error type), a network failure (<see cref="ApiConnectionException"/>)
    /// and a webhook that fails verification (<see cref="SignatureVerificationException"/>).
    /// </summary>
    public class PaySmartException : Exception
    {
        /// <summary>Initializes an error with only a message.</summary>
        public PaySmartException(string message)
            : base(message)
        {
        }

        /// <summary>Initializes an error caused by another.</summary>
        public PaySmartException(string message, Exception inner)
            : base(message, inner)
        {
        }

        /// <summary>Initializes an error the API answered.</summary>
        public PaySmartException(HttpStatusCode httpStatusCode, PaySmartError error, string message)
            : base(message)
        {
            this.HttpStatusCode = httpStatusCode;
            this.PaySmartError = error;
        }

        /// <summary>HttpStatusCode is the answer's HTTP status (0 when there was no answer).</summary>
        public HttpStatusCode HttpStatusCode { get; set; }

        /// <summary>PaySmartError is the answer's error object.</summary>
        public PaySmartError PaySmartError { get; set; }

        /// <summary>PaySmartResponse is the answer itself (headers, raw body).</summary>
        public PaySmartResponse PaySmartResponse { get; set; }

        /// <summary>Type is the error's type (PaySmartError.Type).</summary>
        public string Type
        {
            get { return this.PaySmartError != null ? this.PaySmartError.Type : null; }
        }

        /// <summary>Code is the error's stable reason (PaySmartError.Code).</summary>
        public string Code
        {
            get { return this.PaySmartError != null ? this.PaySmartError.Code : null; }
        }

        /// <summary>Param is the parameter at fault (PaySmartError.Param).</summary>
        public string Param
        {
            get { return this.PaySmartError != null ? this.PaySmartError.Param : null; }
        }

        /// <summary>RequestId is the server's id for the request, from the error or the
        /// Request-Id header.</summary>
        public string RequestId
        {
            get
            {
                if (this.PaySmartError != null && !string.IsNullOrEmpty(this.PaySmartError.RequestId))
                {
                    return this.PaySmartError.RequestId;
                }

                return this.PaySmartResponse != null ? this.PaySmartResponse.RequestId : null;
            }
        }

        /// <summary>RawJson is the answer's body as sent.</summary>
        public string RawJson
        {
            get { return this.PaySmartResponse != null ? this.PaySmartResponse.Content : null; }
        }
    }

    /// <summary>CardException: the card was declined (402 card_error). <see cref="Payment"/> is
    /// the failed payment.</summary>
    public class CardException : PaySmartException
    {
        /// <summary>Initializes the error.</summary>
        public CardException(HttpStatusCode httpStatusCode, PaySmartError error, string message)
            : base(httpStatusCode, error, message)
        {
        }

        /// <summary>DeclineCode is why the issuer declined the card (insufficient_funds, …).</summary>
        public string DeclineCode
        {
            get { return this.PaySmartError != null ? this.PaySmartError.DeclineCode : null; }
        }

        /// <summary>Payment is the failed payment, when one was made.</summary>
        public Payment Payment
        {
            get { return this.PaySmartError != null ? this.PaySmartError.Payment : null; }
        }
    }

    /// <summary>InvalidRequestException: a parameter is missing or wrong (400; <c>Param</c>
    /// names it), or the object does not exist (404).</summary>
    public class InvalidRequestException : PaySmartException
    {
        /// <summary>Initializes the error.</summary>
        public InvalidRequestException(HttpStatusCode httpStatusCode, PaySmartError error, string message)
            : base(httpStatusCode, error, message)
        {
        }
    }

    /// <summary>AuthenticationException: the API key is missing, unknown or revoked (401).</summary>
    public class AuthenticationException : PaySmartException
    {
        /// <summary>Initializes the error.</summary>
        public AuthenticationException(HttpStatusCode httpStatusCode, PaySmartError error, string message)
            : base(httpStatusCode, error, message)
        {
        }
    }

    /// <summary>PermissionException: the key may not make this call, e.g. a publishable key
    /// anywhere but payment methods (403).</summary>
    public class PermissionException : PaySmartException
    {
        /// <summary>Initializes the error.</summary>
        public PermissionException(HttpStatusCode httpStatusCode, PaySmartError error, string message)
            : base(httpStatusCode, error, message)
        {
        }
    }

    /// <summary>IdempotencyException: the Idempotency-Key was used with other parameters (400),
    /// or a request with it is still running (409, after the retries).</summary>
    public class IdempotencyException : PaySmartException
    {
        /// <summary>Initializes the error.</summary>
        public IdempotencyException(HttpStatusCode httpStatusCode, PaySmartError error, string message)
            : base(httpStatusCode, error, message)
        {
        }
    }

    /// <summary>RateLimitException: too many requests (429, after the retries).</summary>
    public class RateLimitException : PaySmartException
    {
        /// <summary>Initializes the error.</summary>
        public RateLimitException(HttpStatusCode httpStatusCode, PaySmartError error, string message)
            : base(httpStatusCode, error, message)
        {
        }
    }

    /// <summary>ApiException: the server failed (5xx, after the retries), or answered something
    /// that is not a PaySmart error.</summary>
    public class ApiException : PaySmartException
    {
        /// <summary>Initializes the error.</summary>
        public ApiException(HttpStatusCode httpStatusCode, PaySmartError error, string message)
            : base(httpStatusCode, error, message)
        {
        }
    }

    /// <summary>ApiConnectionException: the server could not be reached or did not answer in
    /// time, after the retries. InnerException is the network's error.</summary>
    public class ApiConnectionException : PaySmartException
    {
        /// <summary>Initializes the error.</summary>
        public ApiConnectionException(string message, Exception inner)
            : base(message, inner)
        {
        }
    }

    /// <summary>
    /// SignatureVerificationException: a webhook's PaySmart-Signature does not prove that PaySmart
    /// sent its body just now. <c>Code</c> says why: invalid_header, not_signed,
    /// no_valid_signature, too_old or in_future.
    /// </summary>
    public class SignatureVerificationException : PaySmartException
    {
        /// <summary>Initializes the error.</summary>
        public SignatureVerificationException(string code, string message, string sigHeader, string httpBody)
            : base(0, new PaySmartError { Type = "signature_verification_error", Code = code, Message = message }, message)
        {
            this.SigHeader = sigHeader;
            this.HttpBody = httpBody;
        }

        /// <summary>SigHeader is the signature header that was checked.</summary>
        public string SigHeader { get; private set; }

        /// <summary>HttpBody is the payload that was checked.</summary>
        public string HttpBody { get; private set; }
    }
}
