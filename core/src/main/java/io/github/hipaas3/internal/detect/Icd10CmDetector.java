package io.github.hipaas3.internal.detect;

/**
 * ICD-10-CM diagnosis codes, case-sensitive (upper case only), as a whole token (not preceded or
 * followed by a letter or digit): a letter A-T or V-Z (U is reserved), a digit, then a digit or,
 * for the categories that have one (C4A, C7A, C7B, D3A, M1A, O9A, Z3A), the letter A or B; then
 * optionally a dot and 1-4 characters of {@code [0-9A-Z]}, or 0-4 such characters undotted. So
 * {@code E11.9}, {@code S72.001A}, {@code E119} and {@code Z3A} are flagged; {@code e11.9},
 * {@code v12}, {@code U07.1} and {@code B2B} are not. (Since a category followed by a dot is
 * already a whole token, {@code E11.12345} is flagged too, for its {@code E11}.)
 */
final class Icd10CmDetector extends BuiltInDetector {
  private static final String[] LETTER_CATEGORIES =
      {"C4A", "C7A", "C7B", "D3A", "M1A", "O9A", "Z3A"};

  Icd10CmDetector() {
    super("ICD10_CM", Prefilter.ANY.uppers(1).digits(1));
  }

  @Override
  public boolean scan(CharSequence value) {
    int n = value.length();
    for (int i = 0; i + 3 <= n; i++) {
      char c = value.charAt(i);
      if (c >= 'A' && c <= 'Z' && c != 'U' && Ascii.isDigit(value.charAt(i + 1))
          && !Ascii.isAlnumAt(value, i - 1) && isCategory(value, i) && isTokenEnd(value, i + 3)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isCategory(CharSequence s, int i) {
    char third = s.charAt(i + 2);
    if (Ascii.isDigit(third)) {
      return true;
    }
    if (third != 'A' && third != 'B') {
      return false;
    }
    for (String category : LETTER_CATEGORIES) {
      if (category.charAt(0) == s.charAt(i) && category.charAt(1) == s.charAt(i + 1)
          && category.charAt(2) == third) {
        return true;
      }
    }
    return false;
  }

  /**
   * After the category at {@code i}: 0-4 undotted characters of {@code [0-9A-Z]}, or a dot and
   * 1-4 of them, then no letter or digit.
   */
  private static boolean isTokenEnd(CharSequence s, int i) {
    int j = i;
    if (Ascii.isCharAt(s, j, '.')) {
      return true; // the category is a whole token, whatever follows the dot
    }
    while (j < s.length() && j - i <= 4 && isCodeChar(s.charAt(j))) {
      j++;
    }
    return j - i <= 4 && !Ascii.isAlnumAt(s, j);
  }

  private static boolean isCodeChar(char c) {
    return Ascii.isDigit(c) || (c >= 'A' && c <= 'Z');
  }
}
