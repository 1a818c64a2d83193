"""Unit tests of one API call against a stub server: headers, bodies,
retries, idempotency keys and typed errors."""

import json
import socket
import uuid

import pytest

import paysmart
from paysmart import api_requestor, error

CARD = {"type": "card", "card": {"number": "4242424242424242", "exp_month": 12, "exp_year": 2030, "cvc": "123"}}
PAYMENT = {"id": "pay_1", "object": "payment", "status": "succeeded", "amount": 2000,
           "payment_method": {"id": "pm_1", "type": "card", "card": {"brand": "visa", "last4": "4242"}}}
BUSY = {"error": {"type": "api_error", "message": "busy"}}


def test_create_sends_json_with_key_agent_and_a_uuid_idempotency_key(stub):
    stub.answers = [(200, {"Request-Id": "req_1"}, PAYMENT)]
    p = paysmart.Payment.create(amount=2000, currency="usd", payment_method=CARD)
    assert isinstance(p, paysmart.Payment)
    assert p.id == "pay_1" and p["amount"] == 2000 and p.payment_method.card.last4 == "4242"
    assert p.last_response.request_id == "req_1" and p.last_response.code == 200
    (req,) = stub.requests
    assert req["method"] == "POST" and req["path"] == "/v2/payments"
    assert req["headers"]["authorization"] == "Bearer sk_test_stub"
    assert req["headers"]["content-type"] == "application/json"
    assert req["headers"]["user-agent"] == "PaySmart/python " + paysmart.VERSION
    assert json.loads(req["body"]) == {"amount": 2000, "currency": "usd", "payment_method": CARD}
    key = uuid.UUID(req["headers"]["idempotency-key"])
    assert key.version == 4


def test_get_has_no_idempotency_key_and_brackets_its_query(stub):
    stub.answers = [(200, {}, {"object": "list", "data": [], "has_more": False, "url": "/v2/payments"})]
    paysmart.Payment.list(limit=3, created={"gte": 10, "lte": 20}, expand=["data.customer"], customer=None)
    (req,) = stub.requests
    assert req["method"] == "GET" and "idempotency-key" not in req["headers"]
    assert req["path"] == "/v2/payments?limit=3&created%5Bgte%5D=10&created%5Blte%5D=20&expand%5B%5D=data.customer"


def test_encode_query():
    assert api_requestor.encode_query({"a": True, "b": [1, 2], "c": {"d": {"e": "f g"}}, "n": None}) == \
        "a=true&b%5B%5D=1&b%5B%5D=2&c%5Bd%5D%5Be%5D=f+g"


def test_delete_sends_an_idempotency_key_and_no_body(stub):
    stub.answers = [(200, {}, {"id": "cus_1", "object": "customer", "deleted": True})]
    c = paysmart.Customer.delete("cus_1")
    assert isinstance(c, paysmart.Customer) and c.deleted is True
    (req,) = stub.requests
    assert req["method"] == "DELETE" and req["path"] == "/v2/customers/cus_1" and req["body"] == ""
    assert req["headers"]["idempotency-key"]


def test_per_request_api_key_and_idempotency_key(stub):
    stub.answers = [(200, {}, PAYMENT)]
    paysmart.Payment.capture("pay_1", amount=500, api_key="sk_test_other", idempotency_key="order-42")
    (req,) = stub.requests
    assert req["path"] == "/v2/payments/pay_1/capture"
    assert req["headers"]["authorization"] == "Bearer sk_test_other"
    assert req["headers"]["idempotency-key"] == "order-42"
    assert json.loads(req["body"]) == {"amount": 500}


def test_ids_are_escaped_and_an_empty_id_is_refused(stub):
    stub.answers = [(200, {}, PAYMENT)]
    paysmart.Payment.retrieve("pay_1/../x", expand=["customer"])
    assert stub.requests[0]["path"] == "/v2/payments/pay_1%2F..%2Fx?expand%5B%5D=customer"
    with pytest.raises(error.InvalidRequestError) as e:
        paysmart.Payment.retrieve("")
    assert e.value.param == "id"
    assert len(stub.requests) == 1


def test_no_api_key(stub):
    paysmart.api_key = None
    with pytest.raises(error.AuthenticationError, match="No API key provided"):
        paysmart.Customer.list()
    assert stub.requests == []


