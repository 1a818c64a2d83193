package com.paysmart.model;

import com.paysmart.net.Json;
import com.paysmart.net.PaySmartResponse;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PaySmartObject is an object as the API rendered it. Its typed getters read the JSON it came from, which
 * {@link #getRawJson()} returns whole (fields this version of the library has no getter for included).
 */
public class PaySmartObject {
  private Map<String, Object> rawJson = new LinkedHashMap<>();
  private transient PaySmartResponse lastResponse;

  /** Creates an empty object; the library fills it with {@link #construct}. */
  public PaySmartObject() {}

  /** construct returns a cls read from its JSON. */
  public static <T extends PaySmartObject> T construct(Class<T> cls, Map<String, Object> json) {
    T obj;
    try {
      obj = cls.getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot create a " + cls.getName(), e);
    }
    ((PaySmartObject) obj).rawJson = json == null ? new LinkedHashMap<>() : json;
    return obj;
  }

  /** getRawJson returns the JSON object this object was read from. */
  public Map<String, Object> getRawJson() {
    return rawJson;
  }

  /** get returns one field of the JSON: a String, Long, BigDecimal, Boolean, Map, List or null. */
  public Object get(String key) {
    return rawJson.get(key);
  }

  /** getLastResponse returns the HTTP answer this object was read from, or null for a nested object. */
  public PaySmartResponse getLastResponse() {
    return lastResponse;
  }

  /** setLastResponse records the HTTP answer this object was read from. */
  public void setLastResponse(PaySmartResponse response) {
    this.lastResponse = response;
  }

  /** toJson returns the object as compact JSON. */
  public String toJson() {
    return Json.write(rawJson);
  }

  @Override
  public String toString() {
    Object id = rawJson.get("id");
    return String.format("<%s@%s id=%s> JSON: %s", getClass().getName(), Integer.toHexString(hashCode()), id,
        toJson());
  }

  /** getStringValue returns a string field, or null. */
  protected String getStringValue(String key) {
    Object v = rawJson.get(key);
    return v == null ? null : v.toString();
  }

  /** getLongValue returns an integer field, or null. */
  protected Long getLongValue(String key) {
    Object v = rawJson.get(key);
    if (v instanceof Long) {
      return (Long) v;
    }
    if (v instanceof BigDecimal) {
      try {
        return ((BigDecimal) v).longValueExact();
      } catch (ArithmeticException notLong) {
        return null;
      }
    }
    if (v instanceof Number) {
      return ((Number) v).longValue();
    }
    return null;
  }

  /** getBooleanValue returns a boolean field, or null. */
  protected Boolean getBooleanValue(String key) {
    Object v = rawJson.get(key);
    return v instanceof Boolean ? (Boolean) v : null;
  }

  /** getStringMap returns an object of strings (metadata) as an unmodifiable map; empty when absent. */
  protected Map<String, String> getStringMap(String key) {
    Object v = rawJson.get(key);
    if (!(v instanceof Map)) {
      return Collections.emptyMap();
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
      out.put(String.valueOf(e.getKey()), e.getValue() == null ? null : e.getValue().toString());
    }
    return Collections.unmodifiableMap(out);
  }

  /** getStringList returns an array of strings; empty when absent. */
  protected List<String> getStringList(String key) {
    Object v = rawJson.get(key);
    if (!(v instanceof List)) {
      return Collections.emptyList();
    }
    List<String> out = new ArrayList<>();
    for (Object item : (List<?>) v) {
      out.add(item == null ? null : item.toString());
    }
    return Collections.unmodifiableList(out);
  }

  /** getObjectValue returns an object field as a cls, or null when it is absent or not an object. */
  @SuppressWarnings("unchecked")
  protected <T extends PaySmartObject> T getObjectValue(String key, Class<T> cls) {
    Object v = rawJson.get(key);
    return v instanceof Map ? construct(cls, (Map<String, Object>) v) : null;
  }

  /**
   * getExpandableId returns the id of an expandable field: the field itself when it is an id, the object's id
   * when it was expanded.
   */
  protected String getExpandableId(String key) {
    Object v = rawJson.get(key);
    if (v instanceof Map) {
      Object id = ((Map<?, ?>) v).get("id");
      return id == null ? null : id.toString();
    }
    return v == null ? null : v.toString();
  }
}
