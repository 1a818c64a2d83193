"""One API call: its URL, headers and body, its retries, and its errors.

It follows the Go SDK (sdk/paysmart/client.go): a call is retried after a
network error or an answer of 409 (the same Idempotency-Key still running),
429 or 5xx, at most paysmart.max_network_retries times, under the same
Idempotency-Key; it waits Retry-After when the server sends one, otherwise a
backoff that doubles per retry with up to 50% jitter.
"""

import email.utils
import http.client
import json
import random
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

import paysmart
from paysmart import error
from paysmart.version import VERSION

# MAX_RETRY_AFTER bounds how long a Retry-After header may make a call wait, in seconds.
MAX_RETRY_AFTER = 60.0

# _sleep is time.sleep; tests replace it to see the waits without waiting.
_sleep = time.sleep


class PaySmartResponse:
    """PaySmartResponse is one HTTP answer of the API: code, headers, body
    (text) and data (the decoded JSON)."""

    def __init__(self, body, code, headers):
        self.body = body
        self.code = code
        self.headers = headers
        self.data = json.loads(body)

    @property
    def request_id(self):
        """request_id is the server's id of the request (Request-Id), for support."""
        return self.headers.get("Request-Id")

    @property
    def idempotent_replayed(self):
        """idempotent_replayed says the answer is the replay of an earlier
        request with the same Idempotency-Key."""
        return (self.headers.get("Idempotent-Replayed") or "").lower() == "true"


def encode_query(params):
    """encode_query renders params in bracket notation: {"created": {"gte": 1}}
    is created[gte]=1 and {"expand": ["customer"]} expand[]=customer; None is left out."""
    pairs = []

    def walk(key, value):
        if value is None:
            return
        if isinstance(value, dict):
            for k, v in value.items():
                walk("{0}[{1}]".format(key, k), v)
        elif isinstance(value, (list, tuple)):
            for v in value:
                walk(key + "[]", v)
        elif isinstance(value, bool):
            pairs.append((key, "true" if value else "false"))
        else:
            pairs.append((key, str(value)))

    for k, v in (params or {}).items():
        walk(k, v)
    return urllib.parse.urlencode(pairs)


def request(method, path, params=None, api_key=None, idempotency_key=None):
    """request calls the API and returns its PaySmartResponse, or raises a
    paysmart.error.PaySmartError. method is get, post or delete; path follows
    the base URL ("/payments"); params go in the query of a GET or DELETE and
    in the JSON body of a POST."""
    method = method.upper()
    key = api_key or paysmart.api_key
    if not key:
        raise error.AuthenticationError(
            "No API key provided. Set paysmart.api_key = <API-KEY>, or pass api_key= to the call."
        )
    url = paysmart.api_base.rstrip("/") + path
    headers = {
        "Authorization": "Bearer " + key,
        "Accept": "application/json",
        "User-Agent": "PaySmart/python " + VERSION,
    }
    data = None
    if method == "POST":
        data = json.dumps(params or {}).encode("utf-8")
        headers["Content-Type"] = "application/json"
    elif params:
        query = encode_query(params)
        if query:
            url += ("&" if "?" in url else "?") + query
    if method in ("POST", "DELETE"):
        headers["Idempotency-Key"] = idempotency_key or str(uuid.uuid4())

    retries = max(0, int(paysmart.max_network_retries or 0))
    attempt = 0
    while True:
        try:
            status, body, resp_headers = _send(method, url, data, headers)
        except (OSError, http.client.HTTPException) as e:
            if attempt < retries:
                _sleep(retry_delay(attempt, None))
                attempt += 1
                continue
            raise error.APIConnectionError(
                "Could not reach PaySmart at {0} ({1}: {2}), after {3} {4}.".format(
                    paysmart.api_base, type(e).__name__, e, attempt + 1, "try" if attempt == 0 else "tries"
                )
            ) from e
        text = body.decode("utf-8", errors="replace")
        if 200 <= status < 300:
            try:
                return PaySmartResponse(text, status, resp_headers)
            except ValueError:
                raise error.APIError(
                    "Invalid JSON in the API's answer (HTTP {0}): {1!r}".format(status, text[:200]),
                    http_status=status,
                    http_body=text,
                    headers=resp_headers,
                    request_id=resp_headers.get("Request-Id"),
                ) from None
        if attempt < retries and retryable(status):
            _sleep(retry_delay(attempt, resp_headers.get("Retry-After")))
            attempt += 1
            continue
        raise error_from_response(status, text, resp_headers, key)


