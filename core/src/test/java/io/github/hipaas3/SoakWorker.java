package io.github.hipaas3;

import io.github.hipaas3.SoakLedger.Content;
import io.github.hipaas3.SoakLedger.Expected;
import io.github.hipaas3.SoakLedger.Slot;
import io.github.hipaas3.audit.AuditOutcome;
import io.github.hipaas3.testing.CountingRetryStrategy;
import io.github.hipaas3.testing.FaultyHttp.Fault;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * One soak thread: a random mix of calls on its own object IDs through the shared client,
 * each checked against the {@link SoakLedger}'s model, each filed with the audit event it must
 * produce, each failure classified (clear and PHI-free, and explained by the faults that hit
 * the call, or reported).
 */
final class SoakWorker implements Runnable {
  /** The operations, with their weights in the mix. */
  enum Op {
    PUT(26), PUT_FILE(6), PUT_MULTIPART(1), GET(22), GET_STREAM(8), GET_FILE(5), HEAD(10),
    COPY(7), DELETE(5), LIST_VERSIONS(3);

    final int weight;

    Op(int weight) {
      this.weight = weight;
    }
  }

  static final int IDS_PER_THREAD = 6;
  static final int MULTIPART_SIZE = 5 * 1024 * 1024 + 1;

  private final int index;
  private final Random random;
  private final HipaaS3Client s3;
  private final String bucket;
  private final boolean clientSide;
  private final SoakFaults faults;
  private final SoakLedger ledger;
  private final long deadline;
  private final CountingRetryStrategy retries;
  private final Path in;
  private final Path out;
  private final List<Slot> slots = new ArrayList<>();
  private long contents;
  private long files;
  private Call current;

  SoakWorker(int index, long seed, HipaaS3Client s3, String bucket, boolean clientSide,
      SoakFaults faults, SoakLedger ledger, long deadline, CountingRetryStrategy retries,
      Path dir)
      throws IOException {
    this.index = index;
    this.random = new Random(seed * 1_000_003L + index);
    this.s3 = s3;
    this.bucket = bucket;
    this.clientSide = clientSide;
    this.faults = faults;
    this.ledger = ledger;
    this.deadline = deadline;
    this.retries = retries;
    this.in = Files.createDirectories(dir.resolve("t" + index + "-in"));
    this.out = Files.createDirectories(dir.resolve("t" + index + "-out"));
    for (int k = 0; k < IDS_PER_THREAD; k++) {
      String id = String.format("patients/%03d-45-%04d/soak/doc-%d.txt", 100 + index,
          1000 + index, k);
      slots.add(ledger.slot(id, s3.objectKey(id)));
    }
  }

  @Override
  public void run() {
    int total = 0;
    for (Op op : Op.values()) {
      total += op.weight;
    }
    while (System.nanoTime() < deadline) {
      Slot s = slots.get(random.nextInt(slots.size()));
      int pick = random.nextInt(total);
      Op op = Op.values()[0];
      for (Op o : Op.values()) {
        if (pick < o.weight) {
          op = o;
          break;
        }
        pick -= o.weight;
      }
      current = null;
      try {
        run(op, s);
      } catch (RuntimeException e) {
        // Not an SdkException: no call may end in another exception.
        if (current != null) {
          current.unclear(e);
        } else {
          ledger.problem("soak error", op + ": " + e);
        }
      } catch (Error e) {
        ledger.problem("soak error", op + ": " + e);
      }
    }
  }

  /**
   * The last checks, faults off: every ID reads back as the model says, and every version S3
   * confirmed is in the bucket's listing.
   */
  void verifyAll(Set<String> listed) {
    for (Slot s : slots) {
      get(s, false);
      s.listed(listed);
    }
  }

