"""Test-mode helpers, named as stripe.test_helpers: paysmart.test_helpers.TestClock."""

from paysmart.api_resources.test_clock import TestClock

__all__ = ["TestClock"]
