"""Integration tests against a real PaySmart server.

They need the variables the Go harness sets (run them through it:
cd /work/main && go test ./sdk -run 'TestLibraries/python$' -count=1 -v):
PAYSMART_API_BASE, PAYSMART_TEST_SECRET_KEY, PAYSMART_TEST_PUBLISHABLE_KEY,
PAYSMART_TEST_WEBHOOK_SECRET, PAYSMART_TEST_WEBHOOK_PAYLOAD and
PAYSMART_TEST_WEBHOOK_SIGNATURE. Without them every test here fails: none is skipped.
"""

import concurrent.futures
import os
import uuid

import pytest

import paysmart
from paysmart import error

ENV = ("PAYSMART_API_BASE", "PAYSMART_TEST_SECRET_KEY", "PAYSMART_TEST_PUBLISHABLE_KEY",
       "PAYSMART_TEST_WEBHOOK_SECRET", "PAYSMART_TEST_WEBHOOK_PAYLOAD", "PAYSMART_TEST_WEBHOOK_SIGNATURE")

RUN = uuid.uuid4().hex[:12]  # this run's mark, in e-mails and metadata


def card(number="4242424242424242"):
    return {"type": "card", "card": {"number": number, "exp_month": 12, "exp_year": 2030, "cvc": "123"}}


@pytest.fixture(autouse=True)
def live():
    """live points the library at the harness's server with its test key, or
    fails the test (never skips it) when the harness did not set it up."""
    missing = [name for name in ENV if not os.environ.get(name)]
    if missing:
        pytest.fail("integration tests need {0}: run them through the harness: cd /work/main && "
                    "go test ./sdk -run 'TestLibraries/python$' -count=1 -v".format(", ".join(missing)),
                    pytrace=False)
    paysmart.api_base = os.environ["PAYSMART_API_BASE"]
    paysmart.api_key = os.environ["PAYSMART_TEST_SECRET_KEY"]


def test_quick_example():
    # The document's Quick Example as written, but for the key and the expiry year.
    payment = paysmart.Payment.create(
        amount=2000,
        currency='usd',
        payment_method={
            'type': 'card',
            'card': {
                'number': '4242424242424242',
                'exp_month': 12,
                'exp_year': 2030,
                'cvc': '123'
            }
        }
    )
    assert isinstance(payment, paysmart.Payment)
    assert payment.status == "succeeded"
    assert payment.id.startswith("pay_") and payment.object == "payment"
    assert payment["amount"] == 2000 and payment.currency == "usd"
    assert payment.payment_method.card.brand == "visa" and payment.payment_method.card.last4 == "4242"
    assert payment.last_response.request_id.startswith("req_")


def test_declined_card_is_a_card_error():
    with pytest.raises(error.CardError) as e:
        paysmart.Payment.create(amount=2000, currency="usd", payment_method=card("4000000000009995"))
    err = e.value
    assert err.http_status == 402 and err.type == "card_error"
    assert err.code == "card_declined" and err.decline_code == "insufficient_funds"
    assert err.message and err.request_id and err.request_id.startswith("req_")
    assert isinstance(err.payment, paysmart.Payment) and err.payment.status == "failed"
    assert err.json_body["error"]["decline_code"] == "insufficient_funds"


def test_payment_retrieve_update_list_capture_cancel():
    p = paysmart.Payment.create(amount=3000, currency="usd", payment_method=card(), capture=False,
                                description="python " + RUN)
    assert p.status == "requires_capture"

    got = paysmart.Payment.retrieve(p.id)
    assert got.id == p.id and got.amount == 3000 and got.description == "python " + RUN

    changed = paysmart.Payment.modify(p.id, description="changed " + RUN, metadata={"run": RUN})
    assert changed.description == "changed " + RUN and changed.metadata.run == RUN

    page = paysmart.Payment.list(limit=5, status="requires_capture")
    assert isinstance(page, paysmart.ListObject) and p.id in [x.id for x in page.data]

    captured = paysmart.Payment.capture(p.id, amount=2500)
    assert captured.status == "succeeded" and captured.amount_captured == 2500

    with pytest.raises(error.InvalidRequestError) as e:  # once only
        paysmart.Payment.capture(p.id)
    assert e.value.http_status == 400

    q = paysmart.Payment.create(amount=1000, currency="usd", payment_method=card(), capture=False)
    assert q.cancel() is q and q.status == "canceled"
    assert paysmart.Payment.retrieve(q.id).status == "canceled"


