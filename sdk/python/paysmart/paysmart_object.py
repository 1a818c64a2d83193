"""PaySmartObject: an API object as a dict whose keys are also attributes."""

import json

# _classes maps an answer's "object" field to the class it becomes; the
# resource modules register themselves in it (see register).
_classes = {}


def register(cls):
    """register makes answers whose "object" is cls.OBJECT_NAME instances of cls."""
    _classes[cls.OBJECT_NAME] = cls
    return cls


def convert_to_paysmart_object(value, api_key=None, last_response=None):
    """convert_to_paysmart_object turns decoded JSON into PaySmartObjects,
    recursively: a dict with a known "object" becomes its class (Payment,
    ListObject, ...), any other dict a PaySmartObject, a list a list of them."""
    if isinstance(value, list):
        return [convert_to_paysmart_object(v, api_key) for v in value]
    if isinstance(value, dict) and not isinstance(value, PaySmartObject):
        cls = _classes.get(value.get("object"), PaySmartObject) if isinstance(value.get("object"), str) else PaySmartObject
        return cls.construct_from(value, api_key, last_response=last_response)
    return value


class PaySmartObject(dict):
    """PaySmartObject is an API object: a dict (payment["amount"]) whose keys
    are also attributes (payment.amount). Nested objects are PaySmartObjects too.

    last_response is the HTTP answer the object came from (its request_id,
    headers, idempotent_replayed), or None for a nested object.
    """

    OBJECT_NAME = None

    def __init__(self, id=None, api_key=None, **params):
        super().__init__()
        object.__setattr__(self, "_api_key", api_key)
        object.__setattr__(self, "_last_response", None)
        if id is not None:
            self["id"] = id
        self.update(params)

    @classmethod
    def construct_from(cls, values, api_key=None, last_response=None):
        """construct_from builds an object of cls from decoded JSON."""
        obj = cls(api_key=api_key)
        obj.refresh_from(values, api_key, last_response=last_response)
        return obj

    def refresh_from(self, values, api_key=None, last_response=None):
        """refresh_from replaces the object's fields with values'."""
        if api_key is not None:
            object.__setattr__(self, "_api_key", api_key)
        object.__setattr__(self, "_last_response", last_response)
        self.clear()
        for k, v in values.items():
            super().__setitem__(k, convert_to_paysmart_object(v, self._api_key))

    @property
    def last_response(self):
        return self._last_response

    def __getattr__(self, name):
        # Only called when normal lookup fails: methods and properties win.
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self[name]
        except KeyError:
            raise AttributeError(
                "{0!r} object has no attribute {1!r}".format(type(self).__name__, name)
            ) from None

    def __setattr__(self, name, value):
        if name.startswith("_") or hasattr(type(self), name):
            object.__setattr__(self, name, value)
        else:
            self[name] = value

    def __delattr__(self, name):
        if name.startswith("_") or name not in self:
            object.__delattr__(self, name)
        else:
            del self[name]

    def __repr__(self):
        ident = [type(self).__name__]
        if isinstance(self.get("object"), str):
            ident.append(self["object"])
        if isinstance(self.get("id"), str):
            ident.append("id=" + self["id"])
        return "<{0} at {1:#x}> JSON: {2}".format(" ".join(ident), id(self), str(self))

    def __str__(self):
        return json.dumps(self.to_dict(), sort_keys=True, indent=2)

    def to_dict(self):
        """to_dict returns the object as plain dicts and lists, recursively."""

        def plain(v):
            if isinstance(v, dict):
                return {k: plain(x) for k, x in v.items()}
            if isinstance(v, list):
                return [plain(x) for x in v]
            return v

        return plain(self)

    # Pickling and copying keep the private fields (dict's own support would drop them).
    def __reduce__(self):
        return (type(self), (), {"_api_key": self._api_key}, None, iter(self.items()))

    def __setstate__(self, state):
        object.__setattr__(self, "_api_key", state.get("_api_key"))
        object.__setattr__(self, "_last_response", None)
