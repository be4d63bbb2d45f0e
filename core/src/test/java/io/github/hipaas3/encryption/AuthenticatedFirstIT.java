package io.github.hipaas3.encryption;

import static io.github.hipaas3.testing.PathCanary.assertNoPath;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.hipaas3.EncryptionMode;
import io.github.hipaas3.HipaaS3Client;
import io.github.hipaas3.HipaaS3ConfigurationException;
import io.github.hipaas3.HipaaS3Exception;
import io.github.hipaas3.HipaaS3SecurityException;
import io.github.hipaas3.ObjectRetention;
import io.github.hipaas3.ViolationCode;
import io.github.hipaas3.testing.S3ServerTest;
import io.github.hipaas3.testing.S3TestServer;
import io.github.hipaas3.testing.TestSecrets;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;

/**
 * Issue 24, item 1: objects above {@code authenticationBufferSize} are authenticated before any
 * plaintext is released, through a temporary file of their ciphertext. The attack is the one
 * reported: AES-CTR is malleable, so XOR-ing the stored ciphertext turns a dose of 010 into 900
 * in a large object; a caller that reads only the first 100 bytes must get an exception and no
 * byte, and no temporary file may be left in the spool directory, whatever happens.
 */
class AuthenticatedFirstIT {
  static final String ID = "patients/123-45-6789/orders.txt";
  static final int BUFFER = 1024;
  static final byte[] HEAD = "order 17: dose=010 mg; ".getBytes(StandardCharsets.US_ASCII);
  static final int DOSE = 15; // where "010" starts in HEAD

  @TempDir
  Path spool;

  private HipaaS3Client client(S3TestServer server, boolean insecureStreaming) {
    return server.hipaaClientBuilder(EncryptionMode.clientSideAes(TestSecrets.aesKey()))
        .authenticationBufferSize(BUFFER)
        .authenticationSpoolDirectory(spool)
        .insecureReleaseUnauthenticatedPlaintext(insecureStreaming)
        .build();
  }

  private static byte[] body() {
    byte[] body = new byte[300 * 1024];
    new Random(24).nextBytes(body);
    System.arraycopy(HEAD, 0, body, 0, HEAD.length);
    return body;
  }

