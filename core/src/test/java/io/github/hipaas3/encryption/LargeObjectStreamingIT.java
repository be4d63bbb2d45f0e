package io.github.hipaas3.encryption;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.hipaas3.testing.S3ServerTest;
import io.github.hipaas3.testing.S3TestServer;
import io.github.hipaas3.testing.ServerKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A 1 GiB client-side put and get in a child JVM capped at {@code -Xmx256m}, against the
 * in-process S3Mock: the object streams both ways, and the plaintext's SHA-256 matches. The
 * get is authenticated before release (issue 24): its ciphertext goes through a temporary file
 * in {@code java.io.tmpdir}, so this also shows that path runs in bounded memory.
 */
class LargeObjectStreamingIT {
  static final long ONE_GIB = 1L << 30;

  @S3ServerTest
  void oneGibRoundTrip_inA256MibHeap(S3TestServer server) throws Exception {
    Assumptions.assumeTrue(server.kind() == ServerKind.S3MOCK,
        "runs against S3Mock only: it stores objects on disk (moto would hold 1 GiB in memory)");
    String bucket;
    try (S3Client raw = server.rawClient()) {
      bucket = server.createBucket(raw);
    }
    Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
    Path log = Files.createTempFile("hipaas3-large", ".log");
    Process child = new ProcessBuilder(List.of(java.toString(), "-Xmx256m",
        "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"),
        LargeObjectProgram.class.getName(), server.endpoint().toString(), bucket,
        Long.toString(Long.getLong("hipaas3.largeObjectBytes", ONE_GIB))))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean done = child.waitFor(15, TimeUnit.MINUTES);
    String output = Files.readString(log, StandardCharsets.UTF_8);
    if (!done) {
      child.destroyForcibly();
    }
    assertThat(done).as("finished in time; output:%n%s", output).isTrue();
    assertThat(child.exitValue()).as("exit code; output:%n%s", output).isZero();
    assertThat(output).contains("OK " + Long.getLong("hipaas3.largeObjectBytes", ONE_GIB))
        .contains("maxHeap=256");
    System.out.println("LargeObjectStreamingIT: " + output.lines()
        .filter(l -> l.startsWith("OK")).findFirst().orElse(""));
    Files.deleteIfExists(log);
  }
}
