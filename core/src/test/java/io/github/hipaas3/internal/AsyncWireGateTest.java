package io.github.hipaas3.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.hipaas3.EncryptionMode;
import io.github.hipaas3.HipaaS3Client;
import io.github.hipaas3.HipaaS3PolicyViolationException;
import io.github.hipaas3.ViolationCode;
import io.github.hipaas3.testing.RecordingHttpClient;
import io.github.hipaas3.testing.TestSecrets;
import io.github.hipaas3.testing.WireTamperer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The async client that the S3 Encryption Client uploads parts through has the wire gate too: a
 * header added to its requests after the model gate is refused before transmission.
 */
class AsyncWireGateTest {

  @AfterEach
  void reset() {
    WireTamperer.reset();
  }

  @Test
  void aClientSideMultipartPut_withAnAclAddedOnTheAsyncClient_isRefusedBeforeTransmission() {
    RecordingHttpClient http = new RecordingHttpClient();
    try (HipaaS3Client s3 = http.hipaaClientBuilder().forcePathStyle(true)
        .encryption(EncryptionMode.clientSideAes(TestSecrets.aesKey()))
        .multipartThreshold(5L * 1024 * 1024).insecureSkipBucketProtectionCheck(true).build()) {
      WireTamperer.tamperOnAnyThread(r -> r.toBuilder().putHeader("x-amz-acl", "public-read")
          .build());
      Throwable thrown = catchThrowable(() -> s3.putObject(b -> b.bucket("b").key("k"),
          RequestBody.fromBytes(new byte[6 * 1024 * 1024])));
      HipaaS3PolicyViolationException refusal = null;
      for (Throwable t = thrown; t != null; t = t.getCause()) {
        if (t instanceof HipaaS3PolicyViolationException) {
          refusal = (HipaaS3PolicyViolationException) t;
          break;
        }
      }
      assertThat(refusal).as("refused by the wire gate, not by the network: " + thrown)
          .isNotNull();
      assertThat(refusal.violationCode()).isEqualTo(ViolationCode.WIRE_REFUSED);
      assertThat(http.requests()).as("the sync transport saw nothing either").isEmpty();
    }
  }
}
