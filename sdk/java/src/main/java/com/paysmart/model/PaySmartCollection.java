package com.paysmart.model;

import com.paysmart.exception.AutoPagingException;
import com.paysmart.exception.PaySmartException;
import com.paysmart.net.ApiResource;
import com.paysmart.net.RequestOptions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * PaySmartCollection is one page of a list ({@code {"object": "list", "data": [...], "has_more": ...}}).
 * {@link #autoPagingIterable()} walks every item of the list from this page on, fetching the following pages as it
 * goes.
 *
 * <pre>{@code
 * for (Customer c : Customer.list(Map.of("limit", 100)).autoPagingIterable()) { ... }
 * }</pre>
 */
public class PaySmartCollection<T extends PaySmartObject> extends PaySmartObject {
  private final List<T> data;
  private final Class<T> itemClass;
  private final String path;
  private final Map<String, Object> params;
  private final RequestOptions options;

  /**
   * Creates a page read from json, whose items are itemClass; path, params and options are the request that
   * fetched it, repeated with a cursor to fetch the next.
   */
  @SuppressWarnings("unchecked")
  public PaySmartCollection(Map<String, Object> json, Class<T> itemClass, String path, Map<String, Object> params,
      RequestOptions options) {
    this.itemClass = itemClass;
    this.path = path;
    this.params = params == null ? Collections.emptyMap() : new LinkedHashMap<>(params);
    this.options = options;
    List<T> items = new ArrayList<>();
    Object raw = json.get("data");
    if (raw instanceof List) {
      for (Object item : (List<?>) raw) {
        if (item instanceof Map) {
          items.add(PaySmartObject.construct(itemClass, (Map<String, Object>) item));
        }
      }
    }
    this.data = Collections.unmodifiableList(items);
    getRawJson().putAll(json);
  }

  /** getData returns this page's items. */
  public List<T> getData() {
    return data;
  }

  /** getHasMore reports whether items follow this page. */
  public Boolean getHasMore() {
    return Boolean.TRUE.equals(getBooleanValue("has_more"));
  }

  /** getObject returns "list". */
  public String getObject() {
    return getStringValue("object");
  }

  /** getUrl returns the list's path, such as /v2/customers. */
  public String getUrl() {
    return getStringValue("url");
  }

  /**
   * nextPage fetches the page after this one (with starting_after, or before it with ending_before when this
   * list was asked for with ending_before); null when there is none.
   */
  public PaySmartCollection<T> nextPage() throws PaySmartException {
    if (!getHasMore() || data.isEmpty()) {
      return null;
    }
    Map<String, Object> next = new LinkedHashMap<>(params);
    boolean backwards = params.get("ending_before") != null && params.get("starting_after") == null;
    Object cursor = (backwards ? data.get(0) : data.get(data.size() - 1)).get("id");
    if (cursor == null) {
      return null; // without an id there is no cursor: asking again would repeat this page forever
    }
    if (backwards) {
      next.put("ending_before", cursor);
    } else {
      next.remove("ending_before");
      next.put("starting_after", cursor);
    }
    return ApiResource.requestCollection(path, next, itemClass, options);
  }

  /**
   * autoPagingIterable returns every item from this page on, across pages. A failed page request throws an
   * {@link AutoPagingException} from the iterator, the PaySmartException as its cause.
   */
  public Iterable<T> autoPagingIterable() {
    return () -> new Iterator<T>() {
      private PaySmartCollection<T> page = PaySmartCollection.this;
      private int index;

      @Override
      public boolean hasNext() {
        while (index >= page.data.size()) {
          PaySmartCollection<T> next;
          try {
            next = page.nextPage();
          } catch (PaySmartException e) {
            throw new AutoPagingException(e);
          }
          if (next == null) {
            return false;
          }
          page = next;
          index = 0;
        }
        return true;
      }

      @Override
      public T next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return page.data.get(index++);
      }
    };
  }
}
