package io.github.hipaas3;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.hipaas3.internal.detect.BuiltInDetector;
import io.github.hipaas3.internal.detect.CharProfile;
import io.github.hipaas3.internal.detect.DetectorText;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Generated valid identifiers, embedded anywhere in surrounding text that keeps their token
 * boundaries, are always flagged; text without digits, {@code '@'} or {@code ':'} never is; each
 * built-in detector's prefilter never hides a match of its scanner; and disguising a value with
 * invisible characters, digits of other scripts or look-alike separators never changes whether
 * (or by which detector) it is flagged.
 */
class PhiDetectorsPropertyTest {
  private static final PhiDetectors DEFAULTS = PhiDetectors.defaults();
  private static final String FILLER_CHARS =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ/-_ ";
  private static final String NON_ALNUM = "/-_ ";
  private static final String MBI_LETTERS = "ACDEFGHJKMNPQRTUVWXY";
  private static final String DEA_REGISTRANTS = "ABCDEFGHJKLMPRSTUX";

  private static PhiDetector single(String name) {
    return DEFAULTS.detector(name).orElseThrow();
  }

  private static void assertFlagged(String detector, String text, boolean firstInOrder) {
    assertThat(single(detector).detect(text)).isTrue();
    Optional<String> first = DEFAULTS.firstMatch(text);
    if (firstInOrder) {
      assertThat(first).contains(detector);
    } else {
      assertThat(first).isPresent();
    }
  }

  // ---- US_SSN -------------------------------------------------------------------------------

  @Property(tries = 1000)
  void validSsnIsFlaggedAnywhere(@ForAll("ssns") String ssn, @ForAll("filler") String before,
      @ForAll("filler") String after) {
    assertFlagged(PhiDetectors.US_SSN, before + ssn + after, true);
  }

  @Provide
  Arbitrary<String> ssns() {
    Arbitrary<Integer> area =
        Arbitraries.integers().between(1, 899).filter(a -> a != 666);
    Arbitrary<Integer> group = Arbitraries.integers().between(1, 99);
    Arbitrary<Integer> serial = Arbitraries.integers().between(1, 9999);
    Arbitrary<String> separator = Arbitraries.of("-", " ", "", ".", "_");
    return Combinators.combine(area, group, serial, separator)
        .as((a, g, s, sep) -> String.format("%03d%s%02d%s%04d", a, sep, g, sep, s));
  }

  // ---- US_NPI -------------------------------------------------------------------------------

  @Property(tries = 1000)
  void validNpiIsFlaggedAnywhere(@ForAll("npis") String npi, @ForAll("filler") String before,
      @ForAll("filler") String after) {
    assertFlagged(PhiDetectors.US_NPI, before + npi + after, true);
  }

  @Property(tries = 300)
  void npiWithAnyOtherCheckDigitIsNotAnNpi(@ForAll("npis") String npi,
      @ForAll("digits") int other) {
    int check = npi.charAt(9) - '0';
    String wrong = npi.substring(0, 9) + (check + 1 + other % 9) % 10;
    assertThat(single(PhiDetectors.US_NPI).detect(wrong)).isFalse();
  }

  @Provide
  Arbitrary<Integer> digits() {
    return Arbitraries.integers().between(0, 9);
  }

  @Provide
  Arbitrary<String> npis() {
    Arbitrary<String> first = Arbitraries.of("1", "2");
    Arbitrary<String> rest = Arbitraries.strings().numeric().ofLength(8);
    return Combinators.combine(first, rest).as((f, r) -> withLuhnCheckDigit("80840", f + r));
  }

  /** {@code body} plus the digit that makes {@code prefix + body + digit} Luhn-valid. */
  static String withLuhnCheckDigit(String prefix, String body) {
    for (int c = 0; c <= 9; c++) {
      if (luhnValid(prefix + body + c)) {
        return body + c;
      }
    }
    throw new AssertionError("no Luhn check digit");
  }

  static boolean luhnValid(String digits) {
    int sum = 0;
    boolean twice = false;
    for (int i = digits.length() - 1; i >= 0; i--) {
      int d = digits.charAt(i) - '0';
      if (twice) {
        d = d * 2 > 9 ? d * 2 - 9 : d * 2;
      }
      sum += d;
      twice = !twice;
    }
    return sum % 10 == 0;
  }

  // ---- DEA_NUMBER ---------------------------------------------------------------------------

