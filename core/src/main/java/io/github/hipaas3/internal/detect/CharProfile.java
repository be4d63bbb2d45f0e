package io.github.hipaas3.internal.detect;

/**
 * What one cheap pass over a value found: digit counts, the longest digit run and the presence of
 * the few characters the built-in detectors need. Each built-in detector first checks its
 * {@link Prefilter} against it, so most values are cleared without running any scanner. Holds
 * counts only, never characters of the value.
 */
public final class CharProfile {
  private static final int DIGIT = 1;
  private static final int LETTER = 2;
  private static final int UPPER = 4;
  private static final int SPECIAL = 8;
  /** Character classes of ASCII characters; everything else is class 0. */
  private static final byte[] CLASSES = new byte[128];

  static {
    for (char c = '0'; c <= '9'; c++) {
      CLASSES[c] = DIGIT;
    }
    for (char c = 'a'; c <= 'z'; c++) {
      CLASSES[c] = LETTER;
      CLASSES[c - 'a' + 'A'] = LETTER | UPPER;
    }
    CLASSES['w'] |= SPECIAL;
    CLASSES['W'] |= SPECIAL;
    CLASSES['.'] = SPECIAL;
    CLASSES[':'] = SPECIAL;
    CLASSES['@'] = SPECIAL;
  }

  final int digits;
  final int maxDigitRun;
  final int letters;
  final int uppers;
  final int ats;
  final int colons;
  final int dots;
  /** Whether {@code "://"} or {@code "www."} (any case) occurs. */
  final boolean urlMarker;
  /** Whether every character is ASCII, so the value is already in {@link DetectorText} form. */
  private final boolean ascii;

  private CharProfile(int digits, int maxDigitRun, int letters, int uppers, int ats, int colons,
      int dots, boolean urlMarker, boolean ascii) {
    this.digits = digits;
    this.maxDigitRun = maxDigitRun;
    this.letters = letters;
    this.uppers = uppers;
    this.ats = ats;
    this.colons = colons;
    this.dots = dots;
    this.urlMarker = urlMarker;
    this.ascii = ascii;
  }

  /**
   * Profiles a value in one pass.
   *
   * @param value the value; not kept
   * @return its profile
   */
  public static CharProfile of(CharSequence value) {
    int n = value.length();
    int digits = 0;
    int run = 0;
    int maxRun = 0;
    int letters = 0;
    int uppers = 0;
    int ats = 0;
    int colons = 0;
    int dots = 0;
    boolean urlMarker = false;
    boolean ascii = true;
    for (int i = 0; i < n; i++) {
      char c = value.charAt(i);
      int cls;
      if (c < 128) {
        cls = CLASSES[c];
      } else {
        cls = 0;
        ascii = false; // no extra work for ASCII characters
      }
      int digit = cls & DIGIT;
      digits += digit;
      letters += (cls >> 1) & 1;
      uppers += (cls >> 2) & 1;
      run = digit == 0 ? 0 : run + 1;
      maxRun = Math.max(maxRun, run);
      if ((cls & SPECIAL) != 0) {
        if (c == '.') {
          dots++;
        } else if (c == '@') {
          ats++;
        } else {
          colons += c == ':' ? 1 : 0;
          urlMarker |= urlMarkerAt(value, i, c);
        }
      }
    }
    return new CharProfile(digits, maxRun, letters, uppers, ats, colons, dots, urlMarker, ascii);
  }

  /**
   * Whether {@code "://"} starts at the colon {@code c} at {@code i}, or {@code "www."} (any
   * case) at the {@code w} {@code c}. Kept out of {@link #of} so that {@code of} stays small
   * enough for the JIT to inline it into screening (HotSpot's default limit for a hot method is
   * 325 bytes of bytecode); inlined, its profile need not be allocated.
   */
  private static boolean urlMarkerAt(CharSequence value, int i, char c) {
    int n = value.length();
    if (c == ':') {
      return i + 2 < n && value.charAt(i + 1) == '/' && value.charAt(i + 2) == '/';
    }
    return i + 3 < n && (value.charAt(i + 1) | 0x20) == 'w'
        && (value.charAt(i + 2) | 0x20) == 'w' && value.charAt(i + 3) == '.';
  }

  /**
   * Whether every character of the value is ASCII. Such a value is already in
   * {@link DetectorText#normalize normalized} form; any other value is normalized and profiled
   * again before a detector sees it.
   *
   * @return whether the value is plain ASCII
   */
  public boolean ascii() {
    return ascii;
  }

  /**
   * Whether no built-in detector can flag the value: it has no digit, no {@code '@'}, fewer than
   * two colons and no {@code "://"} or {@code "www."}. Every built-in {@link Prefilter} requires
   * one of these, so screening skips the built-ins for such values (most business words).
   *
   * @return whether the value is inert for all built-in detectors
   */
  public boolean inert() {
    return digits == 0 && ats == 0 && colons < 2 && !urlMarker;
  }

  /**
   * Counts only, for debugging; nothing of the value.
   *
   * @return a summary of the counts
   */
  @Override
  public String toString() {
    return "CharProfile{digits=" + digits + ", maxDigitRun=" + maxDigitRun + ", letters="
        + letters + ", uppers=" + uppers + ", ats=" + ats + ", colons=" + colons + ", dots="
        + dots + ", urlMarker=" + urlMarker + ", ascii=" + ascii + "}";
  }
}
