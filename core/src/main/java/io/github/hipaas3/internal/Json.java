package io.github.hipaas3.internal;

/**
 * Minimal JSON string quoting (RFC 8259) for audit records and posture reports. The output is
 * exactly determined by the input: the quote, the backslash, control characters, U+2028, U+2029
 * and lone UTF-16 surrogates are escaped (the last as six-character unicode escapes in lowercase
 * hex), so every quoted string is valid UTF-16 and encodes to UTF-8 without loss or error.
 */
public final class Json {
  private Json() {}

  /**
   * Appends the value as a JSON string.
   *
   * @param out where to append
   * @param value the value
   */
  public static void quote(StringBuilder out, String value) {
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"':
          out.append("\\\"");
          break;
        case '\\':
          out.append("\\\\");
          break;
        case '\n':
          out.append("\\n");
          break;
        case '\r':
          out.append("\\r");
          break;
        case '\t':
          out.append("\\t");
          break;
        default:
          if (Character.isHighSurrogate(c) && i + 1 < value.length()
              && Character.isLowSurrogate(value.charAt(i + 1))) {
            out.append(c).append(value.charAt(++i)); // a well-formed pair
          } else if (c < 0x20 || c == 0x2028 || c == 0x2029 || Character.isSurrogate(c)) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
      }
    }
    out.append('"');
  }

  /**
   * The value as a JSON string.
   *
   * @param value the value
   * @return the quoted string
   */
  public static String quote(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2);
    quote(out, value);
    return out.toString();
  }
}