  @Property(tries = 1000)
  void validDeaNumberIsFlaggedAnywhere(@ForAll("deaNumbers") String dea,
      @ForAll("before") String before, @ForAll("after") String after) {
    assertFlagged(PhiDetectors.DEA_NUMBER, before + dea + after, true);
  }

  @Provide
  Arbitrary<String> deaNumbers() {
    Arbitrary<Character> registrant = Arbitraries.of(chars(DEA_REGISTRANTS));
    Arbitrary<Character> second =
        Arbitraries.of(chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ9"));
    Arbitrary<String> six = Arbitraries.strings().numeric().ofLength(6);
    Arbitrary<Boolean> lower = Arbitraries.of(true, false);
    return Combinators.combine(registrant, second, six, lower, lower).as((r, s, d, l1, l2) -> {
      int odd = d.charAt(0) + d.charAt(2) + d.charAt(4) - 3 * '0';
      int even = d.charAt(1) + d.charAt(3) + d.charAt(5) - 3 * '0';
      String letters = (l1 ? Character.toLowerCase(r) : r) + ""
          + (l2 ? Character.toLowerCase(s) : s);
      return letters + d + (odd + 2 * even) % 10;
    });
  }

  // ---- MEDICARE_MBI -------------------------------------------------------------------------

  @Property(tries = 1000)
  void validMbiIsFlaggedAnywhere(@ForAll("mbis") String mbi, @ForAll("before") String before,
      @ForAll("after") String after) {
    assertFlagged(PhiDetectors.MEDICARE_MBI, before + mbi + after, true);
  }

  @Provide
  Arbitrary<String> mbis() {
    Arbitrary<Character> nonZero = Arbitraries.of(chars("123456789"));
    Arbitrary<Character> digit = Arbitraries.of(chars("0123456789"));
    Arbitrary<Character> letter = Arbitraries.of(chars(MBI_LETTERS));
    Arbitrary<Character> letterOrDigit = Arbitraries.of(chars(MBI_LETTERS + "0123456789"));
    Arbitrary<String> first = Combinators.combine(nonZero, letter, letterOrDigit, digit)
        .as((a, b, c, d) -> "" + a + b + c + d);
    Arbitrary<String> middle = Combinators.combine(letter, letterOrDigit, digit)
        .as((a, b, c) -> "" + a + b + c);
    Arbitrary<String> last = Combinators.combine(letter, letter, digit, digit)
        .as((a, b, c, d) -> "" + a + b + c + d);
    Arbitrary<Boolean> dashes = Arbitraries.of(true, false);
    Arbitrary<Long> caseMask = Arbitraries.longs().between(0, (1L << 11) - 1);
    return Combinators.combine(first, middle, last, dashes, caseMask).as((f, m, l, dash, mask) -> {
      String plain = f + m + l;
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < plain.length(); i++) {
        char c = plain.charAt(i);
        b.append((mask >> i & 1) == 1 ? Character.toLowerCase(c) : c);
        if (dash && (i == 3 || i == 6)) {
          b.append('-');
        }
      }
      return b.toString();
    });
  }

  // ---- PAYMENT_CARD, NANP_PHONE, FULL_DATE, IP_ADDRESS ----------------------------------------

  @Property(tries = 500)
  void validPaymentCardIsFlagged(@ForAll("cards") String card, @ForAll("filler") String before,
      @ForAll("filler") String after) {
    assertFlagged(PhiDetectors.PAYMENT_CARD, before + card + after, false);
  }

  @Provide
  Arbitrary<String> cards() {
    Arbitrary<String> first = Arbitraries.of("2", "3", "4", "5", "6");
    Arbitrary<Integer> length = Arbitraries.integers().between(13, 19);
    Arbitrary<String> body = Arbitraries.strings().numeric().ofLength(17);
    Arbitrary<String> separator = Arbitraries.of("", " ", "-");
    return Combinators.combine(first, length, body, separator).as((f, n, b, sep) -> {
      String digits = withLuhnCheckDigit("", f + b.substring(0, n - 2));
      StringBuilder grouped = new StringBuilder();
      for (int i = 0; i < digits.length(); i++) {
        if (i > 0 && i % 4 == 0) {
          grouped.append(sep);
        }
        grouped.append(digits.charAt(i));
      }
      return grouped.toString();
    });
  }

