package io.github.hipaas3.encryption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.hipaas3.EncryptionMode;
import io.github.hipaas3.HipaaS3Client;
import io.github.hipaas3.HipaaS3RetryException;
import io.github.hipaas3.audit.AuditEvent;
import io.github.hipaas3.testing.CountingRetryStrategy;
import io.github.hipaas3.testing.Capability;
import io.github.hipaas3.testing.FaultyHttp;
import io.github.hipaas3.testing.FaultyHttp.Fault;
import io.github.hipaas3.testing.FaultyHttp.Target;
import io.github.hipaas3.testing.S3ServerTest;
import io.github.hipaas3.testing.S3TestServer;
import io.github.hipaas3.testing.TestSecrets;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Issue 17, item 2: a client-side put that meets one retryable error (503 SlowDown) is tried
 * again, encrypted afresh, and stores one object that decrypts to what was put. Before the fix
 * the S3 Encryption Client's put failed on the SDK's retry ("Must use either different key or
 * iv"), so one 503 lost the write. A body that cannot be read again fails at once with a
 * message that says how to make it replayable; the caller's retry strategy decides.
 */
class ClientSidePutRetryIT {
  static final String ID = "patients/123-45-6789/retry.txt";
  // No PHI-like digits: S3Mock stores SSE-C objects as plaintext, and PhiFreeNamesIT scans its
  // whole storage for PHI.
  static final String CANARY = "PLAINTEXT-CANARY-FAULT-TIER ";

  /** The HTTP clients of one test, with the faults in front of them. */
  static final class Wiring implements AutoCloseable {
    final FaultyHttp faults = new FaultyHttp(Duration.ofSeconds(3));
    final SdkHttpClient sync;
    final SdkAsyncHttpClient async;

    Wiring(S3TestServer server) {
      sync = faults.sync(ApacheHttpClient.builder().tlsTrustManagersProvider(server.trust())
          .build());
      async = faults.async(NettyNioAsyncHttpClient.builder()
          .tlsTrustManagersProvider(server.trust()).build());
    }

    HipaaS3Client.Builder client(S3TestServer server, EncryptionMode mode,
        List<AuditEvent> events) {
      return server.untrustedClientBuilder(mode).httpClient(sync).asyncHttpClient(async)
          .audit(events::add);
    }

    @Override
    public void close() {
      sync.close();
      async.close();
      faults.close();
    }
  }

  static byte[] body(int size) {
    StringBuilder text = new StringBuilder();
    while (text.length() < size) {
      text.append(CANARY);
    }
    return text.substring(0, size).getBytes(StandardCharsets.US_ASCII);
  }

  static EncryptionMode aes() {
    return EncryptionMode.clientSideAes(TestSecrets.aesKey());
  }

  static void assertStoredOnceWithoutPlaintext(S3TestServer server, S3Client raw, String bucket,
      String stored) {
    byte[] ciphertext = raw.getObjectAsBytes(b -> b.bucket(bucket).key(stored)).asByteArray();
    assertThat(new String(ciphertext, StandardCharsets.ISO_8859_1)).doesNotContain("CANARY");
    if (server.has(Capability.VERSIONING)) {
      assertThat(raw.listObjectVersions(b -> b.bucket(bucket).prefix(stored)).versions())
          .as("one version").hasSize(1);
    }
    assertThat(raw.listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
  }

  /**
   * Bodies up to 1 MiB are encrypted in memory and sent with the SDK's own retries (the same
   * ciphertext again); larger ones are streamed by the S3 Encryption Client and retried by
   * hipaa-s3 with fresh materials.
   */
  static final int ABOVE_IN_MEMORY = 1024 * 1024 + 1;

  @S3ServerTest
  void aSmallPutAnswered503Once_isResentByTheSdk_andStoredOnce(S3TestServer server) {
    putAnswered503Once(server, 10_000);
  }

  @S3ServerTest
  void aStreamedPutAnswered503Once_isRetriedWithFreshMaterials_andStoredOnce(
      S3TestServer server) {
    putAnswered503Once(server, ABOVE_IN_MEMORY);
  }

  private static void putAnswered503Once(S3TestServer server, int size) {
    byte[] data = body(size);
    List<AuditEvent> events = new CopyOnWriteArrayList<>();
    String bucket;
    String stored;
    try (Wiring wiring = new Wiring(server); S3Client raw = server.rawClient()) {
      wiring.faults.inject(Target.PUT_OBJECT, Fault.SLOW_DOWN_503, 1);
      try (HipaaS3Client s3 = wiring.client(server, aes(), events).build()) {
        bucket = server.createBucket(raw);
        stored = s3.objectKey(ID);
        s3.putObject(b -> b.bucket(bucket).key(ID), RequestBody.fromBytes(data));
        assertThat(wiring.faults.injected()).containsExactly("PUT_OBJECT SLOW_DOWN_503");
        assertThat(wiring.faults.seen(Target.PUT_OBJECT)).as("one retry").isEqualTo(2);
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key(ID)).asByteArray())
            .isEqualTo(data);
      }
      assertStoredOnceWithoutPlaintext(server, raw, bucket, stored);
      assertThat(wiring.faults.openResponseBodies()).isZero();
    }
    assertThat(events).as("one event per call").hasSize(2);
  }

  @S3ServerTest
  void aSmallSingleUseStreamBody_isReadOnce_andResentByTheSdk(S3TestServer server) {
    byte[] data = body(10_000);
    List<AuditEvent> events = new CopyOnWriteArrayList<>();
    try (Wiring wiring = new Wiring(server); S3Client raw = server.rawClient()) {
      wiring.faults.inject(Target.PUT_OBJECT, Fault.SLOW_DOWN_503, 1);
      try (HipaaS3Client s3 = wiring.client(server, aes(), events).build()) {
        String bucket = server.createBucket(raw);
        s3.putObject(b -> b.bucket(bucket).key(ID),
            RequestBody.fromInputStream(new ByteArrayInputStream(data), data.length));
        assertThat(wiring.faults.seen(Target.PUT_OBJECT)).as("one retry").isEqualTo(2);
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key(ID)).asByteArray())
            .isEqualTo(data);
        assertStoredOnceWithoutPlaintext(server, raw, bucket, s3.objectKey(ID));
      }
    }
    assertThat(events).as("one event per call").hasSize(2);
  }

  @S3ServerTest
  void aSingleUseStreamBody_failsAtOnce_sayingHowToMakeItReplayable(S3TestServer server) {
    // Above the in-memory bound: the body streams through the encryption client, so the
    // failed attempt has consumed it.
    byte[] data = body(ABOVE_IN_MEMORY);
    List<AuditEvent> events = new CopyOnWriteArrayList<>();
    try (Wiring wiring = new Wiring(server); S3Client raw = server.rawClient()) {
      wiring.faults.inject(Target.PUT_OBJECT, Fault.SLOW_DOWN_503, 1);
      try (HipaaS3Client s3 = wiring.client(server, aes(), events).build()) {
        String bucket = server.createBucket(raw);
        assertThatThrownBy(() -> s3.putObject(b -> b.bucket(bucket).key(ID),
            RequestBody.fromInputStream(new ByteArrayInputStream(data), data.length)))
            .isInstanceOf(HipaaS3RetryException.class)
            .hasMessageContaining("RequestBody.fromFile")
            .hasMessageContaining("RequestBody.fromContentProvider")
            .hasMessageNotContaining("123-45");
        assertThat(wiring.faults.seen(Target.PUT_OBJECT)).as("no second attempt").isEqualTo(1);
        assertThat(raw.listObjectsV2(b -> b.bucket(bucket)).contents()).isEmpty();
      }
    }
    assertThat(events).hasSize(1);
  }

  @S3ServerTest
  void aMultipartPutWhosePartFails_abortsThatUpload_andRetries(S3TestServer server) {
    int threshold = 5 * 1024 * 1024;
    byte[] data = body(threshold + 4096);
    List<AuditEvent> events = new CopyOnWriteArrayList<>();
    String bucket;
    String stored;
    try (Wiring wiring = new Wiring(server); S3Client raw = server.rawClient()) {
      wiring.faults.inject(Target.UPLOAD_PART, Fault.SLOW_DOWN_503, 1);
      try (HipaaS3Client s3 = wiring.client(server, aes(), events)
          .multipartThreshold(threshold).build()) {
        bucket = server.createBucket(raw);
        stored = s3.objectKey(ID);
        s3.putObject(b -> b.bucket(bucket).key(ID), RequestBody.fromBytes(data));
        assertThat(wiring.faults.injected()).containsExactly("UPLOAD_PART SLOW_DOWN_503");
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key(ID)).asByteArray())
            .isEqualTo(data);
      }
      assertStoredOnceWithoutPlaintext(server, raw, bucket, stored);
    }
    assertThat(events).hasSize(2);
  }

  @S3ServerTest
  void theCallersRetryStrategy_decides(S3TestServer server) {
    byte[] data = body(2000);
    CountingRetryStrategy three = new CountingRetryStrategy(
        AwsRetryStrategy.standardRetryStrategy().toBuilder()
        .maxAttempts(3).backoffStrategy(BackoffStrategy.retryImmediately())
        .throttlingBackoffStrategy(BackoffStrategy.retryImmediately()).build());
    try (Wiring wiring = new Wiring(server); S3Client raw = server.rawClient()) {
      String bucket = server.createBucket(raw);
      wiring.faults.inject(Target.PUT_OBJECT, Fault.INTERNAL_ERROR_500, 2);
      try (HipaaS3Client s3 = wiring.client(server, aes(), new CopyOnWriteArrayList<>())
          .overrideConfiguration(o -> o.retryStrategy(three)).build()) {
        s3.putObject(b -> b.bucket(bucket).key(ID), RequestBody.fromBytes(data));
        assertThat(three.refreshed).as("asked about both 500s").hasValue(2);
        assertThat(wiring.faults.seen(Target.PUT_OBJECT)).isEqualTo(3);
      }
      wiring.faults.inject(Target.PUT_OBJECT, Fault.SLOW_DOWN_503, 1);
      try (HipaaS3Client s3 = wiring.client(server, aes(), new CopyOnWriteArrayList<>())
          .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build()) {
        assertThatThrownBy(() -> s3.putObject(b -> b.bucket(bucket).key(ID + ".2"),
            RequestBody.fromBytes(data)))
            .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode())
                .isEqualTo(503));
        assertThat(wiring.faults.seen(Target.PUT_OBJECT)).as("not retried").isEqualTo(4);
      }
    }
  }
}
