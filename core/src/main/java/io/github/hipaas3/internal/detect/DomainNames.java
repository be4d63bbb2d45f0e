package io.github.hipaas3.internal.detect;

/** Shared by EMAIL and URL: whether a domain name with a top-level domain starts at an index. */
final class DomainNames {
  private DomainNames() {}

  /**
   * Whether {@code s} has, from {@code start}, one or more labels of {@code [A-Za-z0-9-]} (the
   * first starting with a letter or digit) separated by single dots, then a dot and at least two
   * ASCII letters, as in {@code example.com} or {@code mail.example.co.uk}.
   */
  static boolean domainAt(CharSequence s, int start) {
    int n = s.length();
    int k = start;
    if (k >= n || !Ascii.isAlnum(s.charAt(k))) {
      return false;
    }
    while (true) {
      while (k < n && (Ascii.isAlnum(s.charAt(k)) || s.charAt(k) == '-')) {
        k++;
      }
      if (k >= n || s.charAt(k) != '.') {
        return false;
      }
      k++;
      if (k + 1 < n && Ascii.isLetter(s.charAt(k)) && Ascii.isLetter(s.charAt(k + 1))) {
        return true;
      }
      if (k >= n || !Ascii.isAlnum(s.charAt(k))) {
        return false;
      }
    }
  }
}
