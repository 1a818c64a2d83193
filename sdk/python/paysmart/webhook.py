"""Webhook: verify the events PaySmart sends to a webhook endpoint.

Every delivery is a POST whose body is the event as JSON and whose
PaySmart-Signature header reads

    t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>

with one v1 per secret in use (two while a rolled secret's grace period
runs). It mirrors the Go package sdk/webhook: the signature is checked
before the timestamp, so that a forged header learns nothing from the answer.
"""

import hashlib
import hmac
import json
import re
import time

from paysmart import error

# SIGNATURE_HEADER is the HTTP header that carries the signature.
SIGNATURE_HEADER = "PaySmart-Signature"

# DEFAULT_TOLERANCE is how far, in seconds, a signature's timestamp may be
# from now before the event is refused as a possible replay.
DEFAULT_TOLERANCE = 300

_timestamp = re.compile(r"[+-]?[0-9]+\Z")
_v1 = re.compile(r"[0-9a-fA-F]{64}\Z")


def _as_bytes(payload):
    if isinstance(payload, str):
        return payload.encode("utf-8")
    return bytes(payload)


class WebhookSignature:
    """WebhookSignature computes and checks PaySmart-Signature headers."""

    EXPECTED_SCHEME = "v1"

    @staticmethod
    def compute_signature(timestamp, payload, secret):
        """compute_signature returns hex HMAC-SHA256(secret, "<timestamp>.<payload>")."""
        signed = str(int(timestamp)).encode("ascii") + b"." + _as_bytes(payload)
        return hmac.new(secret.encode("utf-8"), signed, hashlib.sha256).hexdigest()

    @classmethod
    def generate_header(cls, payload, *secrets, timestamp=None):
        """generate_header returns the PaySmart-Signature value for payload at
        timestamp (Unix seconds, default now): one v1 per secret, in the order
        given. For tests and tools that need a signed payload."""
        t = int(time.time()) if timestamp is None else int(timestamp)
        parts = ["t={0}".format(t)]
        for s in secrets:
            parts.append("v1=" + cls.compute_signature(t, payload, s))
        return ",".join(parts)

    @classmethod
    def verify_header(cls, payload, header, secret, tolerance=DEFAULT_TOLERANCE):
        """verify_header returns True when header carries payload's signature
        with secret and a timestamp within tolerance seconds of now (None or
        0 means DEFAULT_TOLERANCE); otherwise it raises SignatureVerificationError."""
        return _verify_header(payload, header, secret, tolerance, time.time())


class Webhook:
    """Webhook turns a verified delivery into its Event."""

    DEFAULT_TOLERANCE = DEFAULT_TOLERANCE

    @staticmethod
    def construct_event(payload, sig_header, secret, tolerance=DEFAULT_TOLERANCE, api_key=None):
        """construct_event verifies that payload (the raw request body, bytes
        or str, before any JSON parsing) was signed by PaySmart with secret
        (the endpoint's whsec_...) within tolerance seconds of now, and returns
        it as a paysmart.Event. It raises paysmart.error.SignatureVerificationError
        when it was not, and ValueError when a signed body is not JSON."""
        return _construct_event(payload, sig_header, secret, tolerance, time.time(), api_key)


def _construct_event(payload, sig_header, secret, tolerance, now, api_key=None):
    """_construct_event is Webhook.construct_event at the time now (Unix
    seconds): the shared test vectors fix their clock through it."""
    from paysmart.api_resources.event import Event

    payload = _as_bytes(payload)
    _verify_header(payload, sig_header, secret, tolerance, now)
    data = json.loads(payload.decode("utf-8"))
    if not isinstance(data, dict):
        raise ValueError("the webhook's payload is not a JSON object")
    return Event.construct_from(data, api_key)


def _fail(code, message, header, payload):
    return error.SignatureVerificationError(message, header, payload.decode("utf-8", errors="replace"), code=code)


def _verify_header(payload, header, secret, tolerance, now):
    payload = _as_bytes(payload)
    if not tolerance or tolerance <= 0:
        tolerance = DEFAULT_TOLERANCE
    timestamp, signatures = _parse_header(header, payload)
    expected = bytes.fromhex(WebhookSignature.compute_signature(timestamp, payload, secret))
    ok = False
    for s in signatures:  # every one, in constant time each
        if hmac.compare_digest(s, expected):
            ok = True
    if not ok:
        raise _fail("no_valid_signature", "No signature matches the payload and the endpoint secret.", header, payload)
    # Checked after the signature, so that a forged header learns nothing.
    age = now - timestamp
    if age > tolerance:
        raise _fail("too_old", "The signature's timestamp is too old (possible replay).", header, payload)
    if age < -tolerance:
        raise _fail("in_future", "The signature's timestamp is in the future.", header, payload)
    return True


def _parse_header(header, payload):
    """_parse_header reads t and every v1 of a signature header; other schemes
    (v0) and unknown keys are ignored, as are v1 values that are not 64 hex digits."""
    timestamp = None
    signatures = []
    for part in (header or "").split(","):
        key, sep, value = part.strip().partition("=")
        if not sep:
            continue
        if key == "t":
            if not _timestamp.match(value) or int(value) <= 0:
                raise _fail("invalid_header", "Invalid PaySmart-Signature header (want t=<timestamp>,v1=<signature>).", header, payload)
            timestamp = int(value)
        elif key == WebhookSignature.EXPECTED_SCHEME and _v1.match(value):
            signatures.append(bytes.fromhex(value))
    if timestamp is None:
        raise _fail("invalid_header", "Invalid PaySmart-Signature header (want t=<timestamp>,v1=<signature>).", header, payload)
    if not signatures:
        raise _fail("not_signed", "The PaySmart-Signature header has no v1 signature.", header, payload)
    return timestamp, signatures
