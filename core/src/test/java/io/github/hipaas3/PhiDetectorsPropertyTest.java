package io.github.hipaas3;

import io.github.hipaas3.testing.gen.Gen;
import io.github.hipaas3.testing.gen.Gens;
import io.github.hipaas3.testing.gen.PropertyTest;
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

  @PropertyTest(tries = 1000, value = {"ssns", "filler", "filler"})
  void validSsnIsFlaggedAnywhere(String ssn, String before,
      String after) {
    assertFlagged(PhiDetectors.US_SSN, before + ssn + after, true);
  }

  Gen<String> ssns() {
    Gen<Integer> area =
        Gens.integers().between(1, 899).filter(a -> a != 666);
    Gen<Integer> group = Gens.integers().between(1, 99);
    Gen<Integer> serial = Gens.integers().between(1, 9999);
    Gen<String> separator = Gens.of("-", " ", "", ".", "_");
    return Gens.combine(area, group, serial, separator)
        .as((a, g, s, sep) -> String.format("%03d%s%02d%s%04d", a, sep, g, sep, s));
  }

  // ---- US_NPI -------------------------------------------------------------------------------

  @PropertyTest(tries = 1000, value = {"npis", "filler", "filler"})
  void validNpiIsFlaggedAnywhere(String npi, String before,
      String after) {
    assertFlagged(PhiDetectors.US_NPI, before + npi + after, true);
  }

  @PropertyTest(tries = 300, value = {"npis", "digits"})
  void npiWithAnyOtherCheckDigitIsNotAnNpi(String npi,
      int other) {
    int check = npi.charAt(9) - '0';
    String wrong = npi.substring(0, 9) + (check + 1 + other % 9) % 10;
    assertThat(single(PhiDetectors.US_NPI).detect(wrong)).isFalse();
  }

  Gen<Integer> digits() {
    return Gens.integers().between(0, 9);
  }

  Gen<String> npis() {
    Gen<String> first = Gens.of("1", "2");
    Gen<String> rest = Gens.strings().numeric().ofLength(8);
    return Gens.combine(first, rest).as((f, r) -> withLuhnCheckDigit("80840", f + r));
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

  @PropertyTest(tries = 1000, value = {"deaNumbers", "before", "after"})
  void validDeaNumberIsFlaggedAnywhere(String dea,
      String before, String after) {
    assertFlagged(PhiDetectors.DEA_NUMBER, before + dea + after, true);
  }

  Gen<String> deaNumbers() {
    Gen<Character> registrant = Gens.of(chars(DEA_REGISTRANTS));
    Gen<Character> second =
        Gens.of(chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ9"));
    Gen<String> six = Gens.strings().numeric().ofLength(6);
    Gen<Boolean> lower = Gens.of(true, false);
    return Gens.combine(registrant, second, six, lower, lower).as((r, s, d, l1, l2) -> {
      int odd = d.charAt(0) + d.charAt(2) + d.charAt(4) - 3 * '0';
      int even = d.charAt(1) + d.charAt(3) + d.charAt(5) - 3 * '0';
      String letters = (l1 ? Character.toLowerCase(r) : r) + ""
          + (l2 ? Character.toLowerCase(s) : s);
      return letters + d + (odd + 2 * even) % 10;
    });
  }

  // ---- MEDICARE_MBI -------------------------------------------------------------------------

  @PropertyTest(tries = 1000, value = {"mbis", "before", "after"})
  void validMbiIsFlaggedAnywhere(String mbi, String before,
      String after) {
    assertFlagged(PhiDetectors.MEDICARE_MBI, before + mbi + after, true);
  }

  Gen<String> mbis() {
    Gen<Character> nonZero = Gens.of(chars("123456789"));
    Gen<Character> digit = Gens.of(chars("0123456789"));
    Gen<Character> letter = Gens.of(chars(MBI_LETTERS));
    Gen<Character> letterOrDigit = Gens.of(chars(MBI_LETTERS + "0123456789"));
    Gen<String> first = Gens.combine(nonZero, letter, letterOrDigit, digit)
        .as((a, b, c, d) -> "" + a + b + c + d);
    Gen<String> middle = Gens.combine(letter, letterOrDigit, digit)
        .as((a, b, c) -> "" + a + b + c);
    Gen<String> last = Gens.combine(letter, letter, digit, digit)
        .as((a, b, c, d) -> "" + a + b + c + d);
    Gen<Boolean> dashes = Gens.of(true, false);
    Gen<Long> caseMask = Gens.longs().between(0, (1L << 11) - 1);
    return Gens.combine(first, middle, last, dashes, caseMask).as((f, m, l, dash, mask) -> {
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

  @PropertyTest(tries = 500, value = {"cards", "filler", "filler"})
  void validPaymentCardIsFlagged(String card, String before,
      String after) {
    assertFlagged(PhiDetectors.PAYMENT_CARD, before + card + after, false);
  }

  Gen<String> cards() {
    Gen<String> first = Gens.of("2", "3", "4", "5", "6");
    Gen<Integer> length = Gens.integers().between(13, 19);
    Gen<String> body = Gens.strings().numeric().ofLength(17);
    Gen<String> separator = Gens.of("", " ", "-");
    return Gens.combine(first, length, body, separator).as((f, n, b, sep) -> {
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

  @PropertyTest(tries = 500, value = {"phones", "filler", "filler"})
  void validPhoneIsFlagged(String phone, String before,
      String after) {
    assertFlagged(PhiDetectors.NANP_PHONE, before + phone + after, false);
  }

  Gen<String> phones() {
    Gen<String> area = Gens.combine(Gens.integers().between(2, 9),
        Gens.integers().between(0, 8), Gens.integers().between(0, 9))
        .as((a, b, c) -> "" + a + b + c);
    Gen<String> exchange = Gens.combine(Gens.integers().between(2, 9),
        Gens.integers().between(0, 99)).as((a, bc) -> String.format("%d%02d", a, bc))
        .filter(e -> !e.endsWith("11"));
    Gen<String> line = Gens.strings().numeric().ofLength(4);
    Gen<String> format = Gens.of("%s%s%s", "%s-%s-%s", "%s.%s.%s", "%s %s %s",
        "(%s) %s-%s", "(%s)%s-%s", "+1 %s %s %s", "1-%s-%s-%s", "+1%s%s%s", "%s_%s_%s",
        "(%s)_%s_%s");
    return Gens.combine(area, exchange, line, format)
        .as((a, e, l, f) -> String.format(f, a, e, l));
  }

  @PropertyTest(tries = 500, value = {"dates", "before", "after"})
  void validDateIsFlagged(String date, String before,
      String after) {
    assertFlagged(PhiDetectors.FULL_DATE, before + date + after, false);
  }

  Gen<String> dates() {
    Gen<LocalDate> day = Gens.longs()
        .between(LocalDate.of(1900, 1, 1).toEpochDay(), LocalDate.of(2099, 12, 31).toEpochDay())
        .map(LocalDate::ofEpochDay);
    Gen<String> pattern = Gens.of("yyyy-MM-dd", "yyyy/MM/dd", "yyyy.MM.dd",
        "yyyyMMdd", "MM/dd/yyyy", "M/d/yyyy", "MM-dd-yyyy", "dd.MM.yyyy", "MMMM d, yyyy",
        "MMM d yyyy", "d MMM yyyy", "dd-MMM-yyyy", "ddMMMyyyy", "yyyy-MMM-dd");
    Gen<Boolean> upper = Gens.of(true, false);
    return Gens.combine(day, pattern, upper).as((d, p, u) -> {
      String s = d.format(DateTimeFormatter.ofPattern(p, Locale.ENGLISH));
      return u ? s.toUpperCase(Locale.ROOT) : s;
    });
  }

  @PropertyTest(tries = 500, value = {"octets", "octets", "octets", "octets", "filler", "filler"})
  void validIpv4IsFlagged(int a, int b,
      int c, int d, String before,
      String after) {
    assertFlagged(PhiDetectors.IP_ADDRESS, before + a + "." + b + "." + c + "." + d + after,
        false);
  }

  Gen<Integer> octets() {
    return Gens.integers().between(0, 255);
  }

  @PropertyTest(tries = 500, value = {"ipv6s", "before", "after"})
  void validIpv6IsFlagged(String ip, String before,
      String after) {
    assertFlagged(PhiDetectors.IP_ADDRESS, before + ip + after, false);
  }

  Gen<String> ipv6s() {
    Gen<List<String>> groups = Gens.integers().between(0, 0xffff)
        .map(Integer::toHexString).list().ofSize(8);
    Gen<Integer> from = Gens.integers().between(0, 8);
    Gen<Integer> length = Gens.integers().between(0, 7);
    Gen<Boolean> upper = Gens.of(true, false);
    return Gens.combine(groups, from, length, upper).as((g, f, n, u) -> {
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

  @PropertyTest(tries = 1000, value = {"plainText"})
  void textWithoutDigitsAtOrColonIsNeverFlagged(String text) {
    assertThat(DEFAULTS.firstMatch(text)).isEmpty();
  }

  Gen<String> plainText() {
    return Gens.strings().withChars(FILLER_CHARS).ofMinLength(0).ofMaxLength(80);
  }

  // ---- prefilters and firstMatch agree with the detectors -----------------------------------

  @PropertyTest(tries = 2000, value = {"noisy"})
  void prefilterNeverHidesAScannerMatch(String text) {
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

  Gen<String> noisy() {
    Gen<String> noise = Gens.strings()
        .withChars("0123456789012345678901234567890123456789-/.:@ ()+wAEIMOSTUXZabfJan")
        .ofMinLength(0).ofMaxLength(40);
    Gen<String> phi = Gens.oneOf(ssns(), npis(), deaNumbers(), mbis(), cards(),
        phones(), dates(), ipv6s());
    return Gens.oneOf(noise,
        Gens.combine(noise, phi, noise).as((a, p, b) -> a + p + b));
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
  @PropertyTest(tries = 1000, value = {"flagged", "anyLong"})
  void invisibleCharactersNeverHideAFlaggedValue(String text,
      long seed) {
    Optional<String> expected = DEFAULTS.firstMatch(text);
    assertThat(expected).as("generated value").isPresent();
    String disguised = insertInvisibles(text, new SplittableRandom(seed), 0.4);
    assertThat(DEFAULTS.firstMatch(disguised)).isEqualTo(expected);
  }

  /** Writing any digit in any script (same value) never hides a flagged value. */
  @PropertyTest(tries = 1000, value = {"flagged", "anyLong"})
  void digitsOfAnyScriptNeverHideAFlaggedValue(String text,
      long seed) {
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
  @PropertyTest(tries = 2000, value = {"noisy", "anyLong"})
  void disguisesNeverChangeTheVerdict(String text, long seed) {
    String disguised = disguise(text, new SplittableRandom(seed));
    assertThat(DetectorText.normalize(disguised).toString()).isEqualTo(text);
    assertThat(DEFAULTS.firstMatch(disguised)).isEqualTo(DEFAULTS.firstMatch(text));
    for (String name : DEFAULTS.names()) {
      assertThat(single(name).detect(disguised)).as(name).isEqualTo(single(name).detect(text));
    }
  }

  /** A valid identifier of any kind, with surroundings that keep it a whole token. */
  Gen<String> flagged() {
    Gen<String> phi = Gens.oneOf(ssns(), npis(), deaNumbers(), mbis(), cards(),
        phones(), dates(), ipv6s(), emails(), icdCodes());
    return Gens.combine(before(), phi, after()).as((a, p, b) -> a + p + b);
  }

  Gen<String> emails() {
    Gen<String> local = Gens.strings().withChars("abcdefghijklmnopqrstuvwxyz0123"
        + "456789._+-").ofMinLength(1).ofMaxLength(12).map(l -> "j" + l);
    Gen<String> label = Gens.strings().withChars("abcdefghijklmnopqrstuvwxyz0123"
        + "456789-").ofMinLength(1).ofMaxLength(10).map(l -> "x" + l);
    Gen<String> tld = Gens.of("com", "org", "io", "co.uk", "example");
    Gen<Boolean> upper = Gens.of(true, false);
    return Gens.combine(local, label, tld, upper).as((l, d, t, u) -> {
      String s = l + "@" + d + "." + t;
      return u ? s.toUpperCase(Locale.ROOT) : s;
    });
  }

  /**
   * ICD-10-CM codes: upper case with or without the dot, or any case with the dot and a
   * subcode that starts with a digit (and, for V codes, ends with a seventh-character letter).
   */
  Gen<String> icdCodes() {
    Gen<Character> letter = Gens.of(chars("ABCDEFGHIJKLMNOPQRSTVWXYZ"));
    Gen<String> twoDigits = Gens.strings().numeric().ofLength(2);
    Gen<String> category = Gens.oneOf(
        Gens.combine(letter, twoDigits).as((l, d) -> l + d),
        Gens.of("C4A", "C7A", "C7B", "D3A", "M1A", "O9A", "Z3A"));
    Gen<String> subcode = Gens.combine(Gens.strings().numeric().ofLength(1),
        Gens.strings().withChars("0123456789ABXZ").ofMinLength(0).ofMaxLength(2))
        .as((d, rest) -> d + rest);
    Gen<Long> caseMask = Gens.longs().between(0, 255);
    Gen<Boolean> dotted = Gens.of(true, true, false);
    return Gens.combine(category, subcode, dotted, caseMask).as((c, sub, dot, mask) -> {
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
  Gen<String> filler() {
    return Gens.strings().withChars(FILLER_CHARS).ofMinLength(0).ofMaxLength(20);
  }

  /** Text that is empty or ends with a non-alphanumeric character. */
  Gen<String> before() {
    return Gens.oneOf(Gens.just(""),
        Gens.combine(filler(), Gens.of(chars(NON_ALNUM))).as((f, c) -> f + c));
  }

  /** Text that is empty or starts with a non-alphanumeric character. */
  Gen<String> after() {
    return Gens.oneOf(Gens.just(""),
        Gens.combine(Gens.of(chars(NON_ALNUM)), filler()).as((c, f) -> c + f));
  }

  private static List<Character> chars(String s) {
    List<Character> list = new ArrayList<>();
    for (char c : s.toCharArray()) {
      list.add(c);
    }
    return list;
  }
}
