namespace PaySmart
{
    using System;
    using System.Collections.Generic;
    using System.Net.Http;
    using System.Threading;
    using System.Threading.Tasks;

    /// <summary>
    /// TestClockService calls /v2/test_helpers/test_clocks (test mode only: a live key is refused
    /// with a PermissionException): simulated time for customers and their subscriptions.
    /// </summary>
    public class TestClockService : Service<TestClock>
    {
        /// <summary>Initializes the service with <see cref="PaySmartConfiguration"/>'s client.</summary>
        public TestClockService()
        {
        }

        /// <summary>Initializes the service with a client.</summary>
        public TestClockService(PaySmartClient client)
            : base(client)
        {
        }

        /// <inheritdoc/>
        public override string BasePath
        {
            get { return "/test_helpers/test_clocks"; }
        }

        /// <summary>Create creates a test clock; give its Id to CustomerCreateOptions.TestClock.</summary>
        public virtual TestClock Create(TestClockCreateOptions options, RequestOptions requestOptions = null)
        {
            return this.Request(HttpMethod.Post, this.BasePath, options, requestOptions);
        }

        /// <summary>CreateAsync is <see cref="Create"/>, asynchronously.</summary>
        public virtual Task<TestClock> CreateAsync(TestClockCreateOptions options, RequestOptions requestOptions = null, CancellationToken cancellationToken = default(CancellationToken))
        {
            return this.RequestAsync(HttpMethod.Post, this.BasePath, options, requestOptions, cancellationToken);
        }

        /// <summary>Get retrieves a test clock.</summary>
        public virtual TestClock Get(string id, RequestOptions requestOptions = null)
        {
            return this.Request(HttpMethod.Get, this.InstancePath(id), null, requestOptions);
        }

        /// <summary>GetAsync is <see cref="Get"/>, asynchronously.</summary>
        public virtual Task<TestClock> GetAsync(string id, RequestOptions requestOptions = null, CancellationToken cancellationToken = default(CancellationToken))
        {
            return this.RequestAsync(HttpMethod.Get, this.InstancePath(id), null, requestOptions, cancellationToken);
        }

        /// <summary>Advance moves a clock forward to FrozenTime; every charge due by then is made,
        /// at its simulated time, before it answers.</summary>
        public virtual TestClock Advance(string id, TestClockAdvanceOptions options, RequestOptions requestOptions = null)
        {
            return this.Request(HttpMethod.Post, this.InstancePath(id) + "/advance", options, requestOptions);
        }

        /// <summary>AdvanceAsync is <see cref="Advance"/>, asynchronously.</summary>
        public virtual Task<TestClock> AdvanceAsync(string id, TestClockAdvanceOptions options, RequestOptions requestOptions = null, CancellationToken cancellationToken = default(CancellationToken))
        {
            return this.RequestAsync(HttpMethod.Post, this.InstancePath(id) + "/advance", options, requestOptions, cancellationToken);
        }

        /// <summary>Delete deletes a test clock; its subscriptions are canceled.</summary>
        public virtual TestClock Delete(string id, RequestOptions requestOptions = null)
        {
            return this.Request(HttpMethod.Delete, this.InstancePath(id), null, requestOptions);
        }

        /// <summary>DeleteAsync is <see cref="Delete"/>, asynchronously.</summary>
        public virtual Task<TestClock> DeleteAsync(string id, RequestOptions requestOptions = null, CancellationToken cancellationToken = default(CancellationToken))
        {
            return this.RequestAsync(HttpMethod.Delete, this.InstancePath(id), null, requestOptions, cancellationToken);
        }

        /// <summary>List fetches one page of test clocks, newest first.</summary>
        public virtual PaySmartList<TestClock> List(TestClockListOptions options = null, RequestOptions requestOptions = null)
        {
            return this.ListRequest<TestClock>(this.BasePath, options, requestOptions);
        }

        /// <summary>ListAsync is <see cref="List"/>, asynchronously.</summary>
        public virtual Task<PaySmartList<TestClock>> ListAsync(TestClockListOptions options = null, RequestOptions requestOptions = null, CancellationToken cancellationToken = default(CancellationToken))
        {
            return this.ListRequestAsync<TestClock>(this.BasePath, options, requestOptions, cancellationToken);
        }

        /// <summary>ListAutoPaging yields every test clock, fetching pages as it goes.</summary>
        public virtual IEnumerable<TestClock> ListAutoPaging(TestClockListOptions options = null, RequestOptions requestOptions = null)
        {
            return this.ListRequestAutoPaging<TestClock>(this.BasePath, options, requestOptions);
        }
    }

    /// <summary>TestClockCreateOptions creates a test clock frozen at FrozenTime.</summary>
    public class TestClockCreateOptions : BaseOptions
    {
        /// <summary>FrozenTime is the clock's starting time.</summary>
        [JsonName("frozen_time")]
        public DateTime? FrozenTime { get; set; }

        /// <summary>Name is the merchant's name for it.</summary>
        [JsonName("name")]
        public string Name { get; set; }
    }

    /// <summary>TestClockAdvanceOptions moves a clock forward.</summary>
    public class TestClockAdvanceOptions : BaseOptions
    {
        /// <summary>FrozenTime is the clock's new time, not before its current one.</summary>
        [JsonName("frozen_time")]
        public DateTime? FrozenTime { get; set; }
    }

    /// <summary>TestClockListOptions pages test clocks.</summary>
    public class TestClockListOptions : ListOptions
    {
    }
}
