package io.github.hipaas3.internal.detect;

import java.text.Normalizer;

/**
 * The text every detector sees: a value in a canonical form, so that a value written with
 * look-alike or invisible characters is screened as the value a reader sees.
 *
 * <p>{@link #normalize(CharSequence)}, in order:
 *
 * <ol>
 *   <li>NFKC: full-width and other compatibility forms become their plain characters
 *       (full-width digits U+FF10-U+FF19 to {@code 0-9}, the full-width at sign U+FF20 to
 *       {@code @}, mathematical bold digits to {@code 0-9}, a no-break space to a space,
 *       circled digits to digits).
 *   <li>Removes format characters ({@code \p{Cf}}: zero-width space, joiners, soft hyphen,
 *       byte-order mark, bidirectional controls, tags...) and the other default-ignorable code
 *       points (variation selectors, the combining grapheme joiner, Hangul fillers...), which
 *       render as nothing.
 *   <li>Removes combining marks that follow an ASCII character, such as the enclosing keycap
 *       U+20E3 of a keycap digit; marks on other letters are kept.
 *   <li>Maps every Unicode decimal digit ({@code \p{Nd}}: Arabic-Indic, Devanagari, Bengali,
 *       Thai...) to the ASCII digit of the same value.
 *   <li>Maps separators that NFKC leaves alone to their ASCII form: every space separator
 *       ({@code \p{Zs}}) to a space; dash punctuation ({@code \p{Pd}}: hyphen, non-breaking
 *       hyphen, en and em dashes...), the minus sign U+2212 (which NFKC also yields for
 *       superscript and subscript minus), U+2043, U+02D7 and U+2796 to {@code -}; the
 *       ideographic full stop U+3002 (also from U+FF61 and U+FE12) to {@code .}; the fraction
 *       and division slashes U+2044 and U+2215 to {@code /}; the ratio sign U+2236 and the
 *       modifier letter colon U+A789 to {@code :}.
 * </ol>
 *
 * <p>An ASCII value is already in this form and is returned as it is; callers check
 * {@link #isAscii} (or {@link CharProfile#ascii()}) first, so the common case costs nothing. A
 * value that normalization would not change (most words of other languages) is returned as it
 * is too, without a copy.
 * Letters keep their case, and letters of other scripts that merely look like ASCII letters
 * (Cyrillic a U+0430, Greek capital omicron U+039F) are not mapped. The result may hold PHI: it
 * is never kept, logged or echoed.
 */
public final class DetectorText {
  /**
   * Default-ignorable code points (Unicode's {@code Default_Ignorable_Code_Point}, which
   * includes most of {@code \p{Cf}} and reserved code points of the same ranges), as inclusive
   * ranges.
   */
  private static final int[] IGNORABLE = {
      0x00AD, 0x00AD, 0x034F, 0x034F, 0x061C, 0x061C, 0x115F, 0x1160, 0x17B4, 0x17B5,
      0x180B, 0x180F, 0x200B, 0x200F, 0x202A, 0x202E, 0x2060, 0x206F, 0x3164, 0x3164,
      0xFE00, 0xFE0F, 0xFEFF, 0xFEFF, 0xFFA0, 0xFFA0, 0xFFF0, 0xFFF8, 0x1BCA0, 0x1BCA3,
      0x1D173, 0x1D17A, 0xE0000, 0xE0FFF};

  private DetectorText() {}

  /**
   * Whether every character of {@code value} is ASCII, in which case {@link #normalize} would
   * return it unchanged.
   *
   * @param value the value; not kept
   * @return whether the value is plain ASCII
   */
  public static boolean isAscii(CharSequence value) {
    int n = value.length();
    for (int i = 0; i < n; i++) {
      if (value.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  /**
   * The canonical form described in the class comment.
   *
   * @param value the value; not kept
   * @return the normalized text: {@code value} itself if normalization changes nothing (always
   *     so for ASCII, and for most words of other languages), else a new string
   */
  public static CharSequence normalize(CharSequence value) {
    int first = 0;
    int length = value.length();
    while (first < length && value.charAt(first) < 0x80) {
      first++;
    }
    if (first == length) {
      return value;
    }
    String s = value.toString();
    if (Normalizer.isNormalized(s, Normalizer.Form.NFKC)) {
      if (!needsMapping(s, first)) {
        return value;
      }
    } else {
      s = Normalizer.normalize(s, Normalizer.Form.NFKC);
    }
    int n = s.length();
    StringBuilder out = new StringBuilder(n);
    boolean afterAscii = false;
    int i = 0;
    while (i < n) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (cp < 0x80) {
        out.append((char) cp);
        afterAscii = true;
        continue;
      }
      int type = Character.getType(cp);
      if (type == Character.FORMAT || isIgnorable(cp)
          || (afterAscii && isMark(type))) {
        continue;
      }
      char ascii = asciiFor(cp, type);
      if (ascii != 0) {
        out.append(ascii);
        afterAscii = true;
      } else {
        out.appendCodePoint(cp);
        afterAscii = false;
      }
    }
    return out.toString();
  }

  /**
   * Whether any code point of the NFKC-normalized {@code s}, from index {@code from} (a
   * non-ASCII character after ASCII ones), would be removed or mapped.
   */
  private static boolean needsMapping(String s, int from) {
    int n = s.length();
    boolean afterAscii = from > 0;
    int i = from;
    while (i < n) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (cp < 0x80) {
        afterAscii = true;
        continue;
      }
      int type = Character.getType(cp);
      if (type == Character.FORMAT || isIgnorable(cp) || (afterAscii && isMark(type))
          || asciiFor(cp, type) != 0) {
        return true;
      }
      afterAscii = false;
    }
    return false;
  }

  private static boolean isIgnorable(int cp) {
    if (cp < IGNORABLE[0]) {
      return false;
    }
    for (int k = 0; k < IGNORABLE.length; k += 2) {
      if (cp < IGNORABLE[k]) {
        return false;
      }
      if (cp <= IGNORABLE[k + 1]) {
        return true;
      }
    }
    return false;
  }

  private static boolean isMark(int type) {
    return type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
        || type == Character.COMBINING_SPACING_MARK;
  }

  /** The ASCII character a non-ASCII code point (after NFKC) stands for, or 0 if none. */
  private static char asciiFor(int cp, int type) {
    if (type == Character.DECIMAL_DIGIT_NUMBER) {
      int digit = Character.digit(cp, 10);
      return digit < 0 ? 0 : (char) ('0' + digit);
    }
    if (type == Character.SPACE_SEPARATOR) {
      return ' ';
    }
    if (type == Character.DASH_PUNCTUATION) {
      return '-';
    }
    switch (cp) {
      case 0x2212: // minus sign
      case 0x2043: // hyphen bullet
      case 0x02D7: // modifier letter minus sign
      case 0x2796: // heavy minus sign
        return '-';
      case 0x3002: // ideographic full stop, a label separator in internationalized domains
        return '.';
      case 0x2044: // fraction slash
      case 0x2215: // division slash
        return '/';
      case 0x2236: // ratio
      case 0xA789: // modifier letter colon
        return ':';
      default:
        return 0;
    }
  }
}
