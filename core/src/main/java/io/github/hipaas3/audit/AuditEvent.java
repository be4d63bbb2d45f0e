package io.github.hipaas3.audit;

import io.github.hipaas3.EncryptionMode;
import io.github.hipaas3.ViolationCode;
import io.github.hipaas3.internal.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * One gated call, as the audit trail records it: when, what, where, who, how it ended.
 *
 * <p>PHI-free by construction: there is no field for a caller's object ID, metadata, tags,
 * request body or exception message. The object key is the key as stored in S3, a keyed hash
 * ({@code KeyMode.HASHED}; in {@code PASS_THROUGH} mode events carry no key); a bucket name that
 * a PHI detector flags is left out; failures are recorded by exception class, never by message.
 */
public final class AuditEvent {
  private final Instant time;
  private final String operation;
  private final @Nullable String bucket;
  private final @Nullable String objectKey;
  private final @Nullable String versionId;
  private final AuditOutcome outcome;
  private final @Nullable ViolationCode violationCode;
  private final @Nullable String errorClass;
  private final @Nullable String requestId;
  private final @Nullable String actor;
  private final @Nullable Long bytes;
  private final Duration duration;
  private final EncryptionMode.@Nullable Kind encryption;
  private final @Nullable Instant retainUntil;
  private final @Nullable String callId;

  private AuditEvent(Builder b) {
    this.time = Objects.requireNonNull(b.time, "time");
    this.operation = Objects.requireNonNull(b.operation, "operation");
    this.outcome = Objects.requireNonNull(b.outcome, "outcome");
    this.duration = Objects.requireNonNull(b.duration, "duration");
    this.bucket = b.bucket;
    this.objectKey = b.objectKey;
    this.versionId = b.versionId;
    this.violationCode = b.violationCode;
    this.errorClass = b.errorClass;
    this.requestId = b.requestId;
    this.actor = b.actor;
    this.bytes = b.bytes;
    this.encryption = b.encryption;
    this.retainUntil = b.retainUntil;
    this.callId = b.callId;
  }

  /**
   * A builder (hipaa-s3 builds events; tests and custom sinks may too).
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * When the call started.
   *
   * @return the time
   */
  public Instant time() {
    return time;
  }

  /**
   * The S3 operation, such as {@code PutObject}.
   *
   * @return the operation name
   */
  public String operation() {
    return operation;
  }

  /**
   * The bucket, unless absent or flagged by a PHI detector.
   *
   * @return the bucket
   */
  public Optional<String> bucket() {
    return Optional.ofNullable(bucket);
  }

  /**
   * The object key as stored in S3 (hashed in HASHED mode).
   *
   * @return the key
   */
  public Optional<String> objectKey() {
    return Optional.ofNullable(objectKey);
  }

  /**
   * The version ID asked for or returned.
   *
   * @return the version ID
   */
  public Optional<String> versionId() {
    return Optional.ofNullable(versionId);
  }

  /**
   * How the call ended.
   *
   * @return the outcome
   */
  public AuditOutcome outcome() {
    return outcome;
  }

  /**
   * The violation code of a refusal or failed check.
   *
   * @return the code
   */
  public Optional<ViolationCode> violationCode() {
    return Optional.ofNullable(violationCode);
  }

  /**
   * The class of the exception a failed call threw.
   *
   * @return the simple class name
   */
  public Optional<String> errorClass() {
    return Optional.ofNullable(errorClass);
  }

  /**
   * S3's request ID, when S3 answered.
   *
   * @return the request ID
   */
  public Optional<String> requestId() {
    return Optional.ofNullable(requestId);
  }

  /**
   * Who made the call: the configured actor, or the caller's IAM ARN.
   *
   * @return the actor
   */
  public Optional<String> actor() {
    return Optional.ofNullable(actor);
  }

  /**
   * Bytes sent (puts, parts) or returned (gets), when known.
   *
   * @return the byte count
   */
  public OptionalLong bytes() {
    return bytes == null ? OptionalLong.empty() : OptionalLong.of(bytes);
  }

  /**
   * How long the call took in the gate, S3 included.
   *
   * @return the duration
   */
  public Duration duration() {
    return duration;
  }

  /**
   * The client's encryption mode.
   *
   * @return the mode
   */
  public Optional<EncryptionMode.Kind> encryption() {
    return Optional.ofNullable(encryption);
  }

  /**
   * The Object Lock retain-until date written or read.
   *
   * @return the date
   */
  public Optional<Instant> retainUntil() {
    return Optional.ofNullable(retainUntil);
  }

  /**
   * The call's ID, in write-ahead mode ({@link AuditDurability#WRITE_AHEAD}): the
   * {@link AuditOutcome#INTENT} record written before the call was sent and the outcome event
   * carry the same ID. Random per client, then a counter; no PHI.
   *
   * @return the call ID
   */
  public Optional<String> callId() {
    return Optional.ofNullable(callId);
  }

