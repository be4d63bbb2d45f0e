package io.github.hipaas3.detect;

import io.github.hipaas3.testing.gen.Gen;
import io.github.hipaas3.testing.gen.Gens;
import io.github.hipaas3.testing.gen.PropertyTest;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.hipaas3.PhiDetector;
import io.github.hipaas3.PhiDetectors;
import java.time.YearMonth;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Differential test: each hand-written built-in scanner agrees with a straightforward
 * regex-plus-validator statement of the same rule on generated text that is dense in digit
 * groups, separators, month names and code-like tokens. The regexes are far too slow for
 * screening but easy to read, so they serve as the oracle here.
 */
class ScannerOracleTest {
  private static final String YEAR = "((?:19|20)[0-9]{2})";
  private static final String MONTH = "(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may"
      + "|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";
  private static final String DAY = "([0-9]{1,2})";
  private static final String MBI_LETTER = "[AC-HJKMNP-RT-Y]";
  private static final String MBI_LETTER_OR_DIGIT = "[AC-HJKMNP-RT-Y0-9]";

  private static final Pattern SSN =
      Pattern.compile("(?<![0-9])([0-9]{3})([-. _]?)([0-9]{2})\\2([0-9]{4})(?![0-9])");
  private static final Pattern NPI = Pattern.compile("(?<![0-9])([12][0-9]{9})(?![0-9])");
  private static final Pattern DEA = Pattern.compile(
      "(?<![A-Za-z0-9])[A-HJ-MPR-UXa-hj-mpr-ux][A-Za-z9]([0-9]{7})(?![0-9])");
  private static final Pattern MBI = Pattern.compile(
      "(?<![A-Za-z0-9])[1-9]" + MBI_LETTER + MBI_LETTER_OR_DIGIT + "[0-9](-?)" + MBI_LETTER
          + MBI_LETTER_OR_DIGIT + "[0-9]\\1" + MBI_LETTER + MBI_LETTER
          + "[0-9]{2}(?![A-Za-z0-9])",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern PHONE = Pattern.compile(
      "(?<![0-9])(?:\\+?1[-. _]?)?"
          + "(?:\\([2-9][0-8][0-9]\\)[-. _]?([2-9][0-9]{2})[-. _]?"
          + "|[2-9][0-8][0-9]([-. _]?)([2-9][0-9]{2})\\2)"
          + "[0-9]{4}(?![0-9])");
  private static final Pattern ZIP = Pattern.compile("(?<![0-9])[0-9]{5}-[0-9]{4}(?![0-9])");
  private static final Pattern ICD = Pattern.compile(
      "(?<![A-Za-z0-9])[A-TV-Z][0-9]([0-9AB])(?:\\.[0-9A-Z]{1,4}|[0-9A-Z]{0,4})(?![A-Za-z0-9])");
  /**
   * Any case, with the dot: a subcode with a digit, of one letter, or of x placeholders and a
   * letter (a lower-case v also needs a letter); not followed by a letter, a digit, or a dot and
   * a digit.
   */
  private static final Pattern ICD_DOTTED = Pattern.compile(
      "(?<![A-Za-z0-9])([A-TV-Z][0-9][0-9AB])\\.([0-9A-Z]{1,4})(?![A-Za-z0-9])(?!\\.[0-9])",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern ICD_SUBCODE =
      Pattern.compile(".*[0-9].*|[A-Z]|X+[A-Z]", Pattern.CASE_INSENSITIVE);
  private static final Set<String> ICD_LETTER_CATEGORIES =
      Set.of("C4A", "C7A", "C7B", "D3A", "M1A", "O9A", "Z3A");
  private static final Pattern DATE_YEAR_FIRST =
      Pattern.compile("(?<![0-9])" + YEAR + "([-/.])" + DAY + "\\2" + DAY + "(?![0-9])");
  private static final Pattern DATE_COMPACT =
      Pattern.compile("(?<![0-9])" + YEAR + "([0-9]{2})([0-9]{2})(?![0-9])");
  private static final Pattern DATE_YEAR_LAST =
      Pattern.compile("(?<![0-9])" + DAY + "([-/.])" + DAY + "\\2" + YEAR + "(?![0-9])");
  private static final Pattern DATE_NAME_FIRST = Pattern.compile(
      "(?<![A-Za-z])" + MONTH + "\\.?[ -]?" + DAY + "(?:st|nd|rd|th)?(?:, ?|[ -])" + YEAR
          + "(?![0-9])", Pattern.CASE_INSENSITIVE);
  private static final Pattern DATE_DAY_FIRST = Pattern.compile(
      "(?<![0-9])" + DAY + "(?:st|nd|rd|th)?[ ./-]?" + MONTH + "\\.?(?:, ?|[ ./-])?" + YEAR
          + "(?![0-9])", Pattern.CASE_INSENSITIVE);
  private static final Pattern DATE_YEAR_NAME = Pattern.compile(
      "(?<![0-9])" + YEAR + "[ ./-]?" + MONTH + "\\.?[ ./-]?" + DAY + "(?![0-9])",
      Pattern.CASE_INSENSITIVE);

  private static boolean oracle(String detector, String s) {
    switch (detector) {
      case PhiDetectors.US_SSN:
        return any(SSN, s, (m, v) -> {
          int area = Integer.parseInt(m.group(1));
          return area != 0 && area != 666 && area < 900 && !m.group(3).equals("00")
              && !m.group(4).equals("0000");
        });
      case PhiDetectors.US_NPI:
        return any(NPI, s, (m, v) -> luhn("80840" + m.group(1)));
      case PhiDetectors.DEA_NUMBER:
        return any(DEA, s, (m, v) -> {
          String d = m.group(1);
          int sum = d.charAt(0) + d.charAt(2) + d.charAt(4) - 3 * '0'
              + 2 * (d.charAt(1) + d.charAt(3) + d.charAt(5) - 3 * '0');
          return sum % 10 == d.charAt(6) - '0';
        });
      case PhiDetectors.MEDICARE_MBI:
        return MBI.matcher(s).find();
      case PhiDetectors.NANP_PHONE:
        return any(PHONE, s, (m, v) -> !(m.group(1) != null ? m.group(1) : m.group(3))
            .endsWith("11"));
      case PhiDetectors.ZIP_PLUS_4:
        return ZIP.matcher(s).find();
      case PhiDetectors.ICD10_CM:
        return any(ICD, s, (m, v) -> Character.isDigit(m.group(1).charAt(0))
            || ICD_LETTER_CATEGORIES.contains(m.group().substring(0, 3)))
            || any(ICD_DOTTED, s, (m, v) -> (Character.isDigit(m.group(1).charAt(2))
                || ICD_LETTER_CATEGORIES.contains(m.group(1).toUpperCase(Locale.ROOT)))
                && ICD_SUBCODE.matcher(m.group(2)).matches()
                && !(m.group(1).charAt(0) == 'v' && m.group(2).matches("[0-9]+")));
      case PhiDetectors.FULL_DATE:
        return any(DATE_YEAR_FIRST, s, (m, v) -> date(m.group(1), m.group(3), m.group(4)))
            || any(DATE_COMPACT, s, (m, v) -> date(m.group(1), m.group(2), m.group(3)))
            || any(DATE_YEAR_LAST, s, (m, v) -> date(m.group(4), m.group(1), m.group(3))
                || date(m.group(4), m.group(3), m.group(1)))
            || any(DATE_NAME_FIRST, s, (m, v) -> named(m.group(3), m.group(1), m.group(2)))
            || any(DATE_DAY_FIRST, s, (m, v) -> named(m.group(3), m.group(2), m.group(1)))
            || any(DATE_YEAR_NAME, s, (m, v) -> named(m.group(1), m.group(2), m.group(3)));
      default:
        throw new IllegalArgumentException(detector);
    }
  }

  /** Every candidate, including ones overlapping a rejected candidate. */
  private static boolean any(Pattern p, String s, BiPredicate<Matcher, String> valid) {
    Matcher m = p.matcher(s);
    int from = 0;
    while (from <= s.length() && m.find(from)) {
      if (valid.test(m, s)) {
        return true;
      }
      from = m.start() + 1;
    }
    return false;
  }

  private static boolean luhn(String digits) {
    int sum = 0;
    for (int i = 0; i < digits.length(); i++) {
      int d = digits.charAt(digits.length() - 1 - i) - '0';
      sum += i % 2 == 1 ? (d * 2 > 9 ? d * 2 - 9 : d * 2) : d;
    }
    return sum % 10 == 0;
  }

  private static boolean date(String year, String month, String day) {
    return date(Integer.parseInt(year), Integer.parseInt(month), Integer.parseInt(day));
  }

  private static boolean named(String year, String monthName, String day) {
    List<String> months = List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep",
        "oct", "nov", "dec");
    int month = months.indexOf(monthName.substring(0, 3).toLowerCase(Locale.ROOT)) + 1;
    return date(Integer.parseInt(year), month, Integer.parseInt(day));
  }

  private static boolean date(int year, int month, int day) {
    return year >= 1900 && year <= 2099 && month >= 1 && month <= 12 && day >= 1
        && day <= YearMonth.of(year, month).lengthOfMonth();
  }

  /** Per detector: how many generated texts were checked, and how many were flagged. */
  private static final java.util.Map<String, long[]> COUNTS =
      new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * Asserts agreement, and counts the texts the oracle flags; once all cases ran, {@link
   * #everyGeneratorReachesFlaggedCases} checks that at least 1% were flagged, so the generators
   * really reach the interesting cases.
   */
  private static void assertAgrees(String detector, String text) {
    PhiDetector single = PhiDetectors.defaults().detector(detector).orElseThrow();
    boolean expected = oracle(detector, text);
    assertThat(single.detect(text)).as("%s on [%s]", detector, text).isEqualTo(expected);
    long[] counts = COUNTS.computeIfAbsent(detector, d -> new long[2]);
    synchronized (counts) {
      counts[0]++;
      counts[1] += expected ? 1 : 0;
    }
  }

  @org.junit.jupiter.api.AfterAll
  static void everyGeneratorReachesFlaggedCases() {
    COUNTS.forEach((detector, counts) -> assertThat(counts[1] * 100.0 / counts[0])
        .as("percentage of %s cases the oracle flags", detector).isGreaterThanOrEqualTo(1.0));
  }

  @PropertyTest(tries = 3000, value = {"numbers"})
  void ssnAgrees(String text) {
    assertAgrees(PhiDetectors.US_SSN, text);
  }

  @PropertyTest(tries = 3000, value = {"npiLike"})
  void npiAgrees(String text) {
    assertAgrees(PhiDetectors.US_NPI, text);
  }

  @PropertyTest(tries = 3000, value = {"deaLike"})
  void deaAgrees(String text) {
    assertAgrees(PhiDetectors.DEA_NUMBER, text);
  }

  @PropertyTest(tries = 3000, value = {"mbiLike"})
  void mbiAgrees(String text) {
    assertAgrees(PhiDetectors.MEDICARE_MBI, text);
  }

  @PropertyTest(tries = 3000, value = {"phoneLike"})
  void phoneAgrees(String text) {
    assertAgrees(PhiDetectors.NANP_PHONE, text);
  }

  @PropertyTest(tries = 3000, value = {"zipLike"})
  void zipAgrees(String text) {
    assertAgrees(PhiDetectors.ZIP_PLUS_4, text);
  }

  @PropertyTest(tries = 3000, value = {"codes"})
  void icdAgrees(String text) {
    assertAgrees(PhiDetectors.ICD10_CM, text);
  }

  @PropertyTest(tries = 5000, value = {"dates"})
  void dateAgrees(String text) {
    assertAgrees(PhiDetectors.FULL_DATE, text);
  }

  // ---- generators: short token soups ---------------------------------------------------------

  Gen<String> numbers() {
    return soup(Gens.oneOf(
        Gens.strings().numeric().ofMinLength(1).ofMaxLength(11),
        Gens.strings().numeric().ofLength(5),
        Gens.strings().numeric().ofLength(4),
        Gens.of("-", " ", ".", "(", ")", "+", "+1", "1", "1-", "x", "/", "666", "000",
            "00", "0000", "911", "212", "555", "0143", "123", "45", "6789", "12345", "80840",
            "1234567893", "-", "-", " ", "_", ".")), 8);
  }

  Gen<String> codes() {
    Gen<String> letters = Gens.strings().withChars(
        "ABCEFGHIJKLMNOPQRSTUVWXYZabeijxz").ofMinLength(1).ofMaxLength(3);
    return soup(Gens.oneOf(
        Gens.strings().numeric().ofMinLength(1).ofMaxLength(8), letters,
        Gens.of("-", " ", ".", "/", "_", "9", "C4A", "Z3A", "B2B", "E11", "U07", "X",
            "S72", "001A", "e11", "s72", "c4a", "z3a", "u07", "v18", "001a", ".", "..", "x64",
            "tar", "txt", "xxxa", "xz", "a", "v43", "52xa")), 7);
  }

  /** Two letters (or a letter and 9) and 6-8 digits, often with a valid check digit. */
  Gen<String> deaLike() {
    Gen<String> letter = Gens.strings().withChars("ABCDIJNOPXZabjnx9")
        .ofLength(1);
    Gen<String> digits = Gens.strings().numeric().ofMinLength(6).ofMaxLength(8);
    Gen<String> dea = Gens.combine(letter, letter, digits)
        .as((a, b, d) -> a + b + (d.length() == 6 ? d + deaCheck(d) : d));
    return soup(Gens.oneOf(dea, dea, Gens.of("-", " ", "x", "/", "7", "A")), 4);
  }

  private static int deaCheck(String d) {
    int sum = d.charAt(0) + d.charAt(2) + d.charAt(4) - 3 * '0'
        + 2 * (d.charAt(1) + d.charAt(3) + d.charAt(5) - 3 * '0');
    return sum % 10;
  }

  /** A valid MBI, dashed or not, in mixed case, with one character often replaced. */
  Gen<String> mbiLike() {
    Gen<String> valid = Gens.of("1EG4TE5MK73", "9AA0AA0AA00", "1e04t05mk73",
        "5Y9Y9Y9YY99", "2CD0EF0GH00");
    Gen<Boolean> dashed = Gens.of(true, false);
    Gen<Integer> position = Gens.integers().between(0, 21);
    Gen<Character> replacement = Gens.of('S', 'l', 'O', 'i', 'B', 'z', '0', 'A',
        '5', '-');
    Gen<String> mbi = Gens.combine(valid, dashed, position, replacement)
        .as((v, d, p, r) -> {
          StringBuilder b = new StringBuilder(v);
          if (p < 11) {
            b.setCharAt(p, r);
          }
          if (d) {
            b.insert(7, '-').insert(4, '-');
          }
          return b.toString();
        });
    return soup(Gens.oneOf(mbi, mbi, Gens.of("-", " ", "x", "/", "7", "A")), 3);
  }

  /** Digit groups of about five and four digits, mostly dash-separated. */
  Gen<String> zipLike() {
    Gen<String> zip = Gens.combine(
        Gens.oneOf(Gens.strings().numeric().ofLength(5),
            Gens.strings().numeric().ofMinLength(4).ofMaxLength(6)),
        Gens.of("-", "-", "-", " ", "--", ""),
        Gens.oneOf(Gens.strings().numeric().ofLength(4),
            Gens.strings().numeric().ofMinLength(3).ofMaxLength(5)))
        .as((a, sep, b) -> a + sep + b);
    return soup(Gens.oneOf(zip, zip, Gens.of("-", " ", "x", "/", "7")), 4);
  }

  /** Area code, exchange and line in the accepted layouts and some near-misses. */
  Gen<String> phoneLike() {
    Gen<String> three = Gens.oneOf(Gens.strings().numeric().ofLength(3),
        Gens.of("212", "555", "911", "195", "290", "011"));
    Gen<String> layout = Gens.of("%s%s%s", "%s-%s-%s", "%s.%s.%s", "%s %s %s",
        "(%s) %s-%s", "(%s)%s-%s", "+1 %s %s %s", "1-%s-%s-%s", "+1%s%s%s", "%s-%s.%s",
        "(%s)-%s %s", "1%s%s%s", "%s_%s_%s", "(%s)_%s_%s", "+1_%s_%s_%s", "%s_%s-%s");
    Gen<String> phone = Gens.combine(three, three,
        Gens.strings().numeric().ofMinLength(3).ofMaxLength(5), layout)
        .as((a, e, l, f) -> String.format(f, a, e, l));
    return soup(Gens.oneOf(phone, phone, Gens.of("-", " ", "x", "(", "7", "+")),
        3);
  }

  /** Ten-digit numbers starting 1 or 2, often with a valid NPI check digit. */
  Gen<String> npiLike() {
    Gen<String> npi = Gens.combine(
        Gens.of("1", "2", "3", "0"),
        Gens.strings().numeric().ofLength(8), Gens.of(true, true, false))
        .as((first, body, valid) -> {
          for (int c = 0; c <= 9; c++) {
            if (luhn("80840" + first + body + c) == valid) {
              return first + body + c;
            }
          }
          return first + body + "0";
        });
    return soup(Gens.oneOf(npi, npi, Gens.of("-", " ", "x", "/", "7")), 4);
  }

  /** Day, month and year fields in the three orders, with mixed separators and noise. */
  Gen<String> dates() {
    Gen<String> monthName = Gens.of("jan", "Jan", "JAN", "January", "feb", "Feb",
        "February", "mar", "March", "apr", "April", "may", "May", "jun", "June", "jul", "July",
        "aug", "August", "sep", "Sept", "September", "oct", "October", "nov", "November", "dec",
        "DECEMBER", "Janus", "Ju", "sept.", "Septem", "Jan.");
    Gen<String> day = Gens.integers().between(0, 35)
        .map(d -> d < 10 && d % 2 == 0 ? "0" + d : String.valueOf(d));
    Gen<String> month = Gens.oneOf(monthName, monthName, day);
    Gen<String> year = Gens.oneOf(Gens.integers().between(1895, 2105)
        .map(String::valueOf), Gens.of("2024", "2000", "1900", "20", "19999"));
    Gen<String> separator = Gens.of("-", "/", ".", " ", ", ", ",", "", "th ", "st",
        "-", "/", " ");
    Gen<String> date = Gens
        .combine(day, month, year, separator, separator, Gens.integers().between(0, 2))
        .as((d, m, y, s1, s2, order) -> order == 0 ? m + s1 + d + s2 + y
            : order == 1 ? d + s1 + m + s2 + y : y + s1 + m + s2 + d);
    Gen<String> compact = Gens.combine(year, day, day)
        .as((y, m, d) -> y + m + d);
    return soup(Gens.oneOf(date, date, date, compact,
        Gens.strings().numeric().ofMinLength(1).ofMaxLength(4),
        Gens.of("-", " ", ".", "/", "x", "T", "th", "5")), 4);
  }

  private static Gen<String> soup(Gen<String> token, int maxTokens) {
    return token.list().ofMinSize(1).ofMaxSize(maxTokens).map(l -> String.join("", l));
  }
}
