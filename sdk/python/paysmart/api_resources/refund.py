"""Refund: /refunds."""

from paysmart.api_resources.abstract import CreateableAPIResource, ListableAPIResource, RetrievableAPIResource
from paysmart.paysmart_object import register


@register
class Refund(CreateableAPIResource, ListableAPIResource, RetrievableAPIResource):
    """Refund refunds a payment, fully or in part (amount=): pending until the
    processor answers, then succeeded or failed (with failure_reason)."""

    OBJECT_NAME = "refund"
    PATH = "/refunds"
