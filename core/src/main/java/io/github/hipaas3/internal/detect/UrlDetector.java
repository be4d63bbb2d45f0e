package io.github.hipaas3.internal.detect;

/**
 * URLs: a scheme ({@code [A-Za-z][A-Za-z0-9+.-]*}) and {@code "://"} followed by a host character
 * (a letter or digit, {@code '['} for an IPv6 literal, or {@code '/'} as in
 * {@code file:///path}), or {@code "www."} (any case) followed by a domain with a top-level
 * domain, as in {@code www.example.org}.
 */
final class UrlDetector extends BuiltInDetector {

  UrlDetector() {
    super("URL", Prefilter.ANY.urlMarker());
  }

  @Override
  public boolean scan(CharSequence value) {
    int n = value.length();
    for (int i = 0; i < n; i++) {
      char c = value.charAt(i);
      if (c == ':' && i + 3 < n && value.charAt(i + 1) == '/' && value.charAt(i + 2) == '/'
          && hasScheme(value, i) && isHostStart(value.charAt(i + 3))) {
        return true;
      }
      if ((c | 0x20) == 'w' && i + 4 < n && (value.charAt(i + 1) | 0x20) == 'w'
          && (value.charAt(i + 2) | 0x20) == 'w' && value.charAt(i + 3) == '.'
          && DomainNames.domainAt(value, i + 4)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the scheme characters right before {@code colon} include a letter to start one. */
  private static boolean hasScheme(CharSequence s, int colon) {
    for (int k = colon - 1; k >= 0; k--) {
      char c = s.charAt(k);
      if (Ascii.isLetter(c)) {
        return true;
      }
      if (!Ascii.isDigit(c) && c != '+' && c != '.' && c != '-') {
        return false;
      }
    }
    return false;
  }

  private static boolean isHostStart(char c) {
    return Character.isLetterOrDigit(c) || c == '[' || c == '/';
  }
}
