package io.github.hipaas3;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.hipaas3.audit.AuditEvent;
import io.github.hipaas3.testing.Capability;
import io.github.hipaas3.testing.FaultyHttp;
import io.github.hipaas3.testing.FaultyHttp.Fault;
import io.github.hipaas3.testing.FaultyHttp.Target;
import io.github.hipaas3.testing.S3ServerTest;
import io.github.hipaas3.testing.S3TestServer;
import io.github.hipaas3.testing.ServerKind;
import io.github.hipaas3.testing.TestSecrets;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Assumptions;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * The fault-injection tier (issue 17, item 1): every fault below, in every encryption mode the
 * test servers can confirm (client-side AES on S3Mock and moto, SSE-C on S3Mock, SSE-KMS on
 * moto), against a real server. For each case the put and the get either succeed with the
 * right content (after retries) or fail with a clear exception; and in every case: no
 * plaintext stored (client-side: a raw get shows no canary; server-side: the server confirms
 * the encryption), no second version with other content, no multipart upload left open
 * ({@code listMultipartUploads}), no response body (connection) left open, exactly one audit
 * event per call.
 *
 * <p>How faults are injected: {@link FaultyHttp} sits between the SDK and the real Apache and
 * Netty clients (see its Javadoc for why there and not in a TLS-terminating proxy). A fault
 * hits the first request of its kind; what follows goes to the server untouched. The SDK's
 * attempt timeout is 1.5 s here so that the slow answers (2.5 s) stay cheap; the whole tier
 * runs in well under a minute. Each case prints one line of what happened. {@code FaultSoak}
 * repeats random cases for longer (Maven profile {@code fault-soak}, not run by default).
 */
class FaultInjectionIT {
  // No PHI-like digits: S3Mock stores SSE-C objects as plaintext, and PhiFreeNamesIT scans its
  // whole storage for PHI.
  static final String CANARY = "PLAINTEXT-CANARY-FAULT-TIER ";
  static final Duration ATTEMPT_TIMEOUT = Duration.ofMillis(1500);
  static final Duration SLOW = Duration.ofMillis(2500);
  static final int SMALL = 20_000;
  static final int MULTIPART_THRESHOLD = 5 * 1024 * 1024;

  /** One fault aimed at one request. */
  record Case(Target target, Fault fault, int size) {
    @Override
    public String toString() {
      return target + " " + fault + (size > SMALL ? " (multipart)" : "");
    }
  }

  static List<Case> cases(boolean clientSide) {
    List<Case> cases = new ArrayList<>();
    for (Fault f : List.of(Fault.SLOW_DOWN_503, Fault.INTERNAL_ERROR_500,
        Fault.RESET_BEFORE_UPLOAD, Fault.RESET_DURING_UPLOAD, Fault.RESET_AFTER_UPLOAD,
        Fault.SLOW_RESPONSE)) {
      cases.add(new Case(Target.PUT_OBJECT, f, SMALL));
    }
    for (Fault f : List.of(Fault.SLOW_DOWN_503, Fault.INTERNAL_ERROR_500,
        Fault.RESET_BEFORE_UPLOAD, Fault.BODY_CUT_SHORT, Fault.BODY_ENDS_EARLY,
        Fault.SLOW_RESPONSE, Fault.WRONG_CHECKSUM)) {
      cases.add(new Case(Target.GET_OBJECT, f, SMALL));
    }
    if (clientSide) {
      cases.add(new Case(Target.UPLOAD_PART, Fault.RESET_DURING_UPLOAD,
          MULTIPART_THRESHOLD + 4096));
      cases.add(new Case(Target.UPLOAD_PART, Fault.INTERNAL_ERROR_500,
          MULTIPART_THRESHOLD + 4096));
    }
    return cases;
  }

  static byte[] body(int size) {
    StringBuilder text = new StringBuilder(size + CANARY.length());
    while (text.length() < size) {
      text.append(CANARY);
    }
    return text.substring(0, size).getBytes(StandardCharsets.US_ASCII);
  }

