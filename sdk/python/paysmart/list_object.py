"""ListObject: one page of a list, and the way through the pages after it."""

import urllib.parse

import paysmart
from paysmart import api_requestor
from paysmart.paysmart_object import PaySmartObject, convert_to_paysmart_object, register


@register
class ListObject(PaySmartObject):
    """ListObject is one page of a list: data (its objects, newest first),
    has_more and url. Iterating it walks this page; auto_paging_iter() walks
    every object from here on, fetching the next pages as it goes."""

    OBJECT_NAME = "list"

    def __init__(self, id=None, api_key=None, **params):
        super().__init__(id, api_key, **params)
        object.__setattr__(self, "_path", None)
        object.__setattr__(self, "_retrieve_params", {})

    @classmethod
    def _fetch(cls, path, params, api_key):
        resp = api_requestor.request("get", path, params, api_key=api_key)
        page = convert_to_paysmart_object(resp.data, api_key, last_response=resp)
        if not isinstance(page, ListObject):
            raise paysmart.error.APIError(
                "Expected a list from GET {0}, got {1!r}".format(path, resp.data.get("object") if isinstance(resp.data, dict) else resp.data),
                http_status=resp.code,
                http_body=resp.body,
                request_id=resp.request_id,
            )
        object.__setattr__(page, "_path", path)
        object.__setattr__(page, "_retrieve_params", dict(params or {}))
        return page

    def __iter__(self):
        return iter(self.get("data") or [])

    def __len__(self):
        return len(self.get("data") or [])

    def __reversed__(self):
        return reversed(self.get("data") or [])

    @property
    def is_empty(self):
        """is_empty says this page has no objects."""
        return len(self) == 0

    def auto_paging_iter(self):
        """auto_paging_iter yields every object of the list from this page on,
        fetching page after page (starting_after the last id) while has_more.
        A list fetched with ending_before walks backwards instead, towards
        the newest, each page's objects oldest first."""
        page = self
        backwards = "ending_before" in self._retrieve_params and "starting_after" not in self._retrieve_params
        while True:
            if backwards:
                yield from reversed(page)
                nxt = page.previous_page()
            else:
                yield from page
                nxt = page.next_page()
            if nxt.is_empty:
                return
            page = nxt

    def next_page(self, **params):
        """next_page fetches the page after this one with the same filters, or
        returns an empty list when there is none."""
        if not self.get("has_more") or self.is_empty:
            return self._empty()
        p = dict(self._retrieve_params)
        p.pop("ending_before", None)
        p["starting_after"] = self["data"][-1]["id"]
        p.update(params)
        return self._fetch(self._list_path(), p, self._api_key)

    def previous_page(self, **params):
        """previous_page fetches the page before this one (newer objects) with
        the same filters, or returns an empty list when there is none."""
        if not self.get("has_more") or self.is_empty:
            return self._empty()
        p = dict(self._retrieve_params)
        p.pop("starting_after", None)
        p["ending_before"] = self["data"][0]["id"]
        p.update(params)
        return self._fetch(self._list_path(), p, self._api_key)

    def _empty(self):
        empty = ListObject.construct_from(
            {"object": "list", "data": [], "has_more": False, "url": self.get("url")}, self._api_key
        )
        object.__setattr__(empty, "_path", self._path)
        object.__setattr__(empty, "_retrieve_params", dict(self._retrieve_params))
        return empty

    def _list_path(self):
        """_list_path is the path the list was fetched from: known when the
        library fetched it, else its url without the base URL's own path (/v2)."""
        if self._path:
            return self._path
        url = self.get("url") or ""
        base = urllib.parse.urlsplit(paysmart.api_base).path.rstrip("/")
        if base and url.startswith(base + "/"):
            return url[len(base):]
        return url

    def __reduce__(self):
        return (type(self), (), {"_api_key": self._api_key, "_path": self._path,
                                 "_retrieve_params": self._retrieve_params}, None, iter(self.items()))

    def __setstate__(self, state):
        super().__setstate__(state)
        object.__setattr__(self, "_path", state.get("_path"))
        object.__setattr__(self, "_retrieve_params", state.get("_retrieve_params") or {})
