package io.github.hipaas3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import io.github.hipaas3.testing.LogCapture;
import io.github.hipaas3.testing.RecordingHttpClient;
import io.github.hipaas3.testing.S3Servers;
import io.github.hipaas3.testing.S3TestServer;
import io.github.hipaas3.testing.TestSecrets;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/** One test per builder rule: each wrong configuration fails at build() and says how to fix it. */
class HipaaS3ClientBuilderValidationTest {

  private static HipaaS3Client.Builder valid() {
    return HipaaS3Client.builder()
        .region(Region.US_EAST_1)
        .credentialsProvider(S3TestServer.testCredentials())
        .keyHashingSecret(TestSecrets.keyHashing())
        .encryption(EncryptionMode.sseKms(TestSecrets.KMS_KEY_ARN))
        .httpClient(new RecordingHttpClient());
  }

  @Test
  void build_whenValid_succeeds() {
    try (HipaaS3Client client = valid().build()) {
      assertThat(client.policy().transport().region()).isEqualTo(Region.US_EAST_1);
      assertThat(client.policy().allows(HipaaPolicy.Insecure.ALLOW_LONG_TERM_STATIC_CREDENTIALS))
          .isFalse();
    }
  }

  @Test
  void build_whenNoRegion_throwsSayingHowToFix() {
    assertThatThrownBy(() -> HipaaS3Client.builder()
        .credentialsProvider(S3TestServer.testCredentials()).build())
        .isInstanceOf(HipaaS3ConfigurationException.class)
        .hasMessageContaining("region is not set")
        .hasMessageContaining(".region(Region.US_EAST_1)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://localhost:9000", "HTTP://s3.amazonaws.com",
      "ftp://example.com", "localhost:9000"})
  void endpointOverride_whenNotHttps_throwsInsecureTransport(String endpoint) {
    assertThatThrownBy(() -> valid().endpointOverride(URI.create(endpoint)))
        .isInstanceOfSatisfying(HipaaS3PolicyViolationException.class,
            e -> assertThat(e.violationCode()).isEqualTo(ViolationCode.INSECURE_TRANSPORT))
        .hasMessageContaining("https://")
        .hasMessageNotContaining(endpoint);
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://user:secret@s3.example.com", "https://s3.example.com/?x=1",
      "https://s3.example.com/#frag"})
  void endpointOverride_withUserInfoQueryOrFragment_throws(String endpoint) {
    assertThatThrownBy(() -> valid().endpointOverride(URI.create(endpoint)))
        .isInstanceOf(HipaaS3ConfigurationException.class)
        .hasMessageNotContaining("secret")
        .hasMessageContaining("endpointOverride");
  }

  @Test
  void endpointOverride_whenHttps_isKept() {
    try (HipaaS3Client client = valid().endpointOverride(URI.create("https://localhost:9191"))
        .build()) {
      assertThat(client.policy().transport().endpointOverride())
          .isEqualTo(URI.create("https://localhost:9191"));
    }
  }

  @Test
  void build_whenHttpClientAndTrustManagers_throws() {
    assertThatThrownBy(() -> valid().tlsTrustManagersProvider(() -> null).build())
        .isInstanceOf(HipaaS3ConfigurationException.class)
        .hasMessageContaining("httpClient and tlsTrustManagersProvider");
  }

  @Test
  void build_whenLongTermStaticCredentials_throws() {
    assertThatThrownBy(() -> valid().credentialsProvider(S3Servers.longTermCredentials()).build())
        .isInstanceOfSatisfying(HipaaS3PolicyViolationException.class, e -> assertThat(
            e.violationCode()).isEqualTo(ViolationCode.LONG_TERM_STATIC_CREDENTIALS))
        .hasMessageContaining("insecureAllowLongTermStaticCredentials(true)")
        .hasMessageNotContaining("AKIAEXAMPLEEXAMPLE00")
        .hasMessageNotContaining("not-a-real-secret-key");
  }

  @Test
  void build_whenLongTermStaticCredentialsAndOptIn_succeedsAndWarns() {
    try (LogCapture logs = new LogCapture();
        HipaaS3Client client = valid().credentialsProvider(S3Servers.longTermCredentials())
            .insecureAllowLongTermStaticCredentials(true).build()) {
      assertThat(client.policy().allows(HipaaPolicy.Insecure.ALLOW_LONG_TERM_STATIC_CREDENTIALS))
          .isTrue();
      assertThat(logs.events())
          .filteredOn(e -> e.getLoggerName().startsWith("io.github.hipaas3"))
          .anySatisfy(e -> {
            assertThat(e.getLevel()).isEqualTo(Level.WARN);
            assertThat(e.getFormattedMessage()).contains("INSECURE")
                .contains("insecureAllowLongTermStaticCredentials");
          });
      assertThat(logs.lines()).noneMatch(l -> l.contains("AKIAEXAMPLEEXAMPLE00"));
    }
  }

  @Test
  void build_whenSessionCredentials_succeedsWithoutWarning() {
    try (LogCapture logs = new LogCapture();
        HipaaS3Client client = valid().credentialsProvider(StaticCredentialsProvider.create(
            AwsSessionCredentials.create("ASIAEXAMPLE", "secret", "token"))).build()) {
      assertThat(client).isNotNull();
      assertThat(logs.events()).noneMatch(e -> e.getLevel() == Level.WARN
          && e.getLoggerName().startsWith("io.github.hipaas3"));
    }
  }

  @Test
  void build_whenRoleStyleProvider_isAccepted() {
    // Providers that resolve temporary credentials (profiles with roles, instance profiles,
    // web identity, SSO) are not resolved at build() and are accepted.
    assertThatCode(() -> valid().credentialsProvider(
        ProfileCredentialsProvider.builder().profileName("some-role-profile").build()).build()
        .close()).doesNotThrowAnyException();
    assertThatCode(() -> HipaaS3Client.builder().region(Region.US_EAST_1)
        .keyHashingSecret(TestSecrets.keyHashing())
        .encryption(EncryptionMode.sseKms(TestSecrets.KMS_KEY_ARN))
        .httpClient(new RecordingHttpClient()).build().close()).doesNotThrowAnyException();
  }

  @Test
  void build_whenAnonymousCredentials_throws() {
    assertThatThrownBy(() -> valid().credentialsProvider(AnonymousCredentialsProvider.create())
        .build())
        .isInstanceOfSatisfying(HipaaS3PolicyViolationException.class,
            e -> assertThat(e.violationCode()).isEqualTo(ViolationCode.ANONYMOUS_CREDENTIALS));
  }

  @Test
  void setters_rejectNull() {
    HipaaS3Client.Builder b = HipaaS3Client.builder();
    assertThatThrownBy(() -> b.region(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> b.endpointOverride(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> b.credentialsProvider(null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> b.httpClient(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> b.tlsTrustManagersProvider(null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void exceptions_areSdkClientExceptions() {
    assertThat(new HipaaS3PolicyViolationException(ViolationCode.ACL_REFUSED, "m"))
        .isInstanceOf(software.amazon.awssdk.core.exception.SdkClientException.class)
        .hasMessage("[HIPAA-S3-ACL_REFUSED] m");
  }
}
