package io.github.hipaas3.encryption;

import static io.github.hipaas3.testing.PathCanary.SSN_DIRECTORY;
import static io.github.hipaas3.testing.PathCanary.assertNoPath;
import static io.github.hipaas3.testing.PathCanary.files;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.hipaas3.EncryptionMode;
import io.github.hipaas3.HipaaS3Client;
import io.github.hipaas3.HipaaS3SecurityException;
import io.github.hipaas3.ObjectRetention;
import io.github.hipaas3.ViolationCode;
import io.github.hipaas3.testing.S3ServerTest;
import io.github.hipaas3.testing.S3TestServer;
import io.github.hipaas3.testing.TestSecrets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;

/**
 * A tampered client-side object read into a file. Above {@code authenticationBufferSize} the
 * plaintext used to stream with the AES-GCM tag checked at the end, so the file used to hold the
 * whole unauthenticated plaintext when the check failed (and the error named the file); since
 * issue 24 such objects are authenticated before release (AuthenticatedFirstIT). Now the
 * destination never exists after a failure, no temporary file is left, and no error in the
 * chain names the path, a directory called like an SSN.
 */
class ClientSideFileReadsIT {
  static final String ID = "patients/123-45-6789/scan.dcm";
  static final int BUFFER = 1024;

  /** The ways a caller can get an object into a file. */
  static final Map<String, BiConsumer<HipaaS3Client, Map.Entry<String, Path>>> WAYS = Map.of(
      "getObject(request, path)", (s3, target) -> s3.getObject(GetObjectRequest.builder()
          .bucket(target.getKey()).key(ID).build(), target.getValue()),
      "getObject(consumer, path)", (s3, target) -> s3.getObject(
          b -> b.bucket(target.getKey()).key(ID), target.getValue()),
      "ResponseTransformer.toFile", (s3, target) -> s3.getObject(
          b -> b.bucket(target.getKey()).key(ID),
          ResponseTransformer.<GetObjectResponse>toFile(target.getValue())));

  @TempDir
  Path root;

  @S3ServerTest
  void aTamperedObject_readIntoAFile_leavesNoFile_andNoPathInTheError(S3TestServer server)
      throws Exception {
    Path dir = Files.createDirectory(root.resolve(SSN_DIRECTORY));
    try (S3Client raw = server.rawClient();
        HipaaS3Client s3 = server.hipaaClientBuilder(
            EncryptionMode.clientSideAes(TestSecrets.aesKey()))
            .authenticationBufferSize(BUFFER).build()) {
      String bucket = server.createBucket(raw);
      String stored = s3.objectKey(ID);
      // Below the buffer (authenticated before release), a bit above it, and many chunks.
      for (int size : List.of(500, BUFFER + 500, 200_000)) {
        byte[] body = new byte[size];
        new Random(size).nextBytes(body);
        s3.putObject(b -> b.bucket(bucket).key(ID), RequestBody.fromBytes(body));
        Path file = dir.resolve(SSN_DIRECTORY + ".dcm");
        for (var way : WAYS.entrySet()) {
          way.getValue().accept(s3, Map.entry(bucket, file));
          assertThat(Files.readAllBytes(file)).as(way.getKey() + " " + size).isEqualTo(body);
          assertThat(files(dir)).containsExactly(SSN_DIRECTORY + ".dcm");
          Files.delete(file);
        }

        ResponseBytes<GetObjectResponse> original =
            raw.getObjectAsBytes(b -> b.bucket(bucket).key(stored));
        byte[] tampered = original.asByteArray().clone();
        tampered[size / 2] ^= 0x01; // a body byte: the plaintext around it is still readable
        raw.putObject(b -> b.bucket(bucket).key(stored)
            .metadata(original.response().metadata())
            .objectLockMode(ObjectLockMode.COMPLIANCE)
            .objectLockRetainUntilDate(ObjectRetention.defaults().minimumRetainUntil()),
            RequestBody.fromBytes(tampered));
        for (var way : WAYS.entrySet()) {
          assertThatThrownBy(() -> way.getValue().accept(s3, Map.entry(bucket, file)))
              .as(way.getKey() + " " + size)
              .isInstanceOfSatisfying(HipaaS3SecurityException.class, e -> assertThat(
                  e.violationCode()).isEqualTo(ViolationCode.DECRYPTION_FAILED))
              .satisfies(e -> assertNoPath(e, file));
          assertThat(file).as(way.getKey() + " " + size).doesNotExist();
          assertThat(files(dir)).as(way.getKey() + " " + size + ": no temporary file left")
              .isEmpty();
        }
      }
    }
  }
}
