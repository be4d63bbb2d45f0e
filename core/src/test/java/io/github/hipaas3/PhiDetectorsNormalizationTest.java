package io.github.hipaas3;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.hipaas3.internal.detect.DetectorText;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Values disguised with invisible characters, digits of other scripts, full-width and other
 * compatibility forms, Unicode dashes and spaces, other separators and lower case: each must be
 * flagged by the same detector as its plain form. No row was flagged at all before the detectors
 * saw normalized text (issue 13).
 */
class PhiDetectorsNormalizationTest {
  private static final PhiDetectors DEFAULTS = PhiDetectors.defaults();

  /** Fullwidth digits U+FF10-U+FF19. */
  private static final int FULLWIDTH = 0xFF10;
  /** Arabic-Indic digits U+0660-U+0669. */
  private static final int ARABIC_INDIC = 0x0660;
  /** Extended Arabic-Indic (Persian) digits U+06F0-U+06F9. */
  private static final int PERSIAN = 0x06F0;
  /** Devanagari digits U+0966-U+096F. */
  private static final int DEVANAGARI = 0x0966;
  /** Bengali digits U+09E6-U+09EF. */
  private static final int BENGALI = 0x09E6;
  /** Thai digits U+0E50-U+0E59. */
  private static final int THAI = 0x0E50;
  /** Mathematical bold digits U+1D7CE-U+1D7D7 (outside the BMP). */
  private static final int MATH_BOLD = 0x1D7CE;
  /** Osmanya digits U+104A0-U+104A9 (outside the BMP, not changed by NFKC). */
  private static final int OSMANYA = 0x104A0;