  /**
   * The event as one line of JSON, fields in a fixed order, absent fields left out.
   *
   * @return the JSON object
   */
  public String toJson() {
    StringBuilder json = new StringBuilder(256).append('{');
    field(json, "time", time.toString());
    field(json, "operation", operation);
    field(json, "bucket", bucket);
    field(json, "objectKey", objectKey);
    field(json, "versionId", versionId);
    field(json, "outcome", outcome.name());
    field(json, "violationCode", violationCode == null ? null : violationCode.name());
    field(json, "errorClass", errorClass);
    field(json, "requestId", requestId);
    field(json, "actor", actor);
    if (bytes != null) {
      json.append(",\"bytes\":").append(bytes.longValue());
    }
    json.append(",\"durationMicros\":").append(duration.toNanos() / 1000);
    field(json, "encryption", encryption == null ? null : encryption.name());
    field(json, "retainUntil", retainUntil == null ? null : retainUntil.toString());
    field(json, "callId", callId);
    return json.append('}').toString();
  }

  private static void field(StringBuilder json, String name, @Nullable String value) {
    if (value == null) {
      return;
    }
    if (json.length() > 1) {
      json.append(',');
    }
    json.append('"').append(name).append("\":");
    Json.quote(json, value);
  }

  @Override
  public String toString() {
    return "AuditEvent" + toJson();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AuditEvent auditEvent && toJson().equals(auditEvent.toJson());
  }

  @Override
  public int hashCode() {
    return toJson().hashCode();
  }

  /** Builds an {@link AuditEvent}. */
  public static final class Builder {
    private @Nullable Instant time;
    private @Nullable String operation;
    private @Nullable String bucket;
    private @Nullable String objectKey;
    private @Nullable String versionId;
    private @Nullable AuditOutcome outcome;
    private @Nullable ViolationCode violationCode;
    private @Nullable String errorClass;
    private @Nullable String requestId;
    private @Nullable String actor;
    private @Nullable Long bytes;
    private Duration duration = Duration.ZERO;
    private EncryptionMode.@Nullable Kind encryption;
    private @Nullable Instant retainUntil;
    private @Nullable String callId;

    private Builder() {}

    /**
     * Sets a field.
     *
     * @param v when the call started
     * @return this builder
     */
    public Builder time(Instant v) {
      this.time = v;
      return this;
    }

    /**
     * Sets a field.
     *
     * @param v the operation name
     * @return this builder
     */
    public Builder operation(String v) {
      this.operation = v;
      return this;
    }

    /**
     * Sets a field.
     *
     * @param v the bucket (must be PHI-free)
     * @return this builder
     */
    public Builder bucket(@Nullable String v) {
      this.bucket = v;
      return this;
    }

    /**
     * Sets a field.
     *
     * @param v the stored object key (must be PHI-free)
     * @return this builder
     */
    public Builder objectKey(@Nullable String v) {
      this.objectKey = v;
      return this;
    }

    /**
     * Sets a field.
     *
     * @param v the version ID
     * @return this builder
     */
    public Builder versionId(@Nullable String v) {
      this.versionId = v;
      return this;
    }

    /**
     * Sets a field.
     *
     * @param v the outcome
     * @return this builder
     */
    public Builder outcome(AuditOutcome v) {
      this.outcome = v;
      return this;
    }

    /**
     * Sets a field.
     *
     * @param v the violation code
     * @return this builder
     */
    public Builder violationCode(ViolationCode v) {
      this.violationCode = v;
      return this;
    }

    /**
     * Sets a field.
     *
     * @param v the exception class name
     * @return this builder
     */
    public Builder errorClass(@Nullable String v) {
      this.errorClass = v;
      return this;
    }

    /**
     * Sets a field.
     *
     * @param v S3's request ID
     * @return this builder
     */
    public Builder requestId(@Nullable String v) {
      this.requestId = v;
      return this;
    }

    /**
     * Sets a field.
     *
     * @param v the actor
     * @return this builder
     */
    public Builder actor(@Nullable String v) {
      this.actor = v;
      return this;
    }

    /**
     * Sets a field.
     *
     * @param v the byte count
     * @return this builder
     */
    public Builder bytes(@Nullable Long v) {
      this.bytes = v;
      return this;
    }

    /**
     * Sets a field.
     *
     * @param v the duration
     * @return this builder
     */
    public Builder duration(Duration v) {
      this.duration = v;
      return this;
    }

    /**
     * Sets a field.
     *
     * @param v the encryption mode
     * @return this builder
     */
    public Builder encryption(EncryptionMode.Kind v) {
      this.encryption = v;
      return this;
    }

    /**
     * Sets a field.
     *
     * @param v the retain-until date
     * @return this builder
     */
    public Builder retainUntil(@Nullable Instant v) {
      this.retainUntil = v;
      return this;
    }

    /**
     * Sets a field.
     *
     * @param v the call ID (must be PHI-free)
     * @return this builder
     */
    public Builder callId(@Nullable String v) {
      this.callId = v;
      return this;
    }

    /**
     * Builds the event.
     *
     * @return the event
     */
    public AuditEvent build() {
      return new AuditEvent(this);
    }
  }
}
