"""TestClock: /test_helpers/test_clocks (test mode only)."""

from paysmart.api_resources.abstract import (
    CreateableAPIResource,
    DeletableAPIResource,
    ListableAPIResource,
    RetrievableAPIResource,
)
from paysmart.paysmart_object import register


@register
class TestClock(CreateableAPIResource, DeletableAPIResource, ListableAPIResource, RetrievableAPIResource):
    """TestClock is simulated time (frozen_time) for test-mode customers
    (Customer.create(test_clock=...)) and their subscriptions. A live key
    is refused with PermissionError."""

    __test__ = False  # not a pytest test class

    OBJECT_NAME = "test_helpers.test_clock"
    PATH = "/test_helpers/test_clocks"

    @classmethod
    def advance(cls, id, api_key=None, idempotency_key=None, **params):
        """advance moves a clock forward to frozen_time= (Unix seconds); every
        charge due by then is made before it answers."""
        return cls._request("post", cls.instance_path(id) + "/advance", params, api_key, idempotency_key)