  private void run(Op op, Slot s) {
    switch (op) {
      case PUT, PUT_FILE -> put(s, op, 1 + random.nextInt(48 * 1024));
      case PUT_MULTIPART -> {
        if (clientSide) {
          put(s, op, MULTIPART_SIZE + random.nextInt(4096));
        } else {
          put(s, Op.PUT, random.nextInt(100) == 0 ? 0 : 1 + random.nextInt(4096));
        }
      }
      case GET -> get(s, true);
      case GET_STREAM -> getStream(s);
      case GET_FILE -> getFile(s);
      case HEAD -> head(s);
      case COPY -> copy(s);
      case DELETE -> delete(s);
      case LIST_VERSIONS -> listVersions(s);
      default -> throw new IllegalStateException(op.toString());
    }
  }

  private Content content(int size) {
    return Content.of(((long) index << 40) ^ (contents++ << 8) ^ random.nextInt(256), size);
  }

  private void put(Slot s, Op op, int size) {
    Content c = content(size);
    s.attempt(c);
    Call call = new Call(op, "PutObject", s.key, s.key);
    Path file = null;
    try {
      RequestBody body;
      if (op == Op.PUT_FILE) {
        file = in.resolve("body-" + files++);
        Files.write(file, c.bytes());
        body = RequestBody.fromFile(file);
      } else {
        body = RequestBody.fromBytes(c.bytes());
      }
      PutObjectResponse r = s3.putObject(b -> b.bucket(bucket).key(s.id), body);
      call.ok(r.versionId());
      s.written(c, r.versionId());
    } catch (SdkException e) {
      call.failed(e);
      s.maybeWritten(c);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      deleteQuietly(file);
    }
  }

  private void get(Slot s, boolean faulted) {
    Call call = new Call(Op.GET, "GetObject", s.key, s.key);
    try {
      ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(b -> b.bucket(bucket)
          .key(s.id));
      call.ok(null);
      s.read(got.asByteArray(), got.response().versionId(), "GetObject");
    } catch (NoSuchKeyException e) {
      call.absent(e);
      s.readAbsent("GetObject");
    } catch (SdkException e) {
      call.failed(e);
      if (!faulted) {
        ledger.problem("final read failed", e.getClass().getSimpleName());
      }
    }
  }

  private void getStream(Slot s) {
    Call call = new Call(Op.GET_STREAM, "GetObject", s.key, s.key);
    ResponseInputStream<GetObjectResponse> stream;
    try {
      stream = s3.getObject(b -> b.bucket(bucket).key(s.id));
      call.ok(null);
    } catch (NoSuchKeyException e) {
      call.absent(e);
      s.readAbsent("GetObject (stream)");
      return;
    } catch (SdkException e) {
      call.failed(e);
      return;
    }
    boolean partial = random.nextBoolean();
    try (ResponseInputStream<GetObjectResponse> in = stream) {
      if (partial) {
        byte[] first = in.readNBytes(1 + random.nextInt(2048));
        // Server-side modes stream as they receive: a body fault past these bytes shows only
        // at the end of the stream, where the checksum is checked. Client-side modes release
        // nothing before the whole object is authenticated, so any prefix must be exact.
        if (clientSide || first.length == 0) {
          s.readPrefix(first, "GetObject (stream, closed early)");
        }
      } else {
        s.read(in.readAllBytes(), in.response().versionId(), "GetObject (stream)");
      }
    } catch (IOException | SdkException e) {
      call.readFailed(e);
    }
  }

