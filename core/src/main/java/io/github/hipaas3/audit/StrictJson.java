package io.github.hipaas3.audit;

import io.github.hipaas3.internal.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A strict parser for the flat JSON objects the audit file holds: one object, string keys, no
 * duplicate keys, values that are strings, integers (no fraction or exponent), booleans or (one
 * level down) objects; no whitespace, no null, no arrays, nothing after the object. Keys keep
 * their order. {@link #render} writes a parsed value back in the writer's canonical form, so a
 * line is canonical exactly when rendering its parse gives back its text.
 */
final class StrictJson {
  /** Why a line is not a record; the message names positions and kinds, never content. */
  static final class ParseException extends Exception {
    private static final long serialVersionUID = 1L;

    ParseException(String message) {
      super(message, null, false, false);
    }
  }

  private static final int MAX_DEPTH = 1;
  private final String text;
  private int at;

  private StrictJson(String text) {
    this.text = text;
  }

  /**
   * Parses one line that must be exactly one object.
   *
   * @param text the line, without its line end
   * @return the keys and values, in order
   * @throws ParseException if it is not
   */
  static Map<String, Object> parseObject(String text) throws ParseException {
    StrictJson p = new StrictJson(text);
    Map<String, Object> object = p.object(0);
    if (p.at != text.length()) {
      throw new ParseException("text after the object at column " + (p.at + 1));
    }
    return object;
  }

  /**
   * Renders a parsed value in canonical form.
   *
   * @param out where to write
   * @param value a String, Long, Boolean or Map from {@link #parseObject}
   */
  static void render(StringBuilder out, Object value) {
    if (value instanceof String string) {
      Json.quote(out, string);
    } else if (value instanceof Map) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        Json.quote(out, (String) e.getKey());
        out.append(':');
        render(out, e.getValue());
      }
      out.append('}');
    } else {
      out.append(value); // Long or Boolean
    }
  }

  private ParseException error(String what) {
    return new ParseException(what + " at column " + (at + 1));
  }

  private char peek() throws ParseException {
    if (at >= text.length()) {
      throw error("unexpected end of line");
    }
    return text.charAt(at);
  }

  private void expect(char c) throws ParseException {
    if (peek() != c) {
      throw error("expected '" + c + "'");
    }
    at++;
  }

  private Map<String, Object> object(int depth) throws ParseException {
    expect('{');
    Map<String, Object> object = new LinkedHashMap<>();
    if (peek() == '}') {
      at++;
      return object;
    }
    while (true) {
      if (peek() != '"') {
        throw error("expected a key");
      }
      String key = string();
      expect(':');
      Object value = value(depth);
      if (object.containsKey(key)) {
        throw error("duplicate key");
      }
      object.put(key, value);
      if (peek() == ',') {
        at++;
        continue;
      }
      expect('}');
      return object;
    }
  }

  private Object value(int depth) throws ParseException {
    char c = peek();
    if (c == '"') {
      return string();
    }
    if (c == '{') {
      if (depth >= MAX_DEPTH) {
        throw error("objects nested too deep");
      }
      return object(depth + 1);
    }
    if (c == 't' || c == 'f') {
      String word = c == 't' ? "true" : "false";
      if (!text.startsWith(word, at)) {
        throw error("not a value");
      }
      at += word.length();
      return c == 't';
    }
    if (c == '-' || (c >= '0' && c <= '9')) {
      return number();
    }
    throw error("not a value");
  }

  private Long number() throws ParseException {
    int start = at;
    if (peek() == '-') {
      at++;
    }
    char first = peek();
    if (first < '0' || first > '9') {
      throw error("not a number");
    }
    at++;
    if (first != '0') {
      while (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
        at++;
      }
    }
    if (at < text.length() && ".eE0123456789".indexOf(text.charAt(at)) >= 0) {
      throw error("not an integer in canonical form");
    }
    try {
      return Long.parseLong(text.substring(start, at));
    } catch (NumberFormatException e) {
      throw error("integer out of range");
    }
  }

  private String string() throws ParseException {
    expect('"');
    StringBuilder s = new StringBuilder();
    while (true) {
      char c = peek();
      at++;
      if (c == '"') {
        return s.toString();
      }
      if (c < 0x20) {
        throw error("unescaped control character");
      }
      if (c != '\\') {
        s.append(c);
        continue;
      }
      char e = peek();
      at++;
      switch (e) {
        case '"':
        case '\\':
        case '/':
          s.append(e);
          break;
        case 'b':
          s.append('\b');
          break;
        case 'f':
          s.append('\f');
          break;
        case 'n':
          s.append('\n');
          break;
        case 'r':
          s.append('\r');
          break;
        case 't':
          s.append('\t');
          break;
        case 'u':
          if (at + 4 > text.length()) {
            throw error("short unicode escape");
          }
          int v = 0;
          for (int k = 0; k < 4; k++) {
            char h = text.charAt(at++);
            int d = h < 0x80 ? Character.digit(h, 16) : -1;
            if (d < 0) {
              throw error("bad unicode escape");
            }
            v = v * 16 + d;
          }
          s.append((char) v);
          break;
        default:
          throw error("bad escape");
      }
    }
  }
}
