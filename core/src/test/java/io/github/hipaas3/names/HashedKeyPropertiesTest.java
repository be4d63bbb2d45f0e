package io.github.hipaas3.names;

import io.github.hipaas3.testing.gen.Gen;
import io.github.hipaas3.testing.gen.Gens;
import io.github.hipaas3.testing.gen.PropertyTest;
import io.github.hipaas3.testing.gen.StringGen;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.AfterAll;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.hipaas3.HipaaS3Client;
import io.github.hipaas3.PhiDetectors;
import io.github.hipaas3.testing.RecordingHttpClient;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Properties of hashed keys: they reveal nothing of the ID and never look like PHI. */
class HashedKeyPropertiesTest {
  private static HipaaS3Client client;

  @BeforeAll
  static void open() {
    client = new RecordingHttpClient().hipaaClientBuilder().build();
  }

  @AfterAll
  static void close() {
    client.close();
  }

  /** Object IDs shaped like what healthcare code writes: paths full of identifiers. */
  Gen<String> phiShapedIds() {
    Gen<String> ssn = Gens.combine(Gens.integers().between(1, 899),
        Gens.integers().between(1, 99), Gens.integers().between(1, 9999))
        .as((a, g, s) -> String.format("%03d-%02d-%04d", a, g, s));
    Gen<String> digits = Gens.strings().numeric().ofMinLength(4).ofMaxLength(12);
    Gen<String> name = Gens.of("Jane Q. Canarypatient", "José Muñoz", "李小龙",
        "O'Brien, Mary", "Smith-Jones");
    Gen<String> file = Gens.of("xray.png", "notes.txt", "scan.dcm", "report.pdf");
    Gen<String> segment = Gens.oneOf(ssn, digits, name, file,
        Gens.strings().ofMinLength(1).ofMaxLength(20));
    return segment.list().ofMinSize(1).ofMaxSize(6).map(parts -> String.join("/", parts));
  }

  @PropertyTest(tries = 2000, value = {"phiShapedIds"})
  void hashedKey_containsNoSubstringOfTheIdLongerThanThree(
      String objectId) {
    assertRevealsNothingOf(objectId, client.objectKey(objectId));
  }

  @PropertyTest(tries = 2000, value = {"anyString"})
  void hashedKey_ofAnyString_containsNoSubstringLongerThanThree(String objectId) {
    if (objectId.isEmpty() || StringGen.hasUnpairedSurrogate(objectId)) {
      return; // refused by the client, tested elsewhere
    }
    String key = client.objectKey(objectId);
    if (key.equals(objectId)) {
      return; // an ID that is itself a stored key maps to itself
    }
    assertRevealsNothingOf(objectId, key);
  }

  /**
   * A key is the fixed "v1/" followed by 64 letters derived from the ID, and no 4 characters
   * of the ID appear in the derived part. The fixed prefix is left out of the substring check:
   * an ID such as {@code .../1/scan.dcm} meets {@code "v1/"} plus two derived letters in
   * {@code "1/sc"} by chance (1 in 256), which reveals nothing of the ID and made the check
   * over the whole key fail now and then.
   */
  private static void assertRevealsNothingOf(String objectId, String key) {
    assertThat(key).matches("v1/[bcdfghjkmnpqrstv]{64}");
    String derived = key.substring("v1/".length());
    for (int i = 0; i + 4 <= objectId.length(); i++) {
      assertThat(derived).doesNotContain(objectId.substring(i, i + 4));
    }
  }

  /**
   * The library's own output never raises a false alarm: a million keys, hashed from IDs full
   * of SSNs and record numbers, pass every built-in detector (the digit-run threshold at its
   * strictest, 4).
   */
  @Test
  void aMillionHashedKeys_areNeverFlagged() {
    try (HipaaS3Client s3 = new RecordingHttpClient().hipaaClientBuilder()
        .keyPrefix("tenant-a/lab-reports").build()) {
      PhiDetectors strictest = PhiDetectors.builtIn(4);
      SplittableRandom random = new SplittableRandom(20261128L);
      int flagged = 0;
      for (int i = 0; i < 1_000_000; i++) {
        String id = String.format("patients/%03d-%02d-%04d/mrn-%08d/%d.pdf",
            random.nextInt(1, 900), random.nextInt(1, 100), random.nextInt(1, 10000),
            random.nextInt(100_000_000), i);
        String key = s3.objectKey(id);
        Optional<String> match = strictest.firstMatch(key);
        if (match.isPresent()) {
          flagged++;
        }
      }
      assertThat(flagged).isZero();
    }
  }
}