  @Property(tries = 500)
  void validPhoneIsFlagged(@ForAll("phones") String phone, @ForAll("filler") String before,
      @ForAll("filler") String after) {
    assertFlagged(PhiDetectors.NANP_PHONE, before + phone + after, false);
  }

  @Provide
  Arbitrary<String> phones() {
    Arbitrary<String> area = Combinators.combine(Arbitraries.integers().between(2, 9),
        Arbitraries.integers().between(0, 8), Arbitraries.integers().between(0, 9))
        .as((a, b, c) -> "" + a + b + c);
    Arbitrary<String> exchange = Combinators.combine(Arbitraries.integers().between(2, 9),
        Arbitraries.integers().between(0, 99)).as((a, bc) -> String.format("%d%02d", a, bc))
        .filter(e -> !e.endsWith("11"));
    Arbitrary<String> line = Arbitraries.strings().numeric().ofLength(4);
    Arbitrary<String> format = Arbitraries.of("%s%s%s", "%s-%s-%s", "%s.%s.%s", "%s %s %s",
        "(%s) %s-%s", "(%s)%s-%s", "+1 %s %s %s", "1-%s-%s-%s", "+1%s%s%s", "%s_%s_%s",
        "(%s)_%s_%s");
    return Combinators.combine(area, exchange, line, format)
        .as((a, e, l, f) -> String.format(f, a, e, l));
  }

  @Property(tries = 500)
  void validDateIsFlagged(@ForAll("dates") String date, @ForAll("before") String before,
      @ForAll("after") String after) {
    assertFlagged(PhiDetectors.FULL_DATE, before + date + after, false);
  }

  @Provide
  Arbitrary<String> dates() {
    Arbitrary<LocalDate> day = Arbitraries.longs()
        .between(LocalDate.of(1900, 1, 1).toEpochDay(), LocalDate.of(2099, 12, 31).toEpochDay())
        .map(LocalDate::ofEpochDay);
    Arbitrary<String> pattern = Arbitraries.of("yyyy-MM-dd", "yyyy/MM/dd", "yyyy.MM.dd",
        "yyyyMMdd", "MM/dd/yyyy", "M/d/yyyy", "MM-dd-yyyy", "dd.MM.yyyy", "MMMM d, yyyy",
        "MMM d yyyy", "d MMM yyyy", "dd-MMM-yyyy", "ddMMMyyyy", "yyyy-MMM-dd");
    Arbitrary<Boolean> upper = Arbitraries.of(true, false);
    return Combinators.combine(day, pattern, upper).as((d, p, u) -> {
      String s = d.format(DateTimeFormatter.ofPattern(p, Locale.ENGLISH));
      return u ? s.toUpperCase(Locale.ROOT) : s;
    });
  }

  @Property(tries = 500)
  void validIpv4IsFlagged(@ForAll("octets") int a, @ForAll("octets") int b,
      @ForAll("octets") int c, @ForAll("octets") int d, @ForAll("filler") String before,
      @ForAll("filler") String after) {
    assertFlagged(PhiDetectors.IP_ADDRESS, before + a + "." + b + "." + c + "." + d + after,
        false);
  }

  @Provide
  Arbitrary<Integer> octets() {
    return Arbitraries.integers().between(0, 255);
  }

  @Property(tries = 500)
  void validIpv6IsFlagged(@ForAll("ipv6s") String ip, @ForAll("before") String before,
      @ForAll("after") String after) {
    assertFlagged(PhiDetectors.IP_ADDRESS, before + ip + after, false);
  }

  @Provide
  Arbitrary<String> ipv6s() {
    Arbitrary<List<String>> groups = Arbitraries.integers().between(0, 0xffff)
        .map(Integer::toHexString).list().ofSize(8);
    Arbitrary<Integer> from = Arbitraries.integers().between(0, 8);
    Arbitrary<Integer> length = Arbitraries.integers().between(0, 7);
    Arbitrary<Boolean> upper = Arbitraries.of(true, false);
    return Combinators.combine(groups, from, length, upper).as((g, f, n, u) -> {
      int start = Math.min(f, 8 - n);
      String s;
      if (n == 0) {
        s = String.join(":", g);
      } else {
        s = String.join(":", g.subList(0, start)) + "::"
            + String.join(":", g.subList(start + n, 8));
      }
      return u ? s.toUpperCase(Locale.ROOT) : s;
    });
  }

