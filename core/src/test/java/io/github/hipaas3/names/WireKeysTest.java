package io.github.hipaas3.names;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.hipaas3.HipaaS3Client;
import io.github.hipaas3.HipaaS3PolicyViolationException;
import io.github.hipaas3.KeyMode;
import io.github.hipaas3.ViolationCode;
import io.github.hipaas3.testing.RecordingHttpClient;
import io.github.hipaas3.testing.WireTamperer;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * The wire gate's key check: a key or listing prefix put back in the caller's form after the
 * gate mapped it (by an interceptor's {@code modifyRequest}) never leaves the process.
 */
class WireKeysTest {
  private static final String PHI_KEY = "patients/123-45-6789/notes.txt";
  /** No detector flags it, so only the key check can stop it. */
  private static final String PLAIN_KEY = "reports/a.txt";

  @AfterEach
  void reset() {
    WireTamperer.reset();
  }

  private static void assertStopped(KeyMode mode, UnaryOperator<SdkRequest> tamper,
      Consumer<HipaaS3Client> call) {
    RecordingHttpClient http = new RecordingHttpClient();
    try (HipaaS3Client s3 = http.hipaaClientBuilder().keyMode(mode).build()) {
      call.accept(s3); // untampered, it is sent
      int sent = http.requests().size();
      assertThat(sent).isPositive();
      WireTamperer.tamperModel(tamper);
      Throwable thrown = catchThrowable(() -> call.accept(s3));
      HipaaS3PolicyViolationException refusal = null;
      for (Throwable t = thrown; t != null; t = t.getCause()) {
        if (t instanceof HipaaS3PolicyViolationException) {
          refusal = (HipaaS3PolicyViolationException) t;
        }
      }
      assertThat(refusal).as("refused: %s", thrown).isNotNull();
      assertThat(refusal.violationCode()).isEqualTo(ViolationCode.WIRE_REFUSED);
      assertThat(refusal.getMessage()).doesNotContain("6789").doesNotContain("patients")
          .doesNotContain(PLAIN_KEY).contains("stored-key form");
      assertThat(http.requests()).as("nothing more was sent").hasSize(sent);
    }
  }

  @ParameterizedTest
  @EnumSource(value = KeyMode.class, names = {"HASHED", "ENCRYPTED_PATHS"})
  void aKeyPutBackInTheCallersForm_isStopped(KeyMode mode) {
    assertStopped(mode, r -> r instanceof PutObjectRequest
        ? ((PutObjectRequest) r).toBuilder().key(PLAIN_KEY).build() : r,
        s3 -> s3.putObject(b -> b.bucket("clinic").key(PHI_KEY), RequestBody.fromString("x")));
  }

  @ParameterizedTest
  @EnumSource(value = KeyMode.class, names = {"HASHED", "ENCRYPTED_PATHS"})
  void aListingPrefixPutBackInTheCallersForm_isStopped(KeyMode mode) {
    assertStopped(mode, r -> r instanceof ListObjectsV2Request
        ? ((ListObjectsV2Request) r).toBuilder().prefix("reports/").build() : r,
        s3 -> s3.listObjectsV2(b -> b.bucket("clinic")));
  }

  @ParameterizedTest
  @EnumSource(value = KeyMode.class, names = {"HASHED", "ENCRYPTED_PATHS"})
  void aCopySourcePutBackInTheCallersForm_isStopped(KeyMode mode) {
    // The SDK marshals the copy source from the deprecated copySource field, which it fills
    // from sourceBucket and sourceKey before a caller's interceptor runs: set that one.
    assertStopped(mode, r -> r instanceof CopyObjectRequest
        ? ((CopyObjectRequest) r).toBuilder().copySource("clinic/" + PLAIN_KEY).build() : r,
        s3 -> s3.copyObject(b -> b.sourceBucket("clinic").sourceKey(PHI_KEY)
            .destinationBucket("clinic").destinationKey("archive/notes.txt")));
  }

  @ParameterizedTest
  @EnumSource(value = KeyMode.class, names = {"HASHED", "ENCRYPTED_PATHS"})
  void aDeleteListPutBackInTheCallersForm_isStopped(KeyMode mode) {
    assertStopped(mode, r -> r instanceof DeleteObjectsRequest
        ? ((DeleteObjectsRequest) r).toBuilder().delete(Delete.builder().objects(
            ObjectIdentifier.builder().key(PLAIN_KEY).build()).build()).build() : r,
        s3 -> s3.deleteObjects(b -> b.bucket("clinic").delete(Delete.builder().objects(
            List.of(ObjectIdentifier.builder().key(PHI_KEY).build())).build())));
  }
}
