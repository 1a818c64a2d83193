"""Event: /events."""

from paysmart.api_resources.abstract import ListableAPIResource, RetrievableAPIResource
from paysmart.list_object import ListObject
from paysmart.paysmart_object import register


@register
class Event(ListableAPIResource, RetrievableAPIResource):
    """Event records a change: type (payment.succeeded, refund.created, ...)
    and data.object, the object as it was then."""

    OBJECT_NAME = "event"
    PATH = "/events"

    @classmethod
    def list_deliveries(cls, id, api_key=None, **params):
        """list_deliveries lists the attempts to deliver an event, newest first."""
        return ListObject._fetch(cls.instance_path(id) + "/deliveries", params, api_key)

    @classmethod
    def retry(cls, id, api_key=None, idempotency_key=None, **params):
        """retry delivers an event again now to every endpoint that subscribes to it."""
        return cls._request("post", cls.instance_path(id) + "/retry", params, api_key, idempotency_key)