  private void getFile(Slot s) {
    Path dest = out.resolve("get-" + files++);
    Call call = new Call(Op.GET_FILE, "GetObject", s.key, s.key);
    try {
      GetObjectResponse r = s3.getObject(b -> b.bucket(bucket).key(s.id), dest);
      call.ok(null);
      s.read(Files.readAllBytes(dest), r.versionId(), "GetObject (file)");
    } catch (NoSuchKeyException e) {
      call.absent(e);
      s.readAbsent("GetObject (file)");
    } catch (SdkException e) {
      call.failed(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      deleteQuietly(dest);
    }
    try (Stream<Path> left = Files.list(out)) {
      List<Path> files = left.collect(Collectors.toList());
      if (!files.isEmpty()) {
        ledger.problem("file left", "a get to a file left " + files.size() + " file(s)");
        files.forEach(SoakWorker::deleteQuietly);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void head(Slot s) {
    Call call = new Call(Op.HEAD, "HeadObject", s.key, s.key);
    try {
      HeadObjectResponse h = s3.headObject(b -> b.bucket(bucket).key(s.id));
      call.ok(null);
      s.head(h.contentLength());
    } catch (NoSuchKeyException e) {
      call.absent(e);
      s.readAbsent("HeadObject");
    } catch (SdkException e) {
      call.failed(e);
    }
  }

  /**
   * Client-side: restores a confirmed version onto its own ID (a copy to another ID is
   * refused, since objects are bound to their key). Server-side: copies a confirmed version to
   * another ID of this thread (or its own).
   */
  private void copy(Slot dest) {
    Slot source = clientSide ? dest : slots.get(random.nextInt(slots.size()));
    if (source.versions().isEmpty()) {
      put(dest, Op.PUT, 1 + random.nextInt(4096));
      return;
    }
    List<String> versions = new ArrayList<>(source.versions().keySet());
    versions.sort(null);
    String version = versions.get(random.nextInt(versions.size()));
    Content c = source.versions().get(version);
    dest.attempt(c);
    Call call = new Call(Op.COPY, "CopyObject", dest.key, source.key, dest.key);
    try {
      CopyObjectResponse r = s3.copyObject(b -> b.sourceBucket(bucket).sourceKey(source.id)
          .sourceVersionId(version).destinationBucket(bucket).destinationKey(dest.id));
      call.ok(r.versionId());
      dest.written(c, r.versionId());
    } catch (SdkException e) {
      call.failed(e);
      dest.maybeWritten(c);
    }
  }

  private void delete(Slot s) {
    Call call = new Call(Op.DELETE, "DeleteObject", s.key, s.key);
    try {
      s3.deleteObject(b -> b.bucket(bucket).key(s.id));
      call.ok(null);
      s.deleted();
    } catch (SdkException e) {
      call.failed(e);
      s.maybeDeleted();
    }
  }

  private void listVersions(Slot s) {
    Call call = new Call(Op.LIST_VERSIONS, "ListObjectVersions", null, s.key);
    try {
      Set<String> ids = s3.listObjectVersions(b -> b.bucket(bucket).prefix(s.key)).versions()
          .stream().map(ObjectVersion::versionId).collect(Collectors.toSet());
      call.ok(null);
      s.listed(ids);
    } catch (SdkException e) {
      call.failed(e);
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      if (p != null) {
        Files.deleteIfExists(p);
      }
    } catch (IOException ignored) {
      // reported by the next listing of the directory
    }
  }

  /** One call: its counters, its expected audit event, and the faults that hit it. */
  private final class Call {
    private final Op op;
    private final String operation;
    private final String eventKey;
    private final String[] keys;
    private final int asked;
    private boolean ended;

    Call(Op op, String operation, String eventKey, String... keys) {
      this.op = op;
      this.operation = operation;
      this.eventKey = eventKey;
      this.keys = keys;
      this.asked = retries.refreshedOnThisThread();
      faults.take(keys); // what hit earlier calls
      faults.sent(keys);
      current = this;
      ledger.count("calls " + op);
    }

    void ok(String versionId) {
      ended = true;
      ledger.expect(eventKey, new Expected(operation, AuditOutcome.ALLOWED, null, versionId));
      ledger.count("calls " + op + " ok");
    }

    /** NoSuchKey: an answer, not a failure (the model decides whether it may be). */
    void absent(S3Exception e) {
      expectFailure(e);
      ledger.count("calls " + op + " ok");
      checkClear(e);
    }

    void failed(SdkException e) {
      expectFailure(e);
      String type = type(e);
      ledger.count("calls " + op + " failed");
      ledger.count("failures by type: " + type);
      checkClear(e);
      explain(type, e);
    }

    /** The call ended in an exception that is neither the SDK's nor hipaa-s3's. */
    void unclear(RuntimeException e) {
      if (!ended) {
        expectFailure(e);
      }
      ledger.count("calls " + op + " failed");
      ledger.count("failures by type: " + type(e) + " (not an SdkException)");
      checkClear(e);
      StringBuilder where = new StringBuilder();
      for (StackTraceElement f : e.getStackTrace()) {
        if (where.length() < 600) {
          where.append(" < ").append(f.getClassName().replaceAll(".*\\.", "")).append('.')
              .append(f.getMethodName()).append(':').append(f.getLineNumber());
        }
      }
      ledger.problem("not an SDK exception", op + ": " + e + where);
    }

    /** The call returned a stream; reading it failed (its event is the call's, ALLOWED). */
    void readFailed(Exception e) {
      ledger.count("calls " + op + " read failed");
      ledger.count("failures by type: " + type(e) + " (reading the stream)");
      checkClear(e);
      explain(type(e) + " (reading the stream)", e);
    }

    /**
     * A failure is explained by a body fault (not retried), or by as many failed attempts as
     * the strategy allows: injected faults, or failed attempts the strategy was asked about on
     * this thread (a server too slow for the attempt timeout fails attempts too). Anything
     * else is a call given up too early.
     */
    private void explain(String type, Exception e) {
      List<Fault> hit = faults.take(keys);
      // Sync calls retry on this thread; async ones (client-side deletes and puts through the
      // encryption client) elsewhere, where the requests sent for the call's keys show them.
      int failedAttempts = Math.max(retries.refreshedOnThisThread() - asked,
          faults.sent(keys));
      String message = String.valueOf(e.getMessage()).replace('\n', ' ');
      ledger.note(op + ": " + type + " after faults " + hit + ", " + failedAttempts
          + " failed attempt(s): " + message.substring(0,
          Math.min(e instanceof HipaaS3Exception ? 400 : 90, message.length())));
      int max = retries.maxAttempts();
      boolean explained = hit.stream().anyMatch(SoakFaults.NOT_RETRIED::contains)
          || hit.size() >= max || failedAttempts >= max;
      if (!explained) {
        ledger.problem("unexplained failure", op + " failed with " + type + " after "
            + hit.size() + " fault(s) " + hit + " and " + failedAttempts + " failed attempt(s)");
      } else if (hit.isEmpty()) {
        ledger.count("failures with no fault injected (attempts used up)");
      }
    }

    private void expectFailure(Exception e) {
      ended = true;
      Throwable ours = e;
      for (Throwable c = e; c != null; c = c.getCause()) {
        if (c instanceof HipaaS3Exception) {
          ours = c;
          break;
        }
      }
      ledger.expect(eventKey, new Expected(operation, ours
          instanceof HipaaS3PolicyViolationException ? AuditOutcome.REFUSED : AuditOutcome.FAILED,
          ours instanceof HipaaS3PolicyViolationException ? null
              : ours.getClass().getSimpleName(), null));
    }

    private void checkClear(Exception e) {
      for (Throwable c = e; c != null; c = c.getCause()) {
        String message = String.valueOf(c.getMessage());
        if (SoakLedger.PHI.matcher(message).find()) {
          ledger.problem("PHI in exception", op + " " + c.getClass().getSimpleName());
        }
      }
      if (e.getMessage() == null || e.getMessage().isBlank()) {
        ledger.problem("unclear exception", op + " " + e.getClass().getName());
      }
    }
  }

  static String type(Exception e) {
    String name = e.getClass().getSimpleName();
    if (e instanceof S3Exception) {
      return name + " " + ((S3Exception) e).statusCode();
    }
    if (e instanceof HipaaS3Exception) {
      Throwable c = e.getCause();
      return c == null ? name : name + " (" + c.getClass().getSimpleName() + ")";
    }
    return e.getCause() == null ? name : name + " (" + e.getCause().getClass().getSimpleName()
        + ")";
  }
}
