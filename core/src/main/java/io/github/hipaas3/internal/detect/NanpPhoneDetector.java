package io.github.hipaas3.internal.detect;

/**
 * North American (NANP) phone numbers: an optional {@code +1} or {@code 1} prefix (optionally
 * followed by one of {@code - . _ space}), an area code NXX (N 2-9, second digit not 9), an
 * exchange NXX not ending in 11, and a 4-digit line number, written as {@code 2125550143},
 * {@code 212-555-0143}, {@code 212.555.0143}, {@code 212_555_0143}, {@code 212 555 0143} (one
 * separator kind), or {@code (212) 555-0143}, {@code (212)555-0143} (after the parenthesis, each
 * separator is optional and any of {@code - . _ space}). Not adjacent to a digit. (Dashes,
 * spaces and digits of other scripts reach the scanner as ASCII; see {@link DetectorText}.)
 */
final class NanpPhoneDetector extends BuiltInDetector {

  NanpPhoneDetector() {
    super("NANP_PHONE", Prefilter.ANY.digits(10).digitRun(4));
  }

  @Override
  public boolean scan(CharSequence value) {
    int n = value.length();
    for (int i = 0; i < n; i++) {
      if (!Ascii.isDigitAt(value, i - 1) && matchesAt(value, i)) {
        return true;
      }
    }
    return false;
  }

  private static boolean matchesAt(CharSequence s, int i) {
    int j = i;
    if (Ascii.isCharAt(s, j, '+')) {
      j++;
      if (!Ascii.isCharAt(s, j, '1')) {
        return false;
      }
    }
    if (Ascii.isCharAt(s, j, '1')) {
      j++;
      if (isSeparator(s, j)) {
        j++;
      }
    }
    return coreAt(s, j);
  }

  /** Area code, exchange and line starting at {@code i}, not followed by a digit. */
  private static boolean coreAt(CharSequence s, int i) {
    int j;
    int exchange;
    if (Ascii.isCharAt(s, i, '(')) {
      if (!isAreaCode(s, i + 1) || !Ascii.isCharAt(s, i + 4, ')')) {
        return false;
      }
      exchange = isSeparator(s, i + 5) ? i + 6 : i + 5;
      if (!isExchange(s, exchange)) {
        return false;
      }
      j = isSeparator(s, exchange + 3) ? exchange + 4 : exchange + 3;
    } else {
      if (!isAreaCode(s, i)) {
        return false;
      }
      boolean separated = isSeparator(s, i + 3);
      exchange = separated ? i + 4 : i + 3;
      if (!isExchange(s, exchange)) {
        return false;
      }
      j = exchange + 3;
      if (separated) {
        if (!Ascii.isCharAt(s, j, s.charAt(i + 3))) {
          return false;
        }
        j++;
      }
    }
    return Ascii.digitRunEnd(s, j) - j == 4;
  }

  private static boolean isAreaCode(CharSequence s, int i) {
    return i + 3 <= s.length() && isDigitBetween(s.charAt(i), '2', '9')
        && isDigitBetween(s.charAt(i + 1), '0', '8') && Ascii.isDigit(s.charAt(i + 2));
  }

  private static boolean isExchange(CharSequence s, int i) {
    return i + 3 <= s.length() && isDigitBetween(s.charAt(i), '2', '9')
        && Ascii.isDigit(s.charAt(i + 1)) && Ascii.isDigit(s.charAt(i + 2))
        && !(s.charAt(i + 1) == '1' && s.charAt(i + 2) == '1');
  }

  private static boolean isDigitBetween(char c, char low, char high) {
    return c >= low && c <= high;
  }

  private static boolean isSeparator(CharSequence s, int i) {
    if (i >= s.length()) {
      return false;
    }
    char c = s.charAt(i);
    return c == '-' || c == '.' || c == ' ' || c == '_';
  }
}
