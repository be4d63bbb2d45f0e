package io.github.hipaas3;

import io.github.hipaas3.audit.AuditDurability;
import io.github.hipaas3.audit.QueueFullPolicy;
import io.github.hipaas3.posture.PostureCheck;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;

/**
 * The immutable, validated policy of one {@link HipaaS3Client}: plain data, grouped by concern,
 * with every insecure opt-in in one set. {@link HipaaS3Client.Builder#build()} produces it and
 * the client's enforcement is built from it alone, so {@link HipaaS3Client#policy()} is what is
 * enforced. It holds only settings, never secrets, credentials, clients or caller data, so it
 * can be logged and compared; {@link #toBuilder()} round-trips.
 *
 * @param transport where and how requests travel
 * @param names how object IDs become keys and what the PHI screening looks for
 * @param encryption how objects are encrypted and read back
 * @param retention where the Object Lock retention every write gets and every read must show
 *     comes from: each bucket's default retention rule, or the client's {@code retention(...)}
 * @param integrity the checksum every write carries and every read is checked against
 * @param audit how calls are audited
 * @param posture the bucket posture check on first use
 * @param insecure the insecure opt-ins that are set (empty by default)
 */
public record HipaaPolicy(Transport transport, Names names, Encryption encryption,
    Retention retention, Integrity integrity, Audit audit, Posture posture,
    Set<Insecure> insecure) {

  /** Every opt-in that weakens a guarantee; each is logged at WARN when a client is built. */
  public enum Insecure {
    /** Long-term static access keys (no session token) are accepted. */
    ALLOW_LONG_TERM_STATIC_CREDENTIALS,
    /** Objects not encrypted by the client's mode are read. */
    ALLOW_READING_UNENCRYPTED_OBJECTS,
    /** Ranged gets of client-side objects return unauthenticated plaintext. */
    ALLOW_UNAUTHENTICATED_RANGED_GETS,
    /** Client-side objects not bound to their bucket and key are read. */
    ALLOW_UNBOUND_CLIENT_SIDE_OBJECTS,
    /** Object versions may be deleted for good. */
    ALLOW_PERMANENT_VERSION_DELETION,
    /** Requests may bypass governance-mode retention. */
    ALLOW_BYPASS_GOVERNANCE_RETENTION,
    /** Objects without the client's retention are read. */
    ALLOW_READING_UNRETAINED_OBJECTS,
    /** Objects without a full-object checksum are read. */
    ALLOW_READING_WITHOUT_CHECKSUMS,
    /** The first-use check of the bucket's Object Lock and versioning is skipped. */
    SKIP_BUCKET_PROTECTION_CHECK,
    /** Calls are not audited. */
    DISABLE_AUDIT,
    /** Large client-side objects release plaintext before their tag is checked. */
    RELEASE_UNAUTHENTICATED_PLAINTEXT
  }

  /**
   * Where and how requests travel.
   *
   * @param region the region (never taken from the environment)
   * @param endpointOverride the endpoint, or {@code null} for AWS's
   * @param forcePathStyle whether path-style addressing is used
   * @param customHttpClient whether the caller supplied an HTTP client or builder (sync or async)
   */
  public record Transport(Region region, @Nullable URI endpointOverride, boolean forcePathStyle,
      boolean customHttpClient) {
    /** Validates the settings. */
    public Transport {
      Objects.requireNonNull(region, "region");
    }

    /** Prints the endpoint's scheme, host and port only (a path could name a tenant). */
    @Override
    public String toString() {
      String endpoint = endpointOverride == null ? "default"
          : endpointOverride.getScheme() + "://" + endpointOverride.getHost()
              + (endpointOverride.getPort() < 0 ? "" : ":" + endpointOverride.getPort());
      return "Transport[region=" + region.id() + ", endpoint=" + endpoint + ", forcePathStyle="
          + forcePathStyle + ", customHttpClient=" + customHttpClient + "]";
    }
  }

  /**
   * How object IDs become keys and what the PHI screening looks for.
   *
   * @param keyMode hashed (default) or pass-through keys
   * @param keyPrefix the prefix of every stored key (screened; may be empty)
   * @param keyHashingVersions the versions of the key-hashing secrets, current first
   * @param acceptStoredKeyForm whether an ID already in stored-key form is used as is
   * @param phiDetectors the detectors that screen every name and value
   */
  public record Names(KeyMode keyMode, String keyPrefix, List<Integer> keyHashingVersions,
      boolean acceptStoredKeyForm, PhiDetectors phiDetectors) {
    /** Validates the settings. */
    public Names {
      Objects.requireNonNull(keyMode, "keyMode");
      Objects.requireNonNull(keyPrefix, "keyPrefix");
      keyHashingVersions = List.copyOf(keyHashingVersions);
      Objects.requireNonNull(phiDetectors, "phiDetectors");
    }
  }

  /**
   * How objects are encrypted and read back.
   *
   * @param kind the encryption mode
   * @param kmsKeyArn the KMS key of the KMS modes, or {@code null}
   * @param multipartThreshold the size above which client-side puts go in parts
   * @param authenticationBufferSize the size up to which client-side gets authenticate in
   *     memory
   * @param authenticationSpoolDirectory where larger client-side gets hold their ciphertext while
   *     it is authenticated, or {@code null} for {@code java.io.tmpdir}
   * @param kmsDataKeyCache the bounds of the KMS data key cache (client-side KMS only), or
   *     {@code null} when it is off (the default)
   */
  public record Encryption(EncryptionMode.Kind kind, @Nullable String kmsKeyArn,
      long multipartThreshold,
      long authenticationBufferSize, @Nullable Path authenticationSpoolDirectory,
      @Nullable KmsDataKeyCache kmsDataKeyCache) {
    /** Validates the settings. */
    public Encryption {
      Objects.requireNonNull(kind, "kind");
    }

    /**
     * The settings without the KMS data key cache.
     *
     * @param kind the encryption mode
     * @param kmsKeyArn the KMS key of the KMS modes, or {@code null}
     * @param multipartThreshold the size above which client-side puts go in parts
     * @param authenticationBufferSize the size up to which client-side gets authenticate in
     *     memory
     * @param authenticationSpoolDirectory the spool directory, or {@code null}
     */
    public Encryption(EncryptionMode.Kind kind, String kmsKeyArn, long multipartThreshold,
        long authenticationBufferSize, Path authenticationSpoolDirectory) {
      this(kind, kmsKeyArn, multipartThreshold, authenticationBufferSize,
          authenticationSpoolDirectory, null);
    }

    /** Prints whether the spool directory is the default, never its path. */
    @Override
    public String toString() {
      return "Encryption[kind=" + kind + (kmsKeyArn == null ? "" : ", kmsKeyArn=" + kmsKeyArn)
          + ", multipartThreshold=" + multipartThreshold + ", authenticationBufferSize="
          + authenticationBufferSize + ", authenticationSpoolDirectory="
          + (authenticationSpoolDirectory == null ? "default" : "set") + ", kmsDataKeyCache="
          + (kmsDataKeyCache == null ? "off" : kmsDataKeyCache) + "]";
    }
  }

  /**
   * The checksum every write carries.
   *
   * @param checksumAlgorithm the algorithm
   */
  public record Integrity(ChecksumAlgorithm checksumAlgorithm) {
    /** Validates the settings. */
    public Integrity {
      Objects.requireNonNull(checksumAlgorithm, "checksumAlgorithm");
    }
  }

  /**
   * Where the Object Lock retention every write gets and every read must show comes from.
   *
   * @param source the bucket's default retention rule, or the client's setting
   * @param client the client's {@code retention(...)} when the source is {@link Source#CLIENT},
   *     otherwise {@code null}
   */
  public record Retention(Source source, @Nullable ObjectRetention client) {
    /** Where the retention comes from. */
    public enum Source {
      /**
       * Each bucket's Object Lock default retention rule, read with the first-use bucket check
       * and read again after the posture cache period; a bucket without one is refused. (With
       * the bucket check skipped there is no rule to read: writes carry no lock headers and S3
       * applies the bucket's rule itself.)
       */
      BUCKET_DEFAULT,
      /**
       * The client's {@code retention(...)}; a bucket whose default rule is stronger is
       * refused.
       */
      CLIENT
    }

    /** Validates the settings: a client retention exactly when the source is CLIENT. */
    public Retention {
      Objects.requireNonNull(source, "source");
      if ((source == Source.CLIENT) != (client != null)) {
        throw new IllegalArgumentException("client retention must be set exactly when the"
            + " source is CLIENT");
      }
    }

    /**
     * The retention of each bucket's default rule.
     *
     * @return the setting
     */
    public static Retention bucketDefault() {
      return new Retention(Source.BUCKET_DEFAULT, null);
    }

    /**
     * The client's own retention.
     *
     * @param retention the retention
     * @return the setting
     */
    public static Retention client(ObjectRetention retention) {
      return new Retention(Source.CLIENT, Objects.requireNonNull(retention, "retention"));
    }

    /** Prints the source, and the client's retention when it is set. */
    @Override
    public String toString() {
      return client == null ? "Retention[" + source + "]"
          : "Retention[" + source + ", " + client + "]";
    }
  }

  /**
   * How calls are audited.
   *
   * @param queueCapacity how many events may wait for the sink
   * @param queueFullPolicy what a call does when the queue is full
   * @param actor the actor recorded in events, or {@code null}
   * @param actorFromSts whether the actor is the caller's IAM ARN from STS
   * @param durability when a call's record is made durable (queued, or write-ahead)
   */
  public record Audit(int queueCapacity, QueueFullPolicy queueFullPolicy, @Nullable String actor,
      boolean actorFromSts, AuditDurability durability) {
    /** Validates the settings. */
    public Audit {
      Objects.requireNonNull(queueFullPolicy, "queueFullPolicy");
      Objects.requireNonNull(durability, "durability");
    }

    /**
     * The settings with the default durability, {@link AuditDurability#QUEUED}.
     *
     * @param queueCapacity how many events may wait for the sink
     * @param queueFullPolicy what a call does when the queue is full
     * @param actor the actor recorded in events, or {@code null}
     * @param actorFromSts whether the actor is the caller's IAM ARN from STS
     */
    public Audit(int queueCapacity, QueueFullPolicy queueFullPolicy, String actor,
        boolean actorFromSts) {
      this(queueCapacity, queueFullPolicy, actor, actorFromSts, AuditDurability.QUEUED);
    }
  }

  /**
   * The bucket posture check on first use.
   *
   * @param check what a failed check does
   * @param cacheFor how long a bucket's result is kept
   */
  public record Posture(PostureCheck check, Duration cacheFor) {
    /** Validates the settings. */
    public Posture {
      Objects.requireNonNull(check, "check");
      Objects.requireNonNull(cacheFor, "cacheFor");
    }
  }

  /** Validates the policy; the insecure set is copied and unmodifiable. */
  public HipaaPolicy {
    Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(names, "names");
    Objects.requireNonNull(encryption, "encryption");
    Objects.requireNonNull(retention, "retention");
    Objects.requireNonNull(integrity, "integrity");
    Objects.requireNonNull(audit, "audit");
    Objects.requireNonNull(posture, "posture");
    insecure = insecure.isEmpty() ? Set.of()
        : Collections.unmodifiableSet(EnumSet.copyOf(insecure));
  }

  /**
   * Whether an insecure opt-in is set.
   *
   * @param option the opt-in
   * @return whether it is set
   */
  public boolean allows(Insecure option) {
    return insecure.contains(option);
  }

  /**
   * A builder with this policy's settings.
   *
   * @return the builder
   */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * A builder for a policy; {@link HipaaS3Client.Builder} fills one from its settings.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder(null);
  }

  /** Prints settings only; the endpoint is reduced to scheme, host and port. */
  @Override
  public String toString() {
    return "HipaaPolicy[" + transport + ", " + names + ", " + encryption + ", "
        + retention + ", " + integrity + ", " + audit + ", " + posture + ", insecure="
        + insecure.stream().map(Enum::name).sorted().collect(Collectors.toList()) + "]";
  }

  /** Builds a {@link HipaaPolicy}; each group is replaced whole. */
  public static final class Builder {
    private @Nullable Transport transport;
    private @Nullable Names names;
    private @Nullable Encryption encryption;
    private @Nullable Retention retention;
    private @Nullable Integrity integrity;
    private @Nullable Audit audit;
    private @Nullable Posture posture;
    private final Set<Insecure> insecure = EnumSet.noneOf(Insecure.class);

    private Builder(@Nullable HipaaPolicy from) {
      if (from != null) {
        transport = from.transport;
        names = from.names;
        encryption = from.encryption;
        retention = from.retention;
        integrity = from.integrity;
        audit = from.audit;
        posture = from.posture;
        insecure.addAll(from.insecure);
      }
    }

    /**
     * Sets the transport settings.
     *
     * @param transport the settings
     * @return this builder
     */
    public Builder transport(Transport transport) {
      this.transport = transport;
      return this;
    }

    /**
     * Sets the naming settings.
     *
     * @param names the settings
     * @return this builder
     */
    public Builder names(Names names) {
      this.names = names;
      return this;
    }

    /**
     * Sets the encryption settings.
     *
     * @param encryption the settings
     * @return this builder
     */
    public Builder encryption(Encryption encryption) {
      this.encryption = encryption;
      return this;
    }

    /**
     * Sets where the retention comes from.
     *
     * @param retention the setting
     * @return this builder
     */
    public Builder retention(Retention retention) {
      this.retention = retention;
      return this;
    }

    /**
     * Sets the integrity settings.
     *
     * @param integrity the settings
     * @return this builder
     */
    public Builder integrity(Integrity integrity) {
      this.integrity = integrity;
      return this;
    }

    /**
     * Sets the audit settings.
     *
     * @param audit the settings
     * @return this builder
     */
    public Builder audit(Audit audit) {
      this.audit = audit;
      return this;
    }

    /**
     * Sets the posture settings.
     *
     * @param posture the settings
     * @return this builder
     */
    public Builder posture(Posture posture) {
      this.posture = posture;
      return this;
    }

    /**
     * Sets or clears one insecure opt-in.
     *
     * @param option the opt-in
     * @param set whether it is set
     * @return this builder
     */
    public Builder insecure(Insecure option, boolean set) {
      if (set) {
        insecure.add(option);
      } else {
        insecure.remove(option);
      }
      return this;
    }

    /**
     * The policy.
     *
     * @return the policy
     */
    public HipaaPolicy build() {
      // The record's constructor refuses a missing group with these same messages.
      return new HipaaPolicy(Objects.requireNonNull(transport, "transport"),
          Objects.requireNonNull(names, "names"),
          Objects.requireNonNull(encryption, "encryption"),
          Objects.requireNonNull(retention, "retention"),
          Objects.requireNonNull(integrity, "integrity"),
          Objects.requireNonNull(audit, "audit"),
          Objects.requireNonNull(posture, "posture"), insecure);
    }
  }
}
