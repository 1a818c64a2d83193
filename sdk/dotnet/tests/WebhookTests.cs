namespace PaySmart.Tests
{
    using System;
    using System.Collections.Generic;
    using System.IO;
    using NUnit.Framework;

    /// <summary>
    /// WebhookTests run the shared signature vectors (sdk/testdata/webhook_vectors.json, which
    /// every PaySmart library must agree on) and check what ConstructEvent returns.
    /// </summary>
    [TestFixture]
    public class WebhookTests
    {
        private const string Secret = "whsec_test_secret";

        /// <summary>Vectors are the cases of the shared file, one test each.</summary>
        public static IEnumerable<TestCaseData> Vectors()
        {
            var path = Environment.GetEnvironmentVariable("PAYSMART_WEBHOOK_VECTORS");
            if (string.IsNullOrEmpty(path))
            {
                path = Path.Combine(Path.Combine(Path.Combine("..", ".."), "testdata"), "webhook_vectors.json");
            }

            var file = (IDictionary<string, object>)Json.Parse(File.ReadAllText(path));
            var tolerance = (long)file["tolerance"];
            foreach (IDictionary<string, object> c in (IList<object>)file["cases"])
            {
                object error;
                c.TryGetValue("error", out error);
                yield return new TestCaseData(c["payload"], c["header"], c["secret"], (long)c["now"], tolerance, (bool)c["valid"], error as string)
                    .SetName("Vector: " + c["name"]);
            }
        }

        [TestCaseSource("Vectors")]
        public void SharedVector(string payload, string header, string secret, long now, long tolerance, bool valid, string error)
        {
            if (valid)
            {
                var ev = EventUtility.ConstructEvent(payload, header, secret, tolerance, now);
                Assert.AreEqual("evt_test", ev.Id);
                Assert.AreEqual("payment.succeeded", ev.Type);
                return;
            }

            var ex = Assert.Throws<SignatureVerificationException>(() => EventUtility.ConstructEvent(payload, header, secret, tolerance, now));
            Assert.AreEqual(error, ex.Code);
            Assert.AreEqual(header, ex.SigHeader);
            Assert.IsInstanceOf<PaySmartException>(ex);
        }

        [Test]
        public void VectorsAreThere()
        {
            var n = 0;
            foreach (var v in Vectors())
            {
                n++;
            }

            Assert.GreaterOrEqual(n, 15);
        }

        [Test]
        public void ConstructEventDecodesTheObject()
        {
            const string payload = "{\"id\": \"evt_1\", \"object\": \"event\", \"type\": \"payment.succeeded\", \"created\": 1767225600, \"livemode\": false, " +
                "\"data\": {\"object\": {\"id\": \"pay_1\", \"object\": \"payment\", \"amount\": 1234, \"currency\": \"usd\", \"status\": \"succeeded\"}}}";
            var now = JsonMapper.ToUnixSeconds(DateTime.UtcNow);
            var header = EventUtility.GenerateSignatureHeader(payload, now, Secret);
            var ev = EventUtility.ConstructEvent(payload, header, Secret);
            Assert.AreEqual("evt_1", ev.Id);
            Assert.AreEqual(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), ev.Created);
            var payment = (Payment)ev.Data.Object;
            Assert.AreEqual(1234L, payment.Amount);
            Assert.AreEqual("succeeded", payment.Status);
        }

        [Test]
        public void TheClockIsNowByDefault()
        {
            const string payload = "{\"id\": \"evt_1\"}";
            var now = JsonMapper.ToUnixSeconds(DateTime.UtcNow);
            var old = EventUtility.GenerateSignatureHeader(payload, now - 400, Secret);
            Assert.AreEqual("too_old", Assert.Throws<SignatureVerificationException>(() => EventUtility.ConstructEvent(payload, old, Secret)).Code);
            Assert.DoesNotThrow(() => EventUtility.ConstructEvent(payload, old, Secret, 600), "a wider tolerance");
            Assert.DoesNotThrow(() => EventUtility.ConstructEvent(payload, EventUtility.GenerateSignatureHeader(payload, now - 100, Secret), Secret, 0), "0: the default");
        }

        [Test]
        public void ASignatureOfTwoSecretsVerifiesWithEither()
        {
            const string payload = "{\"id\": \"evt_1\"}";
            var header = EventUtility.GenerateSignatureHeader(payload, 1767225600, "whsec_new", "whsec_old");
            Assert.DoesNotThrow(() => EventUtility.ValidateSignature(payload, header, "whsec_new", 300, 1767225600));
            Assert.DoesNotThrow(() => EventUtility.ValidateSignature(payload, header, "whsec_old", 300, 1767225600));
            Assert.Throws<SignatureVerificationException>(() => EventUtility.ValidateSignature(payload, header, "whsec_other", 300, 1767225600));
        }

        [Test]
        public void TheSignatureIsCheckedBeforeTheTime()
        {
            // A forged header with an old timestamp learns that its signature is wrong, not that
            // it is too old.
            const string payload = "{\"id\": \"evt_1\"}";
            var header = EventUtility.GenerateSignatureHeader(payload, 1000, "whsec_attacker");
            Assert.AreEqual("no_valid_signature", Assert.Throws<SignatureVerificationException>(
                () => EventUtility.ConstructEvent(payload, header, Secret, 300, 1767225600)).Code);
        }

        [Test]
        public void ASignedBodyThatIsNotJsonIsAnError()
        {
            var header = EventUtility.GenerateSignatureHeader("not json", 1767225600, Secret);
            var ex = Assert.Throws<PaySmartException>(() => EventUtility.ConstructEvent("not json", header, Secret, 300, 1767225600));
            Assert.That(ex.Message, Is.StringContaining("not valid JSON"));
        }

        [Test]
        public void NonAsciiPayloadsAreSignedAsUtf8()
        {
            const string payload = "{\"description\": \"café ☕\"}";
            // HMAC-SHA256("whsec_test_secret", "1767225600." + UTF-8 payload), computed independently.
            var header = "t=1767225600,v1=" + ExpectedCafeSignature;
            Assert.DoesNotThrow(() => EventUtility.ConstructEvent(payload, header, Secret, 300, 1767225600));
            Assert.AreEqual(ExpectedCafeSignature, Hex(EventUtility.ComputeSignature(Secret, 1767225600, payload)));
            Assert.AreEqual(header, EventUtility.GenerateSignatureHeader(payload, 1767225600, Secret));
        }

        private const string ExpectedCafeSignature = "a2cb4e3b6c9ee39616770b3afd18eb9a9ba80b58b77eb9dec123d062b777ed43";

        private static string Hex(byte[] b)
        {
            return BitConverter.ToString(b).Replace("-", string.Empty).ToLowerInvariant();
        }
    }
}
