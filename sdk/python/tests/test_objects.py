"""Unit tests of objects (dicts with attributes) and lists (auto-pagination)."""

import copy
import json
import pickle
from urllib.parse import parse_qs, urlsplit

import pytest

import paysmart


def test_objects_are_dicts_with_attributes():
    p = paysmart.Payment.construct_from({"id": "pay_1", "object": "payment", "amount": 2000,
                                         "payment_method": {"card": {"last4": "4242"}}, "metadata": {}})
    assert isinstance(p, dict) and isinstance(p, paysmart.Payment)
    assert p.amount == p["amount"] == 2000
    assert p.payment_method.card.last4 == "4242"
    assert isinstance(p.payment_method, paysmart.PaySmartObject)
    p.description = "x"
    assert p["description"] == "x"
    del p.description
    assert "description" not in p
    with pytest.raises(AttributeError):
        p.nope
    assert json.loads(str(p))["amount"] == 2000
    assert json.loads(json.dumps(p))["payment_method"]["card"]["last4"] == "4242"
    assert "Payment payment id=pay_1" in repr(p)
    assert p.to_dict() == {"id": "pay_1", "object": "payment", "amount": 2000,
                           "payment_method": {"card": {"last4": "4242"}}, "metadata": {}}
    assert type(p.to_dict()["payment_method"]) is dict
    q = pickle.loads(pickle.dumps(p))
    assert q == p and isinstance(q, paysmart.Payment) and q.payment_method.card.last4 == "4242"
    assert copy.deepcopy(p) == p


def test_known_objects_become_their_class():
    ev = paysmart.Event.construct_from({"id": "evt_1", "object": "event", "type": "refund.created",
                                        "data": {"object": {"id": "re_1", "object": "refund",
                                                            "payment": {"id": "pay_1", "object": "payment"}}}})
    assert isinstance(ev.data.object, paysmart.Refund)
    assert isinstance(ev.data.object.payment, paysmart.Payment)


def _page(ids, has_more):
    return {"object": "list", "data": [{"id": i, "object": "customer"} for i in ids],
            "has_more": has_more, "url": "/v2/customers"}


def test_auto_paging_iter_follows_starting_after(stub):
    pages = {None: _page(["cus_5", "cus_4"], True), "cus_4": _page(["cus_3", "cus_2"], True),
             "cus_2": _page(["cus_1"], False)}

    def answer(req):
        q = parse_qs(urlsplit(req["path"]).query)
        assert q["limit"] == ["2"] and q["email"] == ["a@example.com"]
        return (200, {}, pages[q.get("starting_after", [None])[0]])

    stub.answers = [answer]
    first = paysmart.Customer.list(limit=2, email="a@example.com")
    assert isinstance(first, paysmart.ListObject) and len(first) == 2 and first.has_more
    assert [c.id for c in first] == ["cus_5", "cus_4"]
    ids = [c.id for c in first.auto_paging_iter()]
    assert ids == ["cus_5", "cus_4", "cus_3", "cus_2", "cus_1"]
    assert all(isinstance(c, paysmart.Customer) for c in first.auto_paging_iter())
    assert len(stub.requests) == 1 + 2 + 2  # each walk fetched the two pages after the first


def test_auto_paging_iter_walks_backwards_from_ending_before(stub):
    pages = {"cus_1": _page(["cus_3", "cus_2"], True), "cus_3": _page(["cus_5", "cus_4"], False)}

    def answer(req):
        q = parse_qs(urlsplit(req["path"]).query)
        assert "starting_after" not in q
        return (200, {}, pages[q["ending_before"][0]])

    stub.answers = [answer]
    ids = [c.id for c in paysmart.Customer.list(limit=2, ending_before="cus_1").auto_paging_iter()]
    assert ids == ["cus_2", "cus_3", "cus_4", "cus_5"]


def test_auto_paging_iter_keeps_the_api_key(stub):
    stub.answers = [(200, {}, _page(["cus_2"], True)), (200, {}, _page(["cus_1"], False))]
    assert [c.id for c in paysmart.Customer.list(api_key="sk_test_mine").auto_paging_iter()] == ["cus_2", "cus_1"]
    assert [r["headers"]["authorization"] for r in stub.requests] == ["Bearer sk_test_mine"] * 2


def test_an_empty_list(stub):
    stub.answers = [(200, {}, _page([], False))]
    page = paysmart.Customer.list()
    assert page.is_empty and not page and list(page.auto_paging_iter()) == []
    assert page.next_page().is_empty and len(stub.requests) == 1


