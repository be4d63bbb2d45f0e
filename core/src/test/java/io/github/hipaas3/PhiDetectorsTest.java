package io.github.hipaas3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Examples and near-misses for every built-in detector, plus the {@link PhiDetectors} API. */
class PhiDetectorsTest {

  private static final PhiDetectors DEFAULTS = PhiDetectors.defaults();

  private static PhiDetector single(String name) {
    return DEFAULTS.detector(name).orElseThrow();
  }

  /** Values each detector must flag; {@code defaults()} must flag them too. */
  static Stream<Arguments> detected() {
    return Stream.of(
        cases(PhiDetectors.US_SSN, "123-45-6789", "123 45 6789", "123456789",
            "patients/123-45-6789/xray.png", "abc123456789xyz", "ssn=078-05-1120;",
            "899-99-9999", "001-01-0001", "665-01-0001", "ID 123-45-6789.", "123.45.6789",
            "123_45_6789", "ssn_123_45_6789.pdf"),
        cases(PhiDetectors.US_NPI, "1234567893", "npi:1234567893", "provider-1234567893.pdf",
            "x1234567893y"),
        cases(PhiDetectors.DEA_NUMBER, "AB1234563", "ab1234563", "Ab1234563", "BJ6125341",
            "A91234563", "rx/AB1234563/scan", "dea AB1234563x"),
        cases(PhiDetectors.MEDICARE_MBI, "1EG4-TE5-MK73", "1EG4TE5MK73", "1eg4-te5-mk73",
            "mbi/1EG4TE5MK73/card.png", "member 1EG4-TE5-MK73.", "9AA0AA0AA00", "1E04-T05-MK73"),
        cases(PhiDetectors.PAYMENT_CARD, "4111 1111 1111 1111", "4111-1111-1111-1111",
            "4111111111111111", "5555555555554444", "378282246310005", "3782 822463 10005",
            "6011111111111117", "card=4111111111111111;", "2223003122003222"),
        cases(PhiDetectors.NANP_PHONE, "2125550143", "212-555-0143", "212.555.0143",
            "212 555 0143", "(212) 555-0143", "(212)555-0143", "+1 212 555 0143",
            "1-212-555-0143", "+12125550143", "call 212-555-0143 today", "tel:+1-212-555-0143",
            "212_555_0143", "(212)_555_0143", "+1_212_555_0143"),
        cases(PhiDetectors.EMAIL, "jane.doe@example.com", "x+tag@sub.example.co.uk",
            "contact: a_b@ex-ample.org;", "JANE@EXAMPLE.ORG", "mailto:j@x.io",
            "jos\u00e9@example.com", "jane@b\u00fccher.example",
            "user@\u043f\u0440\u0438\u043c\u0435\u0440.\u0440\u0444"),
        cases(PhiDetectors.URL, "https://example.com/path", "http://x", "s3://bucket/key",
            "ftp://10.0.0.1", "www.example.org", "see WWW.Example.com/page", "file:///home/x",
            "http://[2001:db8::1]/", "git+ssh://host/repo"),
        cases(PhiDetectors.IP_ADDRESS, "192.168.1.1", "10.0.0.1", "host=8.8.8.8;", "0.0.0.0",
            "255.255.255.255", "2001:db8::1", "::1", "fe80::1%eth0",
            "2001:0db8:85a3:0000:0000:8a2e:0370:7334", "::ffff:192.0.2.128", "[2001:db8::1]:443",
            "1:2:3:4:5:6:7::", "ip:2001:db8::1", "1::", "addr 2001:DB8::A:1.", "1.2.3.4.",
            "v1.2.3.4"),
        cases(PhiDetectors.FULL_DATE, "2020-01-05", "2020/01/05", "2020.01.05", "20200105",
            "01/05/2020", "1/5/2020", "01-05-2020", "05.01.2020", "31.12.2020", "12/31/2020",
            "2020-1-5", "January 5, 2020", "Jan 5 2020", "5 Jan 2020", "05-Jan-2020", "05JAN2020",
            "jan 5 2020", "JANUARY 5, 2020", "Sept 5, 2021", "Mar. 3rd, 1999", "2020-Jan-05",
            "scan-2020-01-05.pdf", "dob/29.02.2000/x", "2024-02-29T10:30:00Z", "x20200105",
            "5thJan2020", "5th Jan, 2020", "05.Jan.2020", "2020 Jan 5", "Jan-05-2020",
            "12 Sep 1999", "9 September 2001", "June 30 2020", "on 7/4/1976."),
        cases(PhiDetectors.ZIP_PLUS_4, "12345-6789", "zip 02134-1234", "addr/90210-1234/x"),
        cases(PhiDetectors.ICD10_CM, "E11.9", "S72.001A", "E119", "Z3A", "dx/E11.9/notes",
            "T36.0X1A", "M1A.0", "C7B.01", "A00", "E11.9.pdf", "dx E11", "e11.9", "s72.001a",
            "t36.0x1a", "dx/e11.9/notes", "e11.9.pdf", "z3a.01", "E11.9a", "m1a.0", "f32.a",
            "x58.xxxa", "v43.52xa", "r40.2112"),
        cases(PhiDetectors.DIGIT_RUN, "123456", "abc123456xyz", "MRN00424242", "0000000"))
        .flatMap(s -> s);
  }

