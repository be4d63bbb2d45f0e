package io.github.hipaas3.testing.gen;

import java.util.Random;

/**
 * Strings of a character set and a length range. The default set is every Unicode code point
 * (well-formed: supplementary ones as surrogate pairs, never a lone surrogate), half of the
 * characters drawn from printable ASCII so that structure appears; lengths 0 to 255 characters.
 */
public final class StringGen implements Gen<String> {
  private final String chars;
  private final int min;
  private final int max;

  StringGen(String chars, int min, int max) {
    this.chars = chars;
    this.min = min;
    this.max = max;
  }

  /**
   * Digits only.
   *
   * @return the generator
   */
  public StringGen numeric() {
    return new StringGen("0123456789", min, max);
  }

  /**
   * Printable and control ASCII (code points 0 to 127).
   *
   * @return the generator
   */
  public StringGen ascii() {
    StringBuilder all = new StringBuilder(128);
    for (char c = 0; c < 128; c++) {
      all.append(c);
    }
    return new StringGen(all.toString(), min, max);
  }

  /**
   * Characters from this set only.
   *
   * @param set the characters
   * @return the generator
   */
  public StringGen withChars(String set) {
    return new StringGen(set, min, max);
  }

  /**
   * Exactly this length.
   *
   * @param length the length
   * @return the generator
   */
  public StringGen ofLength(int length) {
    return new StringGen(chars, length, length);
  }

  /**
   * At least this length.
   *
   * @param length the minimum
   * @return the generator
   */
  public StringGen ofMinLength(int length) {
    return new StringGen(chars, length, Math.max(length, max));
  }

  /**
   * At most this length.
   *
   * @param length the maximum
   * @return the generator
   */
  public StringGen ofMaxLength(int length) {
    return new StringGen(chars, Math.min(min, length), length);
  }

  @Override
  public String next(Random random) {
    int n = min + random.nextInt(max - min + 1);
    StringBuilder out = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      if (chars != null) {
        out.append(chars.charAt(random.nextInt(chars.length())));
      } else if (random.nextBoolean()) {
        out.append((char) (' ' + random.nextInt(95)));
      } else if (random.nextInt(16) == 0) {
        out.appendCodePoint(Character.MIN_SUPPLEMENTARY_CODE_POINT
            + random.nextInt(Character.MAX_CODE_POINT - Character.MIN_SUPPLEMENTARY_CODE_POINT));
      } else {
        char c;
        do {
          c = (char) random.nextInt(Character.MAX_VALUE + 1);
        } while (Character.isSurrogate(c));
        out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * Whether a string has a UTF-16 surrogate without its pair (no UTF-8 form; hipaa-s3 refuses
   * such keys), so properties over any string can leave those to the tests of the refusal.
   *
   * @param s a string
   * @return whether it has an unpaired surrogate
   */
  public static boolean hasUnpairedSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return true;
      }
    }
    return false;
  }
}
