package io.github.hipaas3.names;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.hipaas3.HipaaS3Client;
import io.github.hipaas3.HipaaS3ConfigurationException;
import io.github.hipaas3.HipaaS3PolicyViolationException;
import io.github.hipaas3.HipaaS3SecurityException;
import io.github.hipaas3.KeyHashingSecret;
import io.github.hipaas3.KeyMode;
import io.github.hipaas3.ViolationCode;
import io.github.hipaas3.testing.RecordingHttpClient;
import io.github.hipaas3.testing.RecordingHttpClient.Canned;
import io.github.hipaas3.testing.TestSecrets;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Listings by prefix: refused in {@link KeyMode#HASHED} when they cannot match, encrypted and
 * decrypted in {@link KeyMode#ENCRYPTED_PATHS}.
 */
class ListingKeysTest {
  private static final String PHI_PREFIX = "patients/123-45-6789/";

  private static List<SdkHttpRequest> lists(RecordingHttpClient http) {
    return http.requests().stream().filter(r -> r.method().name().equals("GET")
        && !RecordingHttpClient.isBucketCheck(r)).toList();
  }

  @Test
  void hashedMode_aPrefixOrPositionInTheApplicationsKeyForm_isRefused_pointingToEncryptedPaths() {
    RecordingHttpClient http = new RecordingHttpClient();
    try (HipaaS3Client s3 = http.hipaaClientBuilder().build()) {
      for (Runnable call : List.<Runnable>of(
          () -> s3.listObjectsV2(b -> b.bucket("clinic").prefix("lab-reports/2026/")),
          () -> s3.listObjectsV2(b -> b.bucket("clinic").startAfter("lab-reports/r1.json")),
          () -> s3.listObjects(b -> b.bucket("clinic").marker("lab-reports/r1.json")),
          () -> s3.listObjectVersions(b -> b.bucket("clinic").prefix("lab-reports/")),
          () -> s3.listObjectVersions(b -> b.bucket("clinic").keyMarker("imaging/a.dcm")),
          () -> s3.listMultipartUploads(b -> b.bucket("clinic").prefix("uploads/")),
          () -> s3.listObjectsV2(b -> b.bucket("clinic").prefix("v1/bcdx")),
          () -> s3.listObjectsV2(b -> b.bucket("clinic").prefix("v2/")))) {
        assertThatThrownBy(call::run)
            .isInstanceOfSatisfying(HipaaS3PolicyViolationException.class, e -> {
              assertThat(e.violationCode()).isEqualTo(ViolationCode.INVALID_NAME);
              assertThat(e.getMessage()).contains("ENCRYPTED_PATHS")
                  .doesNotContain("lab-reports");
            });
      }
      assertThat(lists(http)).isEmpty();
      // What can match a hashed key is listed as before.
      String stored = s3.objectKey("lab-reports/r1.json");
      s3.listObjectsV2(b -> b.bucket("clinic"));
      s3.listObjectsV2(b -> b.bucket("clinic").prefix("v"));
      s3.listObjectsV2(b -> b.bucket("clinic").prefix("v1/"));
      s3.listObjectsV2(b -> b.bucket("clinic").prefix(stored.substring(0, 10)));
      s3.listObjectsV2(b -> b.bucket("clinic").startAfter(stored));
      s3.listObjects(b -> b.bucket("clinic").marker(stored));
      assertThat(lists(http)).hasSize(6);
    }
  }

  @Test
  void hashedMode_withAKeyPrefix_acceptsTheKeyPrefixAndItsTree() {
    RecordingHttpClient http = new RecordingHttpClient();
    try (HipaaS3Client s3 = http.hipaaClientBuilder().keyPrefix("clinic-a").build()) {
      s3.listObjectsV2(b -> b.bucket("clinic").prefix("clinic"));
      s3.listObjectsV2(b -> b.bucket("clinic").prefix("clinic-a/v1/"));
      assertThatThrownBy(() -> s3.listObjectsV2(b -> b.bucket("clinic").prefix("v1/")))
          .isInstanceOf(HipaaS3PolicyViolationException.class);
      assertThatThrownBy(() -> s3.listObjectsV2(b -> b.bucket("clinic").prefix("clinic-b/")))
          .isInstanceOf(HipaaS3PolicyViolationException.class);
    }
  }

  private static HipaaS3Client encrypted(RecordingHttpClient http) {
    return http.hipaaClientBuilder().keyMode(KeyMode.ENCRYPTED_PATHS).build();
  }

  @Test
  void encryptedPaths_aPhiPrefixIsSentEncrypted_andNoListingLeavesTheTree() {
    RecordingHttpClient http = new RecordingHttpClient(200, "<?xml version=\"1.0\"?>"
        + "<ListBucketResult><Name>clinic</Name><IsTruncated>false</IsTruncated>"
        + "</ListBucketResult>");
    try (HipaaS3Client s3 = encrypted(http)) {
      s3.listObjectsV2(b -> b.bucket("clinic").prefix(PHI_PREFIX).delimiter("/"));
      s3.listObjectsV2(b -> b.bucket("clinic"));
      s3.listObjectVersions(b -> b.bucket("clinic").prefix(PHI_PREFIX)
          .keyMarker(PHI_PREFIX + "scan.dcm"));
      s3.listMultipartUploads(b -> b.bucket("clinic").prefix(PHI_PREFIX));
      s3.listObjects(b -> b.bucket("clinic").prefix(PHI_PREFIX).marker(PHI_PREFIX));
      List<SdkHttpRequest> sent = lists(http);
      assertThat(sent).hasSize(5);
      String storedPrefix = s3.objectKey(PHI_PREFIX);
      assertThat(prefixOf(sent.get(0))).isEqualTo(storedPrefix);
      assertThat(prefixOf(sent.get(1))).isEqualTo("e1/");
      assertThat(sent.get(2).rawQueryParameters().get("key-marker"))
          .containsExactly(s3.objectKey(PHI_PREFIX + "scan.dcm"));
      assertThat(sent.get(4).rawQueryParameters().get("marker")).containsExactly(storedPrefix);
      assertThat(http.wireText()).doesNotContain("6789").doesNotContain("patients");
    }
  }

  private static String prefixOf(SdkHttpRequest r) {
    return URLDecoder.decode(r.rawQueryParameters().get("prefix").get(0),
        StandardCharsets.UTF_8);
  }

  @Test
  void encryptedPaths_aPrefixInsideASegment_orAnotherDelimiter_isRefused() {
    RecordingHttpClient http = new RecordingHttpClient();
    try (HipaaS3Client s3 = encrypted(http)) {
      assertThatThrownBy(() -> s3.listObjectsV2(b -> b.bucket("clinic")
          .prefix("patients/123-45")))
          .isInstanceOfSatisfying(HipaaS3PolicyViolationException.class, e -> assertThat(
              e.getMessage()).contains("end with '/'").doesNotContain("123-45"));
      assertThatThrownBy(() -> s3.listObjectsV2(b -> b.bucket("clinic").delimiter("-")))
          .isInstanceOf(HipaaS3PolicyViolationException.class).hasMessageContaining("'/'");
      // The delimiter is still screened like any name.
      assertThatThrownBy(() -> s3.listObjectsV2(b -> b.bucket("clinic")
          .delimiter("123-45-6789")))
          .isInstanceOfSatisfying(HipaaS3PolicyViolationException.class, e -> assertThat(
              e.violationCode()).isEqualTo(ViolationCode.PHI_DETECTED));
      assertThat(lists(http)).isEmpty();
    }
  }

  @Test
  void encryptedPaths_responsesAreDecrypted_andAnUnauthenticKeyFailsTheCall() {
    String[] body = new String[1];
    RecordingHttpClient http = new RecordingHttpClient().route(r ->
        r.method().name().equals("GET") && !RecordingHttpClient.isBucketCheck(r)
            ? new Canned(200, Map.of(), body[0]) : null);
    try (HipaaS3Client s3 = encrypted(http)) {
      String a = s3.objectKey(PHI_PREFIX + "a.txt");
      String folder = s3.objectKey(PHI_PREFIX + "x-rays/");
      body[0] = listing(List.of(a), List.of(folder), s3.objectKey(PHI_PREFIX));
      ListObjectsV2Response page = s3.listObjectsV2(b -> b.bucket("clinic")
          .prefix(PHI_PREFIX).delimiter("/"));
      assertThat(page.contents()).extracting(S3Object::key)
          .containsExactly(PHI_PREFIX + "a.txt");
      assertThat(page.commonPrefixes()).extracting(p -> p.prefix())
          .containsExactly(PHI_PREFIX + "x-rays/");
      assertThat(page.prefix()).isEqualTo(PHI_PREFIX);

      // A key under the tree that does not authenticate (planted or altered): refused.
      String planted = a.substring(0, a.lastIndexOf('/') + 1) + "b".repeat(64);
      body[0] = listing(List.of(a, planted), List.of(), s3.objectKey(PHI_PREFIX));
      assertThatThrownBy(() -> s3.listObjectsV2(b -> b.bucket("clinic").prefix(PHI_PREFIX)))
          .isInstanceOfSatisfying(HipaaS3SecurityException.class, e -> {
            assertThat(e.violationCode()).isEqualTo(ViolationCode.DECRYPTION_FAILED);
            assertThat(e.getMessage()).doesNotContain(planted).doesNotContain("6789");
          });
      // A key outside the tree (the server answered for another prefix): refused too.
      body[0] = listing(List.of("patients/123-45-6789/plain.txt"), List.of(), "");
      assertThatThrownBy(() -> s3.listObjectsV2(b -> b.bucket("clinic")))
          .isInstanceOf(HipaaS3SecurityException.class);
    }
  }

  private static String listing(List<String> keys, List<String> prefixes, String prefix) {
    StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?><ListBucketResult>"
        + "<Name>clinic</Name><Prefix>" + prefix + "</Prefix><IsTruncated>false</IsTruncated>");
    for (String k : keys) {
      xml.append("<Contents><Key>").append(k).append("</Key><Size>1</Size></Contents>");
    }
    for (String p : prefixes) {
      xml.append("<CommonPrefixes><Prefix>").append(p).append("</Prefix></CommonPrefixes>");
    }
    return xml.append("</ListBucketResult>").toString();
  }

  @Test
  void encryptedPaths_auditEventsCarryOnlyStoredKeys_forSentRefusedAndFailedCalls() {
    java.util.List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    RecordingHttpClient http = new RecordingHttpClient();
    try (HipaaS3Client s3 = http.hipaaClientBuilder().keyMode(KeyMode.ENCRYPTED_PATHS)
        .audit(e -> events.add(e.toJson())).build()) {
      s3.putObject(b -> b.bucket("clinic").key(PHI_PREFIX + "scan.dcm"),
          software.amazon.awssdk.core.sync.RequestBody.fromString("x"));
      s3.listObjectsV2(b -> b.bucket("clinic").prefix(PHI_PREFIX));
      for (Runnable refused : List.<Runnable>of(
          () -> s3.listObjectsV2(b -> b.bucket("clinic").prefix("patients/123-45-6789")),
          () -> s3.putObject(b -> b.bucket("clinic").key(PHI_PREFIX + "x".repeat(300)),
              software.amazon.awssdk.core.sync.RequestBody.fromString("x")))) {
        assertThatThrownBy(refused::run).isInstanceOf(HipaaS3PolicyViolationException.class);
      }
    }
    assertThat(events).hasSize(4);
    assertThat(String.join("\n", events)).doesNotContain("6789").doesNotContain("patients")
        .contains("\"objectKey\":\"e1/");
  }

  @Test
  void encryptedPaths_olderSecrets_areRefusedAtBuild() {
    assertThatThrownBy(() -> new RecordingHttpClient().hipaaClientBuilder()
        .keyMode(KeyMode.ENCRYPTED_PATHS)
        .olderKeyHashingSecrets(KeyHashingSecret.generate(2)).build())
        .isInstanceOf(HipaaS3ConfigurationException.class)
        .hasMessageContaining("ENCRYPTED_PATHS");
    assertThat(TestSecrets.keyHashing().version()).isEqualTo(1);
  }
}