  /** {@code ascii} with each ASCII digit replaced by the same digit counted from {@code zero}. */
  static String digits(String ascii, int zero) {
    StringBuilder b = new StringBuilder();
    for (char c : ascii.toCharArray()) {
      if (c >= '0' && c <= '9') {
        b.appendCodePoint(zero + (c - '0'));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  /** {@code ascii} with every printable ASCII character in its full-width form (U+FF01-U+FF5E). */
  static String fullwidth(String ascii) {
    StringBuilder b = new StringBuilder();
    for (char c : ascii.toCharArray()) {
      b.append(c > ' ' && c < 0x7F ? (char) (c - 0x21 + 0xFF01) : c);
    }
    return b.toString();
  }

  /** {@code ascii} with every {@code -} replaced by {@code dash}. */
  static String dashes(String ascii, char dash) {
    return ascii.replace('-', dash);
  }

  /** Each digit of {@code ascii} as a keycap: the digit, U+FE0F and U+20E3. */
  static String keycaps(String ascii) {
    StringBuilder b = new StringBuilder();
    for (char c : ascii.toCharArray()) {
      b.append(c);
      if (c >= '0' && c <= '9') {
        b.append("\uFE0F\u20E3");
      }
    }
    return b.toString();
  }

  static Stream<Arguments> disguised() {
    String ssn = "123-45-6789";
    return Stream.of(
        cases(PhiDetectors.US_SSN,
            // format characters and other default-ignorables inside the number
            "123\u200B-45-6789", "123-45\u200D-6789", "123\uFEFF-45-6789", "1\u00AD23-45-6789",
            "123-4\u200C5-6789", "123-45-67\u206089", "12\u202E3-45-6789", "123-45\u180E-6789",
            "12\uFE0F3-45-6789", "12\u034F3-45-6789", "123-45-678\u20669",
            "12\uDB40\uDC203-45-6789", "12\u31643-45-6789", "patients/123\u200B-45-6789/xray.png",
            // digits of other scripts
            fullwidth(ssn), digits(ssn, FULLWIDTH), digits(ssn, ARABIC_INDIC),
            digits(ssn, PERSIAN), digits(ssn, DEVANAGARI), digits(ssn, BENGALI),
            digits(ssn, THAI), digits(ssn, MATH_BOLD), digits(ssn, OSMANYA),
            "1\u0662\uFF13-45-6789", keycaps(ssn),
            // separators
            "123.45.6789", "123_45_6789", "123\u00A045\u00A06789",
            "123\u202F45\u202F6789", "123\u300045\u30006789", "123\u168045\u16806789",
            "123\u200745\u20076789", dashes(ssn, '\u2013'), dashes(ssn, '\u2014'),
            dashes(ssn, '\u2212'), dashes(ssn, '\u2010'), dashes(ssn, '\u2011'),
            dashes(ssn, '\u2012'), dashes(ssn, '\uFF0D'), dashes(ssn, '\uFE63'),
            dashes(ssn, '\u207B'), "123\u201345-6789", "123\u221245\u20106789",
            "123\uFF0E45\uFF0E6789", "123\uFF3F45\uFF3F6789",
            "ssn=" + digits("078", DEVANAGARI) + "\u200B.05.1120"),
        cases(PhiDetectors.US_NPI, digits("1234567893", FULLWIDTH), "12345\u200B67893",
            "npi:" + digits("1234567893", ARABIC_INDIC)),
        cases(PhiDetectors.DEA_NUMBER, "AB" + digits("1234563", ARABIC_INDIC),
            fullwidth("AB1234563"), "AB12345\u200B63"),
        cases(PhiDetectors.MEDICARE_MBI, dashes("1EG4-TE5-MK73", '\u2011'),
            fullwidth("1EG4-TE5-MK73"), "1EG4\u200BTE5MK73"),
        cases(PhiDetectors.PAYMENT_CARD, "4111\u00A01111\u00A01111\u00A01111",
            digits("4111111111111111", DEVANAGARI), dashes("4111-1111-1111-1111", '\u2013')),
        cases(PhiDetectors.NANP_PHONE, "212_555_0143", "(212)_555_0143", "+1_212_555_0143",
            digits("(212) 555-0143", FULLWIDTH), digits("212-555-0143", ARABIC_INDIC),
            dashes("212-555-0143", '\u2013'), "(212)\u00A0555\u20110143",
            "tel:+1\u2212212\u2212555\u22120143", "212\u200B.555.0143"),
        cases(PhiDetectors.EMAIL, "jane\uFF20example.com", "jane\uFE6Bexample.com",
            "jane@example\uFF0Ecom", "jane@example\u3002com", "jane@example\uFF61com",
            fullwidth("jane@example.com"), "jane\u200B@example.com", "jane@\u200Bexample.com",
            "jos\u00E9@example.com", "jane@b\u00FCcher.example",
            "\u7530\u4E2D@\u4F8B\u3048.\u30C6\u30B9\u30C8",
            "user@\u043F\u0440\u0438\u043C\u0435\u0440.\u0440\u0444"),
        cases(PhiDetectors.URL, fullwidth("https") + "://example.com",
            "https\uFF1A\uFF0F\uFF0Fexample.com", "www\uFF0Eexample\uFF0Eorg",
            "www\u3002example\u3002org", "https:/\u200B/example.com", "www.b\u00FCcher.example"),
        cases(PhiDetectors.IP_ADDRESS, "192\uFF0E168\uFF0E1\uFF0E1", digits("10.0.0.1", THAI),
            "2001\uFF1Adb8\uFF1A\uFF1A1", "192\u3002168\u30021\u30021", "10.0.\u200B0.1"),
        cases(PhiDetectors.FULL_DATE, digits("2020-01-05", FULLWIDTH),
            digits("2020-01-05", DEVANAGARI), "01\u204405\u20442020", "01\u221505\u22152020",
            dashes("2020-01-05", '\u2212'), dashes("2020-01-05", '\u2013'),
            "Jan\u00A05,\u00A02020", "J\u200Ban 5 2020", fullwidth("Jan") + " 5 2020",
            "01/05/" + digits("2020", ARABIC_INDIC), "2020\u3002" + "01\u300205"),
        cases(PhiDetectors.ZIP_PLUS_4, dashes("12345-6789", '\u2013'),
            digits("12345-6789", THAI)),
        cases(PhiDetectors.ICD10_CM, "e11.9", "s72.001a", "t36.0x1a", "dx/e11.9/notes",
            "e11.9.pdf", "z3a.01", fullwidth("E11.9"), "E1\u200B1.9", "\uFF45\uFF11\uFF11.9",
            "e11\u30029"),
        cases(PhiDetectors.DIGIT_RUN, "MRN" + digits("00424242", ARABIC_INDIC),
            digits("0000000", FULLWIDTH), "MRN0042\u200B4242"))
        .flatMap(s -> s);
  }

  private static Stream<Arguments> cases(String detector, String... values) {
    return Stream.of(values).map(v -> Arguments.of(detector, v));
  }

  @ParameterizedTest(name = "{0} flags disguised value #{index}")
  @MethodSource("disguised")
  void disguisedValueIsFlaggedByTheSameDetector(String detector, String value) {
    assertThat(DEFAULTS.firstMatch(value)).contains(detector);
    assertThat(DEFAULTS.firstMatch(new StringBuilder(value))).contains(detector);
    PhiDetector single = DEFAULTS.detector(detector).orElseThrow();
    assertThat(single.detect(value)).isTrue();
    assertThat(PhiDetectors.none().with(single).firstMatch(value)).contains(detector);
  }

  /** Non-ASCII business words and near-misses: normalization must not invent a match. */
  @ParameterizedTest
  @ValueSource(strings = {"radiolog\u00EDa", "Gr\u00F6\u00DFe", "na\u00EFve-r\u00E9sum\u00E9",
      "\u6771\u4EAC", "\u30C7\u30FC\u30BF", "lab\u2011report", "caf\u00E9 \u2013 men\u00FA",
      "\u00A0lab-report\u00A0", "x\u200By", "\uD83D\uDE00", "\uD800", "\uDC00abc",
      "r\u00E9sum\u00E9.pdf", "Stra\u00DFe 12", "\u00BD", "\u2460", "v\u0661",
      "\u0661\u0662:\u0663\u0660", "\uFF36\uFF11.\uFF12.\uFF13", "e\u0301clair",
      "x86\u201364", "\u0645\u0644\u0641-\u0661\u0662", "\uFF41\uFF50\uFF50\uFF4C\uFF45",
      "\u00E9t\u00E9 2024", "123\u2013456", "v18\u2024" + "17\u20240", "\u212B",
      "h\u00E9-264", "\uFF45\uFF11\uFF11\uFF19"})
  void normalizedBusinessWordsAreNotFlagged(String value) {
    assertThat(DEFAULTS.firstMatch(value)).isEmpty();
  }

  @Test
  void customDetectorsSeeTheNormalizedText() {
    AtomicReference<String> seen = new AtomicReference<>();
    PhiDetector spy = PhiDetector.of("SPY", v -> {
      seen.set(v.toString());
      return false;
    });
    PhiDetectors set = PhiDetectors.none().with(spy);
    assertThat(set.firstMatch("MRN\u200B\u2013" + digits("12", DEVANAGARI) + "\uFF21"))
        .isEmpty();
    assertThat(seen.get()).isEqualTo("MRN-12A");
    DEFAULTS.with(spy).firstMatch("\uFF4C\uFF41\uFF42\u00A0report");
    assertThat(seen.get()).isEqualTo("lab report");

    PhiDetectors mrn = DEFAULTS.with(PhiDetector.of("MRN", v -> v.toString().startsWith("MRN-")));
    assertThat(mrn.firstMatch(fullwidth("MRN-ab"))).contains("MRN");
    assertThat(mrn.firstMatch("MRN\u2011ab")).contains("MRN");
    assertThat(mrn.firstMatch("\u200BMRN-ab")).contains("MRN");
  }

  @Test
  void anAsciiValueReachesCustomDetectorsAsItIs() {
    List<CharSequence> seen = new ArrayList<>();
    PhiDetector spy = PhiDetector.of("SPY", v -> {
      seen.add(v);
      return false;
    });
    StringBuilder value = new StringBuilder("lab-report");
    assertThat(PhiDetectors.none().with(spy).firstMatch(value)).isEmpty();
    assertThat(DEFAULTS.with(spy).firstMatch(value)).isEmpty();
    assertThat(seen).hasSize(2).allSatisfy(v -> assertThat(v).isSameAs(value));
    assertThat(DetectorText.normalize(value)).isSameAs(value);
  }

  @Test
  void aValueThatNormalizationLeavesAloneIsNotCopied() {
    for (String word : List.of("radiolog\u00EDa", "\u6771\u4EAC/\u30C7\u30FC\u30BF",
        "Gr\u00F6\u00DFe-2024", "\u043E\u0442\u0447\u0451\u0442")) {
      assertThat(DetectorText.normalize(word)).as(word).isSameAs(word);
    }
    for (String changed : List.of("caf\u00E9\u00A0menu", "e\u0301", "x\u200By", "\uFF21",
        "\u0661", "a\u2013b", "1\u20E3", "\u00E91\uFE0F")) {
      assertThat(DetectorText.normalize(changed)).as(changed).isNotSameAs(changed);
    }
  }

  @Test
  void everyUnicodeDecimalDigitIsReadAsItsValue() {
    int checked = 0;
    for (int cp = 0x80; cp <= Character.MAX_CODE_POINT; cp++) {
      if (Character.getType(cp) != Character.DECIMAL_DIGIT_NUMBER) {
        continue;
      }
      int value = Character.digit(cp, 10);
      String digit = new String(Character.toChars(cp));
      assertThat(DetectorText.normalize(digit).toString()).as("U+%04X", cp)
          .isEqualTo(String.valueOf(value));
      checked++;
    }
    assertThat(checked).isGreaterThan(500);
  }

  @Test
  void everyFormatCharacterIsRemoved() {
    int checked = 0;
    for (int cp = 0x80; cp <= Character.MAX_CODE_POINT; cp++) {
      if (Character.getType(cp) != Character.FORMAT) {
        continue;
      }
      String value = "123-45" + new String(Character.toChars(cp)) + "-6789";
      assertThat(DetectorText.normalize(value).toString()).as("U+%04X", cp)
          .isEqualTo("123-45-6789");
      assertThat(DEFAULTS.firstMatch(value)).as("U+%04X", cp).contains(PhiDetectors.US_SSN);
      checked++;
    }
    assertThat(checked).isGreaterThan(100);
  }

  @Test
  void everyUnicodeDashAndSpaceIsASeparator() {
    int checked = 0;
    for (int cp = 0x80; cp <= Character.MAX_CODE_POINT; cp++) {
      int type = Character.getType(cp);
      if (type != Character.DASH_PUNCTUATION && type != Character.SPACE_SEPARATOR) {
        continue;
      }
      String separator = new String(Character.toChars(cp));
      String value = "123" + separator + "45" + separator + "6789";
      Optional<String> match = DEFAULTS.firstMatch(value);
      assertThat(match).as("U+%04X", cp).contains(PhiDetectors.US_SSN);
      checked++;
    }
    assertThat(checked).isGreaterThan(30);
  }
}
