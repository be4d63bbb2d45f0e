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
    return Ascii.anyDigitRun(value, (s, start, end) -> end - start == 10
        && (s.charAt(start) == '1' || s.charAt(start) == '2') && isValid(s, start));
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
