package io.github.hipaas3;

import static io.github.hipaas3.testing.PathCanary.SSN_DIRECTORY;
import static io.github.hipaas3.testing.PathCanary.assertNoPath;
import static io.github.hipaas3.testing.PathCanary.files;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.hipaas3.testing.RecordingHttpClient;
import io.github.hipaas3.testing.RecordingHttpClient.Canned;
import io.github.hipaas3.testing.TestSecrets;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * Reads into files, offline: the destination holds data only after the whole object was read
 * and checked, a failure (here a checksum that fails at the end of the stream) leaves neither
 * the destination nor a temporary file, an existing file or a missing directory is reported
 * without the path, and all of it holds for each way of asking for a file: the path overload,
 * its Consumer-builder variant, and the SDK's ResponseTransformer.toFile passed by the caller.
 */
class FileReadsTest {
  static final String ID = "patients/123-45-6789/chart.pdf";
  /** CRC32C of "hello", as S3 sends it. */
  static final String HELLO_CRC32C = "mnG7TA==";

  @TempDir
  Path root;

  /** The ways a caller can get an object into a file. */
  static final List<Map.Entry<String, BiFunction<HipaaS3Client, Path, Object>>> WAYS = List.of(
      Map.entry("getObject(request, path)", (s3, path) -> s3.getObject(
          software.amazon.awssdk.services.s3.model.GetObjectRequest.builder()
              .bucket("clinic").key(ID).build(), path)),
      Map.entry("getObject(consumer, path)",
          (s3, path) -> s3.getObject(b -> b.bucket("clinic").key(ID), path)),
      Map.entry("ResponseTransformer.toFile(path)", (s3, path) -> s3.getObject(
          b -> b.bucket("clinic").key(ID),
          ResponseTransformer.<GetObjectResponse>toFile(path))),
      Map.entry("ResponseTransformer.toFile(file)", (s3, path) -> s3.getObject(
          b -> b.bucket("clinic").key(ID),
          ResponseTransformer.<GetObjectResponse>toFile(path.toFile()))));

  /** Answers gets with "hello", encrypted and locked as required, with this CRC32C. */
  private static RecordingHttpClient answering(String crc32c) {
    return new RecordingHttpClient().route(r -> {
      if (!r.method().name().equals("GET") || RecordingHttpClient.isBucketCheck(r)) {
        return null;
      }
      Map<String, String> headers = new HashMap<>(
          RecordingHttpClient.kmsEncryption(TestSecrets.KMS_KEY_ARN));
      headers.put("x-amz-object-lock-mode", "COMPLIANCE");
      headers.put("x-amz-object-lock-retain-until-date", "2100-01-01T00:00:00Z");
      headers.put("x-amz-checksum-crc32c", crc32c);
      return new Canned(200, headers, "hello");
    });
  }

  private Path patientDirectory() throws Exception {
    return Files.createDirectories(root.resolve(SSN_DIRECTORY));
  }

  @Test
  void aVerifiedObject_isMovedIntoPlace_andNoTemporaryFileIsLeft() throws Exception {
    Path dir = patientDirectory();
    try (HipaaS3Client s3 = answering(HELLO_CRC32C).hipaaClientBuilder().build()) {
      for (var way : WAYS) {
        Path file = dir.resolve(SSN_DIRECTORY + ".pdf");
        way.getValue().apply(s3, file);
        assertThat(Files.readString(file)).as(way.getKey()).isEqualTo("hello");
        assertThat(files(dir)).as(way.getKey()).containsExactly(SSN_DIRECTORY + ".pdf");
        Files.delete(file);
      }
    }
  }

  @Test
  void aChecksumThatFailsAtTheEndOfTheStream_leavesNoFile() throws Exception {
    Path dir = patientDirectory();
    try (HipaaS3Client s3 = answering("AAAAAA==").hipaaClientBuilder().build()) {
      for (var way : WAYS) {
        Path file = dir.resolve(SSN_DIRECTORY + ".pdf");
        assertThatThrownBy(() -> way.getValue().apply(s3, file)).as(way.getKey())
            .isInstanceOf(SdkClientException.class)
            .hasMessageContaining("checksum")
            .satisfies(e -> assertNoPath(e, file));
        assertThat(file).as(way.getKey()).doesNotExist();
        assertThat(files(dir)).as(way.getKey() + ": no temporary file left").isEmpty();
      }
    }
  }

  @Test
  void anExistingFile_isNotReplaced_andTheErrorDoesNotNameIt() throws Exception {
    Path dir = patientDirectory();
    Path file = Files.writeString(dir.resolve(SSN_DIRECTORY + ".pdf"), "mine",
        StandardCharsets.UTF_8);
    try (HipaaS3Client s3 = answering(HELLO_CRC32C).hipaaClientBuilder().build()) {
      for (var way : WAYS) {
        assertThatThrownBy(() -> way.getValue().apply(s3, file)).as(way.getKey())
            .isInstanceOf(HipaaS3Exception.class)
            .hasMessageContaining("already exists")
            .hasMessageContaining("Choose a path that does not exist")
            .satisfies(e -> assertNoPath(e, file));
        assertThat(Files.readString(file)).as(way.getKey()).isEqualTo("mine");
        assertThat(files(dir)).as(way.getKey()).containsExactly(SSN_DIRECTORY + ".pdf");
      }
    }
  }

  @Test
  void aMissingDirectory_isReported_withoutThePath_andNotCreated() throws Exception {
    Path missing = root.resolve(SSN_DIRECTORY).resolve("visits");
    Path file = missing.resolve(SSN_DIRECTORY + ".pdf");
    try (HipaaS3Client s3 = answering(HELLO_CRC32C).hipaaClientBuilder().build()) {
      for (var way : WAYS) {
        assertThatThrownBy(() -> way.getValue().apply(s3, file)).as(way.getKey())
            .isInstanceOf(HipaaS3Exception.class)
            .hasMessageContaining("directory does not exist")
            .satisfies(e -> assertNoPath(e, file));
        assertThat(root.resolve(SSN_DIRECTORY)).as(way.getKey()).doesNotExist();
      }
    }
  }

  @Test
  void aDirectoryAtTheDestination_isAnExistingFile() throws Exception {
    Path dir = patientDirectory();
    try (HipaaS3Client s3 = answering(HELLO_CRC32C).hipaaClientBuilder().build()) {
      assertThatThrownBy(() -> s3.getObject(b -> b.bucket("clinic").key(ID), dir))
          .isInstanceOf(HipaaS3Exception.class)
          .hasMessageContaining("already exists")
          .satisfies(e -> assertNoPath(e, dir));
      assertThat(files(dir)).isEmpty();
    }
  }
}