  /** Near-misses each detector rejects and that nothing in {@code defaults()} flags either. */
  static Stream<Arguments> rejectedEverywhere() {
    return Stream.of(
        cases(PhiDetectors.US_SSN, "000-12-3456", "666-12-3456", "900-12-3456", "999-12-3456",
            "123-00-4567", "123-45-0000", "123-45 6789", "123 45-6789", "1234-56-7890",
            "123-456-789", "123.45-6789", "123_45 6789", "123/45/6789", "666.12.3456",
            "123_00_4567"),
        cases(PhiDetectors.MEDICARE_MBI, "1SG4-TE5-MK73", "1EL4-TE5-MK73", "1EG4-TO5-MK73",
            "1EG4-TE5-MZ73", "1BG4-TE5-MK73", "1IG4-TE5-MK73", "0EG4-TE5-MK73", "1EGA-TE5-MK73",
            "1EG4-TE5-MKA3", "1EG4TE5-MK73", "X1EG4TE5MK73", "1EG4TE5MK73X", "1EG4TE5MK7"),
        cases(PhiDetectors.PAYMENT_CARD, "4111 1111 1111 1112", "4111-1111-1111-1112",
            "4111 1111-1111 1111", "4111  1111 1111 1111", "7111 1111 1111 1114",
            "1111 1111 1111 1117"),
        cases(PhiDetectors.NANP_PHONE, "123-555-0143", "555-911-1234", "212-911-0143",
            "212-411-0143", "295-555-0143", "212-555.0143", "212-055-0143", "212-155-0143",
            "(212)-555-01430", "212_555-0143", "212__555__0143"),
        cases(PhiDetectors.EMAIL, "user@localhost", "@example.com", "jane@", "jane@example",
            "jane@.com", "a@b.c", "a @b.com"),
        cases(PhiDetectors.URL, "http://", "://example.com", "www.example", "1://x",
            "https:/example.com", "application/pdf", "www-data", "http:// x"),
        cases(PhiDetectors.IP_ADDRESS, "256.1.1.1", "1.2.3.4.5", "192.168.01.1", "1.2.3",
            "12:30:45", "10:30", "23:59:59.999", "std::fmt", "Foo::bar", "2001:db8::1::2",
            "12345::1", "1:2:3:4:5:6:7", "::", "1:2:3:4:5:6:7:8:9", "v1.2.3", "1234.1.1.1"),
        cases(PhiDetectors.FULL_DATE, "2023-02-30", "2023-13-01", "02/30/2023", "31/31/2020",
            "2024", "Jan 2020", "January 2020", "1899-01-01", "2100-01-01", "Feb 30, 2020",
            "30 Feb 2020", "Q3-2024", "2024-Q3", "2023-02-29", "Janus 5 2020", "05-Jab-2020",
            "10/2024", "10/12/24", "Oct 12", "12 Oct", "Jan 123 2020", "Jan 5 20201",
            "2020-01/05", "1/5-2020", "Sep 31 2020", "2020-Jun-31", "Jan5th2020", "Octo 5 2020"),
        cases(PhiDetectors.ZIP_PLUS_4, "12345-678", "1234-56789", "12345 6789", "12345-67890"),
        cases(PhiDetectors.ICD10_CM, "v12", "X", "U07.1", "B2B", "AE11.9", "E11x",
            "E1", "E1.1", "E2E", "Z3C", "e119", "v10/bcdfg", "x86_64", "video/h264", "u07.1",
            "v18.17.0", "ae11.9", "e11.12345", "e11.", "b2b.io", "z3c.01",
            "3f1c2a9e-e123-4e21-9c55-0d8e7f6a1b2c", "node-linux-x64.tar.gz", "b12.txt",
            "config-v12.json", "app-v12.3.zip", "part_a01.csv", "x00.gz", "v10.0"),
        cases(PhiDetectors.DIGIT_RUN, "12345", "1-2-3-4-5-6", "a12345b12345"))
        .flatMap(s -> s);
  }

