package io.github.hipaas3.internal.detect;

import java.time.YearMonth;

/**
 * Full dates: day, month and year, a real calendar date with a four-digit year 1900-2099, none of
 * the numbers adjacent to another digit.
 *
 * <ul>
 *   <li>Year first: {@code 2020-01-05}, {@code 2020/1/5}, {@code 2020.01.05} (one separator
 *       kind), and {@code 20200105} (exactly eight digits).
 *   <li>Year last: {@code 01/05/2020}, {@code 1/5/2020}, {@code 01-05-2020}, {@code 05.01.2020}:
 *       flagged if either the month-first or the day-first reading is a real date.
 *   <li>English month names, full or three-letter ({@code Sept} too), any case, as a whole word
 *       optionally followed by a dot: month first ({@code January 5, 2020}, {@code Jan 5 2020},
 *       {@code Jan. 5th, 2020}, {@code Jan-05-2020}), day first ({@code 5 Jan 2020},
 *       {@code 05-Jan-2020}, {@code 05JAN2020}, {@code 5th Jan, 2020}) or year first
 *       ({@code 2020-Jan-05}, {@code 2020 Jan 5}).
 * </ul>
 *
 * <p>A year alone, a month and a year ({@code Jan 2020}, {@code 10/2024}) and two-digit years
 * ({@code 10/12/24}) are not flagged.
 */
final class FullDateDetector extends BuiltInDetector {
  private static final String[] MONTHS = {"january", "february", "march", "april", "may", "june",
      "july", "august", "september", "october", "november", "december"};

  FullDateDetector() {
    super("FULL_DATE", Prefilter.ANY.digits(5).digitRun(4));
  }

  @Override
  public boolean scan(CharSequence value) {
    return hasNumericDate(value) || hasNamedDate(value);
  }

  // ---- numeric ------------------------------------------------------------------------------

  private static boolean hasNumericDate(CharSequence s) {
    return Ascii.anyDigitRun(s, FullDateDetector::isNumericDateAt);
  }

  /** A numeric date whose first digit run is {@code [i, end)}. */
  private static boolean isNumericDateAt(CharSequence s, int i, int end) {
    int n = s.length();
    int length = end - i;
    if (length == 8) {
      return isDate(number(s, i, i + 4), number(s, i + 4, i + 6), number(s, i + 6, end));
    }
    if ((length != 4 && length > 2) || end + 1 >= n || !isNumericSeparator(s.charAt(end))) {
      return false;
    }
    char separator = s.charAt(end);
    int secondEnd = Ascii.digitRunEnd(s, end + 1);
    int secondLength = secondEnd - end - 1;
    if (secondLength < 1 || secondLength > 2 || !Ascii.isCharAt(s, secondEnd, separator)) {
      return false;
    }
    int thirdEnd = Ascii.digitRunEnd(s, secondEnd + 1);
    int thirdLength = thirdEnd - secondEnd - 1;
    int first = number(s, i, end);
    int second = number(s, end + 1, secondEnd);
    if (length == 4 && thirdLength >= 1 && thirdLength <= 2
        && isDate(first, second, number(s, secondEnd + 1, thirdEnd))) {
      return true;
    }
    if (length <= 2 && thirdLength == 4) {
      int year = number(s, secondEnd + 1, thirdEnd);
      return isDate(year, first, second) || isDate(year, second, first);
    }
    return false;
  }

  private static boolean isNumericSeparator(char c) {
    return c == '-' || c == '/' || c == '.';
  }

  // ---- month names --------------------------------------------------------------------------

  private static boolean hasNamedDate(CharSequence s) {
    int n = s.length();
    int i = 0;
    while (i < n) {
      if (!Ascii.isLetter(s.charAt(i))) {
        i++;
        continue;
      }
      int end = i;
      while (end < n && Ascii.isLetter(s.charAt(end))) {
        end++;
      }
      int month = monthOf(s, i, end);
      int after = Ascii.isCharAt(s, end, '.') ? end + 1 : end;
      if (month > 0) {
        if (monthFirst(s, month, after) || dayFirst(s, month, i, after)
            || yearFirst(s, month, i, after)) {
          return true;
        }
      } else if (end - i > 2 && isOrdinalSuffix(s, i) && Ascii.isDigitAt(s, i - 1)) {
        // "5thJan2020": the month word starts right after the ordinal suffix.
        month = monthOf(s, i + 2, end);
        if (month > 0 && dayFirst(s, month, i + 2, after)) {
          return true;
        }
      }
      i = end;
    }
    return false;
  }

