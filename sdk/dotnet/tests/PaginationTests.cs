namespace PaySmart.Tests
{
    using System;
    using System.Collections.Generic;
    using System.Linq;
    using System.Text;
    using NUnit.Framework;

    /// <summary>PaginationTests walk lists a stub server pages like the real one.</summary>
    [TestFixture]
    public class PaginationTests
    {
        /// <summary>Page answers a list request over ids (newest first) as the server does:
        /// limit (default 10), starting_after, ending_before.</summary>
        private static StubReply Page(StubRequest r, IList<string> ids)
        {
            var limit = int.Parse(r.QueryValue("limit") ?? "10");
            var after = r.QueryValue("starting_after");
            var before = r.QueryValue("ending_before");
            int start, end; // [start, end)
            if (before != null)
            {
                end = ids.IndexOf(before);
                start = Math.Max(0, end - limit);
            }
            else
            {
                start = after == null ? 0 : ids.IndexOf(after) + 1;
                end = Math.Min(ids.Count, start + limit);
            }

            var hasMore = before != null ? start > 0 : end < ids.Count;
            var data = new StringBuilder();
            for (var i = start; i < end; i++)
            {
                data.Append(i > start ? "," : string.Empty).Append("{\"id\": \"").Append(ids[i]).Append("\", \"object\": \"customer\"}");
            }

            return StubReply.Json(200, "{\"object\": \"list\", \"data\": [" + data + "], \"has_more\": " +
                (hasMore ? "true" : "false") + ", \"url\": \"/v2/customers\"}");
        }

        private static List<string> Ids(int n)
        {
            // Newest first, as the API lists.
            return Enumerable.Range(0, n).Select(i => "cus_" + (n - i).ToString("D3")).ToList();
        }

        [Test]
        public void AutoPagingWalksEveryPageAfterTheLastId()
        {
            var ids = Ids(25);
            using (var stub = new StubServer((r, n) => Page(r, ids)))
            {
                var service = new CustomerService(new PaySmartClient("sk_test_x", stub.BaseUrl));
                var seen = service.ListAutoPaging(new CustomerListOptions { Limit = 10, Email = "a@example.com" }).Select(c => c.Id).ToList();
                CollectionAssert.AreEqual(ids, seen);
                var requests = stub.Requests;
                Assert.AreEqual(3, requests.Count);
                Assert.IsNull(requests[0].QueryValue("starting_after"));
                Assert.AreEqual(ids[9], requests[1].QueryValue("starting_after"));
                Assert.AreEqual(ids[19], requests[2].QueryValue("starting_after"));
                foreach (var r in requests)
                {
                    Assert.AreEqual("10", r.QueryValue("limit"));
                    Assert.AreEqual("a@example.com", r.QueryValue("email"), "filters stay on every page");
                }
            }
        }

        [Test]
        public void AutoPagingIsLazy()
        {
            var ids = Ids(25);
            using (var stub = new StubServer((r, n) => Page(r, ids)))
            {
                var service = new CustomerService(new PaySmartClient("sk_test_x", stub.BaseUrl));
                var first = service.ListAutoPaging(new CustomerListOptions { Limit = 10 }).Take(12).ToList();
                Assert.AreEqual(12, first.Count);
                Assert.AreEqual(2, stub.Requests.Count, "no page beyond the ones needed");
            }
        }

        [Test]
        public void AutoPagingStartsAfterTheGivenId()
        {
            var ids = Ids(25);
            using (var stub = new StubServer((r, n) => Page(r, ids)))
            {
                var service = new CustomerService(new PaySmartClient("sk_test_x", stub.BaseUrl));
                var seen = service.ListAutoPaging(new CustomerListOptions { Limit = 100, StartingAfter = ids[4] }).Select(c => c.Id).ToList();
                CollectionAssert.AreEqual(ids.Skip(5).ToList(), seen);
            }
        }

        [Test]
        public void AutoPagingWalksBackwardsFromEndingBefore()
        {
            var ids = Ids(25);
            using (var stub = new StubServer((r, n) => Page(r, ids)))
            {
                var service = new CustomerService(new PaySmartClient("sk_test_x", stub.BaseUrl));
                var seen = service.ListAutoPaging(new CustomerListOptions { Limit = 7, EndingBefore = ids[20] }).Select(c => c.Id).ToList();
                var expected = ids.Take(20).Reverse().ToList();
                CollectionAssert.AreEqual(expected, seen);
                Assert.AreEqual(3, stub.Requests.Count);
            }
        }

        [Test]
        public void AutoPagingStopsOnAnEmptyPage()
        {
            using (var stub = new StubServer((r, n) => StubReply.Json(200, "{\"object\": \"list\", \"data\": [], \"has_more\": true, \"url\": \"/v2/customers\"}")))
            {
                var service = new CustomerService(new PaySmartClient("sk_test_x", stub.BaseUrl));
                Assert.AreEqual(0, service.ListAutoPaging().Count());
                Assert.AreEqual(1, stub.Requests.Count);
            }
        }

        [Test]
        public void AutoPagingThrowsTheErrorOfAPage()
        {
            var ids = Ids(15);
            using (var stub = new StubServer((r, n) => n == 0 ? Page(r, ids) : StubReply.Json(401, "{\"error\": {\"type\": \"authentication_error\", \"message\": \"revoked\"}}")))
            {
                var service = new CustomerService(new PaySmartClient("sk_test_x", stub.BaseUrl));
                var seen = new List<string>();
                Assert.Throws<AuthenticationException>(() =>
                {
                    foreach (var c in service.ListAutoPaging(new CustomerListOptions { Limit = 10 }))
                    {
                        seen.Add(c.Id);
                    }
                });
                Assert.AreEqual(10, seen.Count);
            }
        }

        [Test]
        public void ListIsOnePage()
        {
            var ids = Ids(15);
            using (var stub = new StubServer((r, n) => Page(r, ids)))
            {
                var page = new CustomerService(new PaySmartClient("sk_test_x", stub.BaseUrl)).List(new CustomerListOptions { Limit = 10 });
                Assert.AreEqual("list", page.Object);
                Assert.AreEqual(10, page.Data.Count);
                Assert.IsTrue(page.HasMore);
                Assert.AreEqual("/v2/customers", page.Url);
                Assert.AreEqual(ids[0], page.First().Id, "a page enumerates its data");
                Assert.AreEqual(1, stub.Requests.Count);
            }
        }
    }
}
