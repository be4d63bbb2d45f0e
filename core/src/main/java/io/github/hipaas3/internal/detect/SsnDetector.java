package io.github.hipaas3.internal.detect;

/**
 * US Social Security numbers: 3-2-4 digits separated consistently by one of {@code '-'},
 * {@code ' '}, {@code '.'} and {@code '_'}, or not at all, not adjacent to a digit. Area 000, 666
 * and 900-999, group 00 and serial 0000 are never issued and are not flagged. (Dashes, spaces
 * and digits of other scripts reach the scanner as ASCII; see {@link DetectorText}.)
 */
final class SsnDetector extends BuiltInDetector {

  SsnDetector() {
    super("US_SSN", Prefilter.ANY.digits(9).digitRun(4));
  }

  @Override
  public boolean scan(CharSequence value) {
    return Ascii.anyDigitRun(value, SsnDetector::isSsnAt);
  }

  /** An SSN whose first digit run (nine digits, or the three-digit area) is {@code [i, end)}. */
  private static boolean isSsnAt(CharSequence value, int i, int end) {
    if (end - i == 9) {
      return isValid(value, i, i + 3, i + 3, i + 5, i + 5, i + 9);
    }
    if (end - i != 3 || end >= value.length()) {
      return false;
    }
    char separator = value.charAt(end);
    if (!isSeparator(separator)) {
      return false;
    }
    int groupEnd = Ascii.digitRunEnd(value, end + 1);
    if (groupEnd - end - 1 != 2 || !Ascii.isCharAt(value, groupEnd, separator)) {
      return false;
    }
    int serialEnd = Ascii.digitRunEnd(value, groupEnd + 1);
    return serialEnd - groupEnd - 1 == 4
        && isValid(value, i, end, end + 1, groupEnd, groupEnd + 1, serialEnd);
  }

  private static boolean isSeparator(char c) {
    return c == '-' || c == ' ' || c == '.' || c == '_';
  }

  private static boolean isValid(CharSequence s, int areaStart, int areaEnd, int groupStart,
      int groupEnd, int serialStart, int serialEnd) {
    int area = Ascii.toInt(s, areaStart, areaEnd);
    return area != 0 && area != 666 && area < 900
        && Ascii.toInt(s, groupStart, groupEnd) != 0
        && Ascii.toInt(s, serialStart, serialEnd) != 0;
  }
}
