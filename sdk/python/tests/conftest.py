"""Shared fixtures: the library's settings reset around every test, and a
stub HTTP server (standard library only) that answers from a script."""

import http.server
import json
import threading

import pytest

import paysmart
from paysmart import api_requestor

_SETTINGS = ("api_key", "api_base", "max_network_retries", "initial_network_retry_delay",
             "max_network_retry_delay", "timeout")


@pytest.fixture(autouse=True)
def restore_settings():
    """Every test starts from the settings the library was imported with."""
    saved = {name: getattr(paysmart, name) for name in _SETTINGS}
    yield
    for name, value in saved.items():
        setattr(paysmart, name, value)


class StubServer:
    """StubServer answers each request with the next of its answers (the last
    one repeats) and records what it was sent: requests is a list of dicts with
    method, path, headers and body."""

    def __init__(self):
        self.answers = []
        self.requests = []
        self._lock = threading.Lock()
        stub = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _serve(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                with stub._lock:
                    stub.requests.append({
                        "method": self.command,
                        "path": self.path,
                        "headers": {k.lower(): v for k, v in self.headers.items()},
                        "body": body.decode("utf-8"),
                    })
                    n = len(stub.requests)
                    answer = stub.answers[min(n - 1, len(stub.answers) - 1)] if stub.answers else (200, {}, {})
                if callable(answer):
                    answer = answer(stub.requests[-1])
                status, headers, payload = answer
                if status is None:  # drop the connection without an answer
                    self.close_connection = True
                    self.connection.close()
                    return
                data = payload if isinstance(payload, (bytes, str)) else json.dumps(payload)
                data = data.encode("utf-8") if isinstance(data, str) else data
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for k, v in headers.items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_DELETE = _serve

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = "http://127.0.0.1:{0}/v2".format(self.server.server_address[1])
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def stub(monkeypatch):
    """stub is a StubServer the library points at, with a test key, and
    retries that record their waits instead of sleeping (stub.sleeps)."""
    server = StubServer()
    paysmart.api_base = server.url
    paysmart.api_key = "sk_test_stub"
    server.sleeps = []
    monkeypatch.setattr(api_requestor, "_sleep", server.sleeps.append)
    yield server
    server.close()
