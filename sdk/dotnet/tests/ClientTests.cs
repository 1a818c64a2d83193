namespace PaySmart.Tests
{
    using System;
    using System.Collections.Generic;
    using System.Diagnostics;
    using System.Net;
    using System.Text.RegularExpressions;
    using System.Threading;
    using NUnit.Framework;

    /// <summary>
    /// ClientTests drive the client against a stub server: retries and their idempotency key,
    /// Retry-After, typed errors, and what goes on the wire.
    /// </summary>
    [TestFixture]
    public class ClientTests
    {
        private const string PaymentJson = "{\"id\": \"pay_1\", \"object\": \"payment\", \"status\": \"succeeded\", \"amount\": 2000, \"currency\": \"usd\", " +
            "\"payment_method\": {\"id\": \"pm_1\", \"type\": \"card\", \"card\": {\"brand\": \"visa\", \"last4\": \"4242\", \"exp_month\": 12, \"exp_year\": 2030}}, " +
            "\"customer\": null, \"metadata\": {}, \"created\": 1767225600}";

        private static readonly Regex UuidV4 = new Regex("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");

        private static PaySmartClient Client(StubServer stub, int retries = 2)
        {
            return new PaySmartClient("sk_test_x", stub.BaseUrl, maxNetworkRetries: retries)
            {
                InitialNetworkRetryDelay = TimeSpan.FromMilliseconds(1),
            };
        }

        private static PaymentCreateOptions CardPayment()
        {
            return new PaymentCreateOptions
            {
                Amount = 2000,
                Currency = "usd",
                PaymentMethod = new PaymentMethodDataOptions
                {
                    Type = "card",
                    Card = new CardOptions { Number = "4242424242424242", ExpMonth = 12, ExpYear = 2030, Cvc = "123" },
                },
            };
        }

        [Test]
        public void WriteIsRetriedUnderOneIdempotencyKey()
        {
            // 503, then 429 with Retry-After: 0, then 200: three sends of one key.
            using (var stub = new StubServer((r, n) =>
                n == 0 ? StubReply.Json(503, "{\"error\": {\"type\": \"api_error\", \"message\": \"busy\"}}") :
                n == 1 ? StubReply.Json(429, "{\"error\": {\"type\": \"rate_limit_error\", \"message\": \"slow down\"}}").With("Retry-After", "0") :
                StubReply.Json(200, PaymentJson)))
            {
                var payment = new PaymentService(Client(stub)).Create(CardPayment());
                Assert.AreEqual("pay_1", payment.Id);
                Assert.AreEqual(2000L, payment.Amount);
                Assert.AreEqual("4242", payment.PaymentMethod.Card.Last4);
                Assert.AreEqual("pm_1", payment.PaymentMethodId);
                Assert.AreEqual(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), payment.Created);
                var requests = stub.Requests;
                Assert.AreEqual(3, requests.Count);
                var key = requests[0].Headers["Idempotency-Key"];
                Assert.That(key, Is.StringMatching(UuidV4.ToString()), "a random UUID v4");
                Assert.AreEqual(key, requests[1].Headers["Idempotency-Key"]);
                Assert.AreEqual(key, requests[2].Headers["Idempotency-Key"]);
            }
        }

        [Test]
        public void EachCallHasItsOwnKey()
        {
            using (var stub = new StubServer((r, n) => StubReply.Json(200, PaymentJson)))
            {
                var service = new PaymentService(Client(stub));
                service.Create(CardPayment());
                service.Create(CardPayment());
                Assert.AreNotEqual(stub.Requests[0].Headers["Idempotency-Key"], stub.Requests[1].Headers["Idempotency-Key"]);
            }
        }

        [Test]
        public void NetworkErrorIsRetriedUnderTheSameKey()
        {
            using (var stub = new StubServer((r, n) => n == 0 ? new StubReply { Abort = true } : StubReply.Json(200, PaymentJson)))
            {
                var payment = new PaymentService(Client(stub)).Create(CardPayment());
                Assert.AreEqual("pay_1", payment.Id);
                var requests = stub.Requests;
                Assert.AreEqual(2, requests.Count);
                Assert.AreEqual(requests[0].Headers["Idempotency-Key"], requests[1].Headers["Idempotency-Key"]);
            }
        }

        [Test]
        public void UnreachableServerIsApiConnectionException()
        {
            var client = new PaySmartClient("sk_test_x", "http://127.0.0.1:" + StubServer.FreePort() + "/v2", maxNetworkRetries: 2)
            {
                InitialNetworkRetryDelay = TimeSpan.FromMilliseconds(1),
            };
            var watch = Stopwatch.StartNew();
            var ex = Assert.Throws<ApiConnectionException>(() => new PaymentService(client).Get("pay_1"));
            Assert.IsNotNull(ex.InnerException);
            Assert.IsInstanceOf<PaySmartException>(ex);
            Assert.Less(watch.Elapsed.TotalSeconds, 10);
        }

        [Test]
        public void ClientErrorIsNotRetried()
        {
            const string body = "{\"error\": {\"type\": \"invalid_request_error\", \"code\": \"parameter_missing\", \"param\": \"amount\", \"message\": \"Missing required param: amount.\"}}";
            using (var stub = new StubServer((r, n) => StubReply.Json(400, body).With("Request-Id", "req_42")))
            {
                var ex = Assert.Throws<InvalidRequestException>(() => new PaymentService(Client(stub)).Create(new PaymentCreateOptions()));
                Assert.AreEqual(1, stub.Requests.Count);
                Assert.AreEqual(HttpStatusCode.BadRequest, ex.HttpStatusCode);
                Assert.AreEqual("invalid_request_error", ex.Type);
                Assert.AreEqual("parameter_missing", ex.Code);
                Assert.AreEqual("amount", ex.Param);
                Assert.AreEqual("amount", ex.PaySmartError.Param);
                Assert.AreEqual("Missing required param: amount.", ex.Message);
                Assert.AreEqual("req_42", ex.RequestId);
                Assert.AreEqual(body, ex.RawJson);
            }
        }

        [Test]
        public void ConflictIsRetriedThenIdempotencyException()
        {
            using (var stub = new StubServer((r, n) => StubReply.Json(409, "{\"error\": {\"type\": \"idempotency_error\", \"message\": \"still running\"}}")))
            {
                Assert.Throws<IdempotencyException>(() => new PaymentService(Client(stub)).Create(CardPayment()));
                Assert.AreEqual(3, stub.Requests.Count, "the first send and two retries");
            }
        }

        [Test]
        public void RetryAfterIsHonoured()
        {
            using (var stub = new StubServer((r, n) => n == 0
                ? StubReply.Json(429, "{\"error\": {\"type\": \"rate_limit_error\", \"message\": \"slow down\"}}").With("Retry-After", "1")
                : StubReply.Json(200, PaymentJson)))
            {
                var watch = Stopwatch.StartNew();
                new PaymentService(Client(stub)).Get("pay_1");
                Assert.GreaterOrEqual(watch.Elapsed.TotalMilliseconds, 950, "the client waited the second the server asked for");
                Assert.AreEqual(2, stub.Requests.Count);
            }
        }

        [Test]
        public void NoRetriesWhenMaxNetworkRetriesIsZero()
        {
            using (var stub = new StubServer((r, n) => StubReply.Json(500, "{\"error\": {\"type\": \"api_error\", \"message\": \"boom\", \"request_id\": \"req_body\"}}")))
            {
                var ex = Assert.Throws<ApiException>(() => new PaymentService(Client(stub, 0)).Create(CardPayment()));
                Assert.AreEqual(1, stub.Requests.Count);
                Assert.AreEqual(HttpStatusCode.InternalServerError, ex.HttpStatusCode);
                Assert.AreEqual("req_body", ex.RequestId, "the body's request_id");
            }
        }

        [Test]
        public void ServerErrorsAreRetriedTwiceByDefault()
        {
            using (var stub = new StubServer((r, n) => StubReply.Json(502, "Bad Gateway")))
            {
                var client = new PaySmartClient("sk_test_x", stub.BaseUrl) { InitialNetworkRetryDelay = TimeSpan.FromMilliseconds(1) };
                var ex = Assert.Throws<ApiException>(() => new CustomerService(client).Get("cus_1"));
                Assert.AreEqual(3, stub.Requests.Count);
                Assert.AreEqual("api_error", ex.Type);
                Assert.AreEqual("Bad Gateway", ex.Message);
                Assert.AreEqual(HttpStatusCode.BadGateway, ex.HttpStatusCode);
            }
        }

        [TestCase(400, "invalid_request_error", typeof(InvalidRequestException))]
        [TestCase(404, "invalid_request_error", typeof(InvalidRequestException))]
        [TestCase(401, "authentication_error", typeof(AuthenticationException))]
        [TestCase(403, "permission_error", typeof(PermissionException))]
        [TestCase(400, "idempotency_error", typeof(IdempotencyException))]
        [TestCase(409, "idempotency_error", typeof(IdempotencyException))]
        [TestCase(429, "rate_limit_error", typeof(RateLimitException))]
        [TestCase(500, "api_error", typeof(ApiException))]
        [TestCase(402, "card_error", typeof(CardException))]
        [TestCase(401, null, typeof(AuthenticationException))]
        [TestCase(403, null, typeof(PermissionException))]
        [TestCase(503, null, typeof(ApiException))]
        public void ErrorsAreTyped(int status, string type, Type expected)
        {
            var body = type == null
                ? "{\"error\": {\"message\": \"no type\"}}"
                : "{\"error\": {\"type\": \"" + type + "\", \"message\": \"m\"}}";
            using (var stub = new StubServer((r, n) => StubReply.Json(status, body)))
            {
                try
                {
                    new PaymentService(Client(stub, 0)).Get("pay_1");
                    Assert.Fail("no exception");
                }
                catch (PaySmartException e)
                {
                    Assert.AreEqual(expected, e.GetType());
                    Assert.AreEqual(status, (int)e.HttpStatusCode);
                }
            }
        }

        [Test]
        public void CardErrorCarriesTheDeclineAndThePayment()
        {
            const string body = "{\"error\": {\"type\": \"card_error\", \"code\": \"card_declined\", \"decline_code\": \"insufficient_funds\", " +
                "\"message\": \"Your card has insufficient funds.\", \"payment\": {\"id\": \"pay_2\", \"object\": \"payment\", \"status\": \"failed\", \"amount\": 500}}}";
            using (var stub = new StubServer((r, n) => StubReply.Json(402, body).With("Request-Id", "req_7")))
            {
                var ex = Assert.Throws<CardException>(() => new PaymentService(Client(stub)).Create(CardPayment()));
                Assert.AreEqual(1, stub.Requests.Count, "a decline is not retried");
                Assert.AreEqual(HttpStatusCode.PaymentRequired, ex.HttpStatusCode);
                Assert.AreEqual("card_declined", ex.Code);
                Assert.AreEqual("insufficient_funds", ex.DeclineCode);
                Assert.AreEqual("pay_2", ex.Payment.Id);
                Assert.AreEqual("failed", ex.Payment.Status);
                Assert.AreEqual(500L, ex.Payment.Amount);
                Assert.AreEqual("req_7", ex.RequestId);
                Assert.AreEqual("Your card has insufficient funds.", ex.Message);
            }
        }

        [Test]
        public void PostSendsJsonWithHeaders()
        {
            using (var stub = new StubServer((r, n) => StubReply.Json(200, PaymentJson)))
            {
                var options = CardPayment();
                options.Metadata = new Dictionary<string, string> { { "order", "6735" } };
                options.Capture = false;
                new PaymentService(Client(stub)).Create(options);
                var req = stub.Requests[0];
                Assert.AreEqual("POST", req.Method);
                Assert.AreEqual("/v2/payments", req.Path);
                Assert.AreEqual("Bearer sk_test_x", req.Headers["Authorization"]);
                Assert.AreEqual("PaySmart/dotnet " + PaySmartClient.Version, req.Headers["User-Agent"]);
                Assert.That(req.Headers["Content-Type"], Is.StringStarting("application/json"));
                var body = (IDictionary<string, object>)Json.Parse(req.Body);
                Assert.AreEqual(2000L, body["amount"]);
                Assert.AreEqual("usd", body["currency"]);
                Assert.AreEqual(false, body["capture"]);
                Assert.AreEqual("6735", ((IDictionary<string, object>)body["metadata"])["order"]);
                var pm = (IDictionary<string, object>)body["payment_method"];
                Assert.AreEqual("card", pm["type"]);
                var card = (IDictionary<string, object>)pm["card"];
                Assert.AreEqual("4242424242424242", card["number"]);
                Assert.AreEqual(12L, card["exp_month"]);
                Assert.AreEqual(2030L, card["exp_year"]);
                Assert.AreEqual("123", card["cvc"]);
                Assert.IsFalse(body.ContainsKey("customer"), "unset options are not sent");
                Assert.IsFalse(body.ContainsKey("description"));
            }
        }

        [Test]
        public void SavedPaymentMethodIsSentAsItsId()
        {
            using (var stub = new StubServer((r, n) => StubReply.Json(200, PaymentJson)))
            {
                new PaymentService(Client(stub)).Create(new PaymentCreateOptions { Amount = 100, Currency = "eur", PaymentMethodId = "pm_9" });
                var body = (IDictionary<string, object>)Json.Parse(stub.Requests[0].Body);
                Assert.AreEqual("pm_9", body["payment_method"]);
            }
        }

        [Test]
        public void PostWithoutOptionsSendsAnEmptyObject()
        {
            using (var stub = new StubServer((r, n) => StubReply.Json(200, PaymentJson)))
            {
                new PaymentService(Client(stub)).Cancel("pay_1");
                Assert.AreEqual("/v2/payments/pay_1/cancel", stub.Requests[0].Path);
                Assert.AreEqual("{}", stub.Requests[0].Body);
            }
        }

        [Test]
        public void GetHasNoKeyAndItsParametersInBrackets()
        {
            using (var stub = new StubServer((r, n) => StubReply.Json(200, "{\"object\": \"list\", \"data\": [], \"has_more\": false, \"url\": \"/v2/payments\"}")))
            {
                new PaymentService(Client(stub)).List(new PaymentListOptions
                {
                    Limit = 3,
                    Customer = "cus_1",
                    Created = new DateRangeOptions { GreaterThanOrEqual = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc) },
                    Expand = new List<string> { "data.customer" },
                });
                var req = stub.Requests[0];
                Assert.AreEqual("GET", req.Method);
                Assert.AreEqual("/v2/payments", req.Path);
                Assert.IsNull(req.Headers["Idempotency-Key"]);
                Assert.AreEqual("3", req.QueryValue("limit"));
                Assert.AreEqual("cus_1", req.QueryValue("customer"));
                Assert.AreEqual("1767225600", req.QueryValue("created[gte]"));
                Assert.AreEqual("data.customer", req.QueryValue("expand[]"));
                Assert.AreEqual(string.Empty, req.Body);
            }
        }

        [Test]
        public void RequestOptionsSetTheKeyAndTheIdempotencyKey()
        {
            using (var stub = new StubServer((r, n) => StubReply.Json(200, PaymentJson)))
            {
                new PaymentService(Client(stub)).Create(CardPayment(), new RequestOptions { IdempotencyKey = "order-6735", ApiKey = "sk_test_other" });
                Assert.AreEqual("order-6735", stub.Requests[0].Headers["Idempotency-Key"]);
                Assert.AreEqual("Bearer sk_test_other", stub.Requests[0].Headers["Authorization"]);
            }
        }

        [Test]
        public void ReplayedAnswerIsMarked()
        {
            using (var stub = new StubServer((r, n) => StubReply.Json(200, PaymentJson).With("Idempotent-Replayed", "true").With("Request-Id", "req_9")))
            {
                var payment = new PaymentService(Client(stub)).Create(CardPayment());
                Assert.IsTrue(payment.PaySmartResponse.IdempotentReplayed);
                Assert.AreEqual("req_9", payment.PaySmartResponse.RequestId);
                Assert.AreEqual(HttpStatusCode.OK, payment.PaySmartResponse.StatusCode);
                Assert.AreEqual(PaymentJson, payment.PaySmartResponse.Content);
            }
        }

        [Test]
        public void DeleteSendsAnIdempotencyKey()
        {
            using (var stub = new StubServer((r, n) => StubReply.Json(200, "{\"id\": \"cus_1\", \"object\": \"customer\", \"deleted\": true}")))
            {
                var deleted = new CustomerService(Client(stub)).Delete("cus_1");
                Assert.AreEqual("DELETE", stub.Requests[0].Method);
                Assert.AreEqual("/v2/customers/cus_1", stub.Requests[0].Path);
                Assert.That(stub.Requests[0].Headers["Idempotency-Key"], Is.StringMatching(UuidV4.ToString()));
                Assert.AreEqual(true, deleted.Deleted);
                Assert.AreEqual("cus_1", deleted.Id);
            }
        }

        [Test]
        public void AsyncCallsWork()
        {
            using (var stub = new StubServer((r, n) => n == 0 ? StubReply.Json(503, "{}") : StubReply.Json(200, PaymentJson)))
            {
                var payment = new PaymentService(Client(stub)).CreateAsync(CardPayment()).Result;
                Assert.AreEqual("pay_1", payment.Id);
                Assert.AreEqual(2, stub.Requests.Count);
            }
        }

        [Test]
        public void CancellationIsNotANetworkError()
        {
            using (var stub = new StubServer((r, n) => StubReply.Json(200, PaymentJson)))
            {
                var cts = new CancellationTokenSource();
                cts.Cancel();
                try
                {
                    new PaymentService(Client(stub)).CreateAsync(CardPayment(), null, cts.Token).GetAwaiter().GetResult();
                    Assert.Fail("no exception");
                }
                catch (OperationCanceledException)
                {
                }
            }
        }

        [Test]
        public void MissingApiKeyFailsBeforeSending()
        {
            using (var stub = new StubServer((r, n) => StubReply.Json(200, PaymentJson)))
            {
                var saved = PaySmartConfiguration.ApiKey;
                PaySmartConfiguration.ApiKey = null;
                try
                {
                    var ex = Assert.Throws<AuthenticationException>(() => new PaymentService(new PaySmartClient(null, stub.BaseUrl)).Get("pay_1"));
                    Assert.That(ex.Message, Is.StringContaining("No API key"));
                    Assert.AreEqual(0, stub.Requests.Count);
                }
                finally
                {
                    PaySmartConfiguration.ApiKey = saved;
                }
            }
        }

        [Test]
        public void EmptyIdIsAnArgumentException()
        {
            Assert.Throws<ArgumentException>(() => new PaymentService(new PaySmartClient("sk_test_x", "http://127.0.0.1:1/v2")).Get(" "));
        }

        [Test]
        public void IdsAreEscapedInThePath()
        {
            using (var stub = new StubServer((r, n) => StubReply.Json(404, "{\"error\": {\"type\": \"invalid_request_error\", \"code\": \"resource_missing\", \"message\": \"No such payment\"}}")))
            {
                var ex = Assert.Throws<InvalidRequestException>(() => new PaymentService(Client(stub)).Get("pay_1/../x"));
                Assert.AreEqual("resource_missing", ex.Code);
                Assert.AreEqual("/v2/payments/pay_1%2F..%2Fx", stub.Requests[0].RawUrl);
            }
        }

        [Test]
        public void ConfigurationIsTheDefaultClient()
        {
            using (var stub = new StubServer((r, n) => StubReply.Json(200, PaymentJson)))
            {
                var savedKey = PaySmartConfiguration.ApiKey;
                var savedRetries = PaySmartConfiguration.MaxNetworkRetries;
                PaySmartConfiguration.ApiKey = "sk_test_global";
                PaySmartConfiguration.ApiBase = stub.BaseUrl;
                PaySmartConfiguration.MaxNetworkRetries = 0;
                try
                {
                    new PaymentService().Get("pay_1");
                    Assert.AreEqual("Bearer sk_test_global", stub.Requests[0].Headers["Authorization"]);
                    Assert.AreEqual(0, PaySmartConfiguration.PaySmartClient.MaxNetworkRetries);
                }
                finally
                {
                    PaySmartConfiguration.ApiKey = savedKey;
                    PaySmartConfiguration.ApiBase = null;
                    PaySmartConfiguration.MaxNetworkRetries = savedRetries;
                }
            }
        }

        [Test]
        public void BaseUrlComesFromTheOptionThenTheEnvironmentThenTheDefault()
        {
            var savedEnv = Environment.GetEnvironmentVariable("PAYSMART_API_BASE");
            try
            {
                PaySmartConfiguration.ApiBase = null;
                Environment.SetEnvironmentVariable("PAYSMART_API_BASE", null);
                Assert.AreEqual("https://api.paysmart.com/v2", PaySmartConfiguration.ApiBase);
                Assert.AreEqual("https://api.paysmart.com/v2", new PaySmartClient("sk").ApiBase);

                Environment.SetEnvironmentVariable("PAYSMART_API_BASE", "http://127.0.0.1:9/v2");
                Assert.AreEqual("http://127.0.0.1:9/v2", new PaySmartClient("sk").ApiBase);

                PaySmartConfiguration.ApiBase = "http://127.0.0.1:10/v2/";
                Assert.AreEqual("http://127.0.0.1:10/v2", new PaySmartClient("sk").ApiBase, "configured, without its trailing slash");
                Assert.AreEqual("http://127.0.0.1:11/v2", new PaySmartClient("sk", "http://127.0.0.1:11/v2").ApiBase, "the client's own wins");
            }
            finally
            {
                PaySmartConfiguration.ApiBase = null;
                Environment.SetEnvironmentVariable("PAYSMART_API_BASE", savedEnv);
            }
        }

        [TestCase(0, 0.0, 500)]
        [TestCase(0, 0.5, 625)]
        [TestCase(1, 0.0, 1000)]
        [TestCase(2, 0.0, 2000)]
        [TestCase(3, 0.99, 5980)]
        [TestCase(4, 0.0, 8000)]
        [TestCase(10, 0.99, 8000)]
        public void BackoffDoublesWithJitterUpToTheCap(int attempt, double random, int expectedMs)
        {
            var d = PaySmartClient.RetryDelay(attempt, null, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(8), random, DateTimeOffset.UtcNow);
            Assert.AreEqual(expectedMs, d.TotalMilliseconds, 1);
        }

        [Test]
        public void RetryAfterOverridesTheBackoff()
        {
            var now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
            var initial = TimeSpan.FromMilliseconds(500);
            var max = TimeSpan.FromSeconds(8);
            Assert.AreEqual(TimeSpan.FromSeconds(3), PaySmartClient.RetryDelay(0, "3", initial, max, 0, now));
            Assert.AreEqual(TimeSpan.FromSeconds(20), PaySmartClient.RetryDelay(0, " 20 ", initial, max, 0, now), "as sent, above the cap");
            Assert.AreEqual(TimeSpan.Zero, PaySmartClient.RetryDelay(2, "0", initial, max, 0, now));
            Assert.AreEqual(TimeSpan.FromSeconds(10), PaySmartClient.RetryDelay(0, "Thu, 01 Jan 2026 00:00:10 GMT", initial, max, 0, now));
            Assert.AreEqual(TimeSpan.Zero, PaySmartClient.RetryDelay(0, "Wed, 31 Dec 2025 23:59:00 GMT", initial, max, 0, now));
            Assert.AreEqual(TimeSpan.FromMilliseconds(500), PaySmartClient.RetryDelay(0, "soon", initial, max, 0, now), "unreadable: the backoff");
            Assert.AreEqual(TimeSpan.FromMilliseconds(500), PaySmartClient.RetryDelay(0, "-1", initial, max, 0, now));
            Assert.AreEqual(TimeSpan.FromMilliseconds(500), PaySmartClient.RetryDelay(0, "1.5", initial, max, 0, now), "not a date either");
            Assert.AreEqual(TimeSpan.FromSeconds(5), PaySmartClient.RetryDelay(0, "Thursday, 01-Jan-26 00:00:05 GMT", initial, max, 0, now), "RFC 850");
            Assert.AreEqual(TimeSpan.FromSeconds(7), PaySmartClient.RetryDelay(0, "Thu Jan  1 00:00:07 2026", initial, max, 0, now), "asctime");
        }

        [TestCase(200, false)]
        [TestCase(400, false)]
        [TestCase(401, false)]
        [TestCase(402, false)]
        [TestCase(404, false)]
        [TestCase(409, true)]
        [TestCase(429, true)]
        [TestCase(500, true)]
        [TestCase(503, true)]
        public void RetryableStatuses(int status, bool retryable)
        {
            Assert.AreEqual(retryable, PaySmartClient.IsRetryable(status));
        }
    }
}