  // ---- what is never flagged ----------------------------------------------------------------

  @Property(tries = 1000)
  void textWithoutDigitsAtOrColonIsNeverFlagged(@ForAll("plainText") String text) {
    assertThat(DEFAULTS.firstMatch(text)).isEmpty();
  }

  @Provide
  Arbitrary<String> plainText() {
    return Arbitraries.strings().withChars(FILLER_CHARS).ofMinLength(0).ofMaxLength(80);
  }

  // ---- prefilters and firstMatch agree with the detectors -----------------------------------

  @Property(tries = 2000)
  void prefilterNeverHidesAScannerMatch(@ForAll("noisy") String text) {
    CharProfile profile = CharProfile.of(text);
    List<String> flagged = new ArrayList<>();
    for (String name : DEFAULTS.names()) {
      BuiltInDetector detector = (BuiltInDetector) single(name);
      if (detector.scan(text)) {
        flagged.add(name);
        assertThat(detector.mayMatch(profile)).as(name).isTrue();
      }
      assertThat(detector.matches(profile, text)).as(name).isEqualTo(detector.scan(text));
    }
    if (profile.inert()) {
      assertThat(flagged).isEmpty();
    }
    Optional<String> expected = flagged.stream().findFirst();
    assertThat(DEFAULTS.firstMatch(text)).isEqualTo(expected);
  }

  @Provide
  Arbitrary<String> noisy() {
    Arbitrary<String> noise = Arbitraries.strings()
        .withChars("0123456789012345678901234567890123456789-/.:@ ()+wAEIMOSTUXZabfJan")
        .ofMinLength(0).ofMaxLength(40);
    Arbitrary<String> phi = Arbitraries.oneOf(ssns(), npis(), deaNumbers(), mbis(), cards(),
        phones(), dates(), ipv6s());
    return Arbitraries.oneOf(noise,
        Combinators.combine(noise, phi, noise).as((a, p, b) -> a + p + b));
  }

  // ---- normalization: disguises never change the verdict ------------------------------------

  /** Every format character ({@code \p{Cf}}) and the other default-ignorable code points. */
  private static final int[] INVISIBLE = invisibles();
  /** {@code DIGITS[v]}: every Unicode decimal digit ({@code \p{Nd}}) of value {@code v}. */
  private static final int[][] DIGITS = unicodeDigits();
  /** Dash punctuation ({@code \p{Pd}}) and the minus signs that stand for {@code '-'}. */
  private static final int[] DASHES = withType(Character.DASH_PUNCTUATION, 0x2212, 0x207B,
      0x208B, 0x2043, 0x02D7, 0x2796);
  /** Space separators ({@code \p{Zs}}). */
  private static final int[] SPACES = withType(Character.SPACE_SEPARATOR);
  private static final int[] DOTS = {'.', 0xFF0E, 0xFE52, 0x2024, 0x3002, 0xFF61, 0xFE12};
  private static final int[] SLASHES = {'/', 0xFF0F, 0x2044, 0x2215};
  private static final int[] COLONS = {':', 0xFF1A, 0xFE55, 0xFE13, 0x2236, 0xA789};
  private static final int[] ATS = {'@', 0xFF20, 0xFE6B};

  /** Inserting invisible characters anywhere never hides a flagged value, nor changes its name. */
  @Property(tries = 1000)
  void invisibleCharactersNeverHideAFlaggedValue(@ForAll("flagged") String text,
      @ForAll long seed) {
    Optional<String> expected = DEFAULTS.firstMatch(text);
    assertThat(expected).as("generated value").isPresent();
    String disguised = insertInvisibles(text, new SplittableRandom(seed), 0.4);
    assertThat(DEFAULTS.firstMatch(disguised)).isEqualTo(expected);
  }

  /** Writing any digit in any script (same value) never hides a flagged value. */
  @Property(tries = 1000)
  void digitsOfAnyScriptNeverHideAFlaggedValue(@ForAll("flagged") String text,
      @ForAll long seed) {
    Optional<String> expected = DEFAULTS.firstMatch(text);
    assertThat(expected).as("generated value").isPresent();
    SplittableRandom random = new SplittableRandom(seed);
    StringBuilder disguised = new StringBuilder();
    for (char c : text.toCharArray()) {
      if (c >= '0' && c <= '9') {
        disguised.appendCodePoint(pick(DIGITS[c - '0'], random));
      } else {
        disguised.append(c);
      }
    }
    assertThat(DEFAULTS.firstMatch(disguised)).isEqualTo(expected);
    for (String name : DEFAULTS.names()) {
      assertThat(single(name).detect(disguised)).as(name).isEqualTo(single(name).detect(text));
    }
  }