  /** Rewrites the stored object with the dose's ciphertext XOR-ed from 010 to 900. */
  private static void editDose(S3Client raw, String bucket, String stored) {
    ResponseBytes<GetObjectResponse> original =
        raw.getObjectAsBytes(b -> b.bucket(bucket).key(stored));
    byte[] edited = original.asByteArray().clone();
    byte[] from = "010".getBytes(StandardCharsets.US_ASCII);
    byte[] to = "900".getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < 3; i++) {
      edited[DOSE + i] ^= (byte) (from[i] ^ to[i]);
    }
    raw.putObject(b -> b.bucket(bucket).key(stored)
        .metadata(original.response().metadata())
        .objectLockMode(ObjectLockMode.COMPLIANCE)
        .objectLockRetainUntilDate(ObjectRetention.defaults().minimumRetainUntil()),
        RequestBody.fromBytes(edited));
  }

  private List<Path> spoolFiles() throws IOException {
    try (Stream<Path> files = Files.list(spool)) {
      return files.toList();
    }
  }

  /** Open files of this JVM that are (or were, before they were unlinked) in the spool. */
  private List<String> openSpoolFiles() throws IOException {
    List<String> open = new ArrayList<>();
    Path fds = Paths.get("/proc/self/fd");
    if (!Files.isDirectory(fds)) {
      return open;
    }
    try (Stream<Path> links = Files.list(fds)) {
      for (Path link : links.toList()) {
        try {
          String target = Files.readSymbolicLink(link).toString();
          if (target.startsWith(spool.toString())) {
            open.add(target);
          }
        } catch (IOException | UnsupportedOperationException gone) {
          // closed meanwhile
        }
      }
    }
    return open;
  }

  @S3ServerTest
  void anEditedDoseInALargeObject_yieldsAnExceptionAndNoByte_toACallerReading100Bytes(
      S3TestServer server) throws Exception {
    byte[] body = body();
    try (S3Client raw = server.rawClient();
        HipaaS3Client s3 = client(server, false);
        HipaaS3Client streaming = client(server, true)) {
      String bucket = server.createBucket(raw);
      s3.putObject(b -> b.bucket(bucket).key(ID), RequestBody.fromBytes(body));
      editDose(raw, bucket, s3.objectKey(ID));

      // The attack works on the insecure streaming path: the first 100 bytes carry "900" and
      // closing the stream early raises nothing.
      try (ResponseInputStream<GetObjectResponse> in =
          streaming.getObject(b -> b.bucket(bucket).key(ID))) {
        String first = new String(in.readNBytes(100), StandardCharsets.US_ASCII);
        assertThat(first).startsWith("order 17: dose=900 mg; ");
      }
      // ...and its tag check fails only at the end of the stream.
      AtomicLong streamed = new AtomicLong();
      assertThatThrownBy(() -> streaming.getObject(b -> b.bucket(bucket).key(ID),
          (ResponseTransformer<GetObjectResponse, Object>) (response, in) -> {
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) > 0; ) {
              streamed.addAndGet(n);
            }
            return null;
          }))
          .isInstanceOfSatisfying(HipaaS3SecurityException.class, e -> assertThat(
              e.violationCode()).isEqualTo(ViolationCode.DECRYPTION_FAILED));
      assertThat(streamed.get()).as("streamed before the end-of-stream check")
          .isEqualTo(body.length);

      // By default: an exception before any byte, for a caller that reads only 100 bytes.
      AtomicLong released = new AtomicLong();
      assertThatThrownBy(() -> {
        try (ResponseInputStream<GetObjectResponse> in =
            s3.getObject(b -> b.bucket(bucket).key(ID))) {
          released.addAndGet(in.readNBytes(100).length);
        }
      }).isInstanceOfSatisfying(HipaaS3SecurityException.class, e -> {
        assertThat(e.violationCode()).isEqualTo(ViolationCode.DECRYPTION_FAILED);
        assertThat(e).hasMessageContaining("tag does not match");
        assertNoPath(e, spool);
      });
      assertThat(released).as("plaintext bytes released").hasValue(0);
      // The same through a transformer that counts what it is given, and as bytes.
      assertThatThrownBy(() -> s3.getObject(b -> b.bucket(bucket).key(ID),
          (ResponseTransformer<GetObjectResponse, Object>) (response, in) -> {
            released.addAndGet(in.readNBytes(100).length);
            return null;
          })).isInstanceOf(HipaaS3SecurityException.class);
      assertThat(released).as("plaintext bytes released").hasValue(0);
      assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket(bucket).key(ID)))
          .isInstanceOf(HipaaS3SecurityException.class);
      assertThat(spoolFiles()).as("no temporary file after failures").isEmpty();
      assertThat(openSpoolFiles()).as("no spool file left open after failures").isEmpty();

      // A flipped bit in the tag itself fails the same way.
      s3.putObject(b -> b.bucket(bucket).key(ID), RequestBody.fromBytes(body));
      String stored = s3.objectKey(ID);
      ResponseBytes<GetObjectResponse> original =
          raw.getObjectAsBytes(b -> b.bucket(bucket).key(stored));
      byte[] tag = original.asByteArray().clone();
      tag[tag.length - 1] ^= 0x01;
      raw.putObject(b -> b.bucket(bucket).key(stored).metadata(original.response().metadata())
          .objectLockMode(ObjectLockMode.COMPLIANCE)
          .objectLockRetainUntilDate(ObjectRetention.defaults().minimumRetainUntil()),
          RequestBody.fromBytes(tag));
      assertThatThrownBy(() -> s3.getObject(b -> b.bucket(bucket).key(ID)).close())
          .isInstanceOf(HipaaS3SecurityException.class);
      assertThat(spoolFiles()).isEmpty();
    }
  }

  @S3ServerTest
  void anUntamperedLargeObject_roundTrips_andLeavesNoSpoolFile(S3TestServer server)
      throws Exception {
    byte[] body = body();
    try (S3Client raw = server.rawClient(); HipaaS3Client s3 = client(server, false)) {
      String bucket = server.createBucket(raw);
      s3.putObject(b -> b.bucket(bucket).key(ID), RequestBody.fromBytes(body));

      assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key(ID)).asByteArray())
          .isEqualTo(body);
      assertThat(spoolFiles()).as("after a complete read").isEmpty();
      assertThat(openSpoolFiles()).isEmpty();

      try (ResponseInputStream<GetObjectResponse> in =
          s3.getObject(b -> b.bucket(bucket).key(ID))) {
        assertThat(in.readNBytes(100)).isEqualTo(Arrays.copyOf(body, 100));
        if (Files.isDirectory(Paths.get("/proc/self/fd"))) {
          // Linux: while the stream is open the ciphertext is held in the spool directory, in
          // a file that already has no name (DELETE_ON_CLOSE unlinks it when opened).
          assertThat(openSpoolFiles()).as("one spool file is open").hasSize(1)
              .allSatisfy(f -> assertThat(f).contains(".hipaa-s3-").endsWith("(deleted)"));
        }
        assertThat(spoolFiles()).as("no named file while reading").isEmpty();
      } // closed early
      assertThat(spoolFiles()).as("after an early close").isEmpty();
      assertThat(openSpoolFiles()).as("the spool file is closed after an early close")
          .isEmpty();

      // An aborted stream deletes its file too.
      ResponseInputStream<GetObjectResponse> aborted =
          s3.getObject(b -> b.bucket(bucket).key(ID));
      aborted.read();
      aborted.abort();
      assertThat(openSpoolFiles()).as("after an abort").isEmpty();

      // A transformer that reads everything and one that reads a little.
      try (InputStream in = s3.getObject(b -> b.bucket(bucket).key(ID))) {
        assertThat(in.readAllBytes()).isEqualTo(body);
      }
      assertThat(s3.getObject(b -> b.bucket(bucket).key(ID),
          (ResponseTransformer<GetObjectResponse, byte[]>) (r, in) -> in.readNBytes(10)))
          .isEqualTo(Arrays.copyOf(body, 10));
      assertThat(spoolFiles()).isEmpty();
      assertThat(openSpoolFiles()).isEmpty();
    }
  }

  @S3ServerTest
  void theFileOverload_writesOnlyAuthenticatedData_andLeavesNoSpoolFile(S3TestServer server,
      @TempDir Path target) throws Exception {
    byte[] body = body();
    try (S3Client raw = server.rawClient(); HipaaS3Client s3 = client(server, false)) {
      String bucket = server.createBucket(raw);
      s3.putObject(b -> b.bucket(bucket).key(ID), RequestBody.fromBytes(body));
      Path file = target.resolve("orders.txt");
      s3.getObject(b -> b.bucket(bucket).key(ID), file);
      assertThat(Files.readAllBytes(file)).isEqualTo(body);
      assertThat(spoolFiles()).isEmpty();
      assertThat(openSpoolFiles()).isEmpty();
      Files.delete(file);

      editDose(raw, bucket, s3.objectKey(ID));
      assertThatThrownBy(() -> s3.getObject(b -> b.bucket(bucket).key(ID), file))
          .isInstanceOfSatisfying(HipaaS3SecurityException.class, e -> assertThat(
              e.violationCode()).isEqualTo(ViolationCode.DECRYPTION_FAILED));
      assertThat(file).doesNotExist();
      try (Stream<Path> left = Files.list(target)) {
        assertThat(left).as("no temporary file at the destination").isEmpty();
      }
      assertThat(spoolFiles()).isEmpty();
      assertThat(openSpoolFiles()).isEmpty();
    }
  }

  @S3ServerTest
  void aMissingSpoolDirectory_isRefusedAtBuild_andAFailedSpool_releasesNothing(
      S3TestServer server) throws Exception {
    Path missing = spool.resolve("123-45-6789");
    assertThatThrownBy(() -> server.hipaaClientBuilder(
        EncryptionMode.clientSideAes(TestSecrets.aesKey()))
        .authenticationSpoolDirectory(missing).build())
        .isInstanceOf(HipaaS3ConfigurationException.class)
        .hasMessageContaining("authenticationSpoolDirectory")
        .hasMessageNotContaining("123-45-6789");

    Path gone = Files.createDirectory(missing);
    byte[] body = body();
    try (S3Client raw = server.rawClient();
        HipaaS3Client s3 = server.hipaaClientBuilder(
            EncryptionMode.clientSideAes(TestSecrets.aesKey()))
            .authenticationBufferSize(BUFFER).authenticationSpoolDirectory(gone).build()) {
      String bucket = server.createBucket(raw);
      s3.putObject(b -> b.bucket(bucket).key(ID), RequestBody.fromBytes(body));
      s3.putObject(b -> b.bucket(bucket).key(ID + ".small"),
          RequestBody.fromBytes(Arrays.copyOf(body, 500)));
      Files.delete(gone); // removed after the client was built
      assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket(bucket).key(ID)))
          .isInstanceOf(HipaaS3Exception.class)
          .hasMessageContaining("authenticationSpoolDirectory")
          .hasMessageContaining("NoSuchFileException")
          .satisfies(e -> assertNoPath(e, gone));
      // Objects within the buffer do not use the spool.
      assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key(ID + ".small")).asByteArray())
          .isEqualTo(Arrays.copyOf(body, 500));
    }
  }
}
