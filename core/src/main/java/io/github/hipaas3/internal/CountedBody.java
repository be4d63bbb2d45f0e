package io.github.hipaas3.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * A request body of unknown length that counts the bytes read from it, so that the audit event
 * of a put records how many bytes were streamed. Nothing is buffered: each stream the SDK (or
 * the S3 Encryption Client) opens is wrapped and counted as it is read. When a body is read
 * more than once (a retry, or a pass to compute something), the longest read is the count.
 */
public final class CountedBody {
  private final RequestBody body;
  private final AtomicLong longest = new AtomicLong(-1);

  private CountedBody(RequestBody original) {
    this.body = RequestBody.fromContentProvider(
        () -> new Counting(original.contentStreamProvider().newStream()),
        original.contentType());
  }

  /**
   * Wraps a body whose length is unknown; a body of known length is left as it is (its length
   * is what is sent).
   *
   * @param original the caller's body, or null
   * @return the counted body, or null when the body's length is known (or it is null)
   */
  public static @Nullable CountedBody ofUnknownLength(RequestBody original) {
    if (original == null || original.optionalContentLength().isPresent()) {
      return null;
    }
    return new CountedBody(original);
  }

  /**
   * The body to send in place of the caller's.
   *
   * @return the counting body
   */
  public RequestBody body() {
    return body;
  }

  /**
   * The bytes read from the longest stream so far.
   *
   * @return the count, or null when no stream was opened
   */
  public @Nullable Long bytes() {
    long n = longest.get();
    return n < 0 ? null : n;
  }

  /** Counts what is read (skipped bytes are not sent), honouring mark and reset. */
  private final class Counting extends FilterInputStream {
    private long count;
    private long marked;

    Counting(InputStream in) {
      super(Objects.requireNonNull(in, "the body's content stream"));
      longest.accumulateAndGet(0, Math::max);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        add(1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        add(n);
      }
      return n;
    }

    @Override
    public synchronized void mark(int readlimit) {
      super.mark(readlimit);
      marked = count;
    }

    @Override
    public synchronized void reset() throws IOException {
      super.reset();
      count = marked;
    }

    private void add(long n) {
      count += n;
      longest.accumulateAndGet(count, Math::max);
    }
  }
}