  /**
   * All disguises at once (invisible characters, digits of any script, full-width forms, Unicode
   * dashes, spaces, dots, slashes, colons and at signs) on text dense in near-misses: the text
   * normalizes back to the original, and no detector changes its verdict either way.
   */
  @Property(tries = 2000)
  void disguisesNeverChangeTheVerdict(@ForAll("noisy") String text, @ForAll long seed) {
    String disguised = disguise(text, new SplittableRandom(seed));
    assertThat(DetectorText.normalize(disguised).toString()).isEqualTo(text);
    assertThat(DEFAULTS.firstMatch(disguised)).isEqualTo(DEFAULTS.firstMatch(text));
    for (String name : DEFAULTS.names()) {
      assertThat(single(name).detect(disguised)).as(name).isEqualTo(single(name).detect(text));
    }
  }

  /** A valid identifier of any kind, with surroundings that keep it a whole token. */
  @Provide
  Arbitrary<String> flagged() {
    Arbitrary<String> phi = Arbitraries.oneOf(ssns(), npis(), deaNumbers(), mbis(), cards(),
        phones(), dates(), ipv6s(), emails(), icdCodes());
    return Combinators.combine(before(), phi, after()).as((a, p, b) -> a + p + b);
  }

  @Provide
  Arbitrary<String> emails() {
    Arbitrary<String> local = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123"
        + "456789._+-").ofMinLength(1).ofMaxLength(12).map(l -> "j" + l);
    Arbitrary<String> label = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123"
        + "456789-").ofMinLength(1).ofMaxLength(10).map(l -> "x" + l);
    Arbitrary<String> tld = Arbitraries.of("com", "org", "io", "co.uk", "example");
    Arbitrary<Boolean> upper = Arbitraries.of(true, false);
    return Combinators.combine(local, label, tld, upper).as((l, d, t, u) -> {
      String s = l + "@" + d + "." + t;
      return u ? s.toUpperCase(Locale.ROOT) : s;
    });
  }

  /**
   * ICD-10-CM codes: upper case with or without the dot, or any case with the dot and a
   * subcode that starts with a digit (and, for V codes, ends with a seventh-character letter).
   */
  @Provide
  Arbitrary<String> icdCodes() {
    Arbitrary<Character> letter = Arbitraries.of(chars("ABCDEFGHIJKLMNOPQRSTVWXYZ"));
    Arbitrary<String> twoDigits = Arbitraries.strings().numeric().ofLength(2);
    Arbitrary<String> category = Arbitraries.oneOf(
        Combinators.combine(letter, twoDigits).as((l, d) -> l + d),
        Arbitraries.of("C4A", "C7A", "C7B", "D3A", "M1A", "O9A", "Z3A"));
    Arbitrary<String> subcode = Combinators.combine(Arbitraries.strings().numeric().ofLength(1),
        Arbitraries.strings().withChars("0123456789ABXZ").ofMinLength(0).ofMaxLength(2))
        .as((d, rest) -> d + rest);
    Arbitrary<Long> caseMask = Arbitraries.longs().between(0, 255);
    Arbitrary<Boolean> dotted = Arbitraries.of(true, true, false);
    return Combinators.combine(category, subcode, dotted, caseMask).as((c, sub, dot, mask) -> {
      if (!dot) {
        return c + sub;
      }
      String code = c + "." + sub + (c.startsWith("V") ? "A" : "");
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < code.length(); i++) {
        char ch = code.charAt(i);
        b.append((mask >> i & 1) == 1 ? Character.toLowerCase(ch) : ch);
      }
      return b.toString();
    });
  }

  private static String disguise(String text, SplittableRandom random) {
    StringBuilder b = new StringBuilder();
    for (char c : text.toCharArray()) {
      boolean swap = random.nextInt(3) > 0;
      if (!swap) {
        b.append(c);
      } else if (c >= '0' && c <= '9') {
        b.appendCodePoint(pick(DIGITS[c - '0'], random));
      } else if (c == '-') {
        b.appendCodePoint(pick(DASHES, random));
      } else if (c == ' ') {
        b.appendCodePoint(pick(SPACES, random));
      } else if (c == '.') {
        b.appendCodePoint(pick(DOTS, random));
      } else if (c == '/') {
        b.appendCodePoint(pick(SLASHES, random));
      } else if (c == ':') {
        b.appendCodePoint(pick(COLONS, random));
      } else if (c == '@') {
        b.appendCodePoint(pick(ATS, random));
      } else if (c > ' ' && c < 0x7F) {
        b.append((char) (c - 0x21 + 0xFF01)); // the full-width form
      } else {
        b.append(c);
      }
    }
    return insertInvisibles(b.toString(), random, 0.2);
  }

  /** Inserts one or two invisible code points before each code point with the probability. */
  private static String insertInvisibles(String text, SplittableRandom random,
      double probability) {
    StringBuilder b = new StringBuilder();
    int i = 0;
    while (i <= text.length()) {
      if (random.nextDouble() < probability) {
        int count = 1 + random.nextInt(2);
        for (int k = 0; k < count; k++) {
          b.appendCodePoint(pick(INVISIBLE, random));
        }
      }
      if (i == text.length()) {
        break;
      }
      int cp = text.codePointAt(i);
      b.appendCodePoint(cp);
      i += Character.charCount(cp);
    }
    return b.toString();
  }

  private static int pick(int[] choices, SplittableRandom random) {
    return choices[random.nextInt(choices.length)];
  }

  private static int[] invisibles() {
    List<Integer> list = new ArrayList<>();
    for (int cp = 0x80; cp <= Character.MAX_CODE_POINT; cp++) {
      if (Character.getType(cp) == Character.FORMAT) {
        list.add(cp);
      }
    }
    // Default-ignorable code points that are not format characters: the combining grapheme
    // joiner, Hangul fillers, Khmer inherent vowels, Mongolian variation selectors, variation
    // selectors, the halfwidth Hangul filler and the supplementary variation selectors.
    for (int cp : new int[] {0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180B, 0x180C, 0x180D,
        0x3164, 0xFFA0}) {
      list.add(cp);
    }
    for (int cp = 0xFE00; cp <= 0xFE0F; cp++) {
      list.add(cp);
    }
    for (int cp = 0xE0100; cp <= 0xE01EF; cp += 7) {
      list.add(cp);
    }
    return list.stream().mapToInt(Integer::intValue).toArray();
  }

  private static int[][] unicodeDigits() {
    List<List<Integer>> byValue = new ArrayList<>();
    for (int v = 0; v < 10; v++) {
      byValue.add(new ArrayList<>());
    }
    for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
      if (Character.getType(cp) == Character.DECIMAL_DIGIT_NUMBER) {
        byValue.get(Character.digit(cp, 10)).add(cp);
      }
    }
    return byValue.stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray())
        .toArray(int[][]::new);
  }

  private static int[] withType(int type, int... extra) {
    List<Integer> list = new ArrayList<>();
    for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
      if (Character.getType(cp) == type) {
        list.add(cp);
      }
    }
    for (int cp : extra) {
      list.add(cp);
    }
    return list.stream().mapToInt(Integer::intValue).toArray();
  }

  // ---- surrounding text ---------------------------------------------------------------------

  /** Any text without digits: safe next to a number that must not touch a digit. */
  @Provide
  Arbitrary<String> filler() {
    return Arbitraries.strings().withChars(FILLER_CHARS).ofMinLength(0).ofMaxLength(20);
  }

  /** Text that is empty or ends with a non-alphanumeric character. */
  @Provide
  Arbitrary<String> before() {
    return Arbitraries.oneOf(Arbitraries.just(""),
        Combinators.combine(filler(), Arbitraries.of(chars(NON_ALNUM))).as((f, c) -> f + c));
  }

  /** Text that is empty or starts with a non-alphanumeric character. */
  @Provide
  Arbitrary<String> after() {
    return Arbitraries.oneOf(Arbitraries.just(""),
        Combinators.combine(Arbitraries.of(chars(NON_ALNUM)), filler()).as((c, f) -> c + f));
  }

  private static List<Character> chars(String s) {
    List<Character> list = new ArrayList<>();
    for (char c : s.toCharArray()) {
      list.add(c);
    }
    return list;
  }
}
