package io.github.hipaas3.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.hipaas3.HipaaS3PolicyViolationException;
import io.github.hipaas3.HipaaS3SecurityException;
import io.github.hipaas3.PhiDetectors;
import io.github.hipaas3.ViolationCode;
import io.github.hipaas3.testing.gen.Gen;
import io.github.hipaas3.testing.gen.Gens;
import io.github.hipaas3.testing.gen.PropertyTest;
import io.github.hipaas3.testing.gen.StringGen;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The stored-key form of {@code KeyMode.ENCRYPTED_PATHS}: vectors, round trips, tampering. */
class EncryptedPathMapperTest {
  private static final byte[] SECRET = new byte[32];

  static {
    for (int i = 0; i < SECRET.length; i++) {
      SECRET[i] = (byte) i;
    }
  }

  private static EncryptedPathMapper mapper(String prefix, int version, byte[] secret) {
    return new EncryptedPathMapper(prefix, List.of(version),
        List.of(new SecretKeySpec(secret, "HmacSHA256")));
  }

  private static final EncryptedPathMapper MAPPER = mapper("", 1, SECRET);

  /**
   * Vectors computed independently by {@code vectors/encrypted_paths_vectors.py} (Python's
   * {@code cryptography} AES-SIV, RFC 5297, and its own HKDF-Expand, padding and encoding).
   */
  static Stream<Arguments> vectors() throws IOException {
    List<Arguments> list = new ArrayList<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(
        EncryptedPathMapperTest.class.getResourceAsStream("/vectors/encrypted-paths.tsv"),
        StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String[] f = line.split("\t", -1);
        list.add(Arguments.of(Integer.parseInt(f[0]), f[1], f[2], f[3]));
      }
    }
    assertThat(list).hasSizeGreaterThanOrEqualTo(7);
    return list.stream();
  }

  @ParameterizedTest(name = "{2}")
  @MethodSource("vectors")
  void storedKey_matchesTheIndependentVector(int version, String prefix, String key,
      String stored) {
    EncryptedPathMapper m = mapper(prefix, version, SECRET);
    assertThat(m.keyFor(key, "PutObject")).isEqualTo(stored);
    assertThat(m.decrypt(stored, "ListObjectsV2")).isEqualTo(key);
  }

  Gen<String> paths() {
    Gen<String> segment = Gens.oneOf(Gens.strings().ofMinLength(0).ofMaxLength(40),
        Gens.of("123-45-6789", "Jane Q. Canarypatient", "2026", "r1.json", "", "李小龙"));
    return segment.list().ofMinSize(1).ofMaxSize(5).map(parts -> String.join("/", parts));
  }

  @PropertyTest(tries = 1000, value = {"paths"})
  void everyKey_roundTrips_andEachFolderIsAPrefixOfItsKeys(String key) {
    if (key.isEmpty() || StringGen.hasUnpairedSurrogate(key)) {
      return; // refused, tested below
    }
    if (expectedLength(key) > EncryptedPathMapper.MAX_STORED_KEY_BYTES) {
      assertThatThrownBy(() -> MAPPER.keyFor(key, "PutObject"))
          .isInstanceOf(HipaaS3PolicyViolationException.class).hasMessageContaining("1,024");
      return;
    }
    String stored = MAPPER.keyFor(key, "PutObject");
    assertThat(stored).hasSize((int) expectedLength(key));
    assertThat(MAPPER.decrypt(stored, "ListObjectsV2")).isEqualTo(key);
    assertThat(stored.chars().filter(c -> c == '/').count())
        .isEqualTo(key.chars().filter(c -> c == '/').count() + 1);
    for (int slash = key.indexOf('/'); slash >= 0; slash = key.indexOf('/', slash + 1)) {
      assertThat(stored).startsWith(MAPPER.prefixFor(key.substring(0, slash + 1), "List"));
    }
    String derived = stored.substring("e1/".length()).replace("/", "");
    assertThat(derived).matches("[bcdfghjkmnpqrstv]*");
    assertThat(PhiDetectors.defaults().firstMatch(stored)).isEmpty();
  }

  @Test
  void segmentsArePaddedToLengthClasses() {
    assertThat(MAPPER.keyFor("a", "Put")).hasSize(3 + 64);
    assertThat(MAPPER.keyFor("fifteen-bytes-x", "Put")).hasSize(3 + 64);
    assertThat(MAPPER.keyFor("sixteen-bytes-xx", "Put")).hasSize(3 + 96);
    assertThat(MAPPER.keyFor("x".repeat(255), "Put")).hasSize(3 + 544);
    assertThat(MAPPER.keyFor("dir/", "Put")).endsWith("/").hasSize(3 + 64 + 1);
  }

  @Test
  void equalSegmentsUnderDifferentParents_lookDifferent() {
    String a = MAPPER.keyFor("a/same", "Put");
    String b = MAPPER.keyFor("b/same", "Put");
    assertThat(a.substring(a.indexOf('/', 3))).isNotEqualTo(b.substring(b.indexOf('/', 3)));
    // ... and equal ones under the same parent are equal (what the mode reveals).
    assertThat(MAPPER.keyFor("a/same/x", "Put")).startsWith(a + "/");
  }

  @Test
  void aKeyTooLongForS3_isRefusedInTheCallersTerms_withoutTheKey() {
    String key = "123-45-6789-" + "x".repeat(300);
    assertThatThrownBy(() -> MAPPER.keyFor(key, "PutObject"))
        .isInstanceOf(HipaaS3PolicyViolationException.class)
        .hasMessageContaining("1,024").hasMessageContaining("segment")
        .hasMessageNotContaining("123-45-6789");
    String deep = "ab/".repeat(15) + "ab"; // 16 segments of 64 letters: 1,042 bytes
    assertThatThrownBy(() -> MAPPER.keyFor(deep, "PutObject"))
        .isInstanceOf(HipaaS3PolicyViolationException.class);
    assertThat(MAPPER.keyFor("ab/".repeat(14) + "ab", "PutObject").length())
        .isLessThanOrEqualTo(EncryptedPathMapper.MAX_STORED_KEY_BYTES);
  }

  @Test
  void aTamperedOrForeignStoredKey_isRefused_neverReturned() {
    String stored = MAPPER.keyFor("patients/123-45-6789/scan.dcm", "Put");
    char[] c = stored.toCharArray();
    c[10] = c[10] == 'b' ? 'c' : 'b';
    assertRefused(new String(c));
    // A segment moved under another parent does not authenticate (the parent is its AD).
    String other = MAPPER.keyFor("x/y", "Put");
    String movedSegment = other.substring(0, other.lastIndexOf('/'))
        + stored.substring(stored.lastIndexOf('/'));
    assertRefused(movedSegment);
    // Another secret's, another version's, another prefix's keys; malformed and foreign keys.
    byte[] otherSecret = SECRET.clone();
    otherSecret[0] ^= 1;
    assertRefused(mapper("", 1, otherSecret).keyFor("patients/1", "Put"));
    assertRefused(mapper("clinic", 1, SECRET).keyFor("patients/1", "Put"));
    assertRefused("e1/" + "b".repeat(63));
    assertRefused("e1/" + "a".repeat(64));
    assertRefused("v1/" + "b".repeat(64));
    assertRefused("patients/123-45-6789.txt");
  }

  @Test
  void theDerivedKey_isSeparatedFromHashedKeysOfTheSameSecret() {
    // HKDF's info starts with 0xFF, which no object ID's UTF-8 has: the hash of any ID is
    // never a block of the AES-SIV key. Hashing the info's text (without 0xFF) as an ID gives
    // a key unrelated to the derived one, so the encrypted paths stay as they are.
    ObjectKeyMapper hashed = new ObjectKeyMapper("", List.of(1),
        List.of(new SecretKeySpec(SECRET, "HmacSHA256")), false);
    String id = "hipaa-s3/encrypted-paths/aes-siv/v1\u0001";
    assertThat(hashed.keyFor(id, "Put")).startsWith("v1/");
    assertThat(MAPPER.keyFor("a", "Put")).isEqualTo(
        "e1/qmhpprrccmbddcrjkdqsckkcbtfsqhvdmccnpjchndkdsmkhbpnqgjqfprpktqvh");
  }

  @Test
  void prefixes_mustEndOnASegmentBoundary() {
    assertThat(MAPPER.prefixFor("", "List")).isEqualTo("e1/");
    assertThat(MAPPER.prefixFor("a/", "List")).isEqualTo(MAPPER.keyFor("a/", "List"));
    assertThatThrownBy(() -> MAPPER.prefixFor("a/b", "List"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(MAPPER.decrypt("e1/", "List")).isEmpty();
  }

  private static void assertRefused(String stored) {
    assertThatThrownBy(() -> MAPPER.decrypt(stored, "ListObjectsV2"))
        .isInstanceOf(HipaaS3SecurityException.class)
        .hasMessageNotContaining(stored)
        .satisfies(e -> assertThat(((HipaaS3SecurityException) e).violationCode())
            .isEqualTo(ViolationCode.DECRYPTION_FAILED));
  }

  /** "e1/", one per '/', and 2 letters per byte of each padded, sealed non-empty segment. */
  private static long expectedLength(String key) {
    long length = 3;
    for (String segment : key.split("/", -1)) {
      int bytes = segment.getBytes(StandardCharsets.UTF_8).length;
      length += 1;
      if (bytes > 0) {
        int padded = bytes < 16 ? 16 : bytes < 32 ? 32 : bytes < 64 ? 64 : bytes < 128 ? 128
            : bytes < 256 ? 256 : 100_000;
        length += 2L * (padded + 16);
      }
    }
    return length - 1;
  }
}