  @S3ServerTest
  void clientSideAes(S3TestServer server) {
    Assumptions.assumeTrue(server.kind() != ServerKind.LOCALSTACK, "S3Mock and moto only");
    run(server, EncryptionMode.clientSideAes(TestSecrets.aesKey()), true);
  }

  @S3ServerTest
  void serverSide(S3TestServer server) {
    Assumptions.assumeTrue(server.kind() != ServerKind.LOCALSTACK, "S3Mock and moto only");
    EncryptionMode mode = server.has(Capability.KMS)
        ? EncryptionMode.sseKms(TestSecrets.KMS_KEY_ARN)
        : EncryptionMode.sseC(SseCustomerKeyProvider.single(SseCustomerKey.generate()));
    run(server, mode, false);
  }

  private void run(S3TestServer server, EncryptionMode mode, boolean clientSide) {
    SoftAssertions softly = new SoftAssertions();
    long started = System.nanoTime();
    try (S3Client raw = server.rawClient()) {
      String bucket = server.createBucket(raw);
      int n = 0;
      for (Case c : cases(clientSide)) {
        runCase(server, raw, bucket, mode, c, "fault-" + (n++) + "/123-45-6789.txt", softly);
      }
      softly.assertThat(raw.listMultipartUploads(b -> b.bucket(bucket)).uploads())
          .as("no multipart upload left open").isEmpty();
    }
    System.out.printf("FaultInjectionIT %s %s: %d cases in %d ms%n", server.kind().id(),
        mode.kind(), cases(clientSide).size(), (System.nanoTime() - started) / 1_000_000);
    softly.assertAll();
  }

