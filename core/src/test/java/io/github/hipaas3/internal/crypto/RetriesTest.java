package io.github.hipaas3.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.hipaas3.HipaaS3Exception;
import io.github.hipaas3.HipaaS3RetryException;
import io.github.hipaas3.internal.Transport;
import java.io.ByteArrayInputStream;
import java.net.SocketException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.encryption.s3.S3EncryptionClientException;

/** The retry loop of client-side calls, without a server (the servers: ClientSidePutRetryIT). */
class RetriesTest {
  static final RetryStrategy IMMEDIATE = AwsRetryStrategy.standardRetryStrategy().toBuilder()
      .maxAttempts(3).backoffStrategy(BackoffStrategy.retryImmediately())
      .throttlingBackoffStrategy(BackoffStrategy.retryImmediately()).build();

  /** What the S3 Encryption Client throws when the connection resets under a put. */
  static RuntimeException reset() {
    return new S3EncryptionClientException("put failed", SdkClientException.create(
        "Unable to execute HTTP request: Connection reset", new SocketException("reset")));
  }

  @Test
  void aRetryableFailure_isTriedAgain_untilItSucceeds() {
    AtomicInteger attempts = new AtomicInteger();
    String result = new Retries(IMMEDIATE).run("PutObject", RequestBody.fromBytes(new byte[3]),
        () -> {
          if (attempts.incrementAndGet() < 3) {
            throw reset();
          }
          return "stored";
        });
    assertThat(result).isEqualTo("stored");
    assertThat(attempts).hasValue(3);
  }

  @Test
  void theStrategysMaxAttempts_bound_theAttempts() {
    AtomicInteger attempts = new AtomicInteger();
    assertThatThrownBy(() -> new Retries(IMMEDIATE).run("PutObject",
        RequestBody.fromString("x"), () -> {
          attempts.incrementAndGet();
          throw reset();
        })).isInstanceOf(S3EncryptionClientException.class);
    assertThat(attempts).hasValue(3);
  }

  @Test
  void aSingleUseStream_failsAtOnce_withHowToMakeItReplayable() {
    AtomicInteger attempts = new AtomicInteger();
    RequestBody stream = RequestBody.fromInputStream(new ByteArrayInputStream(new byte[3]), 3);
    assertThatThrownBy(() -> new Retries(IMMEDIATE).run("PutObject", stream, () -> {
      attempts.incrementAndGet();
      throw reset();
    })).isInstanceOf(HipaaS3RetryException.class)
        .hasMessageContaining("RequestBody.fromFile").hasMessageContaining("fromBytes")
        .hasMessageContaining("fromContentProvider").hasCauseInstanceOf(
            S3EncryptionClientException.class);
    assertThat(attempts).hasValue(1);
  }

  @Test
  void replayableBodies_areBytesStringsFilesAndContentProviders() {
    assertThat(Retries.replayable(RequestBody.fromBytes(new byte[1]))).isTrue();
    assertThat(Retries.replayable(RequestBody.fromString("x"))).isTrue();
    assertThat(Retries.replayable(RequestBody.fromContentProvider(
        () -> new ByteArrayInputStream(new byte[1]), 1, "application/octet-stream"))).isTrue();
    assertThat(Retries.replayable(RequestBody.fromInputStream(
        new ByteArrayInputStream(new byte[1]), 1))).isFalse();
  }

  @Test
  void hipaaS3Refusals_andFinalFailures_areNotRetried() {
    AtomicInteger attempts = new AtomicInteger();
    assertThatThrownBy(() -> new Retries(IMMEDIATE).run("PutObject", true, () -> {
      attempts.incrementAndGet();
      throw new S3EncryptionClientException("x", new HipaaS3Exception("refused",
          new SocketException("reset")));
    })).isInstanceOf(S3EncryptionClientException.class);
    RuntimeException done = SdkClientException.create("retried by the SDK already",
        new SocketException("reset"));
    assertThatThrownBy(() -> new Retries(IMMEDIATE).run("GetObject", true, () -> {
      attempts.incrementAndGet();
      throw new Retries.Final(done);
    })).isSameAs(done);
    assertThat(attempts).hasValue(2);
  }

  static Transport transport(
      software.amazon.awssdk.core.client.config.ClientOverrideConfiguration overrides) {
    return Transport.builder().region(Region.US_EAST_1).overrides(overrides).build(false);
  }

  @Test
  @SuppressWarnings("deprecation")
  void theCallersRetrySetting_isTheOneUsed_inEveryForm() {
    var builder = software.amazon.awssdk.core.client.config.ClientOverrideConfiguration.builder();
    assertThat(transport(null).retryStrategy().maxAttempts()).as("SDK standard").isEqualTo(3);
    RetryStrategy own = AwsRetryStrategy.doNotRetry();
    assertThat(transport(builder.retryStrategy(own).build()).retryStrategy().maxAttempts())
        .isEqualTo(1);
    assertThat(transport(software.amazon.awssdk.core.client.config.ClientOverrideConfiguration
        .builder().retryStrategy(b -> b.maxAttempts(7)).build()).retryStrategy().maxAttempts())
        .isEqualTo(7);
    assertThat(transport(software.amazon.awssdk.core.client.config.ClientOverrideConfiguration
        .builder().retryStrategy(RetryMode.LEGACY).build()).retryStrategy().maxAttempts())
        .isEqualTo(AwsRetryStrategy.forRetryMode(RetryMode.LEGACY).maxAttempts());
    assertThat(transport(software.amazon.awssdk.core.client.config.ClientOverrideConfiguration
        .builder().retryPolicy(RetryPolicy.builder().numRetries(5).build()).build())
        .retryStrategy().maxAttempts()).isEqualTo(6);
  }
}
