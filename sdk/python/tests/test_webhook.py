"""Webhook verification: the shared vectors (sdk/testdata/webhook_vectors.json)
and construct_event's own behaviour."""

import json
import os
import time

import pytest

import paysmart
from paysmart import webhook
from paysmart.error import SignatureVerificationError

_VECTORS_PATH = os.path.join(os.path.dirname(__file__), "..", "..", "testdata", "webhook_vectors.json")
with open(_VECTORS_PATH, encoding="utf-8") as f:
    VECTORS = json.load(f)


@pytest.mark.parametrize("case", VECTORS["cases"], ids=[c["name"] for c in VECTORS["cases"]])
def test_shared_vectors(case):
    tolerance = case.get("tolerance", VECTORS["tolerance"])
    if case["valid"]:
        event = webhook._construct_event(case["payload"], case["header"], case["secret"], tolerance, case["now"])
        assert isinstance(event, paysmart.Event) and event == json.loads(case["payload"])
        # bytes work as well as str
        webhook._construct_event(case["payload"].encode(), case["header"], case["secret"], tolerance, case["now"])
    else:
        with pytest.raises(SignatureVerificationError) as e:
            webhook._construct_event(case["payload"], case["header"], case["secret"], tolerance, case["now"])
        assert e.value.code == case["error"]
        assert e.value.sig_header == case["header"]


def test_there_are_vectors():
    assert len(VECTORS["cases"]) >= 10
    assert {c["error"] for c in VECTORS["cases"] if not c["valid"]} == \
        {"no_valid_signature", "too_old", "in_future", "invalid_header", "not_signed"}


def test_construct_event_now():
    payload = json.dumps({"id": "evt_1", "object": "event", "type": "payment.succeeded",
                          "data": {"object": {"id": "pay_1", "object": "payment", "amount": 2000}}})
    header = paysmart.WebhookSignature.generate_header(payload, "whsec_new", "whsec_old")
    for secret in ("whsec_new", "whsec_old"):
        event = paysmart.Webhook.construct_event(payload, header, secret)
        assert event.type == "payment.succeeded"
        assert isinstance(event.data.object, paysmart.Payment) and event.data.object.amount == 2000
    assert paysmart.WebhookSignature.verify_header(payload, header, "whsec_new") is True
    with pytest.raises(SignatureVerificationError):
        paysmart.Webhook.construct_event(payload, header, "whsec_guess")

    old = paysmart.WebhookSignature.generate_header(payload, "whsec_new", timestamp=int(time.time()) - 400)
    with pytest.raises(SignatureVerificationError) as e:
        paysmart.Webhook.construct_event(payload, old, "whsec_new")
    assert e.value.code == "too_old"
    assert paysmart.Webhook.construct_event(payload, old, "whsec_new", tolerance=500).id == "evt_1"


def test_signature_is_checked_before_the_timestamp():
    # A forged header with an old timestamp learns it is forged, not that it is old.
    payload = '{"id":"evt_1"}'
    forged = "t=1,v1=" + "0" * 64
    with pytest.raises(SignatureVerificationError) as e:
        paysmart.Webhook.construct_event(payload, forged, "whsec_x")
    assert e.value.code == "no_valid_signature"


def test_a_signed_body_that_is_not_json():
    header = paysmart.WebhookSignature.generate_header("not json", "whsec_x")
    with pytest.raises(ValueError):
        paysmart.Webhook.construct_event("not json", header, "whsec_x")


def test_header_parsing():
    sig = paysmart.WebhookSignature.compute_signature(100, "p", "s")
    assert webhook._verify_header("p", " t=100 , v1=" + sig.upper() + " ", "s", 300, 100)
    for header, code in [(None, "invalid_header"), ("t=0,v1=" + sig, "invalid_header"),
                         ("t=1e3,v1=" + sig, "invalid_header"), ("t=100,v1=" + sig[:-2], "not_signed"),
                         ("t=100,v1=" + sig[:-1] + " " + sig[-1], "not_signed")]:
        with pytest.raises(SignatureVerificationError) as e:
            webhook._verify_header("p", header, "s", 300, 100)
        assert e.value.code == code, header
