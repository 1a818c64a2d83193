namespace PaySmart
{
    using System;
    using System.Collections;
    using System.Collections.Generic;
    using System.Globalization;
    using System.IO;
    using System.Linq;
    using System.Net;
    using System.Net.Http;
    using System.Net.Http.Headers;
    using System.Text;
    using System.Threading;
    using System.Threading.Tasks;

    /// <summary>
    /// PaySmartClient sends the calls of the services: it authenticates them, gives every POST and
    /// DELETE an Idempotency-Key (kept across its retries, so that a retried write cannot charge
    /// twice), retries a call after a network error, a 409 (the same key still running), a 429 or a
    /// 5xx with exponential backoff and jitter (or as Retry-After says), and turns every answer
    /// that is not a success into a typed <see cref="PaySmartException"/>.
    /// </summary>
    public class PaySmartClient
    {
        /// <summary>DefaultApiBase is the API's address when none is configured.</summary>
        public const string DefaultApiBase = "https://api.paysmart.com/v2";

        /// <summary>ApiBaseEnvironmentVariable names the environment variable read for the
        /// address when none is configured.</summary>
        public const string ApiBaseEnvironmentVariable = "PAYSMART_API_BASE";

        /// <summary>Version is this library's version, sent in the User-Agent.</summary>
        public const string Version = "1.0.0";

        private static readonly HttpClient DefaultHttpClient = new HttpClient { Timeout = TimeSpan.FromSeconds(80) };
        private static readonly Random Jitter = new Random();

        private readonly string apiKey;
        private readonly string apiBase;
        private readonly int? maxNetworkRetries;
        private readonly HttpClient httpClient;

        /// <summary>
        /// Initializes a client. Settings left null are read from
        /// <see cref="PaySmartConfiguration"/> at each call.
        /// </summary>
        /// <param name="apiKey">The secret key (sk_test_…, sk_live_…).</param>
        /// <param name="apiBase">The API's address, "/v2" included.</param>
        /// <param name="httpClient">The HttpClient requests go through (timeouts, proxies, handlers).</param>
        /// <param name="maxNetworkRetries">How many times a failed call is retried.</param>
        public PaySmartClient(string apiKey = null, string apiBase = null, HttpClient httpClient = null, int? maxNetworkRetries = null)
        {
            this.apiKey = apiKey;
            this.apiBase = apiBase;
            this.httpClient = httpClient;
            this.maxNetworkRetries = maxNetworkRetries;
            this.InitialNetworkRetryDelay = TimeSpan.FromMilliseconds(500);
            this.MaxNetworkRetryDelay = TimeSpan.FromSeconds(8);
        }

        /// <summary>ApiKey is the key calls authenticate with.</summary>
        public string ApiKey
        {
            get { return this.apiKey ?? PaySmartConfiguration.ApiKey; }
        }

        /// <summary>ApiBase is the API's address, "/v2" included.</summary>
        public string ApiBase
        {
            get { return (this.apiBase ?? PaySmartConfiguration.ApiBase).TrimEnd('/'); }
        }

        /// <summary>MaxNetworkRetries is how many times a failed call is retried.</summary>
        public int MaxNetworkRetries
        {
            get { return Math.Max(0, this.maxNetworkRetries ?? PaySmartConfiguration.MaxNetworkRetries); }
        }

        /// <summary>InitialNetworkRetryDelay is the wait before the first retry (default 0.5 s); it
        /// doubles with each retry, plus up to half again of jitter.</summary>
        public TimeSpan InitialNetworkRetryDelay { get; set; }

        /// <summary>MaxNetworkRetryDelay caps that wait (default 8 s); a Retry-After header the
        /// server sends is honoured as it is.</summary>
        public TimeSpan MaxNetworkRetryDelay { get; set; }

        /// <summary>HttpClient is what requests go through.</summary>
        public HttpClient HttpClient
        {
            get { return this.httpClient ?? DefaultHttpClient; }
        }

        /// <summary>
        /// RequestAsync sends one call to <paramref name="path"/> (under <see cref="ApiBase"/>,
        /// e.g. "/payments"): the options as the query of a GET or DELETE, as the JSON body of a
        /// POST. The services use it; it is public for the paths they do not cover.
        /// </summary>
        /// <typeparam name="T">The entity the answer is read into.</typeparam>
        public Task<T> RequestAsync<T>(HttpMethod method, string path, BaseOptions options, RequestOptions requestOptions, CancellationToken cancellationToken)
            where T : PaySmartEntity
        {
            return this.RequestAsync<T>(method, path, JsonMapper.ToParameters(options), requestOptions, cancellationToken);
        }

        /// <summary>RequestAsync is <see cref="RequestAsync{T}(HttpMethod, string, BaseOptions, RequestOptions, CancellationToken)"/>
        /// with the parameters already as JSON values.</summary>
        internal async Task<T> RequestAsync<T>(HttpMethod method, string path, IDictionary<string, object> parameters, RequestOptions requestOptions, CancellationToken cancellationToken)
            where T : PaySmartEntity
        {
            var key = requestOptions != null && !string.IsNullOrEmpty(requestOptions.ApiKey) ? requestOptions.ApiKey : this.ApiKey;
            if (string.IsNullOrEmpty(key))
            {
                throw new AuthenticationException(0, new PaySmartError { Type = "authentication_error", Message = NoKey }, NoKey);
            }

            var url = this.ApiBase + path;
            string body = null;
            if (method == HttpMethod.Post)
            {
                body = Json.Serialize(parameters ?? new Dictionary<string, object>());
            }
            else if (parameters != null && parameters.Count > 0)
            {
                url += (url.Contains("?") ? "&" : "?") + EncodeQuery(parameters);
            }

            // One key for the call, kept across its retries: a write retried after a lost
            // answer is replayed by the server instead of being made twice.
            string idempotencyKey = null;
            if (method == HttpMethod.Post || method == HttpMethod.Delete)
            {
                idempotencyKey = requestOptions != null && !string.IsNullOrEmpty(requestOptions.IdempotencyKey)
                    ? requestOptions.IdempotencyKey
                    : Guid.NewGuid().ToString();
            }

            var retries = this.MaxNetworkRetries;
            for (var attempt = 0; ; attempt++)
            {
                HttpResponseMessage res = null;
                byte[] content = null;
                Exception failure = null;
                using (var req = new HttpRequestMessage(method, url))
                {
                    req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
                    req.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                    req.Headers.TryAddWithoutValidation("User-Agent", "PaySmart/dotnet " + Version);
                    if (idempotencyKey != null)
                    {
                        req.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
                    }

                    if (body != null)
                    {
                        req.Content = new StringContent(body, new UTF8Encoding(false), "application/json");
                    }

                    try
                    {
                        res = await this.HttpClient.SendAsync(req, cancellationToken).ConfigureAwait(false);
                        content = await res.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                    }
                    catch (Exception e) when (IsNetworkError(e, cancellationToken))
                    {
                        failure = e;
                    }
                }

                if (failure != null)
                {
                    if (attempt >= retries)
                    {
                        throw new ApiConnectionException(
                            "PaySmart: could not reach " + this.ApiBase + " (" + failure.Message + ")" +
                            (retries > 0 ? " after " + (retries + 1) + " attempts" : string.Empty), failure);
                    }

                    await this.WaitAsync(attempt, null, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                using (res)
                {
                    var status = (int)res.StatusCode;
                    var response = new PaySmartResponse
                    {
                        StatusCode = res.StatusCode,
                        Headers = res.Headers,
                        Content = Encoding.UTF8.GetString(content),
                        RequestId = Header(res, "Request-Id"),
                        IdempotentReplayed = string.Equals(Header(res, "Idempotent-Replayed"), "true", StringComparison.OrdinalIgnoreCase),
                    };
                    if (status >= 200 && status < 300)
                    {
                        return Read<T>(response);
                    }

                    if (attempt < retries && IsRetryable(status))
                    {
                        await this.WaitAsync(attempt, Header(res, "Retry-After"), cancellationToken).ConfigureAwait(false);
                        continue;
                    }

                    throw ErrorFor(response);
                }
            }
        }

        /// <summary>IsRetryable reports whether an answer with this status may be retried: the
        /// same key still running (409), too many requests (429) or a server failure (5xx).</summary>
        internal static bool IsRetryable(int status)
        {
            return status == 409 || status == 429 || status >= 500;
        }

        /// <summary>
        /// RetryDelay is the wait before retry attempt+1: what Retry-After says when the server
        /// sent it (seconds or an HTTP date), else the initial delay doubled per attempt plus up to
        /// half again of jitter (<paramref name="random"/> in [0, 1)), capped at the maximum.
        /// </summary>
        internal static TimeSpan RetryDelay(int attempt, string retryAfter, TimeSpan initial, TimeSpan max, double random, DateTimeOffset now)
        {
            if (!string.IsNullOrEmpty(retryAfter))
            {
                long seconds;
                DateTimeOffset date;
                var s = retryAfter.Trim();
                if (long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out seconds))
                {
                    return TimeSpan.FromSeconds(seconds);
                }

                if (DateTimeOffset.TryParseExact(s, HttpDateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out date))
                {
                    var until = date - now;
                    return until > TimeSpan.Zero ? until : TimeSpan.Zero;
                }
            }

            var ticks = initial.Ticks * Math.Pow(2, Math.Min(attempt, 30));
            ticks += ticks / 2 * random;
            return TimeSpan.FromTicks((long)Math.Min(ticks, max.Ticks));
        }

        /// <summary>HttpDateFormats are the forms of an HTTP date (RFC 9110): IMF-fixdate, RFC 850
        /// and asctime, as Go's http.ParseTime reads them.</summary>
        private static readonly string[] HttpDateFormats =
        {
            "ddd, dd MMM yyyy HH:mm:ss 'GMT'", "dddd, dd-MMM-yy HH:mm:ss 'GMT'", "ddd MMM d HH:mm:ss yyyy", "ddd MMM  d HH:mm:ss yyyy",
        };

        private const string NoKey = "No API key provided: set PaySmartConfiguration.ApiKey, or give one to the PaySmartClient or in RequestOptions.ApiKey.";

        private static bool IsNetworkError(Exception e, CancellationToken cancellationToken)
        {
            if (e is OperationCanceledException)
            {
                // A cancellation the caller asked for is theirs; any other is HttpClient's timeout.
                return !cancellationToken.IsCancellationRequested;
            }

            return e is HttpRequestException || e is IOException || e is WebException;
        }

        private static string Header(HttpResponseMessage res, string name)
        {
            IEnumerable<string> values;
            return res.Headers.TryGetValues(name, out values) ? values.FirstOrDefault() : null;
        }

        private static T Read<T>(PaySmartResponse response)
            where T : PaySmartEntity
        {
            object parsed;
            try
            {
                parsed = Json.Parse(response.Content);
            }
            catch (FormatException e)
            {
                var error = new PaySmartError { Type = "api_error", Message = "PaySmart answered invalid JSON: " + e.Message };
                throw new ApiException(response.StatusCode, error, error.Message) { PaySmartResponse = response };
            }

            var dict = parsed as IDictionary<string, object>;
            if (dict == null)
            {
                var error = new PaySmartError { Type = "api_error", Message = "PaySmart answered JSON that is not an object." };
                throw new ApiException(response.StatusCode, error, error.Message) { PaySmartResponse = response };
            }

            var entity = (T)JsonMapper.Populate((PaySmartEntity)Activator.CreateInstance(typeof(T), true), dict);
            entity.PaySmartResponse = response;
            return entity;
        }

        /// <summary>ErrorFor turns an answer that is not a success into its exception.</summary>
        internal static PaySmartException ErrorFor(PaySmartResponse response)
        {
            PaySmartError error = null;
            try
            {
                var body = Json.Parse(response.Content) as IDictionary<string, object>;
                object inner;
                if (body != null && body.TryGetValue("error", out inner) && inner is IDictionary<string, object>)
                {
                    error = (PaySmartError)JsonMapper.Populate(new PaySmartError(), (IDictionary<string, object>)inner);
                }
            }
            catch (FormatException)
            {
                // Not JSON: a proxy's page, say. It is an api_error carrying the text.
            }

            var status = response.StatusCode;
            if (error == null)
            {
                error = new PaySmartError { Type = "api_error", Message = response.Content.Trim() };
            }

            if (string.IsNullOrEmpty(error.RequestId))
            {
                error.RequestId = response.RequestId;
            }

            var message = !string.IsNullOrEmpty(error.Message)
                ? error.Message
                : "PaySmart answered " + ((int)status).ToString(CultureInfo.InvariantCulture) + " " + error.Type;
            PaySmartException ex;
            switch (error.Type)
            {
                case "card_error": ex = new CardException(status, error, message); break;
                case "invalid_request_error": ex = new InvalidRequestException(status, error, message); break;
                case "authentication_error": ex = new AuthenticationException(status, error, message); break;
                case "permission_error": ex = new PermissionException(status, error, message); break;
                case "idempotency_error": ex = new IdempotencyException(status, error, message); break;
                case "rate_limit_error": ex = new RateLimitException(status, error, message); break;
                case "api_error": ex = new ApiException(status, error, message); break;
                default: ex = ErrorForStatus(status, error, message); break;
            }

            ex.PaySmartResponse = response;
            return ex;
        }

        private static PaySmartException ErrorForStatus(HttpStatusCode status, PaySmartError error, string message)
        {
            switch ((int)status)
            {
                case 400:
                case 404: return new InvalidRequestException(status, error, message);
                case 401: return new AuthenticationException(status, error, message);
                case 402: return new CardException(status, error, message);
                case 403: return new PermissionException(status, error, message);
                case 409: return new IdempotencyException(status, error, message);
                case 429: return new RateLimitException(status, error, message);
                default: return new ApiException(status, error, message);
            }
        }

        /// <summary>EncodeQuery writes parameters in bracket notation: created[gte]=…,
        /// expand[]=customer, metadata[order]=….</summary>
        internal static string EncodeQuery(IDictionary<string, object> parameters)
        {
            var pairs = new List<KeyValuePair<string, string>>();
            foreach (var entry in parameters)
            {
                Flatten(pairs, entry.Key, entry.Value);
            }

            return string.Join("&", pairs.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)).ToArray());
        }

        private static void Flatten(List<KeyValuePair<string, string>> pairs, string key, object value)
        {
            if (value == null)
            {
                return;
            }

            var dict = value as IDictionary<string, object>;
            if (dict != null)
            {
                foreach (var entry in dict)
                {
                    Flatten(pairs, key + "[" + entry.Key + "]", entry.Value);
                }

                return;
            }

            var list = value as IList;
            if (list != null)
            {
                for (var i = 0; i < list.Count; i++)
                {
                    if (list[i] is IDictionary<string, object>)
                    {
                        Flatten(pairs, key + "[" + i.ToString(CultureInfo.InvariantCulture) + "]", list[i]);
                    }
                    else
                    {
                        Flatten(pairs, key + "[]", list[i]);
                    }
                }

                return;
            }

            string text;
            if (value is bool)
            {
                text = (bool)value ? "true" : "false";
            }
            else
            {
                text = Convert.ToString(value, CultureInfo.InvariantCulture);
            }

            pairs.Add(new KeyValuePair<string, string>(key, text));
        }

        private Task WaitAsync(int attempt, string retryAfter, CancellationToken cancellationToken)
        {
            double random;
            lock (Jitter)
            {
                random = Jitter.NextDouble();
            }

            var delay = RetryDelay(attempt, retryAfter, this.InitialNetworkRetryDelay, this.MaxNetworkRetryDelay, random, DateTimeOffset.UtcNow);
            if (delay.TotalMilliseconds > int.MaxValue)
            {
                delay = TimeSpan.FromMilliseconds(int.MaxValue);
            }

            return delay > TimeSpan.Zero ? Task.Delay(delay, cancellationToken) : Task.FromResult(0);
        }
    }
}
