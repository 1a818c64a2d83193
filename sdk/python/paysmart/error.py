"""The errors the library raises, named as stripe-python's stripe.error.

Every error the API answers is a PaySmartError subclass chosen by the
answer's error type (or, for a body that is not PaySmart's, by its HTTP
status):

    card_error            402  CardError (code, decline_code, payment)
    invalid_request_error 400  InvalidRequestError (param); also 404
    authentication_error  401  AuthenticationError
    permission_error      403  PermissionError
    idempotency_error     409  IdempotencyError (400 when a key is reused with other parameters)
    rate_limit_error      429  RateLimitError
    api_error             5xx  APIError

A request that never got an answer raises APIConnectionError, and a webhook
that fails verification SignatureVerificationError.
"""


class PaySmartError(Exception):
    """PaySmartError is the base of every error the library raises.

    http_status, type, code, param and request_id are None when the API did
    not say; http_body is the answer's raw text and json_body its decoded JSON.
    """

    def __init__(
        self,
        message=None,
        *,
        http_status=None,
        type=None,
        code=None,
        param=None,
        request_id=None,
        http_body=None,
        json_body=None,
        headers=None,
    ):
        super().__init__(message)
        self._message = message
        self.http_status = http_status
        self.type = type
        self.code = code
        self.param = param
        self.request_id = request_id
        self.http_body = http_body
        self.json_body = json_body
        self.headers = headers

    @property
    def message(self):
        """message is the API's explanation, fit to show a developer."""
        return self._message

    @property
    def user_message(self):
        """user_message is message (stripe-python's name for it)."""
        return self._message

    @property
    def error(self):
        """error is the answer's "error" object, or None."""
        if isinstance(self.json_body, dict) and isinstance(self.json_body.get("error"), dict):
            from paysmart.paysmart_object import convert_to_paysmart_object

            return convert_to_paysmart_object(self.json_body["error"])
        return None

    def __str__(self):
        msg = self._message or "<empty message>"
        if self.request_id is not None:
            return "Request {0}: {1}".format(self.request_id, msg)
        return msg

    def __repr__(self):
        return "{0}(message={1!r}, http_status={2!r}, code={3!r}, request_id={4!r})".format(
            type(self).__name__, self._message, self.http_status, self.code, self.request_id
        )


class APIError(PaySmartError):
    """APIError is a failure on PaySmart's side (5xx), or an answer that cannot be read."""


class APIConnectionError(PaySmartError):
    """APIConnectionError is a request that got no answer (refused, reset, timed out), after its retries."""


class CardError(PaySmartError):
    """CardError is a declined card (402). decline_code says why (insufficient_funds,
    expired_card, ...); payment is the failed payment, when the API sent it."""

    def __init__(self, message=None, *, decline_code=None, payment=None, **kwargs):
        super().__init__(message, **kwargs)
        self.decline_code = decline_code
        self.payment = payment


class InvalidRequestError(PaySmartError):
    """InvalidRequestError is a bad or missing parameter (400, param names it
    in bracket notation) or an object that does not exist (404)."""


class AuthenticationError(PaySmartError):
    """AuthenticationError is a missing or wrong API key (401)."""


class PermissionError(PaySmartError):  # noqa: A001 (stripe's name)
    """PermissionError is a key that may not make this call (403), such as a
    publishable key for anything but creating a payment method."""


class IdempotencyError(PaySmartError):
    """IdempotencyError is an Idempotency-Key reused with other parameters
    (400), or still running under another request (409, retried first)."""


class RateLimitError(PaySmartError):
    """RateLimitError is too many requests (429), after its retries."""


class SignatureVerificationError(PaySmartError):
    """SignatureVerificationError is a webhook whose PaySmart-Signature header
    does not verify. code says why: invalid_header, not_signed,
    no_valid_signature, too_old or in_future."""

    def __init__(self, message, sig_header, http_body=None, *, code=None):
        super().__init__(message, http_body=http_body, code=code)
        self.sig_header = sig_header
