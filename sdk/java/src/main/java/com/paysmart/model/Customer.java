package com.paysmart.model;

import com.paysmart.exception.PaySmartException;
import com.paysmart.net.ApiResource;
import com.paysmart.net.RequestOptions;
import java.util.Map;

/** Customer is a customer (/v2/customers), whose cards can be saved and charged again. */
public class Customer extends ApiResource {
  /** create creates a customer (email, name, phone, description, address, metadata, test_clock). */
  public static Customer create(Map<String, Object> params) throws PaySmartException {
    return create(params, null);
  }

  /** create creates a customer, with options. */
  public static Customer create(Map<String, Object> params, RequestOptions options) throws PaySmartException {
    return request(RequestMethod.POST, "/customers", params, Customer.class, options);
  }

  /** retrieve gets a customer by id; a deleted one answers with {@link #getDeleted()} true. */
  public static Customer retrieve(String id) throws PaySmartException {
    return retrieve(id, null);
  }

  /** retrieve gets a customer by id, with options. */
  public static Customer retrieve(String id, RequestOptions options) throws PaySmartException {
    return request(RequestMethod.GET, "/customers/" + urlEncodeId(id), null, Customer.class, options);
  }

  /** list gets a page of customers, newest first (filter: email, which matches part of the address). */
  public static PaySmartCollection<Customer> list(Map<String, Object> params) throws PaySmartException {
    return list(params, null);
  }

  /** list gets a page of customers, with options. */
  public static PaySmartCollection<Customer> list(Map<String, Object> params, RequestOptions options)
      throws PaySmartException {
    return requestCollection("/customers", params, Customer.class, options);
  }

  /** update changes the customer. */
  public Customer update(Map<String, Object> params) throws PaySmartException {
    return update(params, null);
  }

  /** update changes the customer, with options. */
  public Customer update(Map<String, Object> params, RequestOptions options) throws PaySmartException {
    return request(RequestMethod.POST, "/customers/" + urlEncodeId(getId()), params, Customer.class, options);
  }

  /** delete deletes the customer; the answer has {@link #getDeleted()} true. */
  public Customer delete() throws PaySmartException {
    return delete(null);
  }

  /** delete deletes the customer, with options. */
  public Customer delete(RequestOptions options) throws PaySmartException {
    return request(RequestMethod.DELETE, "/customers/" + urlEncodeId(getId()), null, Customer.class, options);
  }

  /** getId returns the customer's id ({@code cus_...}). */
  public String getId() {
    return getStringValue("id");
  }

  /** getObject returns "customer". */
  public String getObject() {
    return getStringValue("object");
  }

  /** getEmail returns the e-mail address, or null. */
  public String getEmail() {
    return getStringValue("email");
  }

  /** getName returns the name, or null. */
  public String getName() {
    return getStringValue("name");
  }

  /** getPhone returns the phone number, or null. */
  public String getPhone() {
    return getStringValue("phone");
  }

  /** getDescription returns the description, or null. */
  public String getDescription() {
    return getStringValue("description");
  }

  /** getAddress returns the postal address, or null. */
  public Address getAddress() {
    return getObjectValue("address", Address.class);
  }

  /** getMetadata returns the metadata. */
  public Map<String, String> getMetadata() {
    return getStringMap("metadata");
  }

  /** getTestClock returns the test clock ({@code clock_...}) the customer is on, or null. */
  public String getTestClock() {
    return getStringValue("test_clock");
  }

  /** getLivemode returns whether this is a live-mode customer. */
  public Boolean getLivemode() {
    return getBooleanValue("livemode");
  }

  /** getCreated returns when it was created, in Unix seconds. */
  public Long getCreated() {
    return getLongValue("created");
  }

  /** getDeleted returns true for a deleted customer (the answer to delete, or retrieving one); null otherwise. */
  public Boolean getDeleted() {
    return getBooleanValue("deleted");
  }
}
