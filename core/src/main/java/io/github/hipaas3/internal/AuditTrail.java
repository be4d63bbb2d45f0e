package io.github.hipaas3.internal;

import io.github.hipaas3.EncryptionMode;
import io.github.hipaas3.HipaaS3Exception;
import io.github.hipaas3.HipaaS3PolicyViolationException;
import io.github.hipaas3.HipaaS3SecurityException;
import io.github.hipaas3.PhiDetectors;
import io.github.hipaas3.ViolationCode;
import io.github.hipaas3.audit.AuditDurability;
import io.github.hipaas3.audit.AuditEvent;
import io.github.hipaas3.audit.AuditOutcome;
import io.github.hipaas3.audit.AuditSink;
import io.github.hipaas3.audit.QueueFullPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.AwsResponse;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRetentionRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Request;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/**
 * The audit trail of one client: exactly one {@link AuditEvent} per gated call, handed to a
 * background writer ({@link AuditWriter}) through a bounded queue. A call reserves its queue
 * slot before anything is sent, so a full queue blocks or refuses the call (never drops its
 * event), and an event, once the call ends, always has room. If the sink fails, calls are
 * refused from then on ({@code AUDIT_UNAVAILABLE}) and events still queued are logged at ERROR,
 * not lost silently.
 *
 * <p>In write-ahead mode ({@link AuditDurability#WRITE_AHEAD}) a call also writes an intent
 * record right before it is sent and waits until the sink has made it durable; the writer
 * thread takes every intent waiting, writes them and syncs once for all (group commit).
 */
