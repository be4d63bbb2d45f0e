package io.github.hipaas3.encryption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.hipaas3.EncryptionMode;
import io.github.hipaas3.HipaaS3Client;
import io.github.hipaas3.testing.S3ServerTest;
import io.github.hipaas3.testing.S3TestServer;
import io.github.hipaas3.testing.TestSecrets;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * Client-side calls interrupted while they run: the caller is told the thread was interrupted
 * and its interrupt flag is set again, even where the code that noticed the interrupt (a
 * transformer, the S3 Encryption Client's wait for its parts) cleared it. Before, these were
 * reported as "Unable to transform the decrypted response" or as a failed multipart upload,
 * with the flag lost.
 */
class ClientSideInterruptIT {
  static final String ID = "patients/123-45-6789/notes.txt";

  @AfterEach
  void clearInterrupt() {
    Thread.interrupted();
  }

  @S3ServerTest
  void aTransformerThatNoticesAnInterrupt_yieldsAnInterruptedError_andTheFlag(
      S3TestServer server) {
    try (S3Client raw = server.rawClient();
        HipaaS3Client s3 = server.hipaaClientBuilder(
            EncryptionMode.clientSideAes(TestSecrets.aesKey())).build()) {
      String bucket = server.createBucket(raw);
      s3.putObject(b -> b.bucket(bucket).key(ID), RequestBody.fromString("chart"));
      assertThatThrownBy(() -> s3.getObject(b -> b.bucket(bucket).key(ID),
          (ResponseTransformer<GetObjectResponse, Object>) (response, in) -> {
            // What the SDK's own transformers do on an interrupt: clear the flag and throw.
            Thread.currentThread().interrupt();
            if (Thread.interrupted()) {
              throw new InterruptedException();
            }
            return null;
          }))
          .isInstanceOf(AbortedException.class)
          .hasMessageContaining("interrupted")
          .hasMessageNotContaining("123-45");
      assertThat(Thread.interrupted()).as("flag set again").isTrue();
    }
  }

  @S3ServerTest
  void aStreamingReadInterruptedWhileItRuns_isNotReportedAsTamperedCiphertext(
      S3TestServer server) {
    byte[] data = new byte[300_000];
    new Random(19).nextBytes(data);
    try (S3Client raw = server.rawClient();
        HipaaS3Client s3 = server.hipaaClientBuilder(
            EncryptionMode.clientSideAes(TestSecrets.aesKey()))
            .authenticationBufferSize(1024).build()) {
      String bucket = server.createBucket(raw);
      s3.putObject(b -> b.bucket(bucket).key(ID), RequestBody.fromBytes(data));
      assertThatThrownBy(() -> s3.getObject(b -> b.bucket(bucket).key(ID),
          (ResponseTransformer<GetObjectResponse, Object>) (response, in) -> {
            in.readNBytes(1000);
            Thread.currentThread().interrupt(); // the task reading it is cancelled
            return in.readAllBytes();
          }))
          .isInstanceOf(AbortedException.class)
          .hasMessageContaining("interrupted")
          .hasMessageNotContaining("DECRYPTION_FAILED");
      assertThat(Thread.interrupted()).as("flag kept").isTrue();
    }
  }

  @S3ServerTest
  void aMultipartPutInterruptedWhileItRuns_yieldsAnInterruptedError_andTheFlag(
      S3TestServer server) {
    byte[] data = new byte[6 * 1024 * 1024];
    new Random(17).nextBytes(data);
    try (S3Client raw = server.rawClient();
        HipaaS3Client s3 = server.hipaaClientBuilder(
            EncryptionMode.clientSideAes(TestSecrets.aesKey()))
            .multipartThreshold(5 * 1024 * 1024).build()) {
      String bucket = server.createBucket(raw);
      // The body interrupts its reader half way, as a cancelled task's thread would be.
      RequestBody body = RequestBody.fromContentProvider(() -> new FilterInputStream(
          new ByteArrayInputStream(data)) {
            private long read;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
              int n = super.read(b, off, len);
              read += Math.max(n, 0);
              if (read > data.length / 2) {
                Thread.currentThread().interrupt();
              }
              return n;
            }
          }, data.length, "application/octet-stream");
      assertThatThrownBy(() -> s3.putObject(b -> b.bucket(bucket).key(ID), body))
          .isInstanceOf(AbortedException.class)
          .hasMessageContaining("interrupted")
          .hasMessageNotContaining("123-45");
      assertThat(Thread.interrupted()).as("flag set again").isTrue();
      assertThat(raw.listObjectsV2(b -> b.bucket(bucket)).contents())
          .as("no object was stored").isEmpty();
      assertThat(raw.listMultipartUploads(b -> b.bucket(bucket)).uploads())
          .as("the interrupted put aborted its multipart upload").isEmpty();
    }
  }
}
