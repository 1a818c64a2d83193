package com.paysmart.net;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Stub is a tiny PaySmart stand-in on 127.0.0.1:0 that records requests and answers from a script. */
final class Stub implements AutoCloseable {
  /** Request is one request the stub received. */
  static final class Request {
    final String method;
    final String rawPath;
    final String rawQuery;
    final Headers headers;
    final String body;

    Request(String method, String rawPath, String rawQuery, Headers headers, String body) {
      this.method = method;
      this.rawPath = rawPath;
      this.rawQuery = rawQuery;
      this.headers = headers;
      this.body = body;
    }

    String header(String name) {
      return headers.getFirst(name);
    }
  }

  /** Reply is one scripted answer. */
  static final class Reply {
    final int status;
    final String body;
    final Map<String, String> headers;

    Reply(int status, String body, Map<String, String> headers) {
      this.status = status;
      this.body = body;
      this.headers = headers;
    }
  }

  static Reply reply(int status, String body, String... headerPairs) {
    Map<String, String> h = new java.util.LinkedHashMap<>();
    for (int i = 0; i + 1 < headerPairs.length; i += 2) {
      h.put(headerPairs[i], headerPairs[i + 1]);
    }
    return new Reply(status, body, h);
  }

  final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
  private final HttpServer server;

  /** start answers the n-th request with replies[n], repeating the last one after. */
  static Stub start(Reply... replies) throws IOException {
    return start(r -> null, replies);
  }

  /** start answers with route(request) when it is not null, else from replies. */
  static Stub start(Function<Request, Reply> route, Reply... replies) throws IOException {
    return new Stub(route, replies);
  }

  private Stub(Function<Request, Reply> route, Reply[] replies) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", ex -> {
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Request req = new Request(ex.getRequestMethod(), ex.getRequestURI().getRawPath(),
          ex.getRequestURI().getRawQuery(), ex.getRequestHeaders(), body);
      int n;
      synchronized (requests) {
        requests.add(req);
        n = requests.size();
      }
      Reply r = route.apply(req);
      if (r == null) {
        r = replies[Math.min(n - 1, replies.length - 1)];
      }
      byte[] out = r.body.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "application/json");
      r.headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
      ex.sendResponseHeaders(r.status, out.length == 0 ? -1 : out.length);
      try (OutputStream os = ex.getResponseBody()) {
        os.write(out);
      }
    });
    server.start();
  }

  String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v2";
  }

  RequestOptions options() {
    return RequestOptions.builder().setApiBase(base()).setApiKey("sk_test_stub").build();
  }

  Request request(int i) {
    return requests.get(i);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