def test_instance_methods_use_the_objects_key_and_update_it(stub):
    stub.answers = [
        (200, {}, {"id": "pay_1", "object": "payment", "status": "requires_capture"}),
        (200, {}, {"id": "pay_1", "object": "payment", "status": "succeeded"}),
    ]
    p = paysmart.Payment.retrieve("pay_1", api_key="sk_test_mine")
    assert p.capture() is p and p.status == "succeeded"
    assert stub.requests[1]["method"] == "POST" and stub.requests[1]["path"] == "/v2/payments/pay_1/capture"
    assert stub.requests[1]["headers"]["authorization"] == "Bearer sk_test_mine"


@pytest.mark.parametrize("call,method,path", [
    (lambda: paysmart.Payment.modify("pay_1", description="d"), "POST", "/v2/payments/pay_1"),
    (lambda: paysmart.Payment.cancel("pay_1"), "POST", "/v2/payments/pay_1/cancel"),
    (lambda: paysmart.Refund.create(payment="pay_1"), "POST", "/v2/refunds"),
    (lambda: paysmart.Refund.retrieve("re_1"), "GET", "/v2/refunds/re_1"),
    (lambda: paysmart.Customer.modify("cus_1", name="n"), "POST", "/v2/customers/cus_1"),
    (lambda: paysmart.PaymentMethod.create(card={}), "POST", "/v2/payment_methods"),
    (lambda: paysmart.PaymentMethod.retrieve("pm_1"), "GET", "/v2/payment_methods/pm_1"),
    (lambda: paysmart.Event.retrieve("evt_1"), "GET", "/v2/events/evt_1"),
    (lambda: paysmart.Event.retry("evt_1"), "POST", "/v2/events/evt_1/retry"),
    (lambda: paysmart.WebhookEndpoint.create(url="u"), "POST", "/v2/webhook_endpoints"),
    (lambda: paysmart.WebhookEndpoint.retrieve("we_1"), "GET", "/v2/webhook_endpoints/we_1"),
    (lambda: paysmart.WebhookEndpoint.modify("we_1", disabled=True), "POST", "/v2/webhook_endpoints/we_1"),
    (lambda: paysmart.WebhookEndpoint.delete("we_1"), "DELETE", "/v2/webhook_endpoints/we_1"),
    (lambda: paysmart.WebhookEndpoint.roll_secret("we_1", expires_in=60), "POST", "/v2/webhook_endpoints/we_1/roll_secret"),
    (lambda: paysmart.Subscription.create(customer="cus_1"), "POST", "/v2/subscriptions"),
    (lambda: paysmart.Subscription.retrieve("sub_1"), "GET", "/v2/subscriptions/sub_1"),
    (lambda: paysmart.Subscription.modify("sub_1", metadata={"a": "b"}), "POST", "/v2/subscriptions/sub_1"),
    (lambda: paysmart.Subscription.cancel("sub_1"), "DELETE", "/v2/subscriptions/sub_1"),
    (lambda: paysmart.test_helpers.TestClock.create(frozen_time=1), "POST", "/v2/test_helpers/test_clocks"),
    (lambda: paysmart.TestClock.advance("clock_1", frozen_time=2), "POST", "/v2/test_helpers/test_clocks/clock_1/advance"),
    (lambda: paysmart.TestClock.delete("clock_1"), "DELETE", "/v2/test_helpers/test_clocks/clock_1"),
])
def test_endpoints(stub, call, method, path):
    stub.answers = [(200, {}, {"id": "x", "object": "unknown"})]
    call()
    (req,) = stub.requests
    assert (req["method"], req["path"]) == (method, path)


@pytest.mark.parametrize("resource,path", [
    (paysmart.Payment, "/v2/payments"), (paysmart.Refund, "/v2/refunds"), (paysmart.Customer, "/v2/customers"),
    (paysmart.Event, "/v2/events"), (paysmart.WebhookEndpoint, "/v2/webhook_endpoints"),
    (paysmart.Subscription, "/v2/subscriptions"), (paysmart.TestClock, "/v2/test_helpers/test_clocks"),
])
def test_lists(stub, resource, path):
    stub.answers = [(200, {}, {"object": "list", "data": [], "has_more": False, "url": path})]
    resource.list(limit=1)
    (req,) = stub.requests
    assert (req["method"], req["path"]) == ("GET", path + "?limit=1")


def test_event_deliveries(stub):
    stub.answers = [(200, {}, {"object": "list", "data": [{"id": "whd_1", "object": "webhook_delivery"}],
                               "has_more": False, "url": "/v2/events/evt_1/deliveries"})]
    page = paysmart.Event.list_deliveries("evt_1", limit=5)
    assert [d.id for d in page.auto_paging_iter()] == ["whd_1"]
    assert stub.requests[0]["path"] == "/v2/events/evt_1/deliveries?limit=5"


def test_a_list_call_answered_with_no_list_is_an_api_error(stub):
    stub.answers = [(200, {}, {"id": "x", "object": "customer"})]
    with pytest.raises(paysmart.error.APIError, match="Expected a list"):
        paysmart.Customer.list()
