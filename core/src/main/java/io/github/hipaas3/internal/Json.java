package io.github.hipaas3.internal;

/** Minimal JSON string quoting (RFC 8259) for audit records and posture reports. */
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
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
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