def _send(method, url, data, headers):
    """_send makes one HTTP request and returns (status, body bytes, headers).
    An answer that is not 2xx is returned, not raised; no answer raises OSError."""
    req = urllib.request.Request(url, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(req, timeout=paysmart.timeout) as resp:
            return resp.status, resp.read(), resp.headers
    except urllib.error.HTTPError as e:
        with e:
            return e.code, e.read(), e.headers


def retryable(status):
    """retryable reports whether an answer with this status may be retried: the
    same key still running (409), too many requests (429), or a server failure (5xx)."""
    return status == 409 or status == 429 or status >= 500


def retry_delay(attempt, retry_after):
    """retry_delay is how long to wait before retry attempt+1, in seconds:
    Retry-After when the server sent one (at most MAX_RETRY_AFTER), otherwise
    paysmart.initial_network_retry_delay doubled per attempt plus up to 50%
    jitter, at most paysmart.max_network_retry_delay."""
    after = parse_retry_after(retry_after)
    if after is not None:
        return min(after, MAX_RETRY_AFTER)
    d = paysmart.initial_network_retry_delay * (2 ** attempt)
    d += random.uniform(0, d / 2)
    return max(0.0, min(d, paysmart.max_network_retry_delay))


def parse_retry_after(value):
    """parse_retry_after reads a Retry-After header, seconds or an HTTP date,
    as seconds from now (never negative); None when absent or unreadable."""
    if value is None:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - time.time())


# _by_type maps the answer's error.type to its class.
_by_type = {
    "card_error": error.CardError,
    "invalid_request_error": error.InvalidRequestError,
    "authentication_error": error.AuthenticationError,
    "permission_error": error.PermissionError,
    "idempotency_error": error.IdempotencyError,
    "rate_limit_error": error.RateLimitError,
    "api_error": error.APIError,
}

# _by_status maps an HTTP status to the class of an answer without PaySmart's error body.
_by_status = {
    400: error.InvalidRequestError,
    401: error.AuthenticationError,
    402: error.CardError,
    403: error.PermissionError,
    404: error.InvalidRequestError,
    409: error.IdempotencyError,
    429: error.RateLimitError,
}


# _type_of is the error type a class stands for, when the answer did not say.
_type_of = {cls: name for name, cls in _by_type.items()}


def error_from_response(status, text, headers, api_key=None):
    """error_from_response turns an answer that is not 2xx into the PaySmartError
    its error.type (else its status) names."""
    from paysmart.paysmart_object import convert_to_paysmart_object

    try:
        json_body = json.loads(text)
    except ValueError:
        json_body = None
    err = json_body.get("error") if isinstance(json_body, dict) else None
    if not isinstance(err, dict):
        err = {}
    err_type = err.get("type") if isinstance(err.get("type"), str) else None
    cls = _by_type.get(err_type) or _by_status.get(status, error.APIError)
    message = err.get("message")
    if not isinstance(message, str) or not message:
        message = text.strip() or "HTTP {0} from the API with an empty body".format(status)
    kwargs = dict(
        http_status=status,
        type=err_type or _type_of[cls],
        code=err.get("code"),
        param=err.get("param"),
        request_id=err.get("request_id") or headers.get("Request-Id"),
        http_body=text,
        json_body=json_body,
        headers=headers,
    )
    if cls is error.CardError:
        payment = err.get("payment")
        kwargs["decline_code"] = err.get("decline_code")
        kwargs["payment"] = convert_to_paysmart_object(payment, api_key) if isinstance(payment, dict) else None
    return cls(message, **kwargs)
