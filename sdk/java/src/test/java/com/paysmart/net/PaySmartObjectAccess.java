package com.paysmart.net;

import com.paysmart.model.Customer;
import com.paysmart.model.PaySmartObject;
import java.util.LinkedHashMap;
import java.util.Map;

/** PaySmartObjectAccess builds objects for tests without a request. */
final class PaySmartObjectAccess {
  private PaySmartObjectAccess() {}

  static Customer customer(String id) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("object", "customer");
    return PaySmartObject.construct(Customer.class, m);
  }
}
