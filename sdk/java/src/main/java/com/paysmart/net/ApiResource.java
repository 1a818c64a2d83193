package com.paysmart.net;

import com.paysmart.exception.ApiException;
import com.paysmart.exception.InvalidRequestException;
import com.paysmart.exception.PaySmartException;
import com.paysmart.model.PaySmartCollection;
import com.paysmart.model.PaySmartObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * ApiResource is the base of the objects the API serves (Payment, Customer...): it sends their calls and reads
 * the answers. Applications use the resources' own methods ({@code Payment.create}) rather than these.
 */
public abstract class ApiResource extends PaySmartObject {
  /** The HTTP methods the API uses. */
  public enum RequestMethod {
    GET,
    POST,
    DELETE
  }

  /**
   * request calls the API and reads the answer as a cls. params are the JSON body of a POST and the query of a GET
   * or DELETE; options may be null.
   */
  public static <T extends PaySmartObject> T request(RequestMethod method, String path, Map<String, Object> params,
      Class<T> cls, RequestOptions options) throws PaySmartException {
    PaySmartResponse res = ApiRequestor.request(method.name(), path, params, options);
    T obj = PaySmartObject.construct(cls, parse(res));
    obj.setLastResponse(res);
    return obj;
  }

  /** requestCollection gets one page of a list; the page knows how to fetch the ones after it. */
  public static <T extends PaySmartObject> PaySmartCollection<T> requestCollection(String path,
      Map<String, Object> params, Class<T> cls, RequestOptions options) throws PaySmartException {
    PaySmartResponse res = ApiRequestor.request("GET", path, params, options);
    PaySmartCollection<T> page = new PaySmartCollection<>(parse(res), cls, path, params, options);
    page.setLastResponse(res);
    return page;
  }

  private static Map<String, Object> parse(PaySmartResponse res) throws ApiException {
    try {
      return Json.parseObject(res.body());
    } catch (Json.JsonException e) {
      throw new ApiException("PaySmart answered " + res.code() + " with a body that is not a JSON object: "
          + e.getMessage(), res.code(), "api_error", null, null, res.requestId(), res.body(), null, e);
    }
  }

  /**
   * urlEncodeId returns id escaped for a URL path; an empty id is refused before any request, so that
   * {@code retrieve("")} cannot list instead.
   */
  public static String urlEncodeId(String id) throws InvalidRequestException {
    if (id == null || id.isBlank()) {
      throw new InvalidRequestException("The id is empty: pass the id of an existing object.", null,
          "invalid_request_error", "parameter_missing", "id", null, null, null, null);
    }
    return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
