package io.github.hipaas3.encryption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.hipaas3.EncryptionMode;
import io.github.hipaas3.HipaaS3Client;
import io.github.hipaas3.HipaaS3PolicyViolationException;
import io.github.hipaas3.ViolationCode;
import io.github.hipaas3.testing.RecordingHttpClient;
import io.github.hipaas3.testing.TestSecrets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * Client-side copies: the source is HEADed first, must carry the committing envelope, and the
 * copy is conditioned on the ETag that was checked, so the source cannot be swapped in between.
 */
class ClientSideCopyTest {
  private static final String ETAG = "\"5d41402abc4b2a76b9719d911017c592\"";

  private static RecordingHttpClient.Canned head(Map<String, String> metadata) {
    Map<String, String> headers = new HashMap<>();
    headers.put("ETag", ETAG);
    headers.put("Last-Modified", "Sat, 28 Nov 2026 12:00:00 GMT");
    metadata.forEach((k, v) -> headers.put("x-amz-meta-" + k, v));
    return new RecordingHttpClient.Canned(200, headers, "");
  }

  private static HipaaS3Client client(RecordingHttpClient http) {
    return http.hipaaClientBuilder().forcePathStyle(true)
        .encryption(EncryptionMode.clientSideAes(TestSecrets.aesKey())).build();
  }

  private static boolean isHead(SdkHttpRequest r) {
    return r.method() == SdkHttpMethod.HEAD;
  }

  @Test
  void copy_ofAnEnvelopedSource_isConditionedOnTheCheckedEtag() {
    RecordingHttpClient http = new RecordingHttpClient().route(r -> isHead(r) ? head(Map.of(
        "x-amz-c", "115", "x-amz-d", "q4rwJhsB6e38UGtSpYFXC0KrIYR2VV0Xqu8H9w==",
        "x-amz-i", "R445+FMWTTfS47xtXs52ITEAFxoBich5K9cwTQ==", "x-amz-w", "02",
        "x-amz-3", "rmfHJtjW6jAtryaddciiP2eqiXKh9DqouitIX2DiNjLHpTZB")) : null);
    try (HipaaS3Client s3 = client(http)) {
      // Onto its own ID (for example to restore an older version): the binding still holds.
      s3.copyObject(b -> b.sourceBucket("b").sourceKey("patients/123-45-6789/a.txt")
          .sourceVersionId("v1")
          .destinationBucket("b").destinationKey("patients/123-45-6789/a.txt"));
    }
    assertThat(http.requests()).hasSize(2);
    assertThat(isHead(http.requests().get(0))).isTrue();
    SdkHttpRequest copy = http.requests().get(1);
    assertThat(copy.firstMatchingHeader("x-amz-copy-source-if-match")).contains(ETAG);
  }

  @Test
  void copy_toAnotherIdOrBucket_isRefused_becauseTheObjectIsBoundToItsKey() {
    for (String[] destination : new String[][] {{"b", "patients/123-45-6789/b.txt"},
        {"other", "patients/123-45-6789/a.txt"}}) {
      RecordingHttpClient http = new RecordingHttpClient().route(r -> isHead(r) ? head(Map.of(
          "x-amz-c", "115", "x-amz-d", "q4rwJhsB6e38UGtSpYFXC0KrIYR2VV0Xqu8H9w==",
          "x-amz-i", "R445+FMWTTfS47xtXs52ITEAFxoBich5K9cwTQ==", "x-amz-w", "02",
          "x-amz-3", "rmfHJtjW6jAtryaddciiP2eqiXKh9DqouitIX2DiNjLHpTZB")) : null);
      try (HipaaS3Client s3 = client(http)) {
        assertThatThrownBy(() -> s3.copyObject(b -> b.sourceBucket("b")
            .sourceKey("patients/123-45-6789/a.txt")
            .destinationBucket(destination[0]).destinationKey(destination[1])))
            .isInstanceOfSatisfying(HipaaS3PolicyViolationException.class, e -> assertThat(
                e.violationCode()).isEqualTo(ViolationCode.OPERATION_REFUSED))
            .hasMessageContaining("bound to its bucket and stored key")
            .hasMessageNotContaining("123-45-6789");
      }
      assertThat(http.requests()).as("only the HEAD was sent").allSatisfy(
          r -> assertThat(isHead(r)).isTrue());
    }
  }

  @Test
  void copy_ofAPlaintextOrNonCommittingSource_isRefusedBeforeTheCopy() {
    for (Map<String, String> metadata : java.util.List.of(Map.<String, String>of(),
        Map.of("x-amz-c", "5", "x-amz-d", "q4rwJhsB6e38UGtSpYFXC0KrIYR2VV0Xqu8H9w==",
            "x-amz-i", "R445+FMWTTfS47xtXs52ITEAFxoBich5K9cwTQ=="))) {
      RecordingHttpClient http = new RecordingHttpClient()
          .route(r -> isHead(r) ? head(metadata) : null);
      try (HipaaS3Client s3 = client(http)) {
        assertThatThrownBy(() -> s3.copyObject(b -> b.sourceBucket("b").sourceKey("a")
            .destinationBucket("b").destinationKey("c")))
            .isInstanceOfSatisfying(HipaaS3PolicyViolationException.class, e -> assertThat(
                e.violationCode()).isEqualTo(ViolationCode.OBJECT_NOT_ENCRYPTED));
      }
      assertThat(http.requests()).as("only the HEAD was sent").singleElement()
          .satisfies(r -> assertThat(isHead(r)).isTrue());
    }
  }

  @Test
  void copy_whoseCallerConditionDiffersFromTheCheckedSource_isRefused() {
    RecordingHttpClient http = new RecordingHttpClient().route(r -> isHead(r) ? head(Map.of(
        "x-amz-c", "115", "x-amz-d", "q4rwJhsB6e38UGtSpYFXC0KrIYR2VV0Xqu8H9w==",
        "x-amz-i", "R445+FMWTTfS47xtXs52ITEAFxoBich5K9cwTQ==")) : null);
    try (HipaaS3Client s3 = client(http)) {
      assertThatThrownBy(() -> s3.copyObject(b -> b.sourceBucket("b").sourceKey("a")
          .destinationBucket("b").destinationKey("c")
          .copySourceIfMatch("\"00000000000000000000000000000000\"")))
          .isInstanceOfSatisfying(HipaaS3PolicyViolationException.class, e -> assertThat(
              e.violationCode()).isEqualTo(ViolationCode.OBJECT_NOT_ENCRYPTED));
    }
    assertThat(http.requests()).singleElement().satisfies(r -> assertThat(isHead(r)).isTrue());
  }

  @Test
  void aGetOfAnObjectWithoutAMetadataEnvelope_isRefused_andNoInstructionFileIsFetched() {
    RecordingHttpClient http = new RecordingHttpClient().storedEncryption(Map.of());
    try (HipaaS3Client s3 = client(http)) {
      assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket("b").key("a")))
          .isInstanceOfSatisfying(io.github.hipaas3.HipaaS3SecurityException.class,
              e -> assertThat(e.violationCode()).isEqualTo(ViolationCode.OBJECT_NOT_ENCRYPTED));
    }
    assertThat(http.requests()).as("the get only; no instruction file").singleElement()
        .satisfies(r -> assertThat(r.encodedPath()).doesNotContain(".instruction"));
  }
}
