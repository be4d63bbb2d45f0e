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
 * used in one adapter, no source file grows past 600 lines (the operation table excepted),
 * and no line of main or test code past 100 characters.
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
    Pattern internalImport =
        Pattern.compile("import software\\.amazon\\.encryption\\.s3\\.internal\\.");
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
  void noSourceLineIsLongerThan100Characters() throws IOException {
    List<String> tooLong = new java.util.ArrayList<>();
    for (Path root : List.of(MAIN, Paths.get("src", "test", "java"))) {
      try (Stream<Path> files = Files.walk(root)) {
        for (Path file : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))
            .sorted()::iterator) {
          List<String> lines = Files.readAllLines(file);
          for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).length() > 100) {
              tooLong.add(root.relativize(file) + ":" + (i + 1));
            }
          }
        }
      }
    }
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

  /** The packages module-info exports: the API. */
  private static final List<String> EXPORTED = List.of("io.github.hipaas3",
      "io.github.hipaas3.audit", "io.github.hipaas3.posture");

  @Test
  void moduleInfo_exportsTheApiPackagesOnly() throws IOException {
    String moduleInfo = Files.readString(Paths.get("src/main/java/module-info.java"));
    List<String> exports = Pattern.compile("^\\s*exports\\s+([\\w.]+)\\s*;", Pattern.MULTILINE)
        .matcher(moduleInfo).results().map(m -> m.group(1)).sorted()
        .collect(Collectors.toList());
    assertThat(exports).containsExactlyElementsOf(EXPORTED.stream().sorted()
        .collect(Collectors.toList()));
  }

  /** No public or protected signature of the API names a type of the implementation. */
  @Test
  void noPublicSignatureMentionsAnInternalType() throws Exception {
    List<String> leaks = new java.util.ArrayList<>();
    Path classes = Paths.get("target/classes");
    for (String pkg : EXPORTED) {
      Path dir = classes.resolve(pkg.replace('.', '/'));
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".class")).collect(
            Collectors.toList())) {
          String name = pkg + "." + f.getFileName().toString().replace(".class", "");
          Class<?> c = Class.forName(name, false, getClass().getClassLoader());
          if (!java.lang.reflect.Modifier.isPublic(c.getModifiers())) {
            continue;
          }
          checkType(leaks, name + " extends", c.getGenericSuperclass());
          for (java.lang.reflect.Type t : c.getGenericInterfaces()) {
            checkType(leaks, name + " implements", t);
          }
          for (java.lang.reflect.Method m : c.getDeclaredMethods()) {
            if (visible(m.getModifiers()) && !m.isSynthetic()) {
              checkType(leaks, name + "." + m.getName() + " returns", m.getGenericReturnType());
              for (java.lang.reflect.Type t : m.getGenericParameterTypes()) {
                checkType(leaks, name + "." + m.getName() + " takes", t);
              }
            }
          }
          for (java.lang.reflect.Constructor<?> k : c.getDeclaredConstructors()) {
            if (visible(k.getModifiers()) && !k.isSynthetic()) {
              for (java.lang.reflect.Type t : k.getGenericParameterTypes()) {
                checkType(leaks, name + ".<init> takes", t);
              }
            }
          }
          for (java.lang.reflect.Field fd : c.getDeclaredFields()) {
            if (visible(fd.getModifiers()) && !fd.isSynthetic()) {
              checkType(leaks, name + "." + fd.getName(), fd.getGenericType());
            }
          }
        }
      }
    }
    assertThat(leaks).isEmpty();
  }

  private static boolean visible(int modifiers) {
    return java.lang.reflect.Modifier.isPublic(modifiers)
        || java.lang.reflect.Modifier.isProtected(modifiers);
  }

  private static void checkType(List<String> leaks, String where, java.lang.reflect.Type type) {
    if (type != null && type.getTypeName().contains("io.github.hipaas3.internal")) {
      leaks.add(where + " " + type.getTypeName());
    }
  }
}
