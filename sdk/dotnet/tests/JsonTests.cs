namespace PaySmart.Tests
{
    using System;
    using System.Collections.Generic;
    using NUnit.Framework;

    /// <summary>JsonTests check the library's own JSON reader and writer and how entities and
    /// options map to it.</summary>
    [TestFixture]
    public class JsonTests
    {
        [Test]
        public void NumbersKeepTheirExactValue()
        {
            var v = (IDictionary<string, object>)Json.Parse("{\"a\": 2000, \"b\": -1, \"c\": 9007199254740993, \"d\": 19.99, \"e\": 1e2, \"f\": 0}");
            Assert.AreEqual(2000L, v["a"]);
            Assert.AreEqual(-1L, v["b"]);
            Assert.AreEqual(9007199254740993L, v["c"], "beyond a double's 53 bits");
            Assert.AreEqual(19.99m, v["d"]);
            Assert.AreEqual(100m, v["e"]);
            Assert.AreEqual(0L, v["f"]);
        }

        [Test]
        public void StringsAndLiterals()
        {
            var v = (IList<object>)Json.Parse(" [\"caf\\u00e9 \\\"q\\\" \\\\ \\/ \\n\", true, false, null, \"\\ud83d\\ude00\", {}, []] ");
            Assert.AreEqual("café \"q\" \\ / \n", v[0]);
            Assert.AreEqual(true, v[1]);
            Assert.AreEqual(false, v[2]);
            Assert.IsNull(v[3]);
            Assert.AreEqual("\U0001F600", v[4]);
            Assert.AreEqual(0, ((IDictionary<string, object>)v[5]).Count);
            Assert.AreEqual(0, ((IList<object>)v[6]).Count);
        }

        [TestCase("")]
        [TestCase("{")]
        [TestCase("[1,]")]
        [TestCase("{\"a\" 1}")]
        [TestCase("{\"a\": 1,}")]
        [TestCase("01")]
        [TestCase("-")]
        [TestCase("1.")]
        [TestCase("tru")]
        [TestCase("\"\\x\"")]
        [TestCase("\"open")]
        [TestCase("1 2")]
        [TestCase("{'a': 1}")]
        public void InvalidJsonIsAFormatException(string text)
        {
            Assert.Throws<FormatException>(() => Json.Parse(text));
        }

        [Test]
        public void SerializeRoundTrips()
        {
            var value = new Dictionary<string, object>
            {
                { "s", "line\nbreak \"quoted\" \u0001 é" },
                { "n", 9007199254740993L },
                { "m", 19.99m },
                { "b", true },
                { "z", null },
                { "l", new List<object> { 1L, "two" } },
            };
            var text = Json.Serialize(value);
            Assert.That(text, Is.StringContaining("\\u0001"));
            var back = (IDictionary<string, object>)Json.Parse(text);
            Assert.AreEqual(value["s"], back["s"]);
            Assert.AreEqual(9007199254740993L, back["n"]);
            Assert.AreEqual(19.99m, back["m"]);
            Assert.AreEqual(true, back["b"]);
            Assert.IsNull(back["z"]);
            CollectionAssert.AreEqual(new List<object> { 1L, "two" }, (IList<object>)back["l"]);
        }

        [Test]
        public void ExpandableFieldsFillTheIdAndTheObject()
        {
            var expanded = JsonMapper.Deserialize<Payment>("{\"id\": \"pay_1\", \"customer\": {\"id\": \"cus_1\", \"object\": \"customer\", \"email\": \"a@example.com\"}}");
            Assert.AreEqual("cus_1", expanded.CustomerId);
            Assert.AreEqual("a@example.com", expanded.Customer.Email);

            var plain = JsonMapper.Deserialize<Payment>("{\"id\": \"pay_1\", \"customer\": \"cus_1\"}");
            Assert.AreEqual("cus_1", plain.CustomerId);
            Assert.IsNull(plain.Customer);

            var none = JsonMapper.Deserialize<Payment>("{\"id\": \"pay_1\", \"customer\": null, \"description\": null}");
            Assert.IsNull(none.CustomerId);
            Assert.IsNull(none.Description);

            var refund = JsonMapper.Deserialize<Refund>("{\"id\": \"re_1\", \"payment\": {\"id\": \"pay_1\", \"object\": \"payment\", \"amount\": 2000, \"customer\": {\"id\": \"cus_1\"}}}");
            Assert.AreEqual("pay_1", refund.PaymentId);
            Assert.AreEqual(2000L, refund.Payment.Amount);
            Assert.AreEqual("cus_1", refund.Payment.Customer.Id);
        }

        [Test]
        public void EventDataIsTypedByItsObjectField()
        {
            var ev = JsonMapper.Deserialize<Event>("{\"id\": \"evt_1\", \"object\": \"event\", \"type\": \"refund.created\", \"created\": 1767225600, " +
                "\"data\": {\"object\": {\"id\": \"re_1\", \"object\": \"refund\", \"amount\": 500, \"metadata\": {\"k\": \"v\"}}}}");
            var refund = ev.Data.Object as Refund;
            Assert.IsNotNull(refund);
            Assert.AreEqual(500L, refund.Amount);
            Assert.AreEqual("v", refund.Metadata["k"]);
            Assert.AreEqual("re_1", ev.Data.RawObject["id"]);

            var unknown = JsonMapper.Deserialize<Event>("{\"id\": \"evt_2\", \"data\": {\"object\": {\"id\": \"x_1\", \"object\": \"something_new\"}}}");
            Assert.IsNull(unknown.Data.Object);
            Assert.AreEqual("x_1", unknown.Data.RawObject["id"]);
        }

        [Test]
        public void EntitiesKeepTheirRawJson()
        {
            var customer = JsonMapper.Deserialize<Customer>("{\"id\": \"cus_1\", \"address\": {\"line1\": \"123 Main St\", \"city\": null}, \"new_field\": 7}");
            Assert.AreEqual("123 Main St", customer.Address.Line1);
            Assert.IsNull(customer.Address.City);
            Assert.AreEqual(7L, customer.RawValues["new_field"]);
            Assert.That(customer.ToJson(), Is.StringContaining("\"new_field\":7"));
        }

        [Test]
        public void OptionsLeaveOutWhatIsUnset()
        {
            var p = JsonMapper.ToParameters(new SubscriptionCreateOptions
            {
                Customer = "cus_1",
                Amount = 1500,
                StartDate = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc),
                Metadata = new Dictionary<string, string> { { "plan", "gold" } },
            });
            Assert.AreEqual(4, p.Count);
            Assert.AreEqual("cus_1", p["customer"]);
            Assert.AreEqual(1500L, p["amount"]);
            Assert.AreEqual(1767225600L, p["start_date"]);
            Assert.AreEqual("gold", ((IDictionary<string, object>)p["metadata"])["plan"]);

            var unspecified = JsonMapper.ToParameters(new TestClockCreateOptions { FrozenTime = new DateTime(2026, 1, 1) });
            Assert.AreEqual(1767225600L, unspecified["frozen_time"], "a DateTime of unspecified kind is UTC");
        }

        [Test]
        public void ExtraParamsAreSent()
        {
            var options = new CustomerCreateOptions { Email = "a@example.com" };
            options.AddExtraParam("future_param", new Dictionary<string, object> { { "x", 1L } });
            var p = JsonMapper.ToParameters(options);
            Assert.AreEqual(1L, ((IDictionary<string, object>)p["future_param"])["x"]);
            var query = PaySmartClient.EncodeQuery(p);
            Assert.That(query, Is.StringContaining("future_param%5Bx%5D=1"));
            Assert.That(query, Is.StringContaining("email=a%40example.com"));
        }

        [Test]
        public void QueryUsesBracketNotation()
        {
            var p = new Dictionary<string, object>
            {
                { "created", new Dictionary<string, object> { { "gte", 5L }, { "lt", 9L } } },
                { "expand", new List<object> { "data.customer", "data.payment_method" } },
                { "flag", true },
            };
            Assert.AreEqual(
                "created%5Bgte%5D=5&created%5Blt%5D=9&expand%5B%5D=data.customer&expand%5B%5D=data.payment_method&flag=true",
                PaySmartClient.EncodeQuery(p));
        }
    }
}