  /** {@code Jan 5, 2020}: after the month (and its dot), a day, a separator and a year. */
  private static boolean monthFirst(CharSequence s, int month, int after) {
    int n = s.length();
    int dayStart = after < n && (s.charAt(after) == ' ' || s.charAt(after) == '-')
        ? after + 1 : after;
    int dayEnd = Ascii.digitRunEnd(s, dayStart);
    if (dayEnd - dayStart < 1 || dayEnd - dayStart > 2) {
      return false;
    }
    int j = isOrdinalSuffix(s, dayEnd) ? dayEnd + 2 : dayEnd;
    if (Ascii.isCharAt(s, j, ',')) {
      j++;
      if (Ascii.isCharAt(s, j, ' ')) {
        j++;
      }
    } else if (Ascii.isCharAt(s, j, ' ') || Ascii.isCharAt(s, j, '-')) {
      j++;
    } else {
      return false;
    }
    return isYearAt(s, j) && isDate(number(s, j, j + 4), month, number(s, dayStart, dayEnd));
  }

  /** {@code 5 Jan 2020}: a day (and ordinal) before the month, a year after it. */
  private static boolean dayFirst(CharSequence s, int month, int monthStart, int after) {
    int j = monthStart;
    if (j > 0 && isNameSeparator(s.charAt(j - 1))) {
      j--;
    }
    if (j >= 2 && isOrdinalSuffix(s, j - 2) && Ascii.isDigitAt(s, j - 3)) {
      j -= 2;
    }
    int dayStart = Ascii.digitRunStart(s, j);
    if (j - dayStart < 1 || j - dayStart > 2) {
      return false;
    }
    int k = after;
    if (Ascii.isCharAt(s, k, ',')) {
      k++;
      if (Ascii.isCharAt(s, k, ' ')) {
        k++;
      }
    } else if (k < s.length() && isNameSeparator(s.charAt(k))) {
      k++;
    }
    return isYearAt(s, k) && isDate(number(s, k, k + 4), month, number(s, dayStart, j));
  }

  /** {@code 2020-Jan-05}: a year before the month, a day after it. */
  private static boolean yearFirst(CharSequence s, int month, int monthStart, int after) {
    int j = monthStart;
    if (j > 0 && isNameSeparator(s.charAt(j - 1))) {
      j--;
    }
    int yearStart = Ascii.digitRunStart(s, j);
    if (j - yearStart != 4) {
      return false;
    }
    int k = after < s.length() && isNameSeparator(s.charAt(after)) ? after + 1 : after;
    int dayEnd = Ascii.digitRunEnd(s, k);
    return dayEnd - k >= 1 && dayEnd - k <= 2
        && isDate(number(s, yearStart, j), month, number(s, k, dayEnd));
  }

  private static boolean isNameSeparator(char c) {
    return c == ' ' || c == '-' || c == '/' || c == '.';
  }

  /** Exactly four digits at {@code i}, not followed by a digit. */
  private static boolean isYearAt(CharSequence s, int i) {
    return Ascii.digitRunEnd(s, i) - i == 4;
  }

  private static boolean isOrdinalSuffix(CharSequence s, int i) {
    if (i < 0 || i + 2 > s.length()) {
      return false;
    }
    int a = s.charAt(i) | 0x20;
    int b = s.charAt(i + 1) | 0x20;
    return (a == 's' && b == 't') || (a == 'n' && b == 'd') || (a == 'r' && b == 'd')
        || (a == 't' && b == 'h');
  }

  /**
   * The month (1-12) named by the letters {@code s[start, end)}: a full English month name, its
   * first three letters, or {@code sept}; any case. 0 if none.
   */
  static int monthOf(CharSequence s, int start, int end) {
    int length = end - start;
    if (length < 3 || length > 9) {
      return 0;
    }
    for (int m = 0; m < 12; m++) {
      String name = MONTHS[m];
      boolean fits = length == 3 || length == name.length() || (m == 8 && length == 4);
      if (fits && startsWithIgnoreCase(s, start, name, length)) {
        return m + 1;
      }
    }
    return 0;
  }

  private static boolean startsWithIgnoreCase(CharSequence s, int start, String lower, int count) {
    for (int k = 0; k < count; k++) {
      if ((s.charAt(start + k) | 0x20) != lower.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  // ---- shared -------------------------------------------------------------------------------

  private static int number(CharSequence s, int start, int end) {
    return Ascii.toInt(s, start, end);
  }

  private static boolean isDate(int year, int month, int day) {
    return year >= 1900 && year <= 2099 && month >= 1 && month <= 12 && day >= 1
        && day <= YearMonth.of(year, month).lengthOfMonth();
  }
}
