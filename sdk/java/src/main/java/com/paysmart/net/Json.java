package com.paysmart.net;

import com.paysmart.model.PaySmartObject;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Json reads and writes JSON (RFC 8259) without any dependency. Objects read as {@link LinkedHashMap} (key order
 * kept), arrays as {@link List}, strings as String, true/false as Boolean, null as null, and numbers as
 * {@link Long} when integral and within range, else {@link BigDecimal}: never as a double, so that amounts keep
 * every digit.
 */
public final class Json {
  /** MAX_DEPTH bounds the nesting the reader accepts, so that a hostile body cannot overflow the stack. */
  public static final int MAX_DEPTH = 512;

  private Json() {}

  /** JsonException is text that is not JSON, or a value that cannot be written as JSON. */
  public static final class JsonException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    JsonException(String message) {
      super(message);
    }
  }

  /** parse reads one JSON value, with nothing but whitespace around it. */
  public static Object parse(String text) {
    if (text == null) {
      throw new JsonException("no JSON text (null)");
    }
    Reader r = new Reader(text);
    r.skipSpace();
    Object v = r.value(0);
    r.skipSpace();
    if (r.pos != text.length()) {
      throw r.error("unexpected text after the value");
    }
    return v;
  }

  /** parseObject reads a JSON object. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> parseObject(String text) {
    Object v = parse(text);
    if (!(v instanceof Map)) {
      throw new JsonException("the JSON value is not an object");
    }
    return (Map<String, Object>) v;
  }

  /**
   * write returns v as compact JSON. It takes null, String (and any CharSequence or Character), Boolean, the
   * integral Number types, BigDecimal, finite Double and Float, Map (keys as strings), Iterable, arrays, enums (by
   * name) and PaySmartObject (as the JSON it was read from).
   */
  public static String write(Object v) {
    StringBuilder b = new StringBuilder();
    writeValue(b, v, 0);
    return b.toString();
  }

  private static void writeValue(StringBuilder b, Object v, int depth) {
    if (depth > MAX_DEPTH) {
      throw new JsonException("the value nests deeper than " + MAX_DEPTH + " (a cycle?)");
    }
    if (v == null) {
      b.append("null");
    } else if (v instanceof CharSequence || v instanceof Character) {
      writeString(b, v.toString());
    } else if (v instanceof Boolean) {
      b.append(v.toString());
    } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte
        || v instanceof BigInteger) {
      b.append(v.toString());
    } else if (v instanceof BigDecimal) {
      b.append(v.toString());
    } else if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        throw new JsonException("JSON has no " + d);
      }
      b.append(BigDecimal.valueOf(d).toString());
    } else if (v instanceof Number) {
      b.append(new BigDecimal(v.toString()).toString());
    } else if (v instanceof Map) {
      b.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        if (!first) {
          b.append(',');
        }
        first = false;
        writeString(b, String.valueOf(e.getKey()));
        b.append(':');
        writeValue(b, e.getValue(), depth + 1);
      }
      b.append('}');
    } else if (v instanceof Iterable) {
      b.append('[');
      boolean first = true;
      for (Object item : (Iterable<?>) v) {
        if (!first) {
          b.append(',');
        }
        first = false;
        writeValue(b, item, depth + 1);
      }
      b.append(']');
    } else if (v.getClass().isArray()) {
      b.append('[');
      int n = Array.getLength(v);
      for (int i = 0; i < n; i++) {
        if (i > 0) {
          b.append(',');
        }
        writeValue(b, Array.get(v, i), depth + 1);
      }
      b.append(']');
    } else if (v instanceof Enum) {
      writeString(b, ((Enum<?>) v).name());
    } else if (v instanceof PaySmartObject) {
      writeValue(b, ((PaySmartObject) v).getRawJson(), depth + 1);
    } else {
      throw new JsonException("cannot write a " + v.getClass().getName() + " as JSON");
    }
  }

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /** writeString quotes s, escaping what JSON requires and any lone surrogate, so the output is valid UTF-16. */
  static void writeString(StringBuilder b, String s) {
    b.append('"');
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"':
          b.append("\\\"");
          break;
        case '\\':
          b.append("\\\\");
          break;
        case '\n':
          b.append("\\n");
          break;
        case '\r':
          b.append("\\r");
          break;
        case '\t':
          b.append("\\t");
          break;
        case '\b':
          b.append("\\b");
          break;
        case '\f':
          b.append("\\f");
          break;
        default:
          if (c < 0x20 || c == '\u2028' || c == '\u2029') {
            unicodeEscape(b, c);
          } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
            b.append(c).append(s.charAt(++i));
          } else if (Character.isSurrogate(c)) {
            unicodeEscape(b, c); // lone: the escape keeps the text well-formed
          } else {
            b.append(c);
          }
      }
    }
    b.append('"');
  }

  private static void unicodeEscape(StringBuilder b, char c) {
    b.append("\\u").append(HEX[(c >> 12) & 0xf]).append(HEX[(c >> 8) & 0xf]).append(HEX[(c >> 4) & 0xf])
        .append(HEX[c & 0xf]);
  }

  /** Reader is a recursive-descent reader over one text. */
  private static final class Reader {
    final String s;
    int pos;

    Reader(String s) {
      this.s = s;
    }

    JsonException error(String what) {
      return new JsonException("invalid JSON at offset " + pos + ": " + what);
    }

    void skipSpace() {
      while (pos < s.length()) {
        char c = s.charAt(pos);
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
          return;
        }
        pos++;
      }
    }

    Object value(int depth) {
      if (depth > MAX_DEPTH) {
        throw error("nesting deeper than " + MAX_DEPTH);
      }
      if (pos >= s.length()) {
        throw error("unexpected end of text");
      }
      char c = s.charAt(pos);
      switch (c) {
        case '{':
          return object(depth);
        case '[':
          return array(depth);
        case '"':
          return string();
        case 't':
          literal("true");
          return Boolean.TRUE;
        case 'f':
          literal("false");
          return Boolean.FALSE;
        case 'n':
          literal("null");
          return null;
        default:
          if (c == '-' || (c >= '0' && c <= '9')) {
            return number();
          }
          throw error("unexpected character '" + c + "'");
      }
    }

    void literal(String word) {
      if (!s.startsWith(word, pos)) {
        throw error("expected " + word);
      }
      pos += word.length();
    }

    Map<String, Object> object(int depth) {
      Map<String, Object> m = new LinkedHashMap<>();
      pos++; // {
      skipSpace();
      if (pos < s.length() && s.charAt(pos) == '}') {
        pos++;
        return m;
      }
      while (true) {
        skipSpace();
        if (pos >= s.length() || s.charAt(pos) != '"') {
          throw error("expected a string key");
        }
        String key = string();
        skipSpace();
        expect(':');
        skipSpace();
        m.put(key, value(depth + 1));
        skipSpace();
        if (pos >= s.length()) {
          throw error("unexpected end of text in an object");
        }
        char c = s.charAt(pos++);
        if (c == '}') {
          return m;
        }
        if (c != ',') {
          pos--;
          throw error("expected ',' or '}'");
        }
      }
    }

    List<Object> array(int depth) {
      List<Object> a = new ArrayList<>();
      pos++; // [
      skipSpace();
      if (pos < s.length() && s.charAt(pos) == ']') {
        pos++;
        return a;
      }
      while (true) {
        skipSpace();
        a.add(value(depth + 1));
        skipSpace();
        if (pos >= s.length()) {
          throw error("unexpected end of text in an array");
        }
        char c = s.charAt(pos++);
        if (c == ']') {
          return a;
        }
        if (c != ',') {
          pos--;
          throw error("expected ',' or ']'");
        }
      }
    }

    void expect(char c) {
      if (pos >= s.length() || s.charAt(pos) != c) {
        throw error("expected '" + c + "'");
      }
      pos++;
    }

    String string() {
      pos++; // opening quote
      StringBuilder b = null;
      int start = pos;
      while (true) {
        if (pos >= s.length()) {
          throw error("unterminated string");
        }
        char c = s.charAt(pos);
        if (c == '"') {
          String out = b == null ? s.substring(start, pos) : b.append(s, start, pos).toString();
          pos++;
          return out;
        }
        if (c < 0x20) {
          throw error("control character in a string");
        }
        if (c != '\\') {
          pos++;
          continue;
        }
        if (b == null) {
          b = new StringBuilder();
        }
        b.append(s, start, pos);
        pos++;
        if (pos >= s.length()) {
          throw error("unterminated escape");
        }
        char e = s.charAt(pos++);
        switch (e) {
          case '"':
          case '\\':
          case '/':
            b.append(e);
            break;
          case 'b':
            b.append('\b');
            break;
          case 'f':
            b.append('\f');
            break;
          case 'n':
            b.append('\n');
            break;
          case 'r':
            b.append('\r');
            break;
          case 't':
            b.append('\t');
            break;
          case 'u':
            // A surrogate pair arrives as two escapes; appending each UTF-16 unit rebuilds the code point.
            b.append(hex4());
            break;
          default:
            pos--;
            throw error("invalid escape '\\" + e + "'");
        }
        start = pos;
      }
    }

    char hex4() {
      if (pos + 4 > s.length()) {
        throw error("truncated \\u escape");
      }
      int v = 0;
      for (int i = 0; i < 4; i++) {
        char c = s.charAt(pos + i);
        int d = c >= '0' && c <= '9' ? c - '0'
            : c >= 'a' && c <= 'f' ? c - 'a' + 10
            : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0) {
          throw error("invalid \\u escape");
        }
        v = v * 16 + d;
      }
      pos += 4;
      return (char) v;
    }

    Object number() {
      int start = pos;
      boolean integral = true;
      if (s.charAt(pos) == '-') {
        pos++;
      }
      if (pos >= s.length()) {
        throw error("truncated number");
      }
      char c = s.charAt(pos);
      if (c == '0') {
        pos++;
      } else if (c >= '1' && c <= '9') {
        digits();
      } else {
        throw error("invalid number");
      }
      if (pos < s.length() && s.charAt(pos) == '.') {
        integral = false;
        pos++;
        if (digits() == 0) {
          throw error("digits expected after '.'");
        }
      }
      if (pos < s.length() && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
        integral = false;
        pos++;
        if (pos < s.length() && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) {
          pos++;
        }
        if (digits() == 0) {
          throw error("digits expected in the exponent");
        }
      }
      String text = s.substring(start, pos);
      if (integral && text.length() <= 20) {
        try {
          return Long.parseLong(text);
        } catch (NumberFormatException tooBig) {
          // falls through to BigDecimal
        }
      }
      try {
        return new BigDecimal(text);
      } catch (NumberFormatException e) {
        throw error("number out of range");
      }
    }

    int digits() {
      int n = 0;
      while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
        pos++;
        n++;
      }
      return n;
    }
  }
}
