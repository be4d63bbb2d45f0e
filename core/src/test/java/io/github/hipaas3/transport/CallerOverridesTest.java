package io.github.hipaas3.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.hipaas3.EncryptionMode;
import io.github.hipaas3.HipaaS3Client;
import io.github.hipaas3.HipaaS3ConfigurationException;
import io.github.hipaas3.HipaaS3PolicyViolationException;
import io.github.hipaas3.ViolationCode;
import io.github.hipaas3.testing.CountingRetryStrategy;
import io.github.hipaas3.testing.RecordingHttpClient;
import io.github.hipaas3.testing.RecordingHttpClient.Canned;
import io.github.hipaas3.testing.TestSecrets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.core.metrics.CoreMetric;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.metrics.MetricCollection;
import software.amazon.awssdk.metrics.MetricPublisher;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The caller's {@code overrideConfiguration} reaches the SDK clients hipaa-s3 builds: its retry
 * strategy decides retries, its metric publishers see calls, its interceptors run, and run
 * before the wire gate; settings that would change requests after the checks are refused, and
 * so are transports that would let some requests bypass the caller's.
 */
class CallerOverridesTest {

  /** Answers the first {@code failures} operation requests with 503 SlowDown. */
  private static RecordingHttpClient failing(int failures) {
    AtomicInteger left = new AtomicInteger(failures);
    return new RecordingHttpClient().route(r -> !RecordingHttpClient.isBucketCheck(r)
        && left.getAndDecrement() > 0 ? new Canned(503, Map.of(),
            "<Error><Code>SlowDown</Code><Message>Reduce your request rate.</Message></Error>")
        : null);
  }

  @Test
  void theCallersRetryStrategy_decidesRetries() {
    CountingRetryStrategy retries = new CountingRetryStrategy(
        AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(3).backoffStrategy(
            software.amazon.awssdk.retries.api.BackoffStrategy.retryImmediately())
        .throttlingBackoffStrategy(
            software.amazon.awssdk.retries.api.BackoffStrategy.retryImmediately()).build());
    RecordingHttpClient http = failing(1);
    try (HipaaS3Client s3 = http.hipaaClientBuilder()
        .overrideConfiguration(o -> o.retryStrategy(retries)).build()) {
      s3.putObject(b -> b.bucket("clinic").key("lab-result"), RequestBody.fromString("x"));
      assertThat(http.requests()).as("the 503 was retried once").hasSize(2);
      assertThat(retries.initial).hasValueGreaterThanOrEqualTo(1);
      assertThat(retries.refreshed).as("the strategy was asked about the 503").hasValue(1);
    }
  }