def test_retries_keep_the_idempotency_key_and_honour_retry_after(stub):
    # As the Go SDK's TestRetries: 503, then 429 with Retry-After, then 200.
    stub.answers = [(503, {}, BUSY), (429, {"Retry-After": "3"}, BUSY), (200, {}, PAYMENT)]
    p = paysmart.Payment.create(amount=2000, currency="usd", payment_method=CARD)
    assert p.id == "pay_1"
    keys = [r["headers"]["idempotency-key"] for r in stub.requests]
    assert len(keys) == 3 and keys[0] and keys[0] == keys[1] == keys[2]
    assert len({r["body"] for r in stub.requests}) == 1
    assert len(stub.sleeps) == 2
    assert 0.5 <= stub.sleeps[0] <= 0.75  # the first backoff, with up to 50% jitter
    assert stub.sleeps[1] == 3.0  # Retry-After


def test_409_is_retried(stub):
    stub.answers = [(409, {}, {"error": {"type": "idempotency_error", "message": "running"}}), (200, {}, PAYMENT)]
    assert paysmart.Payment.create(amount=1, currency="usd", payment_method=CARD).id == "pay_1"
    assert len(stub.requests) == 2


def test_retries_give_up_after_max_network_retries(stub):
    stub.answers = [(500, {"Request-Id": "req_500"}, BUSY)]
    with pytest.raises(error.APIError) as e:
        paysmart.Payment.retrieve("pay_1")
    assert len(stub.requests) == 3  # the default: 2 retries
    assert e.value.http_status == 500 and e.value.request_id == "req_500" and e.value.type == "api_error"

    stub.requests.clear()
    paysmart.max_network_retries = 0
    with pytest.raises(error.APIError):
        paysmart.Payment.retrieve("pay_1")
    assert len(stub.requests) == 1


def test_rate_limit_error_after_retries(stub):
    stub.answers = [(429, {"Retry-After": "0"}, {"error": {"type": "rate_limit_error", "message": "slow down"}})]
    with pytest.raises(error.RateLimitError) as e:
        paysmart.Customer.list()
    assert len(stub.requests) == 3 and stub.sleeps == [0.0, 0.0]
    assert e.value.http_status == 429 and e.value.message == "slow down"


def test_a_400_is_not_retried(stub):
    stub.answers = [(400, {"Request-Id": "req_42"}, {"error": {
        "type": "invalid_request_error", "code": "parameter_missing", "param": "amount",
        "message": "Missing required param: amount."}})]
    with pytest.raises(error.InvalidRequestError) as e:
        paysmart.Payment.create(currency="usd")
    err = e.value
    assert len(stub.requests) == 1 and stub.sleeps == []
    assert (err.http_status, err.type, err.code, err.param, err.request_id) == \
        (400, "invalid_request_error", "parameter_missing", "amount", "req_42")
    assert err.json_body["error"]["param"] == "amount" and "parameter_missing" in err.http_body
    assert str(err) == "Request req_42: Missing required param: amount."
    assert isinstance(err, error.PaySmartError) and err.error.code == "parameter_missing"


@pytest.mark.parametrize("status,body,cls", [
    (400, {"error": {"type": "invalid_request_error", "message": "m"}}, error.InvalidRequestError),
    (404, {"error": {"type": "invalid_request_error", "code": "resource_missing", "message": "m"}}, error.InvalidRequestError),
    (401, {"error": {"type": "authentication_error", "message": "m"}}, error.AuthenticationError),
    (403, {"error": {"type": "permission_error", "message": "m"}}, error.PermissionError),
    (400, {"error": {"type": "idempotency_error", "message": "m"}}, error.IdempotencyError),
    (409, {"error": {"type": "idempotency_error", "message": "m"}}, error.IdempotencyError),
    (429, {"error": {"type": "rate_limit_error", "message": "m"}}, error.RateLimitError),
    (502, {"error": {"type": "api_error", "message": "m"}}, error.APIError),
    (402, {"error": {"type": "card_error", "message": "m"}}, error.CardError),
    # Not PaySmart's error body: the status decides.
    (401, "Unauthorized", error.AuthenticationError),
    (404, "", error.InvalidRequestError),
    (503, "<html>Bad gateway</html>", error.APIError),
])
def test_typed_errors(stub, status, body, cls):
    paysmart.max_network_retries = 0
    stub.answers = [(status, {"Request-Id": "req_t"}, body)]
    with pytest.raises(cls) as e:
        paysmart.Refund.retrieve("re_1")
    assert type(e.value) is cls
    assert e.value.http_status == status and e.value.request_id == "req_t"
    assert e.value.type in ("invalid_request_error", "authentication_error", "permission_error",
                            "idempotency_error", "rate_limit_error", "api_error", "card_error")
    assert e.value.message


