package io.github.hipaas3.internal;

import io.github.hipaas3.HipaaS3Exception;
import io.github.hipaas3.ViolationCode;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.RetryableException;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * Writes a get's data to a file so that the file never holds unverified or partial data: the
 * data goes to a temporary file with a random, non-identifying name in the destination's
 * directory, which is moved to the destination only after the whole stream was read, that is
 * after every end-of-stream check passed (the checksum; under client-side encryption the
 * AES-GCM tag of objects above {@code authenticationBufferSize}). On any failure the temporary
 * file is deleted and the destination is not created.
 *
 * <p>As with the SDK's {@link ResponseTransformer#toFile(Path)}, an existing file is never
 * replaced and missing directories are not created. Unlike it, no error carries the path (it
 * may name a patient): the JDK's file exceptions, which do, are replaced by messages that say
 * what was wrong and how to fix it. A stream that fails before its end is reported as
 * {@link RetryableException}, as the SDK does, so the SDK may retry the get.
 *
 * <p>Limits: if the JVM dies during a download the temporary file
 * ({@code .hipaa-s3-<random>.part}) is left in the destination's directory; a file created at
 * the destination while the object downloads is not replaced (the move fails), but the check
 * and the move are two steps.
 */
public final class FileDestination
    implements ResponseTransformer<GetObjectResponse, GetObjectResponse> {
  private static final Logger LOG = LoggerFactory.getLogger(FileDestination.class);
  private static final String OPERATION = "GetObject";
  private static final int BUFFER = 64 * 1024;
  private static final SecureRandom RANDOM = new SecureRandom();
  /** The class of the SDK's {@code ResponseTransformer.toFile} transformers. */
  private static final Class<?> SDK_TO_FILE =
      ResponseTransformer.toFile(Paths.get("hipaa-s3")).getClass();

  private final Path destination;

  /**
   * Creates the transformer.
   *
   * @param destination where the object goes; must not exist, its directory must
   */
  public FileDestination(Path destination) {
    this.destination = Objects.requireNonNull(destination, "destination");
  }

  /**
   * The transformer to use in place of the caller's: the SDK's
   * {@link ResponseTransformer#toFile(Path)} (which writes data into the file as it arrives and
   * leaves it there when a check fails at the end, and puts the path in its errors) is replaced
   * by a {@code FileDestination} for the same path; any other transformer is returned as is.
   *
   * @param transformer the caller's transformer
   * @param <R> its result type
   * @return the transformer to use
   * @throws io.github.hipaas3.HipaaS3PolicyViolationException when the transformer is the SDK's
   *     file transformer but its path cannot be read in this JVM (nothing has been sent)
   */
  @SuppressWarnings("unchecked") // the SDK's file transformer returns the response: R is it
  public static <R> ResponseTransformer<GetObjectResponse, R> replacingSdkFile(
      ResponseTransformer<GetObjectResponse, R> transformer) {
    if (transformer == null || transformer.getClass() != SDK_TO_FILE) {
      return transformer;
    }
    Path path = pathOf(transformer);
    if (path == null) {
      throw Violations.refused(ViolationCode.OPERATION_REFUSED, OPERATION,
          "The response transformer is the SDK's ResponseTransformer.toFile, which writes"
              + " unverified data into the file as it arrives and leaves it there when a check"
              + " fails at the end of the stream. hipaa-s3 replaces it with a safe write, but"
              + " could not read its path in this JVM. Call getObject(request, path) instead.");
    }
    return (ResponseTransformer<GetObjectResponse, R>) (ResponseTransformer<?, ?>)
        new FileDestination(path);
  }

  /** The path the SDK's file transformer captured, or null when it cannot be read. */
  private static @Nullable Path pathOf(ResponseTransformer<?, ?> transformer) {
    try {
      for (Field f : transformer.getClass().getDeclaredFields()) {
        if (f.getType() == Path.class) {
          f.setAccessible(true);
          return (Path) f.get(transformer);
        }
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.debug("The path of the SDK's file transformer cannot be read: {}",
          e.getClass().getName());
    }
    return null;
  }

  @Override
  public GetObjectResponse transform(GetObjectResponse response, AbortableInputStream in)
      throws Exception {
    Path temp = null;
    try {
      Path target = destination.toAbsolutePath();
      Path directory = target.getParent();
      if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
        throw alreadyExists();
      }
      if (directory == null || !Files.isDirectory(directory)) {
        throw noDirectory();
      }
      temp = directory.resolve(tempName());
      write(in, temp);
      try {
        Files.move(temp, target);
      } catch (FileAlreadyExistsException e) {
        throw new HipaaS3Exception(OPERATION + " did not write the object: a file was created at"
            + " the destination while the object was read, and it is not replaced. The data"
            + " read was discarded; choose a path that does not exist, or delete the file and"
            + " get the object again.");
      } catch (IOException e) {
        throw fileFailed("moving the verified data into place", e);
      }
      temp = null;
      return response;
    } catch (RuntimeException e) {
      throw scrubbed(e, temp);
    } finally {
      if (temp != null) {
        deleteQuietly(temp);
      }
    }
  }

  /** Reads the stream to its end into a new file; read failures are retryable, as the SDK's. */
  private void write(AbortableInputStream in, Path temp) {
    OutputStream out;
    try {
      out = Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE);
    } catch (NoSuchFileException e) {
      throw noDirectory();
    } catch (IOException e) {
      throw fileFailed("creating a temporary file in the destination's directory", e);
    }
    try {
      byte[] buffer = new byte[BUFFER];
      while (true) {
        int n;
        try {
          n = in.read(buffer);
        } catch (IOException e) {
          throw RetryableException.builder().message(OPERATION + " could not read the object"
              + " to its end (" + e.getClass().getSimpleName() + "); nothing was written to"
              + " the destination.").cause(e).build();
        }
        if (n < 0) {
          break;
        }
        try {
          out.write(buffer, 0, n);
        } catch (IOException e) {
          throw fileFailed("writing the data", e);
        }
      }
      OutputStream closing = out;
      out = null;
      try {
        closing.close();
      } catch (IOException e) {
        throw fileFailed("writing the data", e);
      }
    } finally {
      if (out != null) {
        try {
          out.close();
        } catch (IOException ignored) {
          // failing already; the file is deleted
        }
      }
    }
  }

  private static String tempName() {
    byte[] random = new byte[16];
    RANDOM.nextBytes(random);
    StringBuilder name = new StringBuilder(".hipaa-s3-");
    for (byte b : random) {
      name.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
    }
    return name.append(".part").toString();
  }

  private static HipaaS3Exception alreadyExists() {
    return new HipaaS3Exception(OPERATION + " did not write the object: the destination file"
        + " already exists, and an existing file is never replaced (as with the SDK's getObject"
        + " to a path). Choose a path that does not exist, or delete the file first.");
  }

  private static HipaaS3Exception noDirectory() {
    return new HipaaS3Exception(OPERATION + " did not write the object: the destination's"
        + " directory does not exist, and it is not created. Create the directory first, or"
        + " choose a path in one that exists.");
  }

  /** A file error, without the path that the JDK's file exceptions carry. */
  private HipaaS3Exception fileFailed(String step, IOException e) {
    if (e instanceof FileAlreadyExistsException) {
      return alreadyExists();
    }
    String detail = e.getClass().getSimpleName();
    String reason = e instanceof FileSystemException fse ? fse.getReason()
        : e.getMessage();
    if (reason != null && !mentionsPath(reason)) {
      detail += ": " + reason;
    }
    String fix = e instanceof AccessDeniedException
        ? "Check that this process may create and rename files in the destination's directory"
        : "Check the free space and permissions of the destination's directory";
    return new HipaaS3Exception(OPERATION + " did not write the object: " + step + " failed ("
        + detail + "). No partial file was left. " + fix + "; hipaa-s3 writes a temporary file"
        + " there and renames it to the destination once the data is verified.");
  }

  /**
   * The exception, or a replacement without a cause when it, its causes or its suppressed
   * exceptions name the destination or carry a file path.
   */
  private RuntimeException scrubbed(RuntimeException e, @Nullable Path temp) {
    if (!carriesPath(e, temp)) {
      return e;
    }
    return new HipaaS3Exception(OPERATION + " did not write the object: " + e.getClass()
        .getSimpleName() + " (its details named the file and were left out). No partial file"
        + " was left; check the destination's directory and get the object again.");
  }

  private boolean carriesPath(Throwable e, @Nullable Path temp) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    List<Throwable> todo = new ArrayList<>();
    todo.add(e);
    while (!todo.isEmpty()) {
      Throwable t = todo.remove(todo.size() - 1);
      if (t == null || !seen.add(t)) {
        continue;
      }
      if (t instanceof FileSystemException || mentionsPath(t.getMessage())
          || mentionsPath(t.getLocalizedMessage())
          || (temp != null && String.valueOf(t.getMessage()).contains(temp.toString()))) {
        return true;
      }
      todo.add(t.getCause());
      Collections.addAll(todo, t.getSuppressed());
    }
    return false;
  }

  /** Whether a message contains the destination, its absolute form, directory or file name. */
  private boolean mentionsPath(@Nullable String message) {
    if (message == null) {
      return false;
    }
    Path absolute = destination.toAbsolutePath();
    List<String> names = new ArrayList<>(List.of(destination.toString(), absolute.toString()));
    if (absolute.getParent() != null) {
      names.add(absolute.getParent().toString());
    }
    if (destination.getFileName() != null && destination.getFileName().toString().length() > 3) {
      names.add(destination.getFileName().toString());
    }
    for (String name : names) {
      if (!name.isEmpty() && message.contains(name)) {
        return true;
      }
    }
    return false;
  }

  private static void deleteQuietly(Path temp) {
    try {
      Files.deleteIfExists(temp);
    } catch (IOException | RuntimeException e) {
      LOG.warn("{} failed, and its temporary file {} in the destination's directory could not"
          + " be deleted ({}). Delete it: it may hold data that was not verified.", OPERATION,
          temp.getFileName(), e.getClass().getSimpleName());
    }
  }

  @Override
  public String name() {
    return TransformerType.FILE.getName();
  }

  @Override
  public String toString() {
    return "FileDestination"; // never the path
  }
}
