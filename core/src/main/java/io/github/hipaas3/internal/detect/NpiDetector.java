package io.github.hipaas3.internal.detect;

/**
 * US National Provider Identifiers: exactly 10 digits (not adjacent to a digit) starting with 1
 * or 2 whose last digit is the Luhn check digit of {@code "80840"} followed by the first nine.
 */
final class NpiDetector extends BuiltInDetector {
  private static final int[] PREFIX = {8, 0, 8, 4, 0};

  NpiDetector() {
    super("US_NPI", Prefilter.ANY.digitRun(10));
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
      int start = i;
      while (i < n && Ascii.isDigit(value.charAt(i))) {
        i++;
      }
      char first = value.charAt(start);
      if (i - start == 10 && (first == '1' || first == '2') && isValid(value, start)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isValid(CharSequence s, int start) {
    int[] digits = new int[15];
    System.arraycopy(PREFIX, 0, digits, 0, 5);
    for (int k = 0; k < 10; k++) {
      digits[5 + k] = s.charAt(start + k) - '0';
    }
    return Luhn.isValid(digits, 15);
  }
}
