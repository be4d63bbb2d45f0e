package io.github.hipaas3.internal.detect;

/**
 * DEA registration numbers: a registrant-type letter (A B C D E F G H J K L M P R S T U X), a
 * letter or the digit 9, then seven digits whose last is the check digit: the last digit of
 * {@code (d1 + d3 + d5) + 2 * (d2 + d4 + d6)}. Letters are case-insensitive. Not preceded by a
 * letter or digit, not followed by a digit.
 */
final class DeaNumberDetector extends BuiltInDetector {
  /** Bit {@code c - 'A'} is set for each registrant-type letter. */
  private static final int REGISTRANT_TYPES = letterMask("ABCDEFGHJKLMPRSTUX");

  DeaNumberDetector() {
    super("DEA_NUMBER", Prefilter.ANY.digitRun(7).letters(1));
  }

  @Override
  public boolean scan(CharSequence value) {
    return Ascii.anyDigitRun(value, DeaNumberDetector::isDeaAt);
  }

  /** A DEA number whose digits are the run {@code [i, end)}. */
  private static boolean isDeaAt(CharSequence value, int i, int end) {
    int length = end - i;
    // "AB" + 7 digits, or "A9" + 7 digits (a run of 8 starting with 9).
    if (length == 7 && i >= 2 && Ascii.isLetter(value.charAt(i - 1))
        && isPrefixStart(value, i - 2) && isValid(value, i)) {
      return true;
    }
    return length == 8 && value.charAt(i) == '9' && i >= 1 && isPrefixStart(value, i - 1)
        && isValid(value, i + 1);
  }

  /** A registrant-type letter at {@code i}, not preceded by a letter or digit. */
  private static boolean isPrefixStart(CharSequence s, int i) {
    char c = s.charAt(i);
    return Ascii.isLetter(c) && (REGISTRANT_TYPES >> ((c | 0x20) - 'a') & 1) == 1
        && !Ascii.isAlnumAt(s, i - 1);
  }

  private static boolean isValid(CharSequence s, int p) {
    int odd = digit(s, p) + digit(s, p + 2) + digit(s, p + 4);
    int even = digit(s, p + 1) + digit(s, p + 3) + digit(s, p + 5);
    return (odd + 2 * even) % 10 == digit(s, p + 6);
  }

  private static int digit(CharSequence s, int i) {
    return s.charAt(i) - '0';
  }

  static int letterMask(String upperCaseLetters) {
    int mask = 0;
    for (int i = 0; i < upperCaseLetters.length(); i++) {
      mask |= 1 << (upperCaseLetters.charAt(i) - 'A');
    }
    return mask;
  }
}
