package io.github.hipaas3.internal.detect;

/** ASCII character tests shared by the built-in detectors (locale- and Unicode-free). */
final class Ascii {
  private Ascii() {}

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  static boolean isLetter(char c) {
    char lower = (char) (c | 0x20);
    return lower >= 'a' && lower <= 'z';
  }

  static boolean isAlnum(char c) {
    return isDigit(c) || isLetter(c);
  }

  static boolean isHex(char c) {
    char lower = (char) (c | 0x20);
    return isDigit(c) || (lower >= 'a' && lower <= 'f');
  }

  /** Whether {@code s} has an ASCII digit at index {@code i} (false when out of range). */
  static boolean isDigitAt(CharSequence s, int i) {
    return i >= 0 && i < s.length() && isDigit(s.charAt(i));
  }

  /** Whether {@code s} has an ASCII letter or digit at {@code i} (false when out of range). */
  static boolean isAlnumAt(CharSequence s, int i) {
    return i >= 0 && i < s.length() && isAlnum(s.charAt(i));
  }

  /** Whether {@code s} has the character {@code c} at index {@code i} (false when out of range). */
  static boolean isCharAt(CharSequence s, int i, char c) {
    return i >= 0 && i < s.length() && s.charAt(i) == c;
  }

  /** The end of the run of ASCII digits starting at {@code i} ({@code i} itself if none). */
  /** Tests one maximal run of ASCII digits, {@code [start, end)}. */
  @FunctionalInterface
  interface DigitRunTest {
    boolean test(CharSequence s, int start, int end);
  }

  /**
   * Whether {@code test} passes for some maximal run of ASCII digits in {@code s}, visiting the
   * runs left to right and stopping at the first that passes.
   */
  static boolean anyDigitRun(CharSequence s, DigitRunTest test) {
    int n = s.length();
    int i = 0;
    while (i < n) {
      if (!isDigit(s.charAt(i))) {
        i++;
        continue;
      }
      int end = digitRunEnd(s, i);
      if (test.test(s, i, end)) {
        return true;
      }
      i = end;
    }
    return false;
  }

  static int digitRunEnd(CharSequence s, int i) {
    int n = s.length();
    while (i < n && isDigit(s.charAt(i))) {
      i++;
    }
    return i;
  }

  /** The start of the run of ASCII digits ending just before {@code end}. */
  static int digitRunStart(CharSequence s, int end) {
    while (end > 0 && isDigit(s.charAt(end - 1))) {
      end--;
    }
    return end;
  }

  /** The decimal value of the ASCII digits {@code s[start, end)}; the caller checked them. */
  static int toInt(CharSequence s, int start, int end) {
    int value = 0;
    for (int i = start; i < end; i++) {
      value = value * 10 + (s.charAt(i) - '0');
    }
    return value;
  }
}