  static void runCase(S3TestServer server, S3Client raw, String bucket, EncryptionMode mode,
      Case c, String id, SoftAssertions softly) {
    byte[] data = body(c.size());
    List<AuditEvent> events = new CopyOnWriteArrayList<>();
    String outcome;
    String stored;
    FaultyHttp faults = new FaultyHttp(SLOW);
    SdkHttpClient sync = faults.sync(ApacheHttpClient.builder()
        .tlsTrustManagersProvider(server.trust()).build());
    SdkAsyncHttpClient async = faults.async(NettyNioAsyncHttpClient.builder()
        .tlsTrustManagersProvider(server.trust()).build());
    long t0 = System.nanoTime();
    int calls = 0;
    try {
      try (HipaaS3Client s3 = server.untrustedClientBuilder(mode).httpClient(sync)
          .asyncHttpClient(async).audit(events::add).multipartThreshold(MULTIPART_THRESHOLD)
          .overrideConfiguration(o -> o.apiCallAttemptTimeout(ATTEMPT_TIMEOUT)).build()) {
        stored = s3.objectKey(id);
        if (c.target() != Target.GET_OBJECT) {
          faults.inject(c.target(), c.fault(), 1);
        }
        calls++;
        String put = attempt(() -> s3.putObject(b -> b.bucket(bucket).key(id),
            RequestBody.fromBytes(data)));
        outcome = "put " + put;
        if (put.equals("ok")) {
          if (c.target() == Target.GET_OBJECT) {
            faults.inject(c.target(), c.fault(), 1);
          }
          byte[][] got = new byte[1][];
          calls++;
          String get = attempt(() -> got[0] = s3.getObjectAsBytes(b -> b.bucket(bucket)
              .key(id)).asByteArray());
          outcome += ", get " + get;
          if (got[0] != null) {
            softly.assertThat(got[0]).as("%s: content read back", c).isEqualTo(data);
          }
          checkVersions(server, raw, s3, bucket, id, stored, data, c, softly);
        }
        // The fault was aimed at a request the call made.
        softly.assertThat(faults.injected()).as("%s: injected", c).hasSize(1);
      }
      checkStored(server, raw, bucket, stored, mode, c, softly);
      softly.assertThat(faults.openResponseBodies()).as("%s: response bodies left open", c)
          .isZero();
      softly.assertThat(faults.asyncRequestsInFlight()).as("%s: async requests left open", c)
          .isZero();
    } finally {
      sync.close();
      async.close();
      faults.close();
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    System.out.printf("FaultInjectionIT %-7s %-16s %-40s %-70s %5d ms%n", server.kind().id(),
        mode.kind(), c, outcome, ms);
    // Every call writes one event, whatever its attempts (gets made to check versions add
    // theirs).
    softly.assertThat(events.size()).as("%s: audit events", c).isGreaterThanOrEqualTo(calls);
    softly.assertThat(events.stream().limit(calls).map(AuditEvent::operation).toList())
        .as("%s: one event per call", c)
        .isEqualTo(calls == 1 ? List.of("PutObject") : List.of("PutObject", "GetObject"));
    boolean retryableFault = c.fault() != Fault.BODY_CUT_SHORT
        && c.fault() != Fault.BODY_ENDS_EARLY && c.fault() != Fault.WRONG_CHECKSUM;
    if (retryableFault) {
      softly.assertThat(outcome).as("%s: retried to success", c).isEqualTo("put ok, get ok");
    }
  }

  /** "ok", or the exception's type and message, checked for being clear and PHI-free. */
  private static String attempt(Runnable call) {
    try {
      call.run();
      return "ok";
    } catch (SdkException e) {
      String message = String.valueOf(e.getMessage());
      assertThat(message).as("a clear message").isNotBlank().doesNotContain("123-45")
          .doesNotContain("CANARY");
      return e.getClass().getSimpleName() + ": "
          + message.substring(0, Math.min(60, message.length())).replace('\n', ' ');
    }
  }

  private static void checkStored(S3TestServer server, S3Client raw, String bucket,
      String stored, EncryptionMode mode, Case c, SoftAssertions softly) {
    if (raw.listObjectsV2(b -> b.bucket(bucket).prefix(stored)).contents().isEmpty()) {
      return; // nothing stored
    }
    if (mode.kind().clientSide()) {
      byte[] ciphertext = raw.getObjectAsBytes(b -> b.bucket(bucket).key(stored)).asByteArray();
      softly.assertThat(new String(ciphertext, StandardCharsets.ISO_8859_1))
          .as("%s: no plaintext stored", c).doesNotContain("CANARY");
    } else if (mode.kind() == EncryptionMode.Kind.SSE_KMS) {
      HeadObjectResponse head = raw.headObject(b -> b.bucket(bucket).key(stored));
      softly.assertThat(head.serverSideEncryption()).as("%s: stored under SSE-KMS", c)
          .isEqualTo(ServerSideEncryption.AWS_KMS);
    } else {
      // SSE-C: S3 refuses a head without the key; S3Mock (which does not enforce SSE-C keys)
      // answers and shows the algorithm it stored the object under.
      HeadObjectResponse head;
      try {
        head = raw.headObject(b -> b.bucket(bucket).key(stored));
      } catch (SdkException refused) {
        return;
      }
      softly.assertThat(head.sseCustomerAlgorithm()).as("%s: stored under SSE-C", c)
          .isEqualTo("AES256");
    }
  }

  /**
   * No duplicate version with different content. A put whose response was lost after the
   * server stored it (reset after the upload) is sent again, so two versions may exist; each
   * must read back as the same content.
   */
  private static void checkVersions(S3TestServer server, S3Client raw, HipaaS3Client s3,
      String bucket, String id, String stored, byte[] data, Case c, SoftAssertions softly) {
    if (!server.has(Capability.VERSIONING)) {
      return;
    }
    List<ObjectVersion> versions =
        raw.listObjectVersions(b -> b.bucket(bucket).prefix(stored)).versions();
    if (c.fault() == Fault.RESET_AFTER_UPLOAD && c.target() != Target.GET_OBJECT) {
      softly.assertThat(versions).as("%s: versions", c).hasSizeBetween(1, 2);
      for (ObjectVersion v : versions) {
        softly.assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key(id)
            .versionId(v.versionId())).asByteArray()).as("%s: every version", c)
            .isEqualTo(data);
      }
    } else {
      softly.assertThat(versions).as("%s: one version", c).hasSize(1);
    }
  }
}
