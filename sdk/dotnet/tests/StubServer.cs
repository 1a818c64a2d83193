namespace PaySmart.Tests
{
    using System;
    using System.Collections.Generic;
    using System.Collections.Specialized;
    using System.IO;
    using System.Net;
    using System.Net.Sockets;
    using System.Text;
    using System.Threading;

    /// <summary>StubRequest is one request the stub server received.</summary>
    internal sealed class StubRequest
    {
        public string Method;
        public string RawUrl;
        public NameValueCollection Headers;
        public string Body;

        /// <summary>Query is the decoded query string, in order, keys as sent (created[gte]).</summary>
        public List<KeyValuePair<string, string>> Query
        {
            get
            {
                var result = new List<KeyValuePair<string, string>>();
                var q = this.RawUrl.IndexOf('?');
                if (q < 0)
                {
                    return result;
                }

                foreach (var pair in this.RawUrl.Substring(q + 1).Split('&'))
                {
                    var eq = pair.IndexOf('=');
                    result.Add(new KeyValuePair<string, string>(
                        Uri.UnescapeDataString(eq < 0 ? pair : pair.Substring(0, eq)),
                        eq < 0 ? string.Empty : Uri.UnescapeDataString(pair.Substring(eq + 1))));
                }

                return result;
            }
        }

        public string Path
        {
            get
            {
                var q = this.RawUrl.IndexOf('?');
                return q < 0 ? this.RawUrl : this.RawUrl.Substring(0, q);
            }
        }

        public string QueryValue(string key)
        {
            foreach (var pair in this.Query)
            {
                if (pair.Key == key)
                {
                    return pair.Value;
                }
            }

            return null;
        }
    }

    /// <summary>StubReply is what the stub server answers; Abort drops the connection instead.</summary>
    internal sealed class StubReply
    {
        public int Status = 200;
        public string Body = "{}";
        public Dictionary<string, string> Headers = new Dictionary<string, string>();
        public bool Abort;

        public static StubReply Json(int status, string body)
        {
            return new StubReply { Status = status, Body = body };
        }

        public StubReply With(string header, string value)
        {
            this.Headers[header] = value;
            return this;
        }
    }

    /// <summary>
    /// StubServer is a tiny HTTP server on 127.0.0.1 and a free port (System.Net.HttpListener)
    /// that records every request and answers what its handler says: the n-th request (from 0)
    /// gets handler(request, n).
    /// </summary>
    internal sealed class StubServer : IDisposable
    {
        private readonly HttpListener listener = new HttpListener();
        private readonly Func<StubRequest, int, StubReply> handler;
        private readonly List<StubRequest> requests = new List<StubRequest>();
        private readonly Thread thread;

        public StubServer(Func<StubRequest, int, StubReply> handler)
        {
            this.handler = handler;
            this.Port = FreePort();
            this.listener.Prefixes.Add("http://127.0.0.1:" + this.Port + "/");
            this.listener.Start();
            this.thread = new Thread(this.Serve) { IsBackground = true };
            this.thread.Start();
        }

        public int Port { get; private set; }

        /// <summary>BaseUrl is where a client points its ApiBase.</summary>
        public string BaseUrl
        {
            get { return "http://127.0.0.1:" + this.Port + "/v2"; }
        }

        public List<StubRequest> Requests
        {
            get
            {
                lock (this.requests)
                {
                    return new List<StubRequest>(this.requests);
                }
            }
        }

        /// <summary>FreePort is a port nothing listens on (for a moment).</summary>
        public static int FreePort()
        {
            var l = new TcpListener(IPAddress.Loopback, 0);
            l.Start();
            var port = ((IPEndPoint)l.LocalEndpoint).Port;
            l.Stop();
            return port;
        }

        public void Dispose()
        {
            try
            {
                this.listener.Close();
            }
            catch (ObjectDisposedException)
            {
            }
        }

        private void Serve()
        {
            while (true)
            {
                HttpListenerContext ctx;
                try
                {
                    ctx = this.listener.GetContext();
                }
                catch (Exception)
                {
                    return; // closed
                }

                try
                {
                    this.Handle(ctx);
                }
                catch (Exception e)
                {
                    Console.Error.WriteLine("stub server: " + e);
                }
            }
        }

        private void Handle(HttpListenerContext ctx)
        {
            string body;
            using (var reader = new StreamReader(ctx.Request.InputStream, Encoding.UTF8))
            {
                body = reader.ReadToEnd();
            }

            var req = new StubRequest
            {
                Method = ctx.Request.HttpMethod,
                RawUrl = ctx.Request.RawUrl,
                Headers = ctx.Request.Headers,
                Body = body,
            };
            int n;
            lock (this.requests)
            {
                n = this.requests.Count;
                this.requests.Add(req);
            }

            var reply = this.handler(req, n);
            if (reply.Abort)
            {
                // Promise a body, send a piece of it and drop the connection: the client sees
                // the network fail mid-answer (under Mono, Abort alone reaches the client as an empty 200).
                var piece = Encoding.UTF8.GetBytes("{\"id\":");
                ctx.Response.StatusCode = 200;
                ctx.Response.ContentLength64 = 1000;
                ctx.Response.OutputStream.Write(piece, 0, piece.Length);
                ctx.Response.OutputStream.Flush();
                ctx.Response.Abort();
                return;
            }

            var bytes = Encoding.UTF8.GetBytes(reply.Body ?? string.Empty);
            ctx.Response.StatusCode = reply.Status;
            ctx.Response.ContentType = "application/json";
            foreach (var h in reply.Headers)
            {
                ctx.Response.Headers[h.Key] = h.Value;
            }

            ctx.Response.ContentLength64 = bytes.Length;
            ctx.Response.OutputStream.Write(bytes, 0, bytes.Length);
            ctx.Response.Close();
        }
    }
}
