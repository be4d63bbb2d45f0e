package io.github.hipaas3.internal;

import static io.github.hipaas3.testing.PathCanary.SSN_DIRECTORY;
import static io.github.hipaas3.testing.PathCanary.assertNoPath;
import static io.github.hipaas3.testing.PathCanary.files;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.hipaas3.HipaaS3Exception;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.exception.RetryableException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/** The file write on its own: failures mid-stream, errors that name the file, links. */
class FileDestinationTest {
  @TempDir
  Path root;

  private Path file() throws IOException {
    return Files.createDirectories(root.resolve(SSN_DIRECTORY)).resolve(SSN_DIRECTORY + ".pdf");
  }

  /** 100 KiB of data, then the given failure. */
  private static AbortableInputStream failingAfterData(RuntimeException runtime,
      IOException io) {
    InputStream failing = new InputStream() {
      @Override
      public int read() throws IOException {
        if (runtime != null) {
          throw runtime;
        }
        throw io;
      }
    };
    return AbortableInputStream.create(new SequenceInputStream(
        new ByteArrayInputStream(new byte[100 * 1024]), failing));
  }

  private static GetObjectResponse response() {
    return GetObjectResponse.builder().build();
  }

  @Test
  void aConnectionLostMidStream_isRetryable_andLeavesNoFile() throws Exception {
    Path file = file();
    assertThatThrownBy(() -> new FileDestination(file).transform(response(),
        failingAfterData(null, new IOException("Connection reset"))))
        .isInstanceOf(RetryableException.class)
        .hasMessageContaining("could not read the object to its end")
        .satisfies(e -> assertNoPath(e, file));
    assertThat(file).doesNotExist();
    assertThat(files(file.getParent())).isEmpty();
  }

  @Test
  void aFailureWhoseTextNamesTheFile_isReplaced() throws Exception {
    Path file = file();
    RuntimeException naming = SdkClientException.create("could not use " + file,
        new NoSuchFileException(file.toString()));
    assertThatThrownBy(() -> new FileDestination(file).transform(response(),
        failingAfterData(naming, null)))
        .isInstanceOf(HipaaS3Exception.class)
        .hasMessageContaining("left out")
        .hasNoCause()
        .satisfies(e -> assertNoPath(e, file));
    RuntimeException hiding = new IllegalStateException("no path here");
    hiding.addSuppressed(new NoSuchFileException(file.toString()));
    assertThatThrownBy(() -> new FileDestination(file).transform(response(),
        failingAfterData(hiding, null)))
        .isInstanceOf(HipaaS3Exception.class)
        .satisfies(e -> assertNoPath(e, file));
    assertThat(files(file.getParent())).isEmpty();
  }

  @Test
  void aFailureThatDoesNotNameTheFile_isHandedOnAsItIs() throws Exception {
    Path file = file();
    RuntimeException checksum = SdkClientException.create("Data read has a different checksum");
    assertThatThrownBy(() -> new FileDestination(file).transform(response(),
        failingAfterData(checksum, null))).isSameAs(checksum);
    assertThat(files(file.getParent())).isEmpty();
  }

  @Test
  void aDanglingLinkAtTheDestination_isAnExistingFile() throws Exception {
    Path file = file();
    Files.createSymbolicLink(file, root.resolve("elsewhere"));
    assertThatThrownBy(() -> new FileDestination(file).transform(response(),
        AbortableInputStream.create(new ByteArrayInputStream(new byte[10]))))
        .isInstanceOf(HipaaS3Exception.class)
        .hasMessageContaining("already exists")
        .satisfies(e -> assertNoPath(e, file));
    assertThat(root.resolve("elsewhere")).doesNotExist();
  }

  @Test
  void aRelativePath_isWrittenInTheWorkingDirectory() throws Exception {
    Path relative = Path.of("target", "hipaas3-relative-" + System.nanoTime() + ".bin");
    try {
      new FileDestination(relative).transform(response(),
          AbortableInputStream.create(new ByteArrayInputStream(new byte[] {1, 2, 3})));
      assertThat(Files.readAllBytes(relative)).containsExactly(1, 2, 3);
    } finally {
      Files.deleteIfExists(relative);
    }
  }

  @Test
  void onlyTheSdksFileTransformer_isReplaced() {
    Path file = root.resolve("x.bin");
    assertThat(FileDestination.replacingSdkFile(ResponseTransformer.toFile(file)))
        .isInstanceOf(FileDestination.class);
    assertThat(FileDestination.replacingSdkFile(ResponseTransformer.toFile(file.toFile())))
        .isInstanceOf(FileDestination.class);
    ResponseTransformer<GetObjectResponse, byte[]> own = (r, in) -> in.readAllBytes();
    assertThat(FileDestination.replacingSdkFile(own)).isSameAs(own);
    assertThat(new FileDestination(file).toString()).doesNotContain(file.toString());
  }
}
