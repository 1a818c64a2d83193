namespace PaySmart
{
    using System.Collections.Generic;
    using System.Net.Http;
    using System.Threading;
    using System.Threading.Tasks;

    /// <summary>CustomerService calls /v2/customers: create, read, update, delete and list customers.</summary>
    public class CustomerService : Service<Customer>
    {
        /// <summary>Initializes the service with <see cref="PaySmartConfiguration"/>'s client.</summary>
        public CustomerService()
        {
        }

        /// <summary>Initializes the service with a client.</summary>
        public CustomerService(PaySmartClient client)
            : base(client)
        {
        }

        /// <inheritdoc/>
        public override string BasePath
        {
            get { return "/customers"; }
        }

        /// <summary>Create creates a customer.</summary>
        public virtual Customer Create(CustomerCreateOptions options, RequestOptions requestOptions = null)
        {
            return this.Request(HttpMethod.Post, this.BasePath, options, requestOptions);
        }

        /// <summary>CreateAsync is <see cref="Create"/>, asynchronously.</summary>
        public virtual Task<Customer> CreateAsync(CustomerCreateOptions options, RequestOptions requestOptions = null, CancellationToken cancellationToken = default(CancellationToken))
        {
            return this.RequestAsync(HttpMethod.Post, this.BasePath, options, requestOptions, cancellationToken);
        }

        /// <summary>Get retrieves a customer; a deleted one has Deleted = true.</summary>
        public virtual Customer Get(string id, RequestOptions requestOptions = null)
        {
            return this.Request(HttpMethod.Get, this.InstancePath(id), null, requestOptions);
        }

        /// <summary>GetAsync is <see cref="Get"/>, asynchronously.</summary>
        public virtual Task<Customer> GetAsync(string id, RequestOptions requestOptions = null, CancellationToken cancellationToken = default(CancellationToken))
        {
            return this.RequestAsync(HttpMethod.Get, this.InstancePath(id), null, requestOptions, cancellationToken);
        }

        /// <summary>Update changes a customer; unset fields are left as they are.</summary>
        public virtual Customer Update(string id, CustomerUpdateOptions options, RequestOptions requestOptions = null)
        {
            return this.Request(HttpMethod.Post, this.InstancePath(id), options, requestOptions);
        }

        /// <summary>UpdateAsync is <see cref="Update"/>, asynchronously.</summary>
        public virtual Task<Customer> UpdateAsync(string id, CustomerUpdateOptions options, RequestOptions requestOptions = null, CancellationToken cancellationToken = default(CancellationToken))
        {
            return this.RequestAsync(HttpMethod.Post, this.InstancePath(id), options, requestOptions, cancellationToken);
        }

        /// <summary>Delete deletes a customer; the answer has Id and Deleted = true.</summary>
        public virtual Customer Delete(string id, RequestOptions requestOptions = null)
        {
            return this.Request(HttpMethod.Delete, this.InstancePath(id), null, requestOptions);
        }

        /// <summary>DeleteAsync is <see cref="Delete"/>, asynchronously.</summary>
        public virtual Task<Customer> DeleteAsync(string id, RequestOptions requestOptions = null, CancellationToken cancellationToken = default(CancellationToken))
        {
            return this.RequestAsync(HttpMethod.Delete, this.InstancePath(id), null, requestOptions, cancellationToken);
        }

        /// <summary>List fetches one page of customers, newest first.</summary>
        public virtual PaySmartList<Customer> List(CustomerListOptions options = null, RequestOptions requestOptions = null)
        {
            return this.ListRequest<Customer>(this.BasePath, options, requestOptions);
        }

        /// <summary>ListAsync is <see cref="List"/>, asynchronously.</summary>
        public virtual Task<PaySmartList<Customer>> ListAsync(CustomerListOptions options = null, RequestOptions requestOptions = null, CancellationToken cancellationToken = default(CancellationToken))
        {
            return this.ListRequestAsync<Customer>(this.BasePath, options, requestOptions, cancellationToken);
        }

        /// <summary>ListAutoPaging yields every customer, fetching pages as it goes.</summary>
        public virtual IEnumerable<Customer> ListAutoPaging(CustomerListOptions options = null, RequestOptions requestOptions = null)
        {
            return this.ListRequestAutoPaging<Customer>(this.BasePath, options, requestOptions);
        }
    }

    /// <summary>CustomerCreateOptions creates a customer.</summary>
    public class CustomerCreateOptions : BaseOptions
    {
        /// <summary>Email is the customer's e-mail address.</summary>
        [JsonName("email")]
        public string Email { get; set; }

        /// <summary>Name is the customer's name.</summary>
        [JsonName("name")]
        public string Name { get; set; }

        /// <summary>Phone is the customer's phone number.</summary>
        [JsonName("phone")]
        public string Phone { get; set; }

        /// <summary>Description is the merchant's description.</summary>
        [JsonName("description")]
        public string Description { get; set; }

        /// <summary>Address is the customer's postal address.</summary>
        [JsonName("address")]
        public AddressOptions Address { get; set; }

        /// <summary>Metadata is up to 50 keys and values of the merchant's.</summary>
        [JsonName("metadata")]
        public Dictionary<string, string> Metadata { get; set; }

        /// <summary>TestClock puts a test-mode customer on a test clock (clock_…).</summary>
        [JsonName("test_clock")]
        public string TestClock { get; set; }
    }

    /// <summary>CustomerUpdateOptions changes a customer; unset fields are left as they are.</summary>
    public class CustomerUpdateOptions : BaseOptions
    {
        /// <summary>Email is the customer's e-mail address.</summary>
        [JsonName("email")]
        public string Email { get; set; }

        /// <summary>Name is the customer's name.</summary>
        [JsonName("name")]
        public string Name { get; set; }

        /// <summary>Phone is the customer's phone number.</summary>
        [JsonName("phone")]
        public string Phone { get; set; }

        /// <summary>Description is the merchant's description.</summary>
        [JsonName("description")]
        public string Description { get; set; }

        /// <summary>Address is the customer's postal address.</summary>
        [JsonName("address")]
        public AddressOptions Address { get; set; }

        /// <summary>Metadata is merged into the customer's.</summary>
        [JsonName("metadata")]
        public Dictionary<string, string> Metadata { get; set; }
    }

    /// <summary>AddressOptions is a postal address; unset fields are not sent.</summary>
    public class AddressOptions : BaseOptions
    {
        /// <summary>Line1 is the street.</summary>
        [JsonName("line1")]
        public string Line1 { get; set; }

        /// <summary>Line2 is the apartment, suite or building.</summary>
        [JsonName("line2")]
        public string Line2 { get; set; }

        /// <summary>City is the city.</summary>
        [JsonName("city")]
        public string City { get; set; }

        /// <summary>State is the state, county or region.</summary>
        [JsonName("state")]
        public string State { get; set; }

        /// <summary>PostalCode is the postal code.</summary>
        [JsonName("postal_code")]
        public string PostalCode { get; set; }

        /// <summary>Country is the ISO 3166-1 alpha-2 country code.</summary>
        [JsonName("country")]
        public string Country { get; set; }
    }

    /// <summary>CustomerListOptions pages customers, optionally those with an e-mail address.</summary>
    public class CustomerListOptions : ListOptions
    {
        /// <summary>Email keeps the customers whose e-mail address matches.</summary>
        [JsonName("email")]
        public string Email { get; set; }
    }
}
