namespace PaySmart
{
    using System;

    /// <summary>
    /// PaySmartConfiguration holds the settings of the services created without a client
    /// (<c>new PaymentService()</c>): the API key, the base URL and how often a failed call is
    /// retried. They are read at each call, so they may be set at any time.
    /// </summary>
    public static class PaySmartConfiguration
    {
        private static string apiBase;
        private static int maxNetworkRetries = 2;
        private static PaySmartClient client;

        /// <summary>ApiKey is the secret key (sk_test_…, sk_live_…) calls authenticate with.</summary>
        public static string ApiKey { get; set; }

        /// <summary>
        /// ApiBase is the API's address, "/v2" included: the value set here, else the
        /// PAYSMART_API_BASE environment variable, else https://api.paysmart.com/v2.
        /// </summary>
        public static string ApiBase
        {
            get
            {
                if (!string.IsNullOrEmpty(apiBase))
                {
                    return apiBase;
                }

                var env = Environment.GetEnvironmentVariable(PaySmartClient.ApiBaseEnvironmentVariable);
                return string.IsNullOrEmpty(env) ? PaySmartClient.DefaultApiBase : env;
            }

            set
            {
                apiBase = value;
            }
        }

        /// <summary>MaxNetworkRetries is how many times a failed call is retried (default 2; 0
        /// never): after a network error, a 409, a 429 or a 5xx.</summary>
        public static int MaxNetworkRetries
        {
            get { return maxNetworkRetries; }
            set { maxNetworkRetries = Math.Max(0, value); }
        }

        /// <summary>
        /// PaySmartClient is the client of the services created without one. By default it takes
        /// every setting from this class; set a <see cref="PaySmart.PaySmartClient"/> to use
        /// another HTTP client or other retry delays everywhere.
        /// </summary>
        public static PaySmartClient PaySmartClient
        {
            get { return client ?? (client = new PaySmartClient()); }
            set { client = value; }
        }
    }
}
