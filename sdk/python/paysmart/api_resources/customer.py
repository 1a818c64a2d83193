"""Customer: /customers."""

from paysmart.api_resources.abstract import (
    CreateableAPIResource,
    DeletableAPIResource,
    ListableAPIResource,
    RetrievableAPIResource,
    UpdateableAPIResource,
)
from paysmart.paysmart_object import register


@register
class Customer(
    CreateableAPIResource, DeletableAPIResource, ListableAPIResource, RetrievableAPIResource, UpdateableAPIResource
):
    """Customer is a customer: email, name, phone, description, address,
    metadata. A deleted customer retrieves as {"id", "object", "deleted": true}."""

    OBJECT_NAME = "customer"
    PATH = "/customers"
