package io.github.hipaas3.encryption;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.hipaas3.EncryptionMode;
import io.github.hipaas3.HipaaS3Client;
import io.github.hipaas3.encryption.ClientSidePutRetryIT.Wiring;
import io.github.hipaas3.testing.S3ServerTest;
import io.github.hipaas3.testing.S3TestServer;
import io.github.hipaas3.testing.TestSecrets;
import java.io.InputStream;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Found by the concurrent soak: a client-side get handed over as a stream ({@code getObject}
 * returning a {@code ResponseInputStream}) must release the HTTP response of the ciphertext
 * when the caller closes the plaintext stream, whether the caller read it to its end or
 * stopped early, as a get into bytes or a file does. (Apache happens to free the connection
 * when the ciphertext is read to its end; other HTTP clients, and the SDK's contract, need the
 * close.)
 */
class ClientSideStreamCloseIT {
  private static final String ID = "patients/123-45-6789/stream-close.txt";

  @S3ServerTest
  void closingThePlaintextStream_closesTheCiphertextResponse(S3TestServer server)
      throws Exception {
    byte[] data = ClientSidePutRetryIT.body(20_000);
    try (Wiring wiring = new Wiring(server); S3Client raw = server.rawClient()) {
      String bucket = server.createBucket(raw);
      try (HipaaS3Client s3 = wiring.client(server,
          EncryptionMode.clientSideAes(TestSecrets.aesKey()), new CopyOnWriteArrayList<>())
          .build()) {
        s3.putObject(b -> b.bucket(bucket).key(ID), RequestBody.fromBytes(data));
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key(ID)).asByteArray())
            .isEqualTo(data);
        assertThat(wiring.faults.openResponseBodies()).as("after a get into bytes").isZero();
        try (InputStream in = s3.getObject(b -> b.bucket(bucket).key(ID))) {
          assertThat(in.readAllBytes()).isEqualTo(data);
        }
        assertThat(wiring.faults.openResponseBodyRequests()).as("after a stream read whole")
            .isEmpty();
        try (InputStream in = s3.getObject(b -> b.bucket(bucket).key(ID))) {
          assertThat(in.readNBytes(10)).isEqualTo(java.util.Arrays.copyOf(data, 10));
        }
        assertThat(wiring.faults.openResponseBodyRequests()).as("after a stream closed early")
            .isEmpty();
      }
    }
  }
}
