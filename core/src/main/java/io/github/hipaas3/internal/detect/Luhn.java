package io.github.hipaas3.internal.detect;

/** The Luhn (mod 10) check used by payment card numbers and, with a prefix, by NPIs. */
final class Luhn {
  private Luhn() {}

  /** Whether {@code digits[0, count)} (values 0-9, check digit last) pass the Luhn check. */
  static boolean isValid(int[] digits, int count) {
    int sum = 0;
    boolean twice = false;
    for (int i = count - 1; i >= 0; i--) {
      int d = digits[i];
      if (twice) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      twice = !twice;
    }
    return sum % 10 == 0;
  }
}