  /**
   * Near-misses each detector rejects but that {@code defaults()} still flags for another reason
   * (typically {@link PhiDetectors#DIGIT_RUN}), so they are checked on the single detector.
   */
  static Stream<Arguments> rejectedBySingleDetector() {
    return Stream.of(
        cases(PhiDetectors.US_SSN, "000123456", "666123456", "123004567", "1234567890"),
        cases(PhiDetectors.US_NPI, "1234567890", "1234567894", "3234567893", "12345678930",
            "01234567893", "123456789"),
        cases(PhiDetectors.DEA_NUMBER, "AB1234564", "IB1234563", "NB1234563", "XAB1234563",
            "AB12345630", "A11234563", "AB123456"),
        cases(PhiDetectors.PAYMENT_CARD, "4111111111111112", "41111111111111111111",
            "411111111111"),
        cases(PhiDetectors.NANP_PHONE, "1235550143", "21255501430", "2129110143"),
        cases(PhiDetectors.FULL_DATE, "20230230", "20231301", "18991231"),
        cases(PhiDetectors.ZIP_PLUS_4, "123456-7890"),
        cases(PhiDetectors.IP_ADDRESS, "1.2.3.456789", "123456.1.1.1"))
        .flatMap(s -> s);
  }

  private static Stream<Arguments> cases(String detector, String... values) {
    return Stream.of(values).map(v -> Arguments.of(detector, v));
  }

  @ParameterizedTest(name = "{0} flags {1}")
  @MethodSource("detected")
  void detectorFlagsValidValue(String detector, String value) {
    assertThat(single(detector).detect(value)).isTrue();
    assertThat(DEFAULTS.firstMatch(value)).isPresent();
    assertThat(DEFAULTS.firstMatch(new StringBuilder(value))).isPresent();
  }

  @ParameterizedTest(name = "{0} and defaults pass {1}")
  @MethodSource("rejectedEverywhere")
  void nearMissIsRejectedByDetectorAndDefaults(String detector, String value) {
    assertThat(single(detector).detect(value)).isFalse();
    assertThat(DEFAULTS.firstMatch(value)).isEmpty();
  }

  @ParameterizedTest(name = "{0} passes {1}")
  @MethodSource("rejectedBySingleDetector")
  void nearMissIsRejectedByDetector(String detector, String value) {
    assertThat(single(detector).detect(value)).isFalse();
    assertThat(PhiDetectors.none().with(single(detector)).firstMatch(value)).isEmpty();
  }

  @ParameterizedTest(name = "{1} is flagged first by {0}")
  @MethodSource("firstMatches")
  void firstMatchFollowsListOrder(String expected, String value) {
    assertThat(DEFAULTS.firstMatch(value)).contains(expected);
  }

  static Stream<Arguments> firstMatches() {
    return Stream.of(
        Arguments.of(PhiDetectors.US_SSN, "patients/123-45-6789/xray.png"),
        Arguments.of(PhiDetectors.US_SSN, "123456789"),
        Arguments.of(PhiDetectors.US_NPI, "1234567893"),
        Arguments.of(PhiDetectors.DEA_NUMBER, "AB1234563"),
        Arguments.of(PhiDetectors.MEDICARE_MBI, "1EG4-TE5-MK73"),
        Arguments.of(PhiDetectors.PAYMENT_CARD, "4111 1111 1111 1111"),
        Arguments.of(PhiDetectors.NANP_PHONE, "(212) 555-0143"),
        Arguments.of(PhiDetectors.EMAIL, "jane.doe@example.com"),
        Arguments.of(PhiDetectors.URL, "https://10.0.0.1/"),
        Arguments.of(PhiDetectors.IP_ADDRESS, "10.0.0.1"),
        Arguments.of(PhiDetectors.IP_ADDRESS, "::1"),
        Arguments.of(PhiDetectors.FULL_DATE, "Jan 5 2020"),
        Arguments.of(PhiDetectors.FULL_DATE, "20200105"),
        Arguments.of(PhiDetectors.ZIP_PLUS_4, "12345-6789"),
        Arguments.of(PhiDetectors.ICD10_CM, "E11.9"),
        Arguments.of(PhiDetectors.DIGIT_RUN, "MRN00424242"));
  }

