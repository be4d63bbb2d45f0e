package io.github.hipaas3.internal.detect;

/**
 * US Social Security numbers: 3-2-4 digits separated consistently by {@code '-'}, by {@code ' '}
 * or not at all, not adjacent to a digit. Area 000, 666 and 900-999, group 00 and serial 0000 are
 * never issued and are not flagged.
 */
final class SsnDetector extends BuiltInDetector {

  SsnDetector() {
    super("US_SSN", Prefilter.ANY.digits(9).digitRun(4));
  }

  @Override
  public boolean scan(CharSequence value) {
    int n = value.length();
    int i = 0;
    while (i < n) {
      if (!Ascii.isDigit(value.charAt(i))) {
        i++;
        continue;
      }
      int end = Ascii.digitRunEnd(value, i);
      if (end - i == 9 && isValid(value, i, i + 3, i + 3, i + 5, i + 5, i + 9)) {
        return true;
      }
      if (end - i == 3 && end < n && (value.charAt(end) == '-' || value.charAt(end) == ' ')) {
        char separator = value.charAt(end);
        int groupEnd = Ascii.digitRunEnd(value, end + 1);
        if (groupEnd - end - 1 == 2 && Ascii.isCharAt(value, groupEnd, separator)) {
          int serialEnd = Ascii.digitRunEnd(value, groupEnd + 1);
          if (serialEnd - groupEnd - 1 == 4
              && isValid(value, i, end, end + 1, groupEnd, groupEnd + 1, serialEnd)) {
            return true;
          }
        }
      }
      i = end;
    }
    return false;
  }

  private static boolean isValid(CharSequence s, int areaStart, int areaEnd, int groupStart,
      int groupEnd, int serialStart, int serialEnd) {
    int area = Ascii.toInt(s, areaStart, areaEnd);
    return area != 0 && area != 666 && area < 900
        && Ascii.toInt(s, groupStart, groupEnd) != 0
        && Ascii.toInt(s, serialStart, serialEnd) != 0;
  }
}
