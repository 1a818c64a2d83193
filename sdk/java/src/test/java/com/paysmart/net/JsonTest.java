package com.paysmart.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {
  @Test
  void readsEveryKindOfValue() {
    Map<String, Object> m = Json.parseObject(
        " {\"s\":\"x\", \"i\": 2000, \"neg\": -7, \"d\": 12.50, \"e\": 1e3, \"t\": true, \"f\": false, \"n\": null,"
            + " \"a\": [1, \"two\", [], {}], \"o\": {\"k\": \"v\"}}\n");
    assertEquals("x", m.get("s"));
    assertEquals(2000L, m.get("i"));
    assertEquals(-7L, m.get("neg"));
    assertEquals(new BigDecimal("12.50"), m.get("d"));
    assertEquals(0, new BigDecimal("1000").compareTo((BigDecimal) m.get("e")));
    assertEquals(Boolean.TRUE, m.get("t"));
    assertEquals(Boolean.FALSE, m.get("f"));
    assertTrue(m.containsKey("n"));
    assertNull(m.get("n"));
    assertEquals(Arrays.asList(1L, "two", new ArrayList<>(), new LinkedHashMap<>()), m.get("a"));
    assertEquals(Map.of("k", "v"), m.get("o"));
    assertInstanceOf(LinkedHashMap.class, m);
  }

  @Test
  void keepsKeyOrder() {
    Map<String, Object> m = Json.parseObject("{\"z\":1,\"a\":2,\"m\":3}");
    assertEquals(List.of("z", "a", "m"), new ArrayList<>(m.keySet()));
  }

  @Test
  void numbersAreNeverDoubles() {
    assertEquals(9223372036854775807L, Json.parse("9223372036854775807"));
    assertEquals(-9223372036854775808L, Json.parse("-9223372036854775808"));
    assertEquals(new BigDecimal("9223372036854775808"), Json.parse("9223372036854775808"));
    assertEquals(new BigDecimal("0.1"), Json.parse("0.1"));
    assertEquals(new BigDecimal("123456789012345678901234567890.123456789"),
        Json.parse("123456789012345678901234567890.123456789"));
    assertEquals(0L, Json.parse("-0"));
    assertEquals(new BigDecimal("-1.5E-7"), Json.parse("-1.5e-7"));
  }

  @Test
  void readsEscapes() {
    assertEquals("\"\\/\b\f\n\r\t", Json.parse("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\""));
    assertEquals("é€", Json.parse("\"\\u00e9\\u20AC\""));
    assertEquals("😀", Json.parse("\"\\ud83d\\ude00\"")); // a surrogate pair is one code point
    assertEquals(0x1F600, ((String) Json.parse("\"\\ud83d\\ude00\"")).codePointAt(0));
    assertEquals("😀 naïve", Json.parse("\"😀 naïve\"")); // raw UTF-16 passes through
    assertEquals("\ud83d", Json.parse("\"\\ud83d\"")); // a lone surrogate is kept, not dropped
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "{", "}", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "[1 2]", "01", "1.", ".5",
      "1e", "-", "+1", "tru", "nul", "\"abc", "\"\\x\"", "\"\\u12\"", "\"\\u12g4\"", "\"a\u0001b\"", "'a'",
      "NaN", "Infinity", "1 2", "{} x", "[", "\"\\u\uff11234\"", "1e99999999999"})
  void refusesWhatIsNotJson(String text) {
    assertThrows(Json.JsonException.class, () -> Json.parse(text));
  }

  @Test
  void refusesDeepNesting() {
    String deep = "[".repeat(Json.MAX_DEPTH + 2) + "]".repeat(Json.MAX_DEPTH + 2);
    assertThrows(Json.JsonException.class, () -> Json.parse(deep));
    String ok = "[".repeat(100) + "]".repeat(100);
    assertInstanceOf(List.class, Json.parse(ok));
  }

  @Test
  void parseObjectRefusesOtherValues() {
    assertThrows(Json.JsonException.class, () -> Json.parseObject("[1]"));
    assertThrows(Json.JsonException.class, () -> Json.parseObject("null"));
  }

  @Test
  void writesEveryKindOfValue() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("amount", 2000);
    m.put("long", 9223372036854775807L);
    m.put("big", new BigInteger("123456789012345678901234567890"));
    m.put("dec", new BigDecimal("12.50"));
    m.put("dbl", 0.1);
    m.put("yes", true);
    m.put("none", null);
    m.put("list", List.of("a", 1));
    m.put("array", new String[] {"x", "y"});
    m.put("ints", new int[] {1, 2});
    m.put("nested", Map.of("k", "v"));
    m.put("char", 'c');
    assertEquals("{\"amount\":2000,\"long\":9223372036854775807,\"big\":123456789012345678901234567890,"
        + "\"dec\":12.50,\"dbl\":0.1,\"yes\":true,\"none\":null,\"list\":[\"a\",1],\"array\":[\"x\",\"y\"],"
        + "\"ints\":[1,2],\"nested\":{\"k\":\"v\"},\"char\":\"c\"}", Json.write(m));
  }

  @Test
  void writesEscapes() {
    assertEquals("\"\\\"\\\\/\\b\\f\\n\\r\\t\\u0001\\u001f\"", Json.write("\"\\/\b\f\n\r\t\u0001\u001f"));
    assertEquals("\"é€😀\"", Json.write("é€😀")); // non-ASCII stays as is
    assertEquals("\"\\ud83d x \\ude00\"", Json.write("\ud83d x \ude00")); // lone surrogates are escaped
    assertEquals("\"\\u2028\\u2029\"", Json.write("\u2028\u2029"));
  }

  @Test
  void refusesWhatJsonCannotHold() {
    assertThrows(Json.JsonException.class, () -> Json.write(Double.NaN));
    assertThrows(Json.JsonException.class, () -> Json.write(Double.POSITIVE_INFINITY));
    assertThrows(Json.JsonException.class, () -> Json.write(new Object()));
    List<Object> cycle = new ArrayList<>();
    cycle.add(cycle);
    assertThrows(Json.JsonException.class, () -> Json.write(cycle));
  }

  @ParameterizedTest
  @ValueSource(strings = {"{}", "[]", "\"\"", "0", "-12", "3.25", "true", "null",
      "{\"a\":[1,{\"b\":null}],\"c\":\"\\\"q\\\"\\n\",\"d\":\"😀\",\"e\":1.0E+3}",
      "[\"\\u0000\",\"\\u001f\",9223372036854775808]"})
  void roundTrips(String text) {
    Object once = Json.parse(text);
    assertEquals(once, Json.parse(Json.write(once)));
    assertEquals(text, Json.write(once));
  }
}
