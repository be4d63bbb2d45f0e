package io.github.hipaas3.internal.detect;

/**
 * E-mail addresses: a local part of {@code [A-Za-z0-9._%+-]} or letters and digits of any
 * script, {@code '@'}, then a domain with a top-level domain of at least two letters
 * ({@code a@b.co}; internationalized addresses too), anywhere in the value. (Full-width and other
 * compatibility forms of {@code '@'} and {@code '.'} reach the scanner as ASCII; see
 * {@link DetectorText}.)
 */
final class EmailDetector extends BuiltInDetector {

  EmailDetector() {
    super("EMAIL", Prefilter.ANY.ats(1).dots(1));
  }

  @Override
  public boolean scan(CharSequence value) {
    int n = value.length();
    for (int i = 1; i < n; i++) {
      if (value.charAt(i) == '@' && isLocal(Character.codePointBefore(value, i))
          && DomainNames.domainAt(value, i + 1)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isLocal(int c) {
    return DomainNames.isAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
  }
}
