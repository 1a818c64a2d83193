"""WebhookEndpoint: /webhook_endpoints."""

from paysmart.api_resources.abstract import (
    CreateableAPIResource,
    DeletableAPIResource,
    ListableAPIResource,
    RetrievableAPIResource,
    UpdateableAPIResource,
)
from paysmart.paysmart_object import register


@register
class WebhookEndpoint(
    CreateableAPIResource, DeletableAPIResource, ListableAPIResource, RetrievableAPIResource, UpdateableAPIResource
):
    """WebhookEndpoint is a URL events are sent to (enabled_events). Its
    secret (whsec_...) is in the answers to create and roll_secret only;
    modify(disabled=True) stops its deliveries."""

    OBJECT_NAME = "webhook_endpoint"
    PATH = "/webhook_endpoints"

    @classmethod
    def roll_secret(cls, id, api_key=None, idempotency_key=None, **params):
        """roll_secret gives an endpoint a new secret; the old one keeps signing
        for expires_in= seconds (at most 86400)."""
        return cls._request("post", cls.instance_path(id) + "/roll_secret", params, api_key, idempotency_key)
