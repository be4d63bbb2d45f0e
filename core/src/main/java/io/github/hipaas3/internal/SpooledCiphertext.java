package io.github.hipaas3.internal;

import io.github.hipaas3.HipaaS3Exception;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A temporary file that holds an object's <em>ciphertext</em> while its authentication tag is
 * checked, so that plaintext of an object too large for memory is released only after the whole
 * object was authenticated. Pass 1 {@linkplain #write appends} the ciphertext as it arrives
 * (the caller computes the tag over it at the same time); pass 2 {@linkplain #reader reads it
 * back} for decryption. The file never holds plaintext.
 *
 * <p>The file has a random, non-identifying name ({@code .hipaa-s3-<random>.spool}) in the
 * configured directory, is created with {@code CREATE_NEW} (never an existing file or link) and,
 * where the file system supports POSIX permissions, readable and writable by the owner only. It
 * is opened with {@link StandardOpenOption#DELETE_ON_CLOSE}: on Linux and macOS the JDK removes
 * its name right after opening, so the space is freed when the channel closes even if the JVM
 * dies; elsewhere it is deleted when the channel closes. The channel is closed by
 * {@link #close()}, by closing the reader, on every failure, and, as a last resort, by a
 * {@link Cleaner} when a reader is dropped without being closed.
 *
 * <p>Memory use is fixed: the buffers of the caller and one of {@value #BUFFER} bytes here.
 * Disk use is the object's ciphertext size, for as long as the reader is open.
 */
public final class SpooledCiphertext implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(SpooledCiphertext.class);
  private static final Cleaner CLEANER = Cleaner.create();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int BUFFER = 64 * 1024;
  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  private final String operation;
  private final Channel channel;
  private final Cleaner.Cleanable cleanable;
  private long written;

  private SpooledCiphertext(String operation, Path path, FileChannel channel) {
    this.operation = operation;
    this.channel = new Channel(channel, path);
    this.cleanable = CLEANER.register(this, this.channel);
  }

  /**
   * Creates an empty spool file in {@code directory}.
   *
   * @param directory where the file is created (the authentication spool directory)
   * @param operation the operation's name, for messages
   * @return the spool
   * @throws HipaaS3Exception when the file cannot be created (no path in the message)
   */
  public static SpooledCiphertext create(Path directory, String operation) {
    Objects.requireNonNull(directory, "directory");
    Path path = directory.resolve(name());
    Set<StandardOpenOption> options = Set.of(StandardOpenOption.CREATE_NEW,
        StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.DELETE_ON_CLOSE);
    try {
      FileChannel channel = POSIX
          ? FileChannel.open(path, options, ownerOnly())
          : FileChannel.open(path, options);
      return new SpooledCiphertext(operation, path, channel);
    } catch (IOException | UnsupportedOperationException e) {
      throw failed(operation, "creating a temporary file", e);
    }
  }

  private static FileAttribute<?> ownerOnly() {
    return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
  }

  /**
   * Appends ciphertext to the file.
   *
   * @param b the bytes
   * @param off where they start
   * @param len how many
   * @throws HipaaS3Exception when writing fails (the file is deleted)
   * @throws software.amazon.awssdk.core.exception.AbortedException when the thread was
   *     interrupted (the file is deleted)
   */
  public void write(byte[] b, int off, int len) {
    ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
    try {
      while (buffer.hasRemaining()) {
        written += channel.file.write(buffer, written);
      }
    } catch (ClosedByInterruptException e) {
      close();
      throw Interruption.duringCall(operation, e);
    } catch (IOException e) {
      close();
      throw failed(operation, "writing the ciphertext to a temporary file", e);
    }
  }

  /**
   * How many bytes were written.
   *
   * @return the size of the file's content
   */
  public long size() {
    return written;
  }

  /**
   * A stream over the first {@code length} bytes of the file. Closing it closes and deletes the
   * spool; so does a read failure.
   *
   * @param length how many bytes to read back (at most {@link #size()})
   * @return the stream
   */
  public InputStream reader(long length) {
    if (length < 0 || length > written) {
      throw new IllegalArgumentException("length");
    }
    return new Reader(length);
  }

  /** Closes the channel, which deletes the file; idempotent. */
  @Override
  public void close() {
    cleanable.clean();
  }

  private static String name() {
    byte[] random = new byte[16];
    RANDOM.nextBytes(random);
    StringBuilder name = new StringBuilder(".hipaa-s3-");
    for (byte b : random) {
      name.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
    }
    return name.append(".spool").toString();
  }

  /** A file error, without the path the JDK's file exceptions carry. */
  private static HipaaS3Exception failed(String operation, String step, Exception e) {
    String fix = e instanceof NoSuchFileException
        ? "The authentication spool directory does not exist; create it or set"
            + " authenticationSpoolDirectory to one that does"
        : e instanceof AccessDeniedException
            ? "Check that this process may create files in the authentication spool directory"
            : "Check the free space (at least the object's size) and permissions of the"
                + " authentication spool directory";
    return new HipaaS3Exception(operation + " returned no data: objects larger than"
        + " authenticationBufferSize are authenticated before release by holding their"
        + " ciphertext in a temporary file, and " + step + " failed ("
        + e.getClass().getSimpleName() + "). The temporary file was deleted. " + fix
        + " (authenticationSpoolDirectory, default java.io.tmpdir), or raise"
        + " authenticationBufferSize so the object is authenticated in memory.");
  }

  /** Closes the channel (deleting the file); run by close() or by the Cleaner. */
  private static final class Channel implements Runnable {
    private final FileChannel file;
    private final Path path;

    Channel(FileChannel file, Path path) {
      this.file = file;
      this.path = path;
    }

    @Override
    public void run() {
      try {
        file.close();
      } catch (IOException | RuntimeException e) {
        LOG.debug("Closing a spool file failed: {}", e.getClass().getSimpleName());
      }
      try {
        // Already gone where DELETE_ON_CLOSE unlinks on open or on close; this covers file
        // systems where it is not supported.
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
          Files.deleteIfExists(path);
        }
      } catch (IOException | RuntimeException e) {
        LOG.warn("A temporary file of ciphertext ({}) in the authentication spool directory"
            + " could not be deleted ({}). Delete it; it holds no plaintext.",
            path.getFileName(), e.getClass().getSimpleName());
      }
    }
  }

  /** Reads the file back from the start; closing it closes the spool. */
  private final class Reader extends BlockInputStream {
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
    private long position;
    private final long end;
    private boolean closed;

    Reader(long end) {
      this.end = end;
      buffer.limit(0);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      Objects.checkFromIndexSize(off, len, b.length);
      if (closed) {
        throw new IOException("The stream is closed.");
      }
      if (len == 0) {
        return 0;
      }
      if (!buffer.hasRemaining()) {
        if (position == end) {
          return -1;
        }
        fill();
      }
      int n = Math.min(len, buffer.remaining());
      buffer.get(b, off, n);
      return n;
    }

    private void fill() throws IOException {
      buffer.clear();
      buffer.limit((int) Math.min(BUFFER, end - position));
      try {
        while (buffer.hasRemaining()) {
          int n = channel.file.read(buffer, position + buffer.position());
          if (n < 0) {
            throw new IOException("The temporary file of ciphertext ended early.");
          }
        }
      } catch (ClosedByInterruptException e) {
        close();
        throw Interruption.duringCall(operation, e);
      } catch (IOException e) {
        close();
        throw e;
      }
      buffer.flip();
      position += buffer.limit();
    }

    @Override
    public void close() {
      closed = true;
      SpooledCiphertext.this.close();
    }
  }
}
