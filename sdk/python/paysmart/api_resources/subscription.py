"""Subscription: /subscriptions."""

from paysmart.api_resources.abstract import (
    CreateableAPIResource,
    ListableAPIResource,
    RetrievableAPIResource,
    UpdateableAPIResource,
    class_method_variant,
)
from paysmart.paysmart_object import register


@register
class Subscription(CreateableAPIResource, ListableAPIResource, RetrievableAPIResource, UpdateableAPIResource):
    """Subscription charges a customer's saved card (payment_method, attached
    to customer) every interval: week, month, quarter or year. status is
    active, past_due, canceled or completed."""

    OBJECT_NAME = "subscription"
    PATH = "/subscriptions"

    @classmethod
    def _cls_cancel(cls, id, api_key=None, idempotency_key=None, **params):
        return cls._request("delete", cls.instance_path(id), params, api_key, idempotency_key)

    @class_method_variant("_cls_cancel")
    def cancel(self, api_key=None, idempotency_key=None, **params):
        """cancel cancels a subscription (DELETE /subscriptions/id): nothing more
        is charged. One that has ended already raises InvalidRequestError."""
        return self._request_and_refresh("delete", self.instance_url(), params, api_key, idempotency_key)