  @Test
  void aRetryStrategyThatNeverRetries_isObeyed() {
    RecordingHttpClient http = failing(1);
    try (HipaaS3Client s3 = http.hipaaClientBuilder()
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build()) {
      assertThat(catchThrowable(() -> s3.putObject(b -> b.bucket("clinic").key("lab-result"),
          RequestBody.fromString("x"))))
          .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode())
              .isEqualTo(503));
      assertThat(http.requests()).as("no retry").hasSize(1);
    }
    // Without it the SDK's default strategy retries the same 503 (so the test above can fail).
    RecordingHttpClient again = failing(1);
    try (HipaaS3Client s3 = again.hipaaClientBuilder().build()) {
      s3.putObject(b -> b.bucket("clinic").key("lab-result"), RequestBody.fromString("x"));
      assertThat(again.requests()).hasSize(2);
    }
  }

  /** Collects the operation name of every call it is given. */
  private static final class Operations implements MetricPublisher {
    final List<String> names = new CopyOnWriteArrayList<>();

    @Override
    public void publish(MetricCollection metrics) {
      names.addAll(metrics.metricValues(CoreMetric.OPERATION_NAME));
    }

    @Override
    public void close() {}
  }

  @Test
  void theCallersMetricPublisher_seesEveryCall() {
    Operations operations = new Operations();
    RecordingHttpClient http = new RecordingHttpClient();
    try (HipaaS3Client s3 = http.hipaaClientBuilder()
        .overrideConfiguration(o -> o.addMetricPublisher(operations)
            .apiCallTimeout(Duration.ofSeconds(30))).build()) {
      s3.putObject(b -> b.bucket("clinic").key("lab-result"), RequestBody.fromString("x"));
      s3.headObject(b -> b.bucket("clinic").key("lab-result"));
      assertThat(operations.names).contains("PutObject", "HeadObject");
    }
  }

  /** Adds a header to every request after hipaa-s3's model checks. */
  private static final class AddsPhiHeader implements ExecutionInterceptor {
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context,
        ExecutionAttributes executionAttributes) {
      calls.incrementAndGet();
      return context.httpRequest().toBuilder()
          .putHeader("x-amz-meta-patient", "Jane Doe SSN 123-45-6789").build();
    }
  }

  @Test
  void theCallersInterceptor_runsBeforeTheWireGate() {
    AddsPhiHeader interceptor = new AddsPhiHeader();
    RecordingHttpClient http = new RecordingHttpClient();
    try (HipaaS3Client s3 = http.hipaaClientBuilder()
        .overrideConfiguration(o -> o.addExecutionInterceptor(interceptor)).build()) {
      assertThatThrownBy(() -> s3.putObject(b -> b.bucket("clinic").key("lab-result"),
          RequestBody.fromString("x")))
          .isInstanceOfSatisfying(HipaaS3PolicyViolationException.class,
              e -> assertThat(e.violationCode()).isEqualTo(ViolationCode.WIRE_REFUSED))
          .hasMessageNotContaining("Jane Doe").hasMessageNotContaining("123-45-6789");
      assertThat(interceptor.calls).as("the caller's interceptor ran").hasValueGreaterThan(0);
      assertThat(http.requests()).as("nothing reached the wire").isEmpty();
    }
  }

  /** Stops the call in beforeTransmission, the hook the wire gate checks in. */
  private static final class StopsBeforeTransmission extends RuntimeException {
    private static final long serialVersionUID = 1L;
  }

  @Test
  void theWireGate_isTheLastInterceptor() {
    // The caller's interceptor adds a header the wire gate refuses, then stops the call in
    // beforeTransmission. Its stop is what surfaces only if it ran before the wire gate's
    // beforeTransmission check; with the wire gate first, WIRE_REFUSED would.
    AddsPhiHeader adds = new AddsPhiHeader();
    ExecutionInterceptor stops = new ExecutionInterceptor() {
      @Override
      public void beforeTransmission(Context.BeforeTransmission context,
          ExecutionAttributes executionAttributes) {
        throw new StopsBeforeTransmission();
      }
    };
    RecordingHttpClient http = new RecordingHttpClient();
    try (HipaaS3Client s3 = http.hipaaClientBuilder()
        .overrideConfiguration(o -> o.addExecutionInterceptor(adds)
            .addExecutionInterceptor(stops)).build()) {
      Throwable thrown = catchThrowable(() -> s3.putObject(b -> b.bucket("clinic")
          .key("lab-result"), RequestBody.fromString("x")));
      boolean stopped = false;
      for (Throwable t = thrown; t != null; t = t.getCause()) {
        stopped |= t instanceof StopsBeforeTransmission;
      }
      assertThat(stopped).as("the caller's beforeTransmission ran first: " + thrown).isTrue();
      assertThat(http.requests()).isEmpty();
    }
  }

  @Test
  void theCallersInterceptor_runsBeforeTheWireGate_onClientSidePuts() {
    AddsPhiHeader interceptor = new AddsPhiHeader();
    RecordingHttpClient http = new RecordingHttpClient();
    try (HipaaS3Client s3 = http.hipaaClientBuilder().forcePathStyle(true)
        .encryption(EncryptionMode.clientSideAes(TestSecrets.aesKey()))
        .insecureSkipBucketProtectionCheck(true)
        .overrideConfiguration(o -> o.addExecutionInterceptor(interceptor)).build()) {
      Throwable thrown = catchThrowable(() -> s3.putObject(b -> b.bucket("clinic")
          .key("lab-result"), RequestBody.fromString("x")));
      HipaaS3PolicyViolationException refusal = null;
      for (Throwable t = thrown; t != null; t = t.getCause()) {
        if (t instanceof HipaaS3PolicyViolationException) {
          refusal = (HipaaS3PolicyViolationException) t;
          break;
        }
      }
      assertThat(refusal).as("refused by the wire gate on the async client: " + thrown)
          .isNotNull();
      assertThat(refusal.violationCode()).isEqualTo(ViolationCode.WIRE_REFUSED);
      assertThat(interceptor.calls).hasValueGreaterThan(0);
    }
  }

  @Test
  void aHarmlessInterceptor_runsAndTheCallSucceeds() {
    AtomicInteger seen = new AtomicInteger();
    ExecutionInterceptor counting = new ExecutionInterceptor() {
      @Override
      public void beforeTransmission(Context.BeforeTransmission context,
          ExecutionAttributes executionAttributes) {
        seen.incrementAndGet();
      }
    };
    RecordingHttpClient http = new RecordingHttpClient();
    try (HipaaS3Client s3 = http.hipaaClientBuilder()
        .overrideConfiguration(o -> o.addExecutionInterceptor(counting)).build()) {
      s3.putObject(b -> b.bucket("clinic").key("lab-result"), RequestBody.fromString("x"));
      assertThat(seen).hasValueGreaterThanOrEqualTo(1);
      assertThat(http.requests()).hasSize(1);
    }
  }

  @Test
  void overridesThatChangeRequestsAfterTheChecks_areRefused() {
    RecordingHttpClient http = new RecordingHttpClient();
    assertThatThrownBy(() -> http.hipaaClientBuilder()
        .overrideConfiguration(o -> o.putHeader("x-amz-acl", "public-read")).build())
        .isInstanceOf(HipaaS3ConfigurationException.class).hasMessageContaining("headers");
    assertThatThrownBy(() -> http.hipaaClientBuilder()
        .overrideConfiguration(o -> o.putAdvancedOption(SdkAdvancedClientOption.SIGNER,
            (request, attributes) -> request)).build())
        .isInstanceOf(HipaaS3ConfigurationException.class).hasMessageContaining("signer");
    assertThatThrownBy(() -> http.hipaaClientBuilder()
        .overrideConfiguration(o -> o.putExecutionAttribute(
            SdkExecutionAttribute.SERVICE_NAME, "s3")).build())
        .isInstanceOf(HipaaS3ConfigurationException.class)
        .hasMessageContaining("execution attributes");
    assertThatThrownBy(() -> http.hipaaClientBuilder()
        .overrideConfiguration(o -> o.compressionConfiguration(c -> c.requestCompressionEnabled(
            true))).build())
        .isInstanceOf(HipaaS3ConfigurationException.class).hasMessageContaining("compression");
  }

  @Test
  void aSyncClientWithoutAnAsyncOne_isRefusedInClientSideModes() {
    assertThatThrownBy(() -> HipaaS3Client.builder()
        .region(software.amazon.awssdk.regions.Region.US_EAST_1)
        .credentialsProvider(io.github.hipaas3.testing.S3TestServer.testCredentials())
        .keyHashingSecret(TestSecrets.keyHashing())
        .httpClientBuilder(ApacheHttpClient.builder())
        .encryption(EncryptionMode.clientSideAes(TestSecrets.aesKey())).build())
        .isInstanceOf(HipaaS3ConfigurationException.class)
        .hasMessageContaining("asyncHttpClient(...) or asyncHttpClientBuilder(...)");
  }

  @Test
  void anAsyncClientWithoutASyncOne_isRefused() {
    assertThatThrownBy(() -> HipaaS3Client.builder()
        .region(software.amazon.awssdk.regions.Region.US_EAST_1)
        .credentialsProvider(io.github.hipaas3.testing.S3TestServer.testCredentials())
        .keyHashingSecret(TestSecrets.keyHashing())
        .asyncHttpClientBuilder(NettyNioAsyncHttpClient.builder())
        .encryption(EncryptionMode.clientSideAes(TestSecrets.aesKey())).build())
        .isInstanceOf(HipaaS3ConfigurationException.class)
        .hasMessageContaining("httpClient(...) or httpClientBuilder(...)");
  }

  @Test
  void trustManagersWithABuiltClient_orAClientAndItsBuilder_areRefused() {
    RecordingHttpClient http = new RecordingHttpClient();
    assertThatThrownBy(() -> http.hipaaClientBuilder()
        .httpClientBuilder(ApacheHttpClient.builder()).build())
        .isInstanceOf(HipaaS3ConfigurationException.class)
        .hasMessageContaining("httpClient and httpClientBuilder");
    try (software.amazon.awssdk.http.async.SdkAsyncHttpClient netty =
        NettyNioAsyncHttpClient.builder().build()) {
      assertThatThrownBy(() -> HipaaS3Client.builder()
          .region(software.amazon.awssdk.regions.Region.US_EAST_1)
          .credentialsProvider(io.github.hipaas3.testing.S3TestServer.testCredentials())
          .keyHashingSecret(TestSecrets.keyHashing())
          .httpClientBuilder(ApacheHttpClient.builder()).asyncHttpClient(netty)
          .tlsTrustManagersProvider(io.github.hipaas3.testing.TestCertificates.trustOnly(
              io.github.hipaas3.testing.TestCertificates.s3MockCertificate()))
          .encryption(EncryptionMode.clientSideAes(TestSecrets.aesKey())).build())
          .isInstanceOf(HipaaS3ConfigurationException.class)
          .hasMessageContaining("asyncHttpClient and tlsTrustManagersProvider");
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aCallersOwnBuilder_isUsed_butCannotTakeTrustManagers() {
    RecordingHttpClient http = new RecordingHttpClient();
    final class Custom implements software.amazon.awssdk.http.SdkHttpClient.Builder<Custom> {
      @Override
      public software.amazon.awssdk.http.SdkHttpClient buildWithDefaults(
          software.amazon.awssdk.utils.AttributeMap defaults) {
        return http;
      }
    }
    Custom custom = new Custom();
    try (HipaaS3Client s3 = HipaaS3Client.builder()
        .region(software.amazon.awssdk.regions.Region.US_EAST_1)
        .endpointOverride(java.net.URI.create("https://s3.test.invalid"))
        .credentialsProvider(io.github.hipaas3.testing.S3TestServer.testCredentials())
        .keyHashingSecret(TestSecrets.keyHashing())
        .httpClientBuilder(custom)
        .encryption(EncryptionMode.sseKms(TestSecrets.KMS_KEY_ARN)).build()) {
      s3.putObject(b -> b.bucket("clinic").key("lab-result"), RequestBody.fromString("x"));
      assertThat(http.requests()).hasSize(1);
    }
    assertThatThrownBy(() -> HipaaS3Client.builder()
        .region(software.amazon.awssdk.regions.Region.US_EAST_1)
        .credentialsProvider(io.github.hipaas3.testing.S3TestServer.testCredentials())
        .keyHashingSecret(TestSecrets.keyHashing())
        .httpClientBuilder(custom)
        .tlsTrustManagersProvider(() -> new javax.net.ssl.TrustManager[0])
        .encryption(EncryptionMode.sseKms(TestSecrets.KMS_KEY_ARN)).build())
        .isInstanceOf(HipaaS3ConfigurationException.class)
        .hasMessageContaining("has no tlsTrustManagersProvider(...) method");
  }

  @Test
  void policy_recordsACallersBuilderAsTheCallersHttpClient() {
    try (HipaaS3Client s3 = HipaaS3Client.builder()
        .region(software.amazon.awssdk.regions.Region.US_EAST_1)
        .credentialsProvider(io.github.hipaas3.testing.S3TestServer.testCredentials())
        .keyHashingSecret(TestSecrets.keyHashing())
        .httpClientBuilder(ApacheHttpClient.builder())
        .encryption(EncryptionMode.sseKms(TestSecrets.KMS_KEY_ARN)).build()) {
      assertThat(s3.policy().transport().customHttpClient()).isTrue();
    }
  }
}
