package io.github.hipaas3.internal.detect;

/**
 * Payment card numbers: 13 to 19 digits starting with 2-6, optionally grouped with single spaces
 * or single dashes (one kind per number), Luhn-valid, not adjacent to a digit.
 */
final class PaymentCardDetector extends BuiltInDetector {
  private static final int MIN = 13;
  private static final int MAX = 19;

  PaymentCardDetector() {
    super("PAYMENT_CARD", Prefilter.ANY.digits(MIN));
  }

  @Override
  public boolean scan(CharSequence value) {
    int n = value.length();
    int[] digits = new int[MAX];
    for (int i = 0; i < n; i++) {
      char c = value.charAt(i);
      if (c >= '2' && c <= '6' && !Ascii.isDigitAt(value, i - 1)
          && candidateAt(value, i, digits)) {
        return true;
      }
    }
    return false;
  }

  /** Walks the digits from {@code start}; checks Luhn wherever 13-19 digits end a group. */
  private static boolean candidateAt(CharSequence s, int start, int[] digits) {
    int n = s.length();
    int count = 0;
    char separator = 0;
    int j = start;
    while (true) {
      digits[count++] = s.charAt(j) - '0';
      int next = j + 1;
      boolean nextIsDigit = next < n && Ascii.isDigit(s.charAt(next));
      if (!nextIsDigit && count >= MIN && Luhn.isValid(digits, count)) {
        return true;
      }
      if (count == MAX) {
        return false;
      }
      if (nextIsDigit) {
        j = next;
        continue;
      }
      if (next + 1 >= n || !Ascii.isDigit(s.charAt(next + 1))) {
        return false;
      }
      char c = s.charAt(next);
      if ((c != ' ' && c != '-') || (separator != 0 && c != separator)) {
        return false;
      }
      separator = c;
      j = next + 1;
    }
  }
}
