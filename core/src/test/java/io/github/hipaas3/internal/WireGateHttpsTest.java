package io.github.hipaas3.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.hipaas3.HipaaS3Client;
import io.github.hipaas3.HipaaS3PolicyViolationException;
import io.github.hipaas3.ViolationCode;
import io.github.hipaas3.testing.RecordingHttpClient;
import io.github.hipaas3.testing.S3TestServer;
import java.net.URI;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkPlugin;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ServiceClientConfiguration;

/** The HTTPS check runs on the request that is about to be sent, after every rewrite. */
class WireGateHttpsTest {
  private static final io.github.hipaas3.internal.NamePolicy NAMES =
      new io.github.hipaas3.internal.NamePolicy(io.github.hipaas3.KeyMode.HASHED,
          io.github.hipaas3.PhiDetectors.defaults());

  /** A per-request plugin that rewrites the endpoint to plaintext after the client was built. */
  private static final SdkPlugin DOWNGRADE = config -> ((S3ServiceClientConfiguration.Builder)
      config).endpointOverride(URI.create("http://downgraded.test.invalid"));

  @Test
  void requestRewrittenToHttpAfterBuild_isStoppedBeforeTheWire() {
    RecordingHttpClient http = new RecordingHttpClient();
    try (S3Client client = S3Client.builder()
        .region(Region.US_EAST_1)
        .endpointOverride(URI.create("https://s3.test.invalid"))
        .credentialsProvider(S3TestServer.testCredentials())
        .forcePathStyle(true)
        .httpClient(http)
        .overrideConfiguration(o -> o.addExecutionInterceptor(new WireGate(WireGate.Service.S3,
            Region.US_EAST_1,
            URI.create("https://s3.test.invalid"),
            NAMES, false, WireInvariants.NONE)))
        .build()) {
      assertThatThrownBy(() -> client.putObject(b -> b.bucket("b").key("k")
          .overrideConfiguration(o -> o.addPlugin(DOWNGRADE)), RequestBody.fromString("phi")))
          .isInstanceOfSatisfying(HipaaS3PolicyViolationException.class,
              e -> assertThat(e.violationCode()).isEqualTo(ViolationCode.INSECURE_TRANSPORT));
      assertThat(http.requests()).as("nothing reached the wire").isEmpty();

      // The same client still sends HTTPS requests; the check is not a blanket refusal.
      client.headBucket(b -> b.bucket("b"));
      assertThat(http.requests()).singleElement()
          .satisfies(r -> assertThat(r.protocol()).isEqualTo("https"));
    }
  }

  @Test
  void hipaaClient_refusesRequestPluginsBeforeTheyRun() {
    RecordingHttpClient http = new RecordingHttpClient();
    try (HipaaS3Client client = http.hipaaClientBuilder().build()) {
      assertThatThrownBy(() -> client.getObjectAsBytes(b -> b.bucket("b").key("k")
          .overrideConfiguration(o -> o.addPlugin(DOWNGRADE))))
          .isInstanceOfSatisfying(HipaaS3PolicyViolationException.class, e -> assertThat(
              e.violationCode()).isEqualTo(ViolationCode.REQUEST_OVERRIDE_REFUSED));
      assertThat(http.requests()).isEmpty();
    }
  }

  @Test
  void hipaaClient_refusesCredentialsOnARequest() {
    RecordingHttpClient http = new RecordingHttpClient();
    try (HipaaS3Client client = http.hipaaClientBuilder().build()) {
      assertThatThrownBy(() -> client.headBucket(b -> b.bucket("b").overrideConfiguration(
          o -> o.credentialsProvider(io.github.hipaas3.testing.S3Servers.longTermCredentials()))))
          .isInstanceOfSatisfying(HipaaS3PolicyViolationException.class, e -> assertThat(
              e.violationCode()).isEqualTo(ViolationCode.REQUEST_OVERRIDE_REFUSED));
      assertThat(http.requests()).isEmpty();
    }
  }
}
