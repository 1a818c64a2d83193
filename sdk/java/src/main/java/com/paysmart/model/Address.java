package com.paysmart.model;

/** Address is a postal address; a field that was not given is null. */
public class Address extends PaySmartObject {

  /** getLine1 returns the first line. */
  public String getLine1() {
    return getStringValue("line1");
  }

  /** getLine2 returns the second line. */
  public String getLine2() {
    return getStringValue("line2");
  }

  /** getCity returns the city. */
  public String getCity() {
    return getStringValue("city");
  }

  /** getState returns the state, county or province. */
  public String getState() {
    return getStringValue("state");
  }

  /** getPostalCode returns the postal code. */
  public String getPostalCode() {
    return getStringValue("postal_code");
  }

  /** getCountry returns the country (ISO 3166-1 alpha-2). */
  public String getCountry() {
    return getStringValue("country");
  }
}
