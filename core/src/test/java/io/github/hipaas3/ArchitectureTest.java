package io.github.hipaas3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layout rules of issue 14, checked on the main sources: the public packages hold API only,
 * key material is read only by the implementation, the S3 Encryption Client's internals are
 * used in one adapter, and no source file grows past 600 lines (the operation table excepted).
 */
class ArchitectureTest {
  private static final Path MAIN = Paths.get("src/main/java/io/github/hipaas3");

  private static Map<Path, String> sources() throws IOException {
    try (Stream<Path> files = Files.walk(MAIN)) {
      return files.filter(p -> p.toString().endsWith(".java")).collect(Collectors.toMap(
          p -> MAIN.relativize(p), p -> {
            try {
              return Files.readString(p);
            } catch (IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          }));
    }
  }

  private static boolean internal(Path p) {
    return p.startsWith("internal");
  }

  @Test
  void onlyTheImplementationReadsKeyMaterial() throws IOException {
    List<Path> outside = sources().entrySet().stream()
        .filter(e -> !internal(e.getKey()) && !e.getKey().toString().equals("SecretKeyAccess.java"))
        .filter(e -> e.getValue().contains("insecureSecretAccess()"))
        .map(Map.Entry::getKey).sorted().collect(Collectors.toList());
    assertThat(outside).isEmpty();
  }

  @Test
  void theS3EncryptionClientsInternals_areUsedInOneAdapter() throws IOException {
    Pattern internalImport = Pattern.compile("import software\\.amazon\\.encryption\\.s3\\.internal\\.");
    assertThat(sources().entrySet().stream()
        .filter(e -> internalImport.matcher(e.getValue()).find())
        .map(e -> e.getKey().toString()).collect(Collectors.toList()))
        .containsExactly(Paths.get("internal", "crypto", "S3ecInternals.java").toString());
  }

  @Test
  void noSourceFileIsLongerThan600Lines_exceptTheOperationTable() throws IOException {
    Map<String, Long> tooLong = sources().entrySet().stream()
        .filter(e -> !e.getKey().endsWith("OperationTable.java"))
        .filter(e -> e.getValue().lines().count() > 600)
        .collect(Collectors.toMap(e -> e.getKey().toString(), e -> e.getValue().lines().count()));
    assertThat(tooLong).isEmpty();
  }

  @Test
  void thePublicPackagesHoldNoImplementation() throws IOException {
    assertThat(sources().keySet().stream().filter(p -> !internal(p))
        .map(p -> p.getFileName().toString()))
        .doesNotContain("ClientSideEncryption.java", "StreamingDecryption.java",
            "ChecksummedUploadObserver.java", "ObjectBinding.java", "ClientBuilder.java");
    // The public API classes hold no nested implementation classes either.
    Pattern nestedImpl = Pattern.compile("private static final class \\w+ implements");
    assertThat(sources().entrySet().stream().filter(e -> !internal(e.getKey()))
        .filter(e -> nestedImpl.matcher(e.getValue()).find())
        .map(e -> e.getKey().toString()).collect(Collectors.toList())).isEmpty();
  }
}
