package io.github.hipaas3.internal.detect;

/**
 * Medicare Beneficiary Identifiers: 11 characters, plain or as 4-3-4 with dashes. Position 1 is a
 * digit 1-9; 2, 5, 8 and 9 are letters other than S, L, O, I, B and Z; 3 and 6 are such a letter
 * or a digit; 4, 7, 10 and 11 are digits. Case-insensitive; not adjacent to a letter or digit.
 */
final class MedicareMbiDetector extends BuiltInDetector {
  private static final int LETTERS = DeaNumberDetector.letterMask("ACDEFGHJKMNPQRTUVWXY");
  /** Per position: N = digit 1-9, L = allowed letter, M = allowed letter or digit, D = digit. */
  private static final String LAYOUT = "NLMDLMDLLDD";

  MedicareMbiDetector() {
    super("MEDICARE_MBI", Prefilter.ANY.digits(5).letters(4));
  }

  @Override
  public boolean scan(CharSequence value) {
    int n = value.length();
    for (int i = 0; i + 11 <= n; i++) {
      char c = value.charAt(i);
      if (c >= '1' && c <= '9' && !Ascii.isAlnumAt(value, i - 1)
          && (matchesAt(value, i, false) || matchesAt(value, i, true))) {
        return true;
      }
    }
    return false;
  }

  private static boolean matchesAt(CharSequence s, int start, boolean dashed) {
    int n = s.length();
    int j = start;
    for (int k = 0; k < 11; k++) {
      if (dashed && (k == 4 || k == 7)) {
        if (j >= n || s.charAt(j) != '-') {
          return false;
        }
        j++;
      }
      if (j >= n || !fits(LAYOUT.charAt(k), s.charAt(j))) {
        return false;
      }
      j++;
    }
    return !Ascii.isAlnumAt(s, j);
  }

  private static boolean fits(char kind, char c) {
    boolean letter = Ascii.isLetter(c) && (LETTERS >> ((c | 0x20) - 'a') & 1) == 1;
    switch (kind) {
      case 'N':
        return c >= '1' && c <= '9';
      case 'L':
        return letter;
      case 'M':
        return letter || Ascii.isDigit(c);
      default:
        return Ascii.isDigit(c);
    }
  }
}
