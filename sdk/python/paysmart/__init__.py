"""PaySmart's Python library: a client for the PaySmart v2 API.

    import paysmart
    paysmart.api_key = "sk_test_..."
    payment = paysmart.Payment.create(amount=2000, currency="usd", payment_method={...})

Configuration lives in the module-level settings below, as in stripe-python.
Every POST and DELETE carries an Idempotency-Key (a random UUID v4 unless one
is given), kept across its retries, so that a call retried after a network
error, a 409, a 429 or a 5xx cannot charge twice.
"""

import os

from paysmart.version import VERSION

# api_key is the secret key (sk_test_... or sk_live_...) every call sends
# unless it is given its own api_key=.
api_key = None

# api_base is the API's address, "/v2" included: PAYSMART_API_BASE when set,
# else PaySmart's public API.
api_base = os.environ.get("PAYSMART_API_BASE") or "https://api.paysmart.com/v2"

# max_network_retries is how many times a failed call is retried: after a
# network error, a 409 (the same idempotency key still running), a 429 or a
# 5xx. 0 never retries.
max_network_retries = 2

# initial_network_retry_delay is the first wait between retries, in seconds;
# it doubles with each retry, with up to 50% jitter, up to
# max_network_retry_delay, unless the server sends Retry-After.
initial_network_retry_delay = 0.5
max_network_retry_delay = 8.0

# timeout bounds one HTTP request, in seconds.
timeout = 80.0

from paysmart import error  # noqa: E402
from paysmart.paysmart_object import PaySmartObject  # noqa: E402
from paysmart.list_object import ListObject  # noqa: E402
from paysmart.api_resources import (  # noqa: E402
    Customer,
    Event,
    Payment,
    PaymentMethod,
    Refund,
    Subscription,
    TestClock,
    WebhookEndpoint,
)
from paysmart import test_helpers  # noqa: E402
from paysmart.webhook import Webhook, WebhookSignature  # noqa: E402

__all__ = [
    "VERSION",
    "api_key",
    "api_base",
    "max_network_retries",
    "initial_network_retry_delay",
    "max_network_retry_delay",
    "timeout",
    "error",
    "PaySmartObject",
    "ListObject",
    "Payment",
    "Refund",
    "Customer",
    "PaymentMethod",
    "Event",
    "WebhookEndpoint",
    "Subscription",
    "TestClock",
    "test_helpers",
    "Webhook",
    "WebhookSignature",
]
