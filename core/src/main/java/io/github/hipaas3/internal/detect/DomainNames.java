package io.github.hipaas3.internal.detect;

/** Shared by EMAIL and URL: whether a domain name with a top-level domain starts at an index. */
final class DomainNames {
  private DomainNames() {}

  /**
   * Whether {@code s} has, from {@code start}, one or more labels of letters, digits and
   * {@code '-'} (the first starting with a letter or digit) separated by single dots, then a dot
   * and at least two letters, as in {@code example.com} or {@code mail.example.co.uk}. Letters
   * and digits are ASCII or, as internationalized domain names allow, of any script (with their
   * combining marks).
   */
  static boolean domainAt(CharSequence s, int start) {
    int n = s.length();
    int k = start;
    if (k >= n || !isAlnum(Character.codePointAt(s, k))) {
      return false;
    }
    while (true) {
      while (k < n && isLabelChar(Character.codePointAt(s, k))) {
        k += Character.charCount(Character.codePointAt(s, k));
      }
      if (k >= n || s.charAt(k) != '.') {
        return false;
      }
      k++;
      if (k >= n) {
        return false;
      }
      int first = Character.codePointAt(s, k);
      int next = k + Character.charCount(first);
      if (isLetter(first) && next < n && isTopLevelSecond(Character.codePointAt(s, next))) {
        return true;
      }
      if (!isAlnum(first)) {
        return false;
      }
    }
  }

  /** An ASCII letter or digit, or a letter or digit of another script. */
  static boolean isAlnum(int cp) {
    return cp < 0x80 ? Ascii.isAlnum((char) cp) : Character.isLetterOrDigit(cp);
  }

  private static boolean isLetter(int cp) {
    return cp < 0x80 ? Ascii.isLetter((char) cp) : Character.isLetter(cp);
  }

  private static boolean isLabelChar(int cp) {
    return cp == '-' || isAlnum(cp) || (cp >= 0x80 && isMark(cp));
  }

  /** The second character of a top-level domain: a letter, or a mark on the first. */
  private static boolean isTopLevelSecond(int cp) {
    return isLetter(cp) || (cp >= 0x80 && isMark(cp));
  }

  private static boolean isMark(int cp) {
    int type = Character.getType(cp);
    return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
        || type == Character.ENCLOSING_MARK;
  }
}