def test_refund():
    p = paysmart.Payment.create(amount=2000, currency="usd", payment_method=card())
    r = paysmart.Refund.create(payment=p.id, amount=500, reason="requested_by_customer")
    assert isinstance(r, paysmart.Refund) and r.amount == 500 and r.payment == p.id
    assert r.status in ("pending", "succeeded")
    assert paysmart.Refund.retrieve(r.id).id == r.id
    assert [x.id for x in paysmart.Refund.list(payment=p.id).auto_paging_iter()] == [r.id]
    expanded = paysmart.Refund.retrieve(r.id, expand=["payment"])
    assert isinstance(expanded.payment, paysmart.Payment) and expanded.payment.id == p.id


def test_customer_crud():
    email = "crud-{0}@example.test".format(RUN)
    c = paysmart.Customer.create(email=email, name="Jane Doe",
                                 address={"line1": "123 Main St", "city": "San Francisco", "country": "US"})
    assert isinstance(c, paysmart.Customer) and c.email == email and c.address.city == "San Francisco"
    assert paysmart.Customer.retrieve(c.id).name == "Jane Doe"
    assert paysmart.Customer.modify(c.id, name="John Doe", metadata={"run": RUN}).name == "John Doe"
    assert [x.id for x in paysmart.Customer.list(email=email).auto_paging_iter()] == [c.id]
    deleted = paysmart.Customer.delete(c.id)
    assert deleted.id == c.id and deleted.deleted is True
    assert paysmart.Customer.retrieve(c.id).deleted is True
    assert list(paysmart.Customer.list(email=email).auto_paging_iter()) == []


def test_missing_object_is_an_invalid_request_error():
    with pytest.raises(error.InvalidRequestError) as e:
        paysmart.Customer.retrieve("cus_doesnotexist" + RUN)
    assert e.value.http_status == 404 and e.value.code == "resource_missing"


def test_payment_method():
    pm = paysmart.PaymentMethod.create(type="card", card=card()["card"])
    assert isinstance(pm, paysmart.PaymentMethod) and pm.id.startswith("pm_") and pm.card.last4 == "4242"
    assert paysmart.PaymentMethod.retrieve(pm.id).card.exp_year == 2030

    # A publishable key may tokenise a card, and do nothing else.
    pk = os.environ["PAYSMART_TEST_PUBLISHABLE_KEY"]
    assert paysmart.PaymentMethod.create(card=card()["card"], api_key=pk).id.startswith("pm_")
    with pytest.raises(error.PermissionError) as e:
        paysmart.Payment.list(api_key=pk)
    assert e.value.http_status == 403 and e.value.type == "permission_error"

    p = paysmart.Payment.create(amount=700, currency="usd", payment_method=pm.id)
    assert p.status == "succeeded" and p.payment_method.id == pm.id


def test_event_retrieve_and_list():
    p = paysmart.Payment.create(amount=1200, currency="usd", payment_method=card())
    events = paysmart.Event.list(type="payment.succeeded", limit=10)
    mine = [ev for ev in events.auto_paging_iter() if ev.data.object.id == p.id]
    assert len(mine) == 1
    ev = paysmart.Event.retrieve(mine[0].id)
    assert isinstance(ev, paysmart.Event) and ev.type == "payment.succeeded"
    assert isinstance(ev.data.object, paysmart.Payment) and ev.data.object.amount == 1200


def test_webhook_endpoint_create_update_delete():
    we = paysmart.WebhookEndpoint.create(url="http://127.0.0.1:9/hook-" + RUN, enabled_events=["refund.created"],
                                         description="python " + RUN)
    try:
        assert isinstance(we, paysmart.WebhookEndpoint) and we.secret.startswith("whsec_")
        assert we.enabled_events == ["refund.created"] and we.status == "enabled"
        got = paysmart.WebhookEndpoint.retrieve(we.id)
        assert got.url == we.url and "secret" not in got
        assert paysmart.WebhookEndpoint.modify(we.id, disabled=True).status == "disabled"
        assert we.id in [x.id for x in paysmart.WebhookEndpoint.list().auto_paging_iter()]
    finally:
        deleted = paysmart.WebhookEndpoint.delete(we.id)
    assert deleted.deleted is True
    with pytest.raises(error.InvalidRequestError):
        paysmart.WebhookEndpoint.retrieve(we.id)


