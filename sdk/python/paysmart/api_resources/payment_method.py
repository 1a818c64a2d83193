"""PaymentMethod: /payment_methods."""

from paysmart.api_resources.abstract import CreateableAPIResource, RetrievableAPIResource
from paysmart.paysmart_object import register


@register
class PaymentMethod(CreateableAPIResource, RetrievableAPIResource):
    """PaymentMethod is a tokenised card. Creating one is the one call a
    publishable key (pk_...) may make; attaching it to a customer= needs a
    secret key."""

    OBJECT_NAME = "payment_method"
    PATH = "/payment_methods"
