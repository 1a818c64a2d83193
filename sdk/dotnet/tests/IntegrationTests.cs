namespace PaySmart.Tests
{
    using System;
    using System.Collections.Generic;
    using System.Linq;
    using System.Net;
    using System.Net.Http;
    using System.Threading;
    using System.Threading.Tasks;
    using NUnit.Framework;

    /// <summary>
    /// IntegrationTests call a real PaySmart server. The Go harness starts one and sets
    /// PAYSMART_API_BASE, PAYSMART_TEST_SECRET_KEY, PAYSMART_TEST_PUBLISHABLE_KEY and
    /// PAYSMART_TEST_WEBHOOK_{SECRET,PAYLOAD,SIGNATURE}; without them every test here fails.
    /// </summary>
    [TestFixture]
    public class IntegrationTests
    {
        private string secretKey;
        private string publishableKey;

        private static string Env(string name)
        {
            var value = Environment.GetEnvironmentVariable(name);
            if (string.IsNullOrEmpty(value))
            {
                Assert.Fail(name + " is not set: run the integration tests through the harness, " +
                    "cd /work/main && go test ./sdk -run 'TestLibraries/dotnet$' -count=1 -v");
            }

            return value;
        }

        private static CardOptions Card(string number)
        {
            return new CardOptions { Number = number, ExpMonth = 12, ExpYear = 2030, Cvc = "123" };
        }

        private static Payment Pay(string number, long amount, bool capture = true)
        {
            return new PaymentService().Create(new PaymentCreateOptions
            {
                Amount = amount,
                Currency = "usd",
                PaymentMethod = new PaymentMethodDataOptions { Type = "card", Card = Card(number) },
                Capture = capture ? (bool?)null : false,
            });
        }

        [SetUp]
        public void SetUp()
        {
            Env("PAYSMART_API_BASE");
            this.secretKey = Env("PAYSMART_TEST_SECRET_KEY");
            this.publishableKey = Env("PAYSMART_TEST_PUBLISHABLE_KEY");
            PaySmartConfiguration.ApiKey = this.secretKey; // the base URL comes from PAYSMART_API_BASE
        }

        [TearDown]
        public void TearDown()
        {
            PaySmartConfiguration.ApiKey = null;
        }

        [Test]
        public void QuickExample()
        {
            Assert.AreEqual(Environment.GetEnvironmentVariable("PAYSMART_API_BASE"), PaySmartConfiguration.ApiBase);

            // The document's example, as written (with exp_year 2030).
            var service = new PaymentService();
            var payment = service.Create(new PaymentCreateOptions
            {
                Amount = 2000,
                Currency = "usd",
                PaymentMethod = new PaymentMethodDataOptions
                {
                    Type = "card",
                    Card = new CardOptions { Number = "4242424242424242", ExpMonth = 12, ExpYear = 2030, Cvc = "123" },
                },
            });

            Assert.AreEqual("succeeded", payment.Status);
            Assert.AreEqual(2000L, payment.Amount);
            Assert.AreEqual("usd", payment.Currency);
            Assert.AreEqual("payment", payment.Object);
            Assert.That(payment.Id, Is.StringStarting("pay_"));
            Assert.AreEqual("visa", payment.PaymentMethod.Card.Brand);
            Assert.AreEqual("4242", payment.PaymentMethod.Card.Last4);
            Assert.IsFalse(payment.Livemode);
            Assert.IsNotNullOrEmpty(payment.PaySmartResponse.RequestId);
        }

        [Test]
        public void DeclinedCardIsACardException()
        {
            var ex = Assert.Throws<CardException>(() => Pay("4000000000009995", 2000));
            Assert.AreEqual(HttpStatusCode.PaymentRequired, ex.HttpStatusCode);
            Assert.AreEqual("card_error", ex.Type);
            Assert.AreEqual("card_declined", ex.Code);
            Assert.AreEqual("insufficient_funds", ex.DeclineCode);
            Assert.AreEqual("Your card has insufficient funds.", ex.Message);
            Assert.AreEqual("failed", ex.Payment.Status);
            Assert.IsNotNullOrEmpty(ex.RequestId);
            Assert.That(ex.RawJson, Is.StringContaining("insufficient_funds"));
        }

        [Test]
        public void AutoPagingWalks250Customers()
        {
            var run = Guid.NewGuid().ToString("N").Substring(0, 12);
            var suffix = "." + run + "@dotnet.example.com";
            var customers = new CustomerService();
            var created = new HashSet<string>();
            for (var i = 0; i < 250; i++)
            {
                created.Add(customers.Create(new CustomerCreateOptions { Email = "c" + i + suffix, Name = "Customer " + i }).Id);
            }

            Assert.AreEqual(250, created.Count);

            var handler = new CountingHandler();
            var client = new PaySmartClient(this.secretKey, httpClient: new HttpClient(handler));
            var seen = new List<string>();
            foreach (var c in new CustomerService(client).ListAutoPaging(new CustomerListOptions { Limit = 100 }))
            {
                if (c.Email != null && c.Email.EndsWith(suffix, StringComparison.Ordinal))
                {
                    seen.Add(c.Id);
                }
            }

            Assert.AreEqual(250, seen.Count, "each of this run's customers");
            Assert.AreEqual(250, seen.Distinct().Count(), "no duplicates");
            CollectionAssert.AreEquivalent(created, seen);
            Assert.GreaterOrEqual(handler.Count, 3, "100 a page: at least three pages");
        }

        [Test]
        public void WebhookDeliveryVerifies()
        {
            var secret = Env("PAYSMART_TEST_WEBHOOK_SECRET");
            var payload = Env("PAYSMART_TEST_WEBHOOK_PAYLOAD");
            var signature = Env("PAYSMART_TEST_WEBHOOK_SIGNATURE");

            var ev = EventUtility.ConstructEvent(payload, signature, secret);
            Assert.AreEqual("payment.succeeded", ev.Type);
            Assert.That(ev.Id, Is.StringStarting("evt_"));
            var payment = ev.Data.Object as Payment;
            Assert.IsNotNull(payment, "the event's object is a payment");
            Assert.AreEqual("succeeded", payment.Status);

            // One byte changed: refused.
            var i = payload.IndexOf("succeeded", StringComparison.Ordinal);
            var tampered = payload.Substring(0, i) + "S" + payload.Substring(i + 1);
            Assert.AreEqual(payload.Length, tampered.Length);
            var ex = Assert.Throws<SignatureVerificationException>(() => EventUtility.ConstructEvent(tampered, signature, secret));
            Assert.AreEqual("no_valid_signature", ex.Code);
            Assert.Throws<SignatureVerificationException>(() => EventUtility.ConstructEvent(payload, signature, "whsec_wrong"));
        }

        [Test]
        public void PaymentRetrieveUpdateListCaptureCancel()
        {
            var service = new PaymentService();
            var customer = new CustomerService().Create(new CustomerCreateOptions { Email = "payer@dotnet.example.com" });

            var authorised = Pay("5555555555554444", 999, capture: false);
            Assert.AreEqual("requires_capture", authorised.Status);
            Assert.AreEqual("manual", authorised.CaptureMethod);

            var updated = service.Update(authorised.Id, new PaymentUpdateOptions
            {
                Description = "order 6735",
                Customer = customer.Id,
                Metadata = new Dictionary<string, string> { { "order", "6735" } },
            });
            Assert.AreEqual("order 6735", updated.Description);
            Assert.AreEqual("6735", updated.Metadata["order"]);
            Assert.AreEqual(customer.Id, updated.CustomerId);

            var fetched = service.Get(authorised.Id, new PaymentGetOptions { Expand = new List<string> { "customer" } });
            Assert.AreEqual(authorised.Id, fetched.Id);
            Assert.AreEqual(customer.Id, fetched.CustomerId);
            Assert.AreEqual("payer@dotnet.example.com", fetched.Customer.Email, "expanded");

            var captured = service.Capture(authorised.Id, new PaymentCaptureOptions { Amount = 500 });
            Assert.AreEqual("succeeded", captured.Status);
            Assert.AreEqual(500L, captured.AmountCaptured);

            var other = Pay("4242424242424242", 700, capture: false);
            var canceled = service.Cancel(other.Id);
            Assert.AreEqual("canceled", canceled.Status);

            var mine = service.List(new PaymentListOptions { Customer = customer.Id, Limit = 10 });
            Assert.AreEqual(1, mine.Data.Count);
            Assert.AreEqual(authorised.Id, mine.Data[0].Id);
            Assert.IsFalse(mine.HasMore);

            var recent = service.List(new PaymentListOptions { Limit = 2 });
            Assert.AreEqual(2, recent.Data.Count);
            Assert.AreEqual(other.Id, recent.Data[0].Id, "newest first");

            var missing = Assert.Throws<InvalidRequestException>(() => service.Get("pay_00000000000000000000000000000000"));
            Assert.AreEqual(HttpStatusCode.NotFound, missing.HttpStatusCode);
            Assert.AreEqual("resource_missing", missing.Code);
        }

        [Test]
        public void AsyncCallsWork()
        {
            var service = new PaymentService();
            var payment = service.CreateAsync(new PaymentCreateOptions
            {
                Amount = 1500,
                Currency = "eur",
                PaymentMethod = new PaymentMethodDataOptions { Type = "card", Card = Card("4242424242424242") },
            }).Result;
            Assert.AreEqual("succeeded", payment.Status);
            Assert.AreEqual(payment.Id, service.GetAsync(payment.Id).Result.Id);
        }

        [Test]
        public void RefundCreateRetrieveList()
        {
            var payment = Pay("4242424242424242", 2000);
            var refunds = new RefundService();
            var refund = refunds.Create(new RefundCreateOptions { Payment = payment.Id, Amount = 500, Reason = "requested_by_customer" });
            Assert.That(refund.Id, Is.StringStarting("re_"));
            Assert.AreEqual(500L, refund.Amount);
            Assert.AreEqual(payment.Id, refund.PaymentId);
            Assert.AreEqual("requested_by_customer", refund.Reason);

            var fetched = refunds.Get(refund.Id, new RefundGetOptions { Expand = new List<string> { "payment" } });
            Assert.AreEqual(refund.Id, fetched.Id);
            Assert.AreEqual(payment.Id, fetched.Payment.Id);
            Assert.AreEqual(2000L, fetched.Payment.Amount);

            var list = refunds.List(new RefundListOptions { Payment = payment.Id });
            Assert.AreEqual(1, list.Data.Count);
            Assert.AreEqual(refund.Id, list.Data[0].Id);
            Assert.AreEqual(1, refunds.ListAutoPaging(new RefundListOptions { Payment = payment.Id }).Count());

            Assert.AreEqual(500L, new PaymentService().Get(payment.Id).AmountRefunded);
        }

        [Test]
        public void CustomerRoundTrip()
        {
            var customers = new CustomerService();
            var created = customers.Create(new CustomerCreateOptions
            {
                Email = "jane@dotnet.example.com",
                Name = "Jane Doe",
                Phone = "+1234567890",
                Address = new AddressOptions { Line1 = "123 Main St", City = "San Francisco", State = "CA", PostalCode = "94111", Country = "US" },
                Metadata = new Dictionary<string, string> { { "tier", "gold" } },
            });
            Assert.That(created.Id, Is.StringStarting("cus_"));
            Assert.AreEqual("Jane Doe", created.Name);
            Assert.AreEqual("San Francisco", created.Address.City);
            Assert.IsNull(created.Address.Line2);

            var updated = customers.Update(created.Id, new CustomerUpdateOptions { Name = "Jane Roe", Description = "moved" });
            Assert.AreEqual("Jane Roe", updated.Name);
            Assert.AreEqual("moved", updated.Description);
            Assert.AreEqual("jane@dotnet.example.com", updated.Email, "left as it was");

            var fetched = customers.Get(created.Id);
            Assert.AreEqual("Jane Roe", fetched.Name);
            Assert.AreEqual("gold", fetched.Metadata["tier"]);

            var found = customers.List(new CustomerListOptions { Email = "jane@dotnet.example.com" });
            Assert.IsTrue(found.Data.Any(c => c.Id == created.Id));

            var deleted = customers.Delete(created.Id);
            Assert.AreEqual(created.Id, deleted.Id);
            Assert.AreEqual(true, deleted.Deleted);
            Assert.AreEqual(true, customers.Get(created.Id).Deleted, "a deleted customer answers as deleted");
        }

        [Test]
        public void PaymentMethodWithThePublishableKey()
        {
            var methods = new PaymentMethodService();
            var pm = methods.Create(
                new PaymentMethodCreateOptions { Type = "card", Card = Card("4242424242424242") },
                new RequestOptions { ApiKey = this.publishableKey });
            Assert.That(pm.Id, Is.StringStarting("pm_"));
            Assert.AreEqual("4242", pm.Card.Last4);
            Assert.AreEqual(2030L, pm.Card.ExpYear);
            Assert.IsNotNullOrEmpty(pm.Card.Fingerprint);

            var fetched = methods.Get(pm.Id);
            Assert.AreEqual(pm.Id, fetched.Id);
            Assert.AreEqual("visa", fetched.Card.Brand);

            var payment = new PaymentService().Create(new PaymentCreateOptions { Amount = 300, Currency = "usd", PaymentMethodId = pm.Id });
            Assert.AreEqual("succeeded", payment.Status);
            Assert.AreEqual(pm.Id, payment.PaymentMethodId);

            Assert.Throws<PermissionException>(
                () => new CustomerService().List(null, new RequestOptions { ApiKey = this.publishableKey }),
                "a publishable key may only create payment methods");
        }

        [Test]
        public void EventRetrieve()
        {
            var payment = Pay("4242424242424242", 4200);
            var events = new EventService();
            var ev = events.ListAutoPaging(new EventListOptions { Type = "payment.succeeded", Limit = 20 })
                .First(e => e.Data.Object is Payment && ((Payment)e.Data.Object).Id == payment.Id);
            var fetched = events.Get(ev.Id);
            Assert.AreEqual(ev.Id, fetched.Id);
            Assert.AreEqual("payment.succeeded", fetched.Type);
            Assert.AreEqual(4200L, ((Payment)fetched.Data.Object).Amount);
        }

        [Test]
        public void WebhookEndpointCreateUpdateDelete()
        {
            var endpoints = new WebhookEndpointService();
            var endpoint = endpoints.Create(new WebhookEndpointCreateOptions
            {
                Url = "https://example.com/dotnet-hook",
                EnabledEvents = new List<string> { "payment.succeeded", "refund.created" },
                Description = "dotnet",
            });
            Assert.That(endpoint.Id, Is.StringStarting("we_"));
            Assert.That(endpoint.Secret, Is.StringStarting("whsec_"));
            CollectionAssert.AreEqual(new[] { "payment.succeeded", "refund.created" }, endpoint.EnabledEvents);
            Assert.AreEqual("enabled", endpoint.Status);

            var fetched = endpoints.Get(endpoint.Id);
            Assert.AreEqual(endpoint.Url, fetched.Url);
            Assert.IsNull(fetched.Secret, "shown once");

            var disabled = endpoints.Update(endpoint.Id, new WebhookEndpointUpdateOptions { Disabled = true });
            Assert.AreEqual("disabled", disabled.Status);
            Assert.IsTrue(endpoints.ListAutoPaging().Any(e => e.Id == endpoint.Id));

            var deleted = endpoints.Delete(endpoint.Id);
            Assert.AreEqual(true, deleted.Deleted);
            Assert.Throws<InvalidRequestException>(() => endpoints.Get(endpoint.Id));
        }

        [Test]
        public void IdempotentReplay()
        {
            var key = "dotnet-" + Guid.NewGuid().ToString("N");
            var options = new PaymentCreateOptions
            {
                Amount = 1234,
                Currency = "usd",
                PaymentMethod = new PaymentMethodDataOptions { Type = "card", Card = Card("4242424242424242") },
            };
            var first = new PaymentService().Create(options, new RequestOptions { IdempotencyKey = key });
            var second = new PaymentService().Create(options, new RequestOptions { IdempotencyKey = key });
            Assert.AreEqual(first.Id, second.Id);
            Assert.IsFalse(first.PaySmartResponse.IdempotentReplayed);
            Assert.IsTrue(second.PaySmartResponse.IdempotentReplayed);

            options.Amount = 4321;
            Assert.Throws<IdempotencyException>(() => new PaymentService().Create(options, new RequestOptions { IdempotencyKey = key }),
                "the same key with other parameters");
        }

        [Test]
        public void InvalidAmountNamesTheParam()
        {
            var ex = Assert.Throws<InvalidRequestException>(() => Pay("4242424242424242", -1));
            Assert.AreEqual(HttpStatusCode.BadRequest, ex.HttpStatusCode);
            Assert.AreEqual("invalid_request_error", ex.Type);
            Assert.AreEqual("amount", ex.Param);
            Assert.IsNotNullOrEmpty(ex.Message);
        }

        [Test]
        public void BadKeyIsAnAuthenticationException()
        {
            var ex = Assert.Throws<AuthenticationException>(() => new PaymentService().List(null, new RequestOptions { ApiKey = "sk_test_not_a_real_key" }));
            Assert.AreEqual(HttpStatusCode.Unauthorized, ex.HttpStatusCode);
            Assert.AreEqual("authentication_error", ex.Type);
        }

        [Test]
        public void SubscriptionLifecycle()
        {
            var customer = new CustomerService().Create(new CustomerCreateOptions { Email = "subscriber@dotnet.example.com" });
            var pm = new PaymentMethodService().Create(new PaymentMethodCreateOptions { Type = "card", Card = Card("4242424242424242"), Customer = customer.Id });
            Assert.AreEqual(customer.Id, pm.CustomerId);

            var subscriptions = new SubscriptionService();
            var sub = subscriptions.Create(new SubscriptionCreateOptions
            {
                Customer = customer.Id,
                PaymentMethod = pm.Id,
                Amount = 1500,
                Currency = "usd",
                Interval = "month",
                TotalPayments = 12,
            });
            Assert.That(sub.Id, Is.StringStarting("sub_"));
            Assert.AreEqual("active", sub.Status);
            Assert.AreEqual("month", sub.Interval);
            Assert.AreEqual(1500L, sub.Amount);
            Assert.AreEqual(12L, sub.TotalPayments);
            Assert.AreEqual(customer.Id, sub.CustomerId);
            Assert.AreEqual(pm.Id, sub.PaymentMethodId);

            var updated = subscriptions.Update(sub.Id, new SubscriptionUpdateOptions { Metadata = new Dictionary<string, string> { { "plan", "gold" } } });
            Assert.AreEqual("gold", updated.Metadata["plan"]);
            Assert.AreEqual(sub.Id, subscriptions.Get(sub.Id).Id);
            var list = subscriptions.List(new SubscriptionListOptions { Customer = customer.Id });
            Assert.AreEqual(1, list.Data.Count);

            var canceled = subscriptions.Cancel(sub.Id);
            Assert.AreEqual("canceled", canceled.Status);
            Assert.IsNotNull(canceled.CanceledAt);
            Assert.Throws<InvalidRequestException>(() => subscriptions.Cancel(sub.Id), "it has ended already");
        }

        [Test]
        public void TestClockAdvances()
        {
            var clocks = new TestClockService();
            var start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
            var clock = clocks.Create(new TestClockCreateOptions { FrozenTime = start, Name = "dotnet" });
            Assert.AreEqual(start, clock.FrozenTime);
            var advanced = clocks.Advance(clock.Id, new TestClockAdvanceOptions { FrozenTime = start.AddDays(40) });
            Assert.AreEqual(start.AddDays(40), advanced.FrozenTime);
            Assert.AreEqual("ready", advanced.Status);
            Assert.AreEqual(true, clocks.Delete(clock.Id).Deleted);
        }

        /// <summary>CountingHandler counts the requests a client sends.</summary>
        private sealed class CountingHandler : DelegatingHandler
        {
            private int count;

            public CountingHandler()
                : base(new HttpClientHandler())
            {
            }

            public int Count
            {
                get { return this.count; }
            }

            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                Interlocked.Increment(ref this.count);
                return base.SendAsync(request, cancellationToken);
            }
        }
    }
}