def test_subscription():
    c = paysmart.Customer.create(email="sub-{0}@example.test".format(RUN))
    pm = paysmart.PaymentMethod.create(card=card()["card"], customer=c.id)
    sub = paysmart.Subscription.create(customer=c.id, payment_method=pm.id, amount=1500, currency="usd",
                                       interval="month", total_payments=3)
    assert isinstance(sub, paysmart.Subscription) and sub.status == "active" and sub.total_payments == 3
    assert paysmart.Subscription.retrieve(sub.id).customer == c.id
    assert paysmart.Subscription.modify(sub.id, metadata={"run": RUN}).metadata.run == RUN
    assert [s.id for s in paysmart.Subscription.list(customer=c.id).auto_paging_iter()] == [sub.id]
    canceled = paysmart.Subscription.cancel(sub.id)
    assert canceled.status == "canceled"
    with pytest.raises(error.InvalidRequestError):
        paysmart.Subscription.cancel(sub.id)


def test_test_clock():
    clock = paysmart.test_helpers.TestClock.create(frozen_time=1767225600, name="python " + RUN)
    assert isinstance(clock, paysmart.TestClock) and clock.status == "ready"
    assert paysmart.TestClock.retrieve(clock.id).frozen_time == 1767225600
    assert clock.id in [c.id for c in paysmart.TestClock.list().auto_paging_iter()]
    assert paysmart.TestClock.advance(clock.id, frozen_time=1767312000).frozen_time == 1767312000
    assert clock.delete() is clock and clock.deleted is True


def test_list_backwards_from_ending_before():
    ids = [paysmart.Customer.create(email="back-{0}@example.test".format(RUN)).id for _ in range(5)]
    newest_first = [c.id for c in paysmart.Customer.list(limit=2, email="back-" + RUN).auto_paging_iter()]
    assert newest_first == ids[::-1]
    walked = [c.id for c in paysmart.Customer.list(limit=2, email="back-" + RUN, ending_before=ids[0]).auto_paging_iter()]
    assert walked == ids[1:]


def test_idempotent_replay():
    key = "python-replay-" + RUN
    first = paysmart.Payment.create(amount=4200, currency="usd", payment_method=card(), idempotency_key=key)
    again = paysmart.Payment.create(amount=4200, currency="usd", payment_method=card(), idempotency_key=key)
    assert again.id == first.id
    assert not first.last_response.idempotent_replayed and again.last_response.idempotent_replayed
    with pytest.raises(error.IdempotencyError) as e:  # the same key with other parameters
        paysmart.Payment.create(amount=4300, currency="usd", payment_method=card(), idempotency_key=key)
    assert e.value.http_status == 400 and e.value.type == "idempotency_error"


def test_invalid_request_error_names_the_param():
    with pytest.raises(error.InvalidRequestError) as e:
        paysmart.Payment.create(amount=-1, currency="usd", payment_method=card())
    err = e.value
    assert err.http_status == 400 and err.type == "invalid_request_error" and err.param == "amount"
    assert err.code and err.message and err.request_id.startswith("req_")


def test_bad_key_is_an_authentication_error():
    with pytest.raises(error.AuthenticationError) as e:
        paysmart.Customer.list(api_key="sk_test_not_a_real_key")
    assert e.value.http_status == 401 and e.value.type == "authentication_error"
    assert e.value.request_id.startswith("req_")


def test_auto_pagination_walks_250_customers():
    email = "page-{0}@example.test".format(RUN)
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        created = list(pool.map(lambda i: paysmart.Customer.create(email=email, name="page {0}".format(i)).id,
                                range(250)))
    assert len(set(created)) == 250

    first = paysmart.Customer.list(limit=100, email=email)
    assert len(first.data) == 100 and first.has_more  # so the walk spans pages
    seen = [c.id for c in first.auto_paging_iter() if c.email == email]
    assert len(seen) == 250
    assert len(set(seen)) == 250  # no duplicates
    assert set(seen) == set(created)


def test_delivered_webhook():
    payload = os.environ["PAYSMART_TEST_WEBHOOK_PAYLOAD"]
    header = os.environ["PAYSMART_TEST_WEBHOOK_SIGNATURE"]
    secret = os.environ["PAYSMART_TEST_WEBHOOK_SECRET"]
    event = paysmart.Webhook.construct_event(payload.encode("utf-8"), header, secret)
    assert isinstance(event, paysmart.Event) and event.type == "payment.succeeded"
    assert isinstance(event.data.object, paysmart.Payment) and event.data.object.status == "succeeded"
    assert paysmart.Event.retrieve(event.id).id == event.id

    raw = bytearray(payload.encode("utf-8"))
    raw[len(raw) // 2] ^= 0x01  # one byte changed
    with pytest.raises(error.SignatureVerificationError) as e:
        paysmart.Webhook.construct_event(bytes(raw), header, secret)
    assert e.value.code == "no_valid_signature"
