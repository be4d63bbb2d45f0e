package io.github.hipaas3.encryption;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.hipaas3.EncryptionMode;
import io.github.hipaas3.HipaaS3Client;
import io.github.hipaas3.encryption.ClientSidePutRetryIT.Wiring;
import io.github.hipaas3.testing.FaultyHttp.Fault;
import io.github.hipaas3.testing.S3ServerTest;
import io.github.hipaas3.testing.S3TestServer;
import io.github.hipaas3.testing.TestSecrets;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Found by the concurrent soak: a client-side multipart put whose attempt fails aborts its
 * upload before the next attempt, or the upload stays open for good, with no caller able to see
 * or abort it. Two ways it did not: the abort travels on the async client whose SDK retries are
 * off (the encryption client's puts need that), so one retryable error on the abort (here a 503
 * SlowDown) left the upload open; and the encryption client aborts after a failed part but not
 * after a failed CompleteMultipartUpload. The abort is retried under the caller's retry
 * strategy like the put, and a failed completion aborts its upload too.
 */
class MultipartAbortRetryIT {
  private static final String ID = "patients/123-45-6789/abort-retry.bin";
  private static final int SIZE = 5 * 1024 * 1024 + 4096;

  @S3ServerTest
  void aFailedAttemptsUpload_isAborted_evenWhenTheAbortMeetsA503(S3TestServer server) {
    byte[] data = ClientSidePutRetryIT.body(SIZE);
    AtomicInteger parts = new AtomicInteger();
    AtomicInteger aborts = new AtomicInteger();
    try (Wiring wiring = new Wiring(server); S3Client raw = server.rawClient()) {
      String bucket = server.createBucket(raw);
      // The first part fails (the attempt is aborted and the put tried again), and so does the
      // first abort.
      wiring.faults.injectRandomly((request, async) -> {
        boolean upload = request.rawQueryParameters().containsKey("uploadId");
        if (upload && request.method() == SdkHttpMethod.PUT && parts.getAndIncrement() == 0) {
          return Fault.INTERNAL_ERROR_500;
        }
        if (upload && request.method() == SdkHttpMethod.DELETE
            && aborts.getAndIncrement() == 0) {
          return Fault.SLOW_DOWN_503;
        }
        return null;
      });
      putMultipartAndReadBack(wiring, server, bucket, data);
      assertThat(wiring.faults.injected()).as("a part and an abort failed")
          .containsExactlyInAnyOrder("UPLOAD_PART INTERNAL_ERROR_500", "OTHER SLOW_DOWN_503");
      assertThat(raw.listMultipartUploads(b -> b.bucket(bucket)).uploads())
          .as("no multipart upload left open").isEmpty();
    }
  }

  @S3ServerTest
  void aFailedCompletionsUpload_isAborted(S3TestServer server) {
    byte[] data = ClientSidePutRetryIT.body(SIZE);
    AtomicInteger completions = new AtomicInteger();
    try (Wiring wiring = new Wiring(server); S3Client raw = server.rawClient()) {
      String bucket = server.createBucket(raw);
      wiring.faults.injectRandomly((request, async) ->
          request.rawQueryParameters().containsKey("uploadId")
              && request.method() == SdkHttpMethod.POST && completions.getAndIncrement() == 0
              ? Fault.INTERNAL_ERROR_500 : null);
      putMultipartAndReadBack(wiring, server, bucket, data);
      assertThat(wiring.faults.injected()).as("the first completion failed")
          .containsExactly("OTHER INTERNAL_ERROR_500");
      assertThat(raw.listMultipartUploads(b -> b.bucket(bucket)).uploads())
          .as("no multipart upload left open").isEmpty();
    }
  }

  /** Puts the body through a client-side client in parts (5 MiB threshold) and reads it back. */
  private static void putMultipartAndReadBack(Wiring wiring, S3TestServer server, String bucket,
      byte[] data) {
    try (HipaaS3Client s3 = wiring.client(server,
        EncryptionMode.clientSideAes(TestSecrets.aesKey()), new CopyOnWriteArrayList<>())
        .multipartThreshold(5 * 1024 * 1024).build()) {
      s3.putObject(b -> b.bucket(bucket).key(ID), RequestBody.fromBytes(data));
      assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key(ID)).asByteArray())
          .isEqualTo(data);
    }
  }
}
