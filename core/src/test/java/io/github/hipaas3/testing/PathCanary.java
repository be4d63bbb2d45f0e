package io.github.hipaas3.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Checks for tests that read objects into files whose path names a patient (a directory called
 * {@code 123-45-6789}): no exception, cause or suppressed exception may carry the path, and a
 * failed read leaves nothing behind.
 */
public final class PathCanary {
  /** A directory name that looks like an SSN, as a path naming a patient would. */
  public static final String SSN_DIRECTORY = "123-45-6789";

  private PathCanary() {}

  /** Every exception in the chain: the exception, its causes and suppressed ones, recursively. */
  public static List<Throwable> chain(Throwable e) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    List<Throwable> all = new ArrayList<>();
    List<Throwable> todo = new ArrayList<>(List.of(e));
    while (!todo.isEmpty()) {
      Throwable t = todo.remove(0);
      if (t == null || !seen.add(t)) {
        continue;
      }
      all.add(t);
      todo.add(t.getCause());
      Collections.addAll(todo, t.getSuppressed());
    }
    return all;
  }

  /**
   * Asserts that no exception in the chain names the path (its parts included) or the canary,
   * and that none is a JDK file exception (they carry paths).
   */
  public static void assertNoPath(Throwable e, Path path) {
    for (Throwable t : chain(e)) {
      String text = t + " " + t.getMessage() + " " + t.getLocalizedMessage();
      assertThat(text).as("exception text of %s", t.getClass().getName())
          .doesNotContain(SSN_DIRECTORY)
          .doesNotContain(path.toString())
          .doesNotContain(path.toAbsolutePath().toString())
          .doesNotContain(path.getFileName().toString());
      assertThat(t).as("a JDK file exception carries the path")
          .isNotInstanceOf(FileSystemException.class);
    }
  }

  /** The names of the files in a directory (sorted). */
  public static List<String> files(Path directory) throws IOException {
    try (Stream<Path> list = Files.list(directory)) {
      return list.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
    }
  }
}