public final class AuditTrail implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);

  private final QueueFullPolicy whenFull;
  private final @Nullable String actor;
  private final EncryptionMode.Kind encryption;
  private final PhiDetectors detectors;
  private final PhiDetectors tokenDetectors;
  private final @Nullable UnaryOperator<String> keyHasher;
  private final Clock clock;
  private final boolean writeAhead;
  private final String callIdPrefix;
  private final AtomicLong calls = new AtomicLong();
  private final AuditWriter writer;
  private volatile boolean closed;

  /**
   * Creates the trail and starts its writer thread.
   *
   * @param sink where events go
   * @param capacity how many events may wait for the writer
   * @param whenFull what a call does when they are that many
   * @param actor who the calls are made by (configured, or the caller's IAM ARN), or null
   * @param encryption the client's encryption mode
   * @param detectors the client's PHI detectors (a bucket or pass-through key they flag is
   *     left out of the event)
   * @param keyHasher the stored key for an object ID (hashed mode), or null in pass-through
   *     mode, where events carry no object key
   * @param clock the clock for event times
   */
  public AuditTrail(AuditSink sink, int capacity, QueueFullPolicy whenFull, @Nullable String actor,
      EncryptionMode.Kind encryption, PhiDetectors detectors,
      @Nullable UnaryOperator<String> keyHasher,
      Clock clock) {
    this(sink, capacity, whenFull, AuditDurability.QUEUED, actor, encryption, detectors,
        keyHasher, clock);
  }

  /**
   * Creates the trail with the given durability and starts its writer thread.
   *
   * @param sink where events go (durable, for write-ahead)
   * @param capacity how many events may wait for the writer
   * @param whenFull what a call does when they are that many
   * @param durability when a call's record is made durable
   * @param actor who the calls are made by, or null
   * @param encryption the client's encryption mode
   * @param detectors the client's PHI detectors
   * @param keyHasher the stored key for an object ID (hashed mode), or null
   * @param clock the clock for event times
   */
  public AuditTrail(AuditSink sink, int capacity, QueueFullPolicy whenFull,
      AuditDurability durability, @Nullable String actor, EncryptionMode.Kind encryption,
      PhiDetectors detectors, @Nullable UnaryOperator<String> keyHasher, Clock clock) {
    this.writeAhead = Objects.requireNonNull(durability, "durability")
        == AuditDurability.WRITE_AHEAD;
    byte[] prefix = new byte[6];
    ThreadLocalRandom.current().nextBytes(prefix);
    this.callIdPrefix = HexFormat.of().formatHex(prefix) + "-";
    this.whenFull = Objects.requireNonNull(whenFull, "whenFull");
    this.actor = actor;
    this.encryption = encryption;
    this.detectors = Objects.requireNonNull(detectors, "detectors");
    this.tokenDetectors = Formats.tokenDetectors(detectors);
    this.keyHasher = keyHasher;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.writer = new AuditWriter(sink, capacity);
  }

  /**
   * Starts the record of one call: reserves its queue slot (blocking, or refusing the call
   * when the queue is full and the policy is FAIL).
   *
   * @param operation the operation name
   * @param request the caller's request
   * @param bodyLength the request body's length (read when the call ends, so it may count the
   *     bytes streamed), or null
   * @return the call, to be ended with {@link Call#end}
   */
  public Call begin(String operation, S3Request request, @Nullable Supplier<Long> bodyLength) {
    if (closed) {
      throw unavailable(operation, "the client is closed. Build a new client");
    }
    Throwable failure = writer.failure();
    if (failure != null) {
      throw unavailable(operation, "the audit sink failed (" + failure.getClass().getSimpleName()
          + "). Check the audit sink (disk space, permissions) and the logs, then build a new"
          + " client");
    }
    // A free slot is taken without waiting, so an interrupted thread's call is still audited
    // (the gate then refuses it as interrupted); only a wait for room can be interrupted.
    if (!writer.tryReserve()) {
      if (whenFull == QueueFullPolicy.FAIL) {
        throw unavailable(operation, "the audit queue is full (QueueFullPolicy.FAIL). Retry"
            + " later, raise auditQueueCapacity, or use a faster audit sink");
      }
      try {
        writer.reserve();
      } catch (InterruptedException e) {
        throw Interruption.beforeSending(operation, "waiting for room in the audit queue (if"
            + " calls often wait, raise auditQueueCapacity or use a faster audit sink)", e);
      }
    }
    return new Call(operation, request, bodyLength);
  }

  /** A refusal because the call cannot be audited; {@code why} ends with what to do. */
  /** What made a future fail (the exception itself if it names no cause). */
  private static Throwable causeOf(ExecutionException failed) {
    Throwable cause = failed.getCause();
    return cause == null ? failed : cause;
  }

  private static HipaaS3PolicyViolationException unavailable(String operation, String why) {
    return Violations.refused(ViolationCode.AUDIT_UNAVAILABLE, operation,
        "Every call must be audited, and " + why + ".");
  }

  /** Writes what is queued, then closes the sink. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    writer.close();
  }

  /** One gated call being recorded. */
  public final class Call {
    private final String operation;
    private final S3Request request;
    private final @Nullable Supplier<Long> bodyLength;
    private final Instant time;
    private final long start;
    private @Nullable S3Request sent;
    private @Nullable SdkPojo response;
    private boolean ended;
    private @Nullable String callId;

    private Call(String operation, S3Request request, @Nullable Supplier<Long> bodyLength) {
      this.operation = operation;
      this.request = request;
      this.bodyLength = bodyLength;
      this.time = clock.instant();
      this.start = System.nanoTime();
    }

    /**
     * The request as it goes to S3 (keys mapped, settings added), right before it is sent. In
     * write-ahead mode, the first time, writes the call's intent record and waits until it is
     * durable; throws (the call is refused, nothing is sent) if it cannot be.
     */
    void sent(S3Request finalRequest) {
      this.sent = finalRequest;
      if (writeAhead && callId == null) {
        callId = callIdPrefix + Long.toString(calls.incrementAndGet(), 36);
        writeIntent(finalRequest);
      }
    }

    private void writeIntent(S3Request r) {
      if (writer.failure() != null || closed) {
        throw unavailable(operation, "the audit sink failed or the client is closed, so this"
            + " call's intent record cannot be made durable (write-ahead auditing). Check the"
            + " audit sink and the logs, then build a new client");
      }
      AuditEvent.Builder e = AuditEvent.builder().time(clock.instant()).operation(operation)
          .outcome(AuditOutcome.INTENT).actor(actor).encryption(encryption).callId(callId);
      // The request passed every check: its bucket is screened and its key is the stored one.
      field("bucket", () -> e.bucket(first(r, "DestinationBucket", "Bucket")));
      field("objectKey", () -> e.objectKey(keyHasher == null ? null
          : first(r, "DestinationKey", "Key")));
      CompletableFuture<Void> durable = writer.intent(e.build());
      boolean interrupted = false;
      try {
        while (true) {
          try {
            // Not interruptible: the sync is bounded, and an abandoned intent would be sent
            // unrecorded. The gate sees the interrupt afterwards.
            durable.get(1, TimeUnit.SECONDS);
            break;
          } catch (InterruptedException ie) {
            interrupted = true;
          } catch (java.util.concurrent.TimeoutException slow) {
            if (!writer.isAlive()) {
              throw unavailable(operation, "the client was closed while this call waited for"
                  + " its intent record to be made durable, so the call was not sent. Build a"
                  + " new client");
            }
          } catch (ExecutionException failed) {
            throw unavailable(operation, "the audit sink could not make this call's intent"
                + " record durable (" + causeOf(failed).getClass().getSimpleName() + "), so"
                + " the call was not sent. Check the audit sink (disk space, permissions) and"
                + " the logs, then build a new client");
          }
        }
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }

    /** The response S3 gave (from a response transformer, before the data is read). */
    void response(SdkPojo s3Response) {
      this.response = s3Response;
    }

    /**
     * Ends the call and queues its event.
     *
     * @param result what the call returned, or null
     * @param error what it threw, or null
     */
    public void end(@Nullable Object result, @Nullable Throwable error) {
      if (ended) {
        return;
      }
      ended = true;
      AuditEvent event;
      try {
        event = event(result, error);
      } catch (RuntimeException e) {
        // Never lose the record: fall back to the bare facts.
        event = AuditEvent.builder().time(time).operation(operation)
            .outcome(error == null ? AuditOutcome.ALLOWED : AuditOutcome.FAILED)
            .errorClass(error == null ? null : error.getClass().getSimpleName())
            .actor(actor).callId(callId)
            .duration(Duration.ofNanos(System.nanoTime() - start)).build();
      }
      writer.event(event);
    }

    /**
     * The event. Each field is read on its own: a field that cannot be read (a response
     * without response metadata, a model field of an unexpected type) is left out, and the
     * others are still recorded.
     */
    private AuditEvent event(@Nullable Object result, @Nullable Throwable error) {
      AuditEvent.Builder e = AuditEvent.builder().time(time).operation(operation)
          .actor(actor).encryption(encryption).callId(callId)
          .duration(Duration.ofNanos(System.nanoTime() - start));
      SdkPojo answer = read(() -> response != null ? response : responseOf(result));
      S3Request r = sent != null ? sent : request;
      // A sent request's bucket passed the client's screening already; only a refused
      // call's bucket may hold what a detector flags.
      field("bucket", () -> {
        String bucket = first(r, "DestinationBucket", "Bucket");
        e.bucket(sent != null ? bucket : clean(bucket));
      });
      // Hashed mode only: the stored key (for a refused call, the key the ID would have had).
      // In pass-through mode the key is the caller's own name, so it is left out.
      field("objectKey", () -> {
        String key = keyHasher == null ? null : first(r, "DestinationKey", "Key");
        if (sent == null && key != null && keyHasher != null) {
          try {
            key = keyHasher.apply(key);
          } catch (RuntimeException notAnId) {
            key = null;
          }
        }
        e.objectKey(key);
      });
      field("versionId", () -> {
        String version = answer == null ? null : string(answer, "VersionId");
        // A refused call's version ID is the caller's, unchecked: it goes in only with its
        // format.
        String asked = first(r, "VersionId");
        if (sent == null && asked != null
            && !Formats.accepts(Formats.VERSION_ID, asked, tokenDetectors)) {
          asked = null;
        }
        e.versionId(version != null ? version : asked);
      });
      field("bytes", () -> {
        if (r instanceof PutObjectRequest || r instanceof UploadPartRequest) {
          Long length = bodyLength == null ? null : bodyLength.get();
          e.bytes(length != null ? length
              : r.getValueForField("ContentLength", Long.class).orElse(null));
        } else if (r instanceof GetObjectRequest && answer != null) {
          Object length = value(answer, "ContentLength");
          e.bytes(length instanceof Long l ? l : null);
        }
      });
      field("retainUntil", () -> {
        Instant until = r.getValueForField("ObjectLockRetainUntilDate", Instant.class)
            .orElse(null);
        if (until == null && r instanceof PutObjectRetentionRequest retentionRequest
            && retentionRequest.retention() != null) {
          until = retentionRequest.retention().retainUntilDate();
        }
        if (until == null && answer != null) {
          Object v = value(answer, "ObjectLockRetainUntilDate");
          until = v instanceof Instant instant ? instant : null;
        }
        e.retainUntil(until);
      });
      // The S3 Encryption Client builds the responses of its multipart puts itself, without
      // response metadata.
      field("requestId", () -> {
        if (answer instanceof AwsResponse awsResponse
            && awsResponse.responseMetadata() != null) {
          e.requestId(requestId(awsResponse.responseMetadata().requestId()));
        }
      });
      if (error == null) {
        return e.outcome(AuditOutcome.ALLOWED).build();
      }
      Throwable cause = ours(error);
      if (cause instanceof HipaaS3PolicyViolationException violation) {
        return e.outcome(AuditOutcome.REFUSED)
            .violationCode(violation.violationCode()).build();
      }
      e.outcome(AuditOutcome.FAILED).errorClass(cause.getClass().getSimpleName());
      if (cause instanceof HipaaS3SecurityException security) {
        e.violationCode(security.violationCode());
      }
      field("requestId", () -> {
        for (Throwable c = error; c != null; c = c.getCause()) {
          if (c instanceof AwsServiceException) {
            e.requestId(requestId(((AwsServiceException) c).requestId()));
            break;
          }
        }
      });
      return e.build();
    }
  }

  /** Sets one field of an event; a field that cannot be read is left out (logged at DEBUG). */
  private static void field(String name, Runnable setter) {
    try {
      setter.run();
    } catch (RuntimeException e) {
      LOG.debug("Audit event field {} left out: {}", name, e.getClass().getName());
    }
  }

  /** A value for an event, or null when it cannot be read. */
  private static <V> @Nullable V read(Supplier<V> value) {
    try {
      return value.get();
    } catch (RuntimeException e) {
      LOG.debug("Audit event response left out: {}", e.getClass().getName());
      return null;
    }
  }

  /** The SDK reports a missing request ID as "UNKNOWN"; the event leaves it out. */
  private static @Nullable String requestId(String id) {
    return id == null || id.isEmpty() || "UNKNOWN".equals(id) ? null : id;
  }

  /** hipaa-s3's own exception in the cause chain (the SDK wraps transformer errors). */
  private static Throwable ours(Throwable error) {
    for (Throwable c = error; c != null; c = c.getCause()) {
      if (c instanceof HipaaS3Exception) {
        return c;
      }
    }
    return error;
  }

  private @Nullable String clean(@Nullable String value) {
    return value == null || detectors.firstMatch(value).isPresent() ? null : value;
  }

  private static @Nullable SdkPojo responseOf(@Nullable Object result) {
    if (result instanceof SdkPojo sdkPojo) {
      return sdkPojo;
    }
    if (result instanceof ResponseInputStream) {
      Object r = ((ResponseInputStream<?>) result).response();
      return r instanceof SdkPojo sdkPojo ? sdkPojo : null;
    }
    if (result instanceof ResponseBytes) {
      Object r = ((ResponseBytes<?>) result).response();
      return r instanceof SdkPojo sdkPojo ? sdkPojo : null;
    }
    return null;
  }

  private static @Nullable String first(S3Request r, String... fields) {
    for (String f : fields) {
      String v = r.getValueForField(f, String.class).orElse(null);
      if (v != null) {
        return v;
      }
    }
    return null;
  }

  private static @Nullable Object value(SdkPojo pojo, String name) {
    return ModelFields.value(pojo, name);
  }

  private static @Nullable String string(SdkPojo pojo, String name) {
    return ModelFields.value(pojo, name, String.class);
  }
}