  @ParameterizedTest(name = "defaults pass \"{0}\"")
  @ValueSource(strings = {"", "invoice", "lab-report", "radiology", "application/pdf",
      "attachment; filename=\"report.pdf\"", "svc-ingest", "content-version", "3", "v1", "2024",
      "Q3-2024", "tenant-a/lab-reports", "us-east-1", "arn-less-text", "epic", "chart", "x-ray",
      "discharge-summary", "image/png", "text/plain; charset=utf-8", "document-type",
      "department", "source-system", "uploaded-by", "image/jpeg", "gzip", "UTF-8", "S3", "AWS",
      "HIPAA", "PHI", "us-west-2", "aws:kms", "AES256", "STANDARD_IA", "max-age=3600",
      "x-amz-meta-department", "v1.2.3", "1.0.0", "tenant-a/lab-reports/2024/q3/summary.pdf",
      "no-cache, no-store", "inline", "bytes=0-1023", "report_final_v2.PDF", "Mon, Tue",
      "cardiology/ecg", "version 12", "page 3 of 10", "12:30", "12:30:45", "2024-Q3",
      "batch-0042", "dept:oncology"})
  void businessWordsAreNotFlagged(String value) {
    assertThat(DEFAULTS.firstMatch(value)).isEmpty();
  }

  @Test
  void typicalPutStringsAreNotFlagged() {
    for (String s : List.of("tenant-a/lab-reports/2024/report.pdf", "document-type",
        "lab-report", "department", "radiology", "content-version", "3", "source-system", "epic",
        "uploaded-by", "svc-ingest")) {
      assertThat(DEFAULTS.firstMatch(s)).as("typical value").isEmpty();
    }
  }

  @Test
  void digitRunThresholdIsConfigurable() {
    PhiDetectors eight = PhiDetectors.builtIn(8);
    assertThat(eight.digitRunThreshold()).isEqualTo(8);
    assertThat(eight.firstMatch("x1234567y")).isEmpty();
    assertThat(eight.firstMatch("x12345678y")).contains(PhiDetectors.DIGIT_RUN);
    assertThat(DEFAULTS.firstMatch("x12345y")).isEmpty();
    assertThat(DEFAULTS.firstMatch("x123456y")).contains(PhiDetectors.DIGIT_RUN);
    PhiDetectors four = PhiDetectors.builtIn(4);
    assertThat(four.firstMatch("v123")).isEmpty();
    assertThat(four.firstMatch("v1234")).contains(PhiDetectors.DIGIT_RUN);
    assertThat(PhiDetectors.builtIn(64).digitRunThreshold()).isEqualTo(64);
    assertThat(PhiDetectors.builtIn(PhiDetectors.DEFAULT_DIGIT_RUN_THRESHOLD))
        .isEqualTo(DEFAULTS);
  }

  @ParameterizedTest
  @ValueSource(ints = {Integer.MIN_VALUE, -1, 0, 3, 65, Integer.MAX_VALUE})
  void digitRunThresholdOutOfRangeIsRefused(int threshold) {
    assertThatIllegalArgumentException().isThrownBy(() -> PhiDetectors.builtIn(threshold))
        .withMessageContaining("digitRunThreshold");
  }

