package io.github.hipaas3.internal;

import static io.github.hipaas3.testing.PathCanary.assertNoPath;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.hipaas3.HipaaS3Exception;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.exception.AbortedException;

/** The spool file of authenticated-first gets: content, permissions, deletion, errors. */
class SpooledCiphertextTest {
  @TempDir
  Path dir;

  private List<Path> files() throws IOException {
    try (Stream<Path> list = Files.list(dir)) {
      return list.toList();
    }
  }

  /** Links in /proc/self/fd that point into the directory (Linux), or null elsewhere. */
  private List<Path> openFiles() throws IOException {
    Path fds = Paths.get("/proc/self/fd");
    if (!Files.isDirectory(fds)) {
      return null;
    }
    List<Path> open = new ArrayList<>();
    try (Stream<Path> links = Files.list(fds)) {
      for (Path link : links.toList()) {
        try {
          if (Files.readSymbolicLink(link).toString().startsWith(dir.toString())) {
            open.add(link);
          }
        } catch (IOException gone) {
          // closed meanwhile
        }
      }
    }
    return open;
  }

  @Test
  void readsBackWhatWasWritten_andLeavesNothingAfterClose() throws Exception {
    byte[] data = new byte[200_000];
    new Random(5).nextBytes(data);
    SpooledCiphertext spool = SpooledCiphertext.create(dir, "GetObject");
    for (int off = 0; off < data.length; off += 7_000) {
      spool.write(data, off, Math.min(7_000, data.length - off));
    }
    assertThat(spool.size()).isEqualTo(data.length);
    assertThat(files()).as("no named file in the directory while open (Linux)")
        .satisfiesAnyOf(f -> assertThat(f).isEmpty(),
            f -> assertThat(System.getProperty("os.name")).doesNotContain("Linux"));
    List<Path> open = openFiles();
    if (open != null) {
      assertThat(open).hasSize(1);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(open.get(0))))
          .as("owner-only").isEqualTo("rw-------");
      assertThat(Files.size(open.get(0))).isEqualTo(data.length);
    }
    try (InputStream in = spool.reader(data.length - 16)) {
      assertThat(in.readAllBytes()).isEqualTo(java.util.Arrays.copyOf(data, data.length - 16));
    }
    assertThat(files()).isEmpty();
    if (open != null) {
      assertThat(openFiles()).as("closed with the reader").isEmpty();
    }
    spool.close(); // idempotent
  }

  @Test
  void anEarlyCloseOfTheReader_closesTheFile() throws Exception {
    SpooledCiphertext spool = SpooledCiphertext.create(dir, "GetObject");
    spool.write(new byte[100_000], 0, 100_000);
    InputStream in = spool.reader(100_000);
    assertThat(in.readNBytes(10)).hasSize(10);
    in.close();
    assertThatThrownBy(in::read).isInstanceOf(IOException.class);
    assertThat(files()).isEmpty();
    if (openFiles() != null) {
      assertThat(openFiles()).isEmpty();
    }
  }

  @Test
  void aDroppedReader_isClosedByTheCleaner() throws Exception {
    assumeTrue(openFiles() != null, "needs /proc/self/fd");
    SpooledCiphertext spool = SpooledCiphertext.create(dir, "GetObject");
    spool.write(new byte[1000], 0, 1000);
    spool.reader(1000).read();
    spool = null; // never closed
    for (int i = 0; i < 50 && !openFiles().isEmpty(); i++) {
      System.gc();
      Thread.sleep(20);
    }
    assertThat(openFiles()).as("the Cleaner closed the dropped spool").isEmpty();
  }

  @Test
  void aMissingDirectory_failsWithoutThePath() {
    Path missing = dir.resolve("123-45-6789");
    assertThatThrownBy(() -> SpooledCiphertext.create(missing, "GetObject"))
        .isInstanceOf(HipaaS3Exception.class)
        .hasMessageContaining("NoSuchFileException")
        .hasMessageContaining("authenticationSpoolDirectory")
        .satisfies(e -> assertNoPath(e, missing));
  }

  @Test
  void anInterruptedRead_isReportedAsInterrupted_andClosesTheFile() throws Exception {
    SpooledCiphertext spool = SpooledCiphertext.create(dir, "GetObject");
    spool.write(new byte[200_000], 0, 200_000);
    InputStream in = spool.reader(200_000);
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> in.readAllBytes()).isInstanceOf(AbortedException.class)
          .hasMessageContaining("interrupted");
    } finally {
      Thread.interrupted();
    }
    if (openFiles() != null) {
      assertThat(openFiles()).isEmpty();
    }
  }
}
