namespace PaySmart
{
    using System;
    using System.Collections.Generic;
    using System.Net.Http;
    using System.Threading;
    using System.Threading.Tasks;

    /// <summary>
    /// Service is what every resource's service shares: the client its calls go through (the one
    /// of <see cref="PaySmartConfiguration"/> unless given one) and the list helpers.
    /// </summary>
    /// <typeparam name="TEntity">The resource the service manages.</typeparam>
    public abstract class Service<TEntity>
        where TEntity : PaySmartEntity, IHasId
    {
        private PaySmartClient client;

        /// <summary>Initializes a service that uses <see cref="PaySmartConfiguration.PaySmartClient"/>.</summary>
        protected Service()
        {
        }

        /// <summary>Initializes a service that uses <paramref name="client"/>.</summary>
        protected Service(PaySmartClient client)
        {
            this.client = client;
        }

        /// <summary>Client is the client the service's calls go through.</summary>
        public PaySmartClient Client
        {
            get { return this.client ?? PaySmartConfiguration.PaySmartClient; }
            set { this.client = value; }
        }

        /// <summary>BasePath is the resource's path under the API's address ("/payments").</summary>
        public abstract string BasePath { get; }

        /// <summary>InstancePath is the path of one object; an empty id is an ArgumentException
        /// rather than a call to the list's path.</summary>
        protected string InstancePath(string id)
        {
            if (string.IsNullOrWhiteSpace(id))
            {
                throw new ArgumentException("The resource ID cannot be null or whitespace.", "id");
            }

            return this.BasePath + "/" + Uri.EscapeDataString(id);
        }

        /// <summary>Request sends a call answered by one of the service's objects.</summary>
        protected TEntity Request(HttpMethod method, string path, BaseOptions options, RequestOptions requestOptions)
        {
            return this.RequestAsync(method, path, options, requestOptions, CancellationToken.None).ConfigureAwait(false).GetAwaiter().GetResult();
        }

        /// <summary>RequestAsync sends a call answered by one of the service's objects.</summary>
        protected Task<TEntity> RequestAsync(HttpMethod method, string path, BaseOptions options, RequestOptions requestOptions, CancellationToken cancellationToken)
        {
            return this.Client.RequestAsync<TEntity>(method, path, options, requestOptions, cancellationToken);
        }

        /// <summary>ListRequest fetches one page.</summary>
        protected PaySmartList<T> ListRequest<T>(string path, ListOptions options, RequestOptions requestOptions)
        {
            return this.ListRequestAsync<T>(path, options, requestOptions, CancellationToken.None).ConfigureAwait(false).GetAwaiter().GetResult();
        }

        /// <summary>ListRequestAsync fetches one page.</summary>
        protected Task<PaySmartList<T>> ListRequestAsync<T>(string path, ListOptions options, RequestOptions requestOptions, CancellationToken cancellationToken)
        {
            return this.Client.RequestAsync<PaySmartList<T>>(HttpMethod.Get, path, options, requestOptions, cancellationToken);
        }

        /// <summary>
        /// ListRequestAutoPaging yields every object of a list, fetching the next page as it goes:
        /// starting_after the last object while the server says there is more. With only
        /// EndingBefore set it walks backwards (ending_before the first object), yielding each
        /// page from its oldest object. A failed call throws from the enumeration.
        /// </summary>
        protected IEnumerable<T> ListRequestAutoPaging<T>(string path, ListOptions options, RequestOptions requestOptions)
            where T : IHasId
        {
            var parameters = JsonMapper.ToParameters(options);
            var backwards = parameters.ContainsKey("ending_before") && !parameters.ContainsKey("starting_after");
            var client = this.Client;
            while (true)
            {
                var page = client.RequestAsync<PaySmartList<T>>(HttpMethod.Get, path, parameters, requestOptions, CancellationToken.None)
                    .ConfigureAwait(false).GetAwaiter().GetResult();
                var data = page.Data ?? new List<T>();
                if (backwards)
                {
                    for (var i = data.Count - 1; i >= 0; i--)
                    {
                        yield return data[i];
                    }
                }
                else
                {
                    foreach (var item in data)
                    {
                        yield return item;
                    }
                }

                if (!page.HasMore || data.Count == 0)
                {
                    yield break;
                }

                if (backwards)
                {
                    parameters["ending_before"] = data[0].Id;
                }
                else
                {
                    parameters["starting_after"] = data[data.Count - 1].Id;
                }
            }
        }
    }
}