  @Test
  void namesAreInDocumentedOrder() {
    assertThat(DEFAULTS.names()).containsExactly(PhiDetectors.US_SSN, PhiDetectors.US_NPI,
        PhiDetectors.DEA_NUMBER, PhiDetectors.MEDICARE_MBI, PhiDetectors.PAYMENT_CARD,
        PhiDetectors.NANP_PHONE, PhiDetectors.EMAIL, PhiDetectors.URL, PhiDetectors.IP_ADDRESS,
        PhiDetectors.FULL_DATE, PhiDetectors.ZIP_PLUS_4, PhiDetectors.ICD10_CM,
        PhiDetectors.DIGIT_RUN);
    assertThat(PhiDetectors.builtIn(9).names()).isEqualTo(DEFAULTS.names());
    assertThat(PhiDetectors.none().names()).isEmpty();
    assertThat(DEFAULTS.digitRunThreshold())
        .isEqualTo(PhiDetectors.DEFAULT_DIGIT_RUN_THRESHOLD).isEqualTo(6);
    for (String name : DEFAULTS.names()) {
      assertThat(single(name).name()).isEqualTo(name);
    }
    assertThat(DEFAULTS.detector("NOPE")).isEmpty();
  }

  @Test
  void namesAreImmutable() {
    List<String> names = DEFAULTS.names();
    Throwable t = catchThrowable(() -> names.add("X"));
    assertThat(t).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void noneFlagsNothing() {
    assertThat(PhiDetectors.none().firstMatch("123-45-6789")).isEmpty();
  }

  @Test
  void withAppendsCustomDetectorsAfterBuiltIns() {
    PhiDetector mrn = PhiDetector.of("MRN", v -> v.toString().startsWith("MRN-"));
    PhiDetector tenant = PhiDetector.of("tenant.secret_1", v -> v.toString().contains("acme"));
    PhiDetectors set = DEFAULTS.with(mrn, tenant);
    assertThat(set.names()).hasSize(15).endsWith("MRN", "tenant.secret_1");
    assertThat(set.names().subList(0, 13)).isEqualTo(DEFAULTS.names());
    assertThat(set.firstMatch("MRN-abc")).contains("MRN");
    assertThat(set.firstMatch("acme-corp")).contains("tenant.secret_1");
    assertThat(set.firstMatch("MRN-123-45-6789")).contains(PhiDetectors.US_SSN);
    assertThat(set.firstMatch("lab-report")).isEmpty();
    assertThat(set.digitRunThreshold()).isEqualTo(6);
    assertThat(set.detector("MRN")).containsSame(mrn);
    assertThat(mrn.detect("MRN-x")).isTrue();
    assertThat(mrn.name()).isEqualTo("MRN");
    assertThat(mrn.toString()).isEqualTo("PhiDetector{name=MRN}");
    assertThat(DEFAULTS.names()).hasSize(13);
    assertThat(PhiDetectors.builtIn(9).with(mrn).digitRunThreshold()).isEqualTo(9);
  }

  @Test
  void singleBuiltInCanBeUsedAlone() {
    PhiDetectors ssnOnly = PhiDetectors.none().with(single(PhiDetectors.US_SSN));
    assertThat(ssnOnly.names()).containsExactly(PhiDetectors.US_SSN);
    assertThat(ssnOnly.firstMatch("123-45-6789")).contains(PhiDetectors.US_SSN);
    assertThat(ssnOnly.firstMatch("jane@example.com")).isEmpty();
    assertThat(ssnOnly.firstMatch("1234567890")).isEmpty();
  }

  @Test
  void duplicateNamesAreRefused() {
    PhiDetector a = PhiDetector.of("A", v -> false);
    assertThatIllegalArgumentException().isThrownBy(() -> DEFAULTS.with(a, a))
        .withMessageContaining("duplicate");
    assertThatIllegalArgumentException().isThrownBy(() -> DEFAULTS.with(a).with(a));
    assertThatIllegalArgumentException().isThrownBy(
        () -> DEFAULTS.with(PhiDetector.of(PhiDetectors.US_SSN, v -> false)))
        .withMessageContaining(PhiDetectors.US_SSN);
    assertThatIllegalArgumentException().isThrownBy(
        () -> DEFAULTS.with(single(PhiDetectors.EMAIL)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "has space", "semi;colon", "é", "slash/name",
      "12345678901234567890123456789012345678901234567890123456789012345"})
  void invalidNamesAreRefused(String name) {
    assertThatIllegalArgumentException().isThrownBy(() -> PhiDetector.of(name, v -> false));
    PhiDetector custom = new PhiDetector() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public boolean detect(CharSequence value) {
        return false;
      }
    };
    assertThatIllegalArgumentException().isThrownBy(() -> PhiDetectors.none().with(custom));
  }

  @Test
  void validNameEdgesAreAccepted() {
    String sixtyFour = "a".repeat(64);
    assertThat(PhiDetector.of(sixtyFour, v -> false).name()).isEqualTo(sixtyFour);
    assertThat(PhiDetector.of("A-z_0.9", v -> false).name()).isEqualTo("A-z_0.9");
  }

  @Test
  void nullsAreRefused() {
    assertThatNullPointerException().isThrownBy(() -> PhiDetector.of(null, v -> false));
    assertThatNullPointerException().isThrownBy(() -> PhiDetector.of("A", null));
    assertThatNullPointerException().isThrownBy(() -> DEFAULTS.with((PhiDetector[]) null));
    assertThatNullPointerException().isThrownBy(() -> DEFAULTS.with((PhiDetector) null));
    assertThatNullPointerException().isThrownBy(() -> DEFAULTS.firstMatch(null));
    assertThatNullPointerException().isThrownBy(() -> PhiDetectors.none().firstMatch(null));
    assertThatNullPointerException().isThrownBy(() -> DEFAULTS.detector(null));
    assertThatNullPointerException().isThrownBy(() -> single(PhiDetectors.URL).detect(null));
    assertThatNullPointerException()
        .isThrownBy(() -> PhiDetector.of("A", v -> false).detect(null));
  }

  @Test
  void throwingDetectorFailsClosedWithoutLeakingTheValue() {
    String value = "Jane Canarypatient";
    AtomicReference<String> seen = new AtomicReference<>();
    PhiDetector broken = PhiDetector.of("BROKEN", v -> {
      seen.set(v.toString());
      throw new IllegalStateException("cannot parse " + v);
    });
    PhiDetector never = PhiDetector.of("NEVER", v -> false);
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    Optional<String> custom;
    Optional<String> withDefaults;
    Optional<String> clean;
    try (PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
      System.setOut(capture);
      System.setErr(capture);
      custom = PhiDetectors.none().with(never, broken).firstMatch(value);
      withDefaults = DEFAULTS.with(broken).firstMatch(value);
      clean = DEFAULTS.with(broken).firstMatch("123-45-6789");
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    assertThat(seen.get()).isEqualTo(value); // the detector really ran and threw
    assertThat(custom).contains("BROKEN");
    assertThat(withDefaults).contains("BROKEN");
    assertThat(clean).contains(PhiDetectors.US_SSN);
    assertThat(captured.toString(StandardCharsets.UTF_8)).isEmpty();
    PhiDetectors set = DEFAULTS.with(broken);
    assertThat(set.toString()).doesNotContain("Canarypatient");
    assertThat(String.valueOf(custom)).doesNotContain("Canarypatient");
  }

  @Test
  void stackOverflowInDetectorFailsClosed() {
    PhiDetector deep = PhiDetector.of("DEEP", v -> {
      throw new StackOverflowError();
    });
    assertThat(PhiDetectors.none().with(deep).firstMatch("x")).contains("DEEP");
  }

  @Test
  void otherThrowablesFailClosedButVirtualMachineErrorsPropagate() {
    PhiDetector asserting = PhiDetector.of("ASSERTING", v -> {
      throw new AssertionError("value was " + v);
    });
    assertThat(PhiDetectors.none().with(asserting).firstMatch("x")).contains("ASSERTING");
    PhiDetector oom = PhiDetector.of("OOM", v -> {
      throw new OutOfMemoryError("test");
    });
    assertThat(catchThrowable(() -> PhiDetectors.none().with(oom).firstMatch("x")))
        .isInstanceOf(OutOfMemoryError.class);
  }

  @Test
  void nullMessageDoesNotEchoAnything() {
    Throwable t = catchThrowable(() -> DEFAULTS.firstMatch(null));
    assertThat(t).isInstanceOf(NullPointerException.class);
    assertThat(t.getMessage()).doesNotContain("null value").isNotBlank();
  }

  @Test
  void equalsHashCodeAndToString() {
    assertThat(DEFAULTS).isEqualTo(PhiDetectors.builtIn(6)).hasSameHashCodeAs(
        PhiDetectors.builtIn(6));
    assertThat(PhiDetectors.builtIn(7)).isEqualTo(PhiDetectors.builtIn(7))
        .hasSameHashCodeAs(PhiDetectors.builtIn(7)).isNotEqualTo(DEFAULTS);
    assertThat(PhiDetectors.none()).isNotEqualTo(DEFAULTS).isEqualTo(PhiDetectors.none());
    PhiDetector a = PhiDetector.of("A", v -> false);
    PhiDetector otherA = PhiDetector.of("A", v -> true);
    assertThat(DEFAULTS.with(a)).isEqualTo(DEFAULTS.with(otherA))
        .hasSameHashCodeAs(DEFAULTS.with(otherA)).isNotEqualTo(DEFAULTS);
    assertThat(DEFAULTS.with(a, PhiDetector.of("B", v -> false)))
        .isNotEqualTo(DEFAULTS.with(PhiDetector.of("B", v -> false), a));
    assertThat(DEFAULTS).isNotEqualTo(null).isNotEqualTo("PhiDetectors");
    assertThat(DEFAULTS.toString()).isEqualTo("PhiDetectors{names=[US_SSN, US_NPI, DEA_NUMBER, "
        + "MEDICARE_MBI, PAYMENT_CARD, NANP_PHONE, EMAIL, URL, IP_ADDRESS, FULL_DATE, ZIP_PLUS_4, "
        + "ICD10_CM, DIGIT_RUN], digitRunThreshold=6}");
    assertThat(PhiDetectors.none().toString())
        .isEqualTo("PhiDetectors{names=[], digitRunThreshold=6}");
    assertThat(PhiDetectors.none().with(a).toString())
        .isEqualTo("PhiDetectors{names=[A], digitRunThreshold=6}");
  }

  @Test
  void toStringsNeverContainScannedValues() {
    List<String> values = new ArrayList<>();
    detected().forEach(args -> values.add((String) args.get()[1]));
    PhiDetectors set = DEFAULTS.with(PhiDetector.of("CUSTOM", v -> false));
    for (String v : values) {
      set.firstMatch(v);
    }
    List<String> descriptions = new ArrayList<>();
    descriptions.add(set.toString());
    for (String name : set.names()) {
      descriptions.add(set.detector(name).orElseThrow().toString());
    }
    for (String d : descriptions) {
      for (String v : values) {
        assertThat(d).doesNotContain(v);
      }
    }
  }

  @Test
  void detectorNameIsReadOnce() {
    AtomicInteger calls = new AtomicInteger();
    PhiDetector shifty = new PhiDetector() {
      @Override
      public String name() {
        return "N" + calls.incrementAndGet();
      }

      @Override
      public boolean detect(CharSequence value) {
        return true;
      }
    };
    PhiDetectors set = PhiDetectors.none().with(shifty);
    assertThat(set.names()).containsExactly("N1");
    assertThat(set.firstMatch("x")).contains("N1");
    assertThat(set.detector("N1")).containsSame(shifty);
  }

  @Test
  void longAdversarialInputsAreScreenedInLinearTime() {
    List<String> inputs = List.of("1-".repeat(50_000), "12-".repeat(40_000),
        "a@".repeat(50_000), "a@b.".repeat(30_000), "1.".repeat(50_000), ":".repeat(100_000),
        "1:".repeat(50_000), "a::".repeat(30_000), "x://".repeat(25_000),
        "+://".repeat(25_000), "www.".repeat(25_000), "Jan 1 ".repeat(20_000),
        "1 Jan ".repeat(20_000), "2020-".repeat(20_000), "E11".repeat(30_000),
        "1EG4-".repeat(20_000), "(212) ".repeat(20_000), "9".repeat(100_000),
        "1 ".repeat(50_000), "AB".repeat(50_000), "5th".repeat(30_000));
    assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
      for (String input : inputs) {
        DEFAULTS.firstMatch(input);
        for (String name : DEFAULTS.names()) {
          single(name).detect(input);
        }
      }
    });
  }

  @Test
  void concurrentScreeningIsConsistent() throws InterruptedException {
    List<String> values = new ArrayList<>();
    detected().forEach(args -> values.add((String) args.get()[1]));
    List<Optional<String>> expected = values.stream().map(DEFAULTS::firstMatch).toList();
    List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      Thread thread = new Thread(() -> {
        for (int round = 0; round < 200; round++) {
          for (int i = 0; i < values.size(); i++) {
            if (!DEFAULTS.firstMatch(values.get(i)).equals(expected.get(i))) {
              failures.add(new AssertionError("mismatch at index " + i));
            }
          }
        }
      });
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(failures).isEmpty();
  }
}
