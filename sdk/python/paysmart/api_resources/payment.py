"""Payment: /payments."""

from paysmart.api_resources.abstract import (
    CreateableAPIResource,
    ListableAPIResource,
    RetrievableAPIResource,
    UpdateableAPIResource,
    class_method_variant,
)
from paysmart.paysmart_object import register


@register
class Payment(CreateableAPIResource, ListableAPIResource, RetrievableAPIResource, UpdateableAPIResource):
    """Payment is a card payment. status is processing, requires_action,
    requires_capture, succeeded, failed or canceled; amount is in the
    currency's minor unit.

    Payment.create charges a card (payment_method={"type": "card", "card": {...}})
    or a saved payment method (payment_method="pm_..."); capture=False only
    authorises it. A declined card raises paysmart.error.CardError, whose
    payment is the failed payment.
    """

    OBJECT_NAME = "payment"
    PATH = "/payments"

    @classmethod
    def _cls_capture(cls, id, api_key=None, idempotency_key=None, **params):
        return cls._request("post", cls.instance_path(id) + "/capture", params, api_key, idempotency_key)

    @class_method_variant("_cls_capture")
    def capture(self, api_key=None, idempotency_key=None, **params):
        """capture captures an authorised payment (requires_capture), all of it
        or amount=: Payment.capture("pay_...") or payment.capture()."""
        return self._request_and_refresh("post", self.instance_url() + "/capture", params, api_key, idempotency_key)

    @classmethod
    def _cls_cancel(cls, id, api_key=None, idempotency_key=None, **params):
        return cls._request("post", cls.instance_path(id) + "/cancel", params, api_key, idempotency_key)

    @class_method_variant("_cls_cancel")
    def cancel(self, api_key=None, idempotency_key=None, **params):
        """cancel releases an authorised payment or ends its 3-D Secure wait: Payment.cancel("pay_...") or payment.cancel()."""
        return self._request_and_refresh("post", self.instance_url() + "/cancel", params, api_key, idempotency_key)
