namespace PaySmart
{
    using System.Collections;
    using System.Collections.Generic;
    using System.Net;
    using System.Net.Http.Headers;

    /// <summary>
    /// PaySmartEntity is an object the API answered with. Besides its typed properties it keeps the
    /// JSON object it was read from (<see cref="RawValues"/>, <see cref="ToJson"/>) and, for the
    /// top-level object of an answer, the answer itself (<see cref="PaySmartResponse"/>).
    /// </summary>
    public abstract class PaySmartEntity
    {
        /// <summary>RawValues is the JSON object the entity was read from (objects are
        /// dictionaries, arrays lists, integral numbers longs).</summary>
        public IDictionary<string, object> RawValues { get; internal set; }

        /// <summary>PaySmartResponse is the HTTP answer this entity came in: status, request id,
        /// headers, body. It is null for nested objects.</summary>
        public PaySmartResponse PaySmartResponse { get; internal set; }

        /// <summary>ToJson renders the entity as the JSON object it was read from.</summary>
        public string ToJson()
        {
            return Json.Serialize(this.RawValues ?? new Dictionary<string, object>());
        }
    }

    /// <summary>IHasId is an entity with an id, which lists page by.</summary>
    public interface IHasId
    {
        /// <summary>Id is the object's unique identifier.</summary>
        string Id { get; }
    }

    /// <summary>
    /// PaySmartList is one page of a list: <see cref="Data"/> holds its objects, newest first;
    /// <see cref="HasMore"/> says whether another page follows. Use a service's
    /// <c>ListAutoPaging</c> to walk every page.
    /// </summary>
    /// <typeparam name="T">The type of the listed objects.</typeparam>
    public class PaySmartList<T> : PaySmartEntity, IEnumerable<T>
    {
        /// <summary>Object is "list".</summary>
        [JsonName("object")]
        public string Object { get; set; }

        /// <summary>Data is the page's objects.</summary>
        [JsonName("data")]
        public List<T> Data { get; set; }

        /// <summary>HasMore is true when more objects follow this page.</summary>
        [JsonName("has_more")]
        public bool HasMore { get; set; }

        /// <summary>Url is the list's path.</summary>
        [JsonName("url")]
        public string Url { get; set; }

        /// <summary>GetEnumerator iterates over this page only.</summary>
        public IEnumerator<T> GetEnumerator()
        {
            return (this.Data ?? new List<T>()).GetEnumerator();
        }

        IEnumerator IEnumerable.GetEnumerator()
        {
            return this.GetEnumerator();
        }
    }

    /// <summary>PaySmartResponse is the HTTP answer an entity or an error came in.</summary>
    public class PaySmartResponse
    {
        /// <summary>StatusCode is the answer's HTTP status.</summary>
        public HttpStatusCode StatusCode { get; internal set; }

        /// <summary>Headers are the answer's HTTP headers.</summary>
        public HttpResponseHeaders Headers { get; internal set; }

        /// <summary>Content is the answer's body, as sent.</summary>
        public string Content { get; internal set; }

        /// <summary>RequestId is the server's id for the request (the Request-Id header), the one
        /// to quote to support.</summary>
        public string RequestId { get; internal set; }

        /// <summary>IdempotentReplayed is true when the server answered with the saved answer of
        /// an earlier request with the same Idempotency-Key (the Idempotent-Replayed header).</summary>
        public bool IdempotentReplayed { get; internal set; }
    }
}
