"""The API's resources, one module each."""

from paysmart.api_resources.customer import Customer
from paysmart.api_resources.event import Event
from paysmart.api_resources.payment import Payment
from paysmart.api_resources.payment_method import PaymentMethod
from paysmart.api_resources.refund import Refund
from paysmart.api_resources.subscription import Subscription
from paysmart.api_resources.test_clock import TestClock
from paysmart.api_resources.webhook_endpoint import WebhookEndpoint

__all__ = ["Customer", "Event", "Payment", "PaymentMethod", "Refund", "Subscription", "TestClock", "WebhookEndpoint"]
