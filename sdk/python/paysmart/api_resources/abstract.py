"""The operations resources share: create, retrieve, modify, delete, list."""

import functools
import urllib.parse

from paysmart import api_requestor, error
from paysmart.list_object import ListObject
from paysmart.paysmart_object import PaySmartObject, convert_to_paysmart_object


class class_method_variant:
    """class_method_variant lets one name be both a class method and an
    instance method, as stripe-python's: Payment.capture("pay_...") calls
    the class method named class_method_name, payment.capture() the
    decorated instance method."""

    def __init__(self, class_method_name):
        self.class_method_name = class_method_name

    def __call__(self, method):
        self.method = method
        functools.update_wrapper(self, method)
        return self

    def __get__(self, obj, objtype=None):
        if obj is None:
            return getattr(objtype, self.class_method_name)
        return functools.partial(self.method, obj)


class APIResource(PaySmartObject):
    """APIResource is an object with its own URL under the base URL (PATH)."""

    PATH = None

    @classmethod
    def _request(cls, method, path, params=None, api_key=None, idempotency_key=None):
        resp = api_requestor.request(method, path, params, api_key=api_key, idempotency_key=idempotency_key)
        return convert_to_paysmart_object(resp.data, api_key, last_response=resp)

    @classmethod
    def class_url(cls):
        """class_url is the resource's path under the base URL, such as /payments."""
        return cls.PATH

    @classmethod
    def instance_path(cls, id):
        """instance_path is the path of the object with this id, such as /payments/pay_..."""
        if not isinstance(id, str) or not id:
            raise error.InvalidRequestError(
                "Could not determine which URL to request: {0} has an invalid ID: {1!r}. "
                "The ID must be a non-empty string.".format(cls.__name__, id),
                param="id",
            )
        return "{0}/{1}".format(cls.PATH, urllib.parse.quote(id, safe=""))

    def instance_url(self):
        """instance_url is this object's path under the base URL."""
        return self.instance_path(self.get("id"))

    def _request_and_refresh(self, method, path, params, api_key=None, idempotency_key=None):
        obj = self._request(method, path, params, api_key=api_key or self._api_key, idempotency_key=idempotency_key)
        self.refresh_from(obj, api_key or self._api_key, last_response=obj.last_response)
        return self

    def refresh(self, **params):
        """refresh fetches the object again and updates it in place."""
        return self._request_and_refresh("get", self.instance_url(), params)


class CreateableAPIResource(APIResource):
    @classmethod
    def create(cls, api_key=None, idempotency_key=None, **params):
        """create creates an object from params (POST PATH)."""
        return cls._request("post", cls.class_url(), params, api_key, idempotency_key)


class ListableAPIResource(APIResource):
    @classmethod
    def list(cls, api_key=None, **params):
        """list fetches the first page of objects, newest first (GET PATH): a
        ListObject; its auto_paging_iter() walks them all. params are the
        cursors (limit, starting_after, ending_before) and filters, such as
        created={"gte": 1735689600}."""
        return ListObject._fetch(cls.class_url(), params, api_key)


class RetrievableAPIResource(APIResource):
    @classmethod
    def retrieve(cls, id, api_key=None, **params):
        """retrieve fetches the object with this id (GET PATH/id); params go
        in the query, such as expand=["customer"]."""
        return cls._request("get", cls.instance_path(id), params, api_key)


class UpdateableAPIResource(APIResource):
    @classmethod
    def modify(cls, id, api_key=None, idempotency_key=None, **params):
        """modify changes the object with this id (POST PATH/id)."""
        return cls._request("post", cls.instance_path(id), params, api_key, idempotency_key)


class DeletableAPIResource(APIResource):
    @classmethod
    def _cls_delete(cls, id, api_key=None, idempotency_key=None, **params):
        return cls._request("delete", cls.instance_path(id), params, api_key, idempotency_key)

    @class_method_variant("_cls_delete")
    def delete(self, api_key=None, idempotency_key=None, **params):
        """delete deletes the object (DELETE PATH/id): Customer.delete("cus_...")
        returns the record of the deletion; customer.delete() updates customer to it."""
        return self._request_and_refresh("delete", self.instance_url(), params, api_key, idempotency_key)
