package io.github.hipaas3.internal.detect;

/**
 * ICD-10-CM diagnosis codes as a whole token (not preceded or followed by a letter or digit): a
 * letter A-T or V-Z (U is reserved), a digit, then a digit or, for the categories that have one
 * (C4A, C7A, C7B, D3A, M1A, O9A, Z3A), the letter A or B; then optionally a dot and 1-4
 * characters of {@code [0-9A-Z]}, or 0-4 such characters undotted.
 *
 * <ul>
 *   <li>Upper case, dotted or not: {@code E11.9}, {@code S72.001A}, {@code E119} and
 *       {@code Z3A} are flagged. (Since a category followed by a dot is already a whole token,
 *       {@code E11.12345} is flagged too, for its {@code E11}.)
 *   <li>Lower or mixed case, written with the dot: the category, a dot and 1-4 letters or
 *       digits that hold a digit ({@code e11.9}, {@code s72.001a}, {@code t36.0x1a}), are a
 *       single letter ({@code f32.a}) or are {@code x} placeholders and a letter
 *       ({@code x58.xxxa}); then neither a letter or digit nor a dot and a digit. So the
 *       versions {@code v18.17.0} and file names {@code linux-x64.tar.gz}, {@code b12.txt} are
 *       not flagged. A lower-case {@code v} code also needs a letter after the dot
 *       ({@code v43.52xa}), since {@code v12.3} is almost always a version.
 *   <li>Lower- or mixed-case codes without the dot ({@code e119}, {@code v12}, {@code x86},
 *       {@code h264}) are not flagged: in lower case that shape is mostly hexadecimal (a group
 *       of a UUID such as {@code e123}), a version, a codec or an architecture.
 * </ul>
 *
 * <p>{@code U07.1}, {@code u07.1} and {@code B2B} are never flagged.
 */
final class Icd10CmDetector extends BuiltInDetector {
  private static final String[] LETTER_CATEGORIES =
      {"C4A", "C7A", "C7B", "D3A", "M1A", "O9A", "Z3A"};

  Icd10CmDetector() {
    super("ICD10_CM", Prefilter.ANY.uppers(1).digits(1)
        .or(Prefilter.ANY.letters(1).digits(1).dots(1)));
  }

  @Override
  public boolean scan(CharSequence value) {
    return scan(CharProfile.of(value), value);
  }

  /**
   * The upper-case rule runs only if the value has an upper-case letter, and the any-case rule
   * looks only at the three characters before each dot, so an all-lower-case key with digits
   * and a dot costs a search for dots rather than a walk over every letter.
   */
  @Override
  boolean scan(CharProfile profile, CharSequence value) {
    return (profile.uppers > 0 && hasUpperCaseCode(value)) || hasDottedCode(value);
  }

  private static boolean hasUpperCaseCode(CharSequence value) {
    int n = value.length();
    for (int i = 0; i + 3 <= n; i++) {
      char c = value.charAt(i);
      if (c >= 'A' && c <= 'Z' && c != 'U' && Ascii.isDigit(value.charAt(i + 1))
          && !Ascii.isAlnumAt(value, i - 1) && isCategory(value, i, false)
          && isTokenEnd(value, i + 3)) {
        return true;
      }
    }
    return false;
  }

  /** A category of any case right before a dot, followed by a subcode (see the class comment). */
  private static boolean hasDottedCode(CharSequence value) {
    for (int dot = indexOfDot(value, 3); dot >= 0; dot = indexOfDot(value, dot + 1)) {
      int i = dot - 3;
      char c = value.charAt(i);
      if (Ascii.isLetter(c) && upper(c) != 'U' && Ascii.isDigit(value.charAt(i + 1))
          && !Ascii.isAlnumAt(value, i - 1) && isCategory(value, i, true)
          && isDottedCodeEnd(value, dot, c == 'v')) {
        return true;
      }
    }
    return false;
  }

  /** The index of the first {@code '.'} at or after {@code from}, or -1. */
  private static int indexOfDot(CharSequence s, int from) {
    if (s instanceof String string) {
      return string.indexOf('.', from); // vectorized by the JIT
    }
    for (int i = from; i < s.length(); i++) {
      if (s.charAt(i) == '.') {
        return i;
      }
    }
    return -1;
  }

  /**
   * Whether the three characters at {@code i} (a letter and a digit, already checked) are a
   * category: a third digit, or one of the letter categories, in upper case unless
   * {@code ignoreCase}.
   */
  private static boolean isCategory(CharSequence s, int i, boolean ignoreCase) {
    char third = s.charAt(i + 2);
    if (Ascii.isDigit(third)) {
      return true;
    }
    char first = s.charAt(i);
    if (ignoreCase && Ascii.isLetter(third)) {
      third = upper(third);
      first = upper(first);
    }
    if (third != 'A' && third != 'B') {
      return false;
    }
    for (String category : LETTER_CATEGORIES) {
      if (category.charAt(0) == first && category.charAt(1) == s.charAt(i + 1)
          && category.charAt(2) == third) {
        return true;
      }
    }
    return false;
  }

  /**
   * After an upper-case category at {@code i}: 0-4 undotted characters of {@code [0-9A-Z]}, or
   * a dot and 1-4 of them, then no letter or digit.
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

  /**
   * After a category of any case at {@code i}: a dot and 1-4 ASCII letters or digits that hold a
   * digit, are one letter, or are {@code x} placeholders and a letter (with a lower-case
   * {@code v} category, they must also hold a letter); then neither a letter or digit nor a dot
   * followed by a digit.
   */
  private static boolean isDottedCodeEnd(CharSequence s, int i, boolean lowerV) {
    if (!Ascii.isCharAt(s, i, '.')) {
      return false;
    }
    int start = i + 1;
    int j = start;
    boolean digit = false;
    boolean letter = false;
    boolean placeholders = true; // every character but the last is an x
    while (j < s.length() && j - start < 5 && Ascii.isAlnum(s.charAt(j))) {
      char c = s.charAt(j);
      digit |= Ascii.isDigit(c);
      letter |= Ascii.isLetter(c);
      if (j > start && (s.charAt(j - 1) | 0x20) != 'x') {
        placeholders = false;
      }
      j++;
    }
    int length = j - start;
    if (length < 1 || length > 4 || Ascii.isAlnumAt(s, j)
        || (Ascii.isCharAt(s, j, '.') && Ascii.isDigitAt(s, j + 1))) {
      return false;
    }
    if (lowerV && !letter) {
      return false;
    }
    return digit || length == 1 || (placeholders && Ascii.isLetter(s.charAt(j - 1)));
  }

  private static boolean isCodeChar(char c) {
    return Ascii.isDigit(c) || (c >= 'A' && c <= 'Z');
  }

  private static char upper(char asciiLetter) {
    return (char) (asciiLetter & ~0x20);
  }
}