def test_card_error_carries_decline_code_and_payment(stub):
    stub.answers = [(402, {"Request-Id": "req_card"}, {"error": {
        "type": "card_error", "code": "card_declined", "decline_code": "insufficient_funds",
        "message": "Your card has insufficient funds.",
        "payment": dict(PAYMENT, status="failed")}})]
    with pytest.raises(error.CardError) as e:
        paysmart.Payment.create(amount=2000, currency="usd", payment_method=CARD)
    err = e.value
    assert len(stub.requests) == 1  # a decline is not retried
    assert (err.http_status, err.code, err.decline_code, err.request_id) == \
        (402, "card_declined", "insufficient_funds", "req_card")
    assert isinstance(err.payment, paysmart.Payment) and err.payment.status == "failed"


def test_network_errors_are_retried_then_raised(stub):
    stub.answers = [(None, {}, ""), (200, {}, PAYMENT)]
    assert paysmart.Payment.retrieve("pay_1").id == "pay_1"
    assert len(stub.requests) == 2 and len(stub.sleeps) == 1

    # A closed port: every try is refused.
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    paysmart.api_base = "http://127.0.0.1:{0}/v2".format(port)
    paysmart.max_network_retries = 3
    stub.sleeps.clear()
    with pytest.raises(error.APIConnectionError) as e:
        paysmart.Customer.create(email="a@example.com")
    assert len(stub.sleeps) == 3 and "4 tries" in str(e.value)
    assert e.value.http_status is None


def test_network_error_on_a_write_keeps_its_key(stub):
    stub.answers = [(None, {}, ""), (200, {}, PAYMENT)]
    paysmart.Payment.create(amount=2000, currency="usd", payment_method=CARD)
    keys = [r["headers"]["idempotency-key"] for r in stub.requests]
    assert len(keys) == 2 and keys[0] == keys[1]


def test_timeout_is_a_connection_error(stub):
    import time

    def slow(req):
        time.sleep(0.5)
        return (200, {}, PAYMENT)

    stub.answers = [slow]
    paysmart.timeout = 0.1
    paysmart.max_network_retries = 0
    with pytest.raises(error.APIConnectionError):
        paysmart.Payment.retrieve("pay_1")


def test_invalid_json_in_a_success_is_an_api_error(stub):
    stub.answers = [(200, {}, "not json")]
    with pytest.raises(error.APIError, match="Invalid JSON"):
        paysmart.Payment.retrieve("pay_1")


def test_retry_delay():
    for attempt, low in [(0, 0.5), (1, 1.0), (2, 2.0), (3, 4.0)]:
        for _ in range(20):
            d = api_requestor.retry_delay(attempt, None)
            assert low <= d <= min(low * 1.5, 8.0)
    assert api_requestor.retry_delay(10, None) == 8.0  # the cap
    assert api_requestor.retry_delay(0, "7") == 7.0
    assert api_requestor.retry_delay(0, "9999") == api_requestor.MAX_RETRY_AFTER
    assert api_requestor.retry_delay(0, "Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # a date past
    assert 0.5 <= api_requestor.retry_delay(0, "soon") <= 0.75  # unreadable: the backoff
    assert 0.5 <= api_requestor.retry_delay(0, "²") <= 0.75
    assert 0.5 <= api_requestor.retry_delay(0, "-1") <= 0.75


def test_idempotent_replayed(stub):
    stub.answers = [(200, {"Idempotent-Replayed": "true"}, PAYMENT)]
    p = paysmart.Payment.create(amount=2000, currency="usd", payment_method=CARD, idempotency_key="k")
    assert p.last_response.idempotent_replayed is True
