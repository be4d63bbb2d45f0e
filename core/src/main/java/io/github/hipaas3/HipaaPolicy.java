package io.github.hipaas3;

import io.github.hipaas3.audit.QueueFullPolicy;
import io.github.hipaas3.posture.PostureCheck;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;

/**
 * The immutable, validated policy of one {@link HipaaS3Client}, as {@link HipaaS3Client.Builder#build()}
 * produced it. It holds only settings; no secrets, credentials or caller data, so it can be
 * logged and compared.
 */
public final class HipaaPolicy {
  private final Region region;
  private final URI endpointOverride;
  private final Boolean forcePathStyle;
  private final Boolean insecureAllowLongTermStaticCredentials;
  private final Boolean customHttpClient;
  private final KeyMode keyMode;
  private final String keyPrefix;
  private final List<Integer> keyHashingVersions;
  private final Boolean acceptStoredKeyForm;
  private final PhiDetectors phiDetectors;
  private final EncryptionMode.Kind encryption;
  private final String kmsKeyArn;
  private final Boolean insecureAllowReadingUnencryptedObjects;
  private final Boolean insecureAllowUnauthenticatedRangedGets;
  private final Boolean insecureAllowUnboundClientSideObjects;
  private final Boolean insecureAllowPermanentVersionDeletion;
  private final Boolean insecureAllowBypassGovernanceRetention;
  private final ObjectRetention retention;
  private final ChecksumAlgorithm checksumAlgorithm;
  private final Boolean insecureAllowReadingUnretainedObjects;
  private final Boolean insecureAllowReadingWithoutChecksums;
  private final Boolean insecureSkipBucketProtectionCheck;
  private final Boolean insecureDisableAudit;
  private final Integer auditQueueCapacity;
  private final QueueFullPolicy auditQueueFullPolicy;
  private final PostureCheck postureCheck;
  private final Duration postureCacheFor;
  private final Boolean insecureReleaseUnauthenticatedPlaintext;

  private HipaaPolicy(Region region, URI endpointOverride, Boolean forcePathStyle,
      Boolean insecureAllowLongTermStaticCredentials, Boolean customHttpClient, KeyMode keyMode,
      String keyPrefix, List<Integer> keyHashingVersions, Boolean acceptStoredKeyForm,
      PhiDetectors phiDetectors, EncryptionMode.Kind encryption, String kmsKeyArn,
      Boolean insecureAllowReadingUnencryptedObjects,
      Boolean insecureAllowUnauthenticatedRangedGets,
      Boolean insecureAllowUnboundClientSideObjects,
      Boolean insecureAllowPermanentVersionDeletion,
      Boolean insecureAllowBypassGovernanceRetention, ObjectRetention retention,
      ChecksumAlgorithm checksumAlgorithm, Boolean insecureAllowReadingUnretainedObjects,
      Boolean insecureAllowReadingWithoutChecksums, Boolean insecureSkipBucketProtectionCheck,
      Boolean insecureDisableAudit, Integer auditQueueCapacity,
      QueueFullPolicy auditQueueFullPolicy, PostureCheck postureCheck,
      Duration postureCacheFor, Boolean insecureReleaseUnauthenticatedPlaintext) {
    this.insecureReleaseUnauthenticatedPlaintext = Objects.requireNonNull(
        insecureReleaseUnauthenticatedPlaintext, "insecureReleaseUnauthenticatedPlaintext");
    this.insecureDisableAudit = Objects.requireNonNull(insecureDisableAudit,
        "insecureDisableAudit");
    this.auditQueueCapacity = Objects.requireNonNull(auditQueueCapacity, "auditQueueCapacity");
    this.auditQueueFullPolicy = Objects.requireNonNull(auditQueueFullPolicy,
        "auditQueueFullPolicy");
    this.postureCheck = Objects.requireNonNull(postureCheck, "postureCheck");
    this.postureCacheFor = Objects.requireNonNull(postureCacheFor, "postureCacheFor");
    this.retention = Objects.requireNonNull(retention, "retention");
    this.checksumAlgorithm = Objects.requireNonNull(checksumAlgorithm, "checksumAlgorithm");
    this.insecureAllowReadingUnretainedObjects = Objects.requireNonNull(
        insecureAllowReadingUnretainedObjects, "insecureAllowReadingUnretainedObjects");
    this.insecureAllowReadingWithoutChecksums = Objects.requireNonNull(
        insecureAllowReadingWithoutChecksums, "insecureAllowReadingWithoutChecksums");
    this.insecureSkipBucketProtectionCheck = Objects.requireNonNull(
        insecureSkipBucketProtectionCheck, "insecureSkipBucketProtectionCheck");
    this.region = Objects.requireNonNull(region, "region");
    this.endpointOverride = endpointOverride;
    this.forcePathStyle = Objects.requireNonNull(forcePathStyle, "forcePathStyle");
    this.insecureAllowLongTermStaticCredentials =
        Objects.requireNonNull(insecureAllowLongTermStaticCredentials,
            "insecureAllowLongTermStaticCredentials");
    this.customHttpClient = Objects.requireNonNull(customHttpClient, "customHttpClient");
    this.keyMode = Objects.requireNonNull(keyMode, "keyMode");
    this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
    this.keyHashingVersions = List.copyOf(keyHashingVersions);
    this.acceptStoredKeyForm = Objects.requireNonNull(acceptStoredKeyForm, "acceptStoredKeyForm");
    this.phiDetectors = Objects.requireNonNull(phiDetectors, "phiDetectors");
    this.encryption = Objects.requireNonNull(encryption, "encryption");
    this.kmsKeyArn = kmsKeyArn;
    this.insecureAllowReadingUnencryptedObjects = Objects.requireNonNull(
        insecureAllowReadingUnencryptedObjects, "insecureAllowReadingUnencryptedObjects");
    this.insecureAllowUnauthenticatedRangedGets = Objects.requireNonNull(
        insecureAllowUnauthenticatedRangedGets, "insecureAllowUnauthenticatedRangedGets");
    this.insecureAllowUnboundClientSideObjects = Objects.requireNonNull(
        insecureAllowUnboundClientSideObjects, "insecureAllowUnboundClientSideObjects");
    this.insecureAllowPermanentVersionDeletion = Objects.requireNonNull(
        insecureAllowPermanentVersionDeletion, "insecureAllowPermanentVersionDeletion");
    this.insecureAllowBypassGovernanceRetention = Objects.requireNonNull(
        insecureAllowBypassGovernanceRetention, "insecureAllowBypassGovernanceRetention");
  }

  static HipaaPolicy of(Region region, URI endpointOverride, boolean forcePathStyle,
      boolean insecureAllowLongTermStaticCredentials, boolean customHttpClient, KeyMode keyMode,
      String keyPrefix, List<Integer> keyHashingVersions, boolean acceptStoredKeyForm,
      PhiDetectors phiDetectors, EncryptionMode.Kind encryption, String kmsKeyArn,
      boolean insecureAllowReadingUnencryptedObjects,
      boolean insecureAllowUnauthenticatedRangedGets,
      boolean insecureAllowUnboundClientSideObjects,
      boolean insecureAllowPermanentVersionDeletion,
      boolean insecureAllowBypassGovernanceRetention, ObjectRetention retention,
      ChecksumAlgorithm checksumAlgorithm, boolean insecureAllowReadingUnretainedObjects,
      boolean insecureAllowReadingWithoutChecksums, boolean insecureSkipBucketProtectionCheck,
      boolean insecureDisableAudit, int auditQueueCapacity, QueueFullPolicy auditQueueFullPolicy,
      PostureCheck postureCheck, Duration postureCacheFor,
      boolean insecureReleaseUnauthenticatedPlaintext) {
    return new HipaaPolicy(region, endpointOverride, forcePathStyle,
        insecureAllowLongTermStaticCredentials, customHttpClient, keyMode, keyPrefix,
        keyHashingVersions, acceptStoredKeyForm, phiDetectors, encryption, kmsKeyArn,
        insecureAllowReadingUnencryptedObjects, insecureAllowUnauthenticatedRangedGets,
        insecureAllowUnboundClientSideObjects,
        insecureAllowPermanentVersionDeletion, insecureAllowBypassGovernanceRetention,
        retention, checksumAlgorithm, insecureAllowReadingUnretainedObjects,
        insecureAllowReadingWithoutChecksums, insecureSkipBucketProtectionCheck,
        insecureDisableAudit, auditQueueCapacity, auditQueueFullPolicy, postureCheck,
        postureCacheFor, insecureReleaseUnauthenticatedPlaintext);
  }

  /**
   * Whether client-side objects larger than the authentication buffer release plaintext before
   * their AES-GCM tag is checked (insecure).
   *
   * @return whether the opt-in is set
   */
  public boolean insecureReleaseUnauthenticatedPlaintext() {
    return insecureReleaseUnauthenticatedPlaintext;
  }

  /**
   * Whether auditing is turned off (insecure).
   *
   * @return whether the opt-in is set
   */
  public boolean insecureDisableAudit() {
    return insecureDisableAudit;
  }

  /**
   * How many audit events may wait for the writer.
   *
   * @return the capacity
   */
  public int auditQueueCapacity() {
    return auditQueueCapacity;
  }

  /**
   * What a call does when the audit queue is full.
   *
   * @return the policy
   */
  public QueueFullPolicy auditQueueFullPolicy() {
    return auditQueueFullPolicy;
  }

  /**
   * What the client does with a bucket's posture on first use.
   *
   * @return the mode
   */
  public PostureCheck postureCheck() {
    return postureCheck;
  }

  /**
   * How long a posture result is kept.
   *
   * @return the period
   */
  public Duration postureCacheFor() {
    return postureCacheFor;
  }

  /**
   * The Object Lock retention every write carries.
   *
   * @return the retention
   */
  public ObjectRetention retention() {
    return retention;
  }

  /**
   * The checksum algorithm every put and part carries.
   *
   * @return the algorithm
   */
  public ChecksumAlgorithm checksumAlgorithm() {
    return checksumAlgorithm;
  }

  /**
   * Whether objects not locked as the retention requires are read with a warning (insecure).
   *
   * @return whether the opt-in is set
   */
  public boolean insecureAllowReadingUnretainedObjects() {
    return insecureAllowReadingUnretainedObjects;
  }

  /**
   * Whether objects without a full-object checksum are read with a warning (insecure).
   *
   * @return whether the opt-in is set
   */
  public boolean insecureAllowReadingWithoutChecksums() {
    return insecureAllowReadingWithoutChecksums;
  }

  /**
   * Whether the first-use check of a bucket's Object Lock and versioning is skipped (insecure).
   *
   * @return whether the opt-in is set
   */
  public boolean insecureSkipBucketProtectionCheck() {
    return insecureSkipBucketProtectionCheck;
  }

  /**
   * Whether deleting object versions is allowed (insecure).
   *
   * @return whether the opt-in is set
   */
  public boolean insecureAllowPermanentVersionDeletion() {
    return insecureAllowPermanentVersionDeletion;
  }

  /**
   * Whether requests may bypass governance-mode retention (insecure).
   *
   * @return whether the opt-in is set
   */
  public boolean insecureAllowBypassGovernanceRetention() {
    return insecureAllowBypassGovernanceRetention;
  }

  /**
   * The kind of encryption on every write.
   *
   * @return the encryption kind
   */
  public EncryptionMode.Kind encryption() {
    return encryption;
  }

  /**
   * The KMS key ARN of the KMS modes.
   *
   * @return the key ARN, if any
   */
  public Optional<String> kmsKeyArn() {
    return Optional.ofNullable(kmsKeyArn);
  }

  /**
   * Whether objects that fail the read-side encryption check are read anyway (insecure).
   *
   * @return whether the opt-in is set
   */
  public boolean insecureAllowReadingUnencryptedObjects() {
    return insecureAllowReadingUnencryptedObjects;
  }

  /**
   * Whether unauthenticated ranged gets under client-side encryption are allowed (insecure).
   *
   * @return whether the opt-in is set
   */
  public boolean insecureAllowUnauthenticatedRangedGets() {
    return insecureAllowUnauthenticatedRangedGets;
  }

  /**
   * Whether client-side objects not bound to their bucket and stored key are read (insecure).
   *
   * @return whether the opt-in is set
   */
  public boolean insecureAllowUnboundClientSideObjects() {
    return insecureAllowUnboundClientSideObjects;
  }

  /**
   * How keys are turned into stored keys.
   *
   * @return the key mode
   */
  public KeyMode keyMode() {
    return keyMode;
  }

  /**
   * The non-PHI prefix of hashed keys, or empty for none.
   *
   * @return the key prefix
   */
  public String keyPrefix() {
    return keyPrefix;
  }

  /**
   * The versions of the key-hashing secrets, current first (empty in pass-through mode).
   *
   * @return the versions
   */
  public List<Integer> keyHashingVersions() {
    return keyHashingVersions;
  }

  /**
   * Whether an object ID that already has the stored-key form ({@code [prefix/]v<version>/}
   * and 64 letters of the hashed-key alphabet, for a configured version) is used as the stored
   * key instead of being hashed, so that keys from listings can be passed back. Off, every ID
   * is hashed; turn it off when object IDs come from end users, who could otherwise name
   * another patient's stored key. No effect in pass-through mode, where nothing is hashed.
   *
   * @return whether the stored-key form is accepted
   */
  public boolean acceptStoredKeyForm() {
    return acceptStoredKeyForm;
  }

  /**
   * The PHI detectors that screen every name.
   *
   * @return the detectors
   */
  public PhiDetectors phiDetectors() {
    return phiDetectors;
  }

  /**
   * The AWS Region every request is sent to.
   *
   * @return the region
   */
  public Region region() {
    return region;
  }

  /**
   * The HTTPS endpoint override, if any.
   *
   * @return the endpoint override
   */
  public Optional<URI> endpointOverride() {
    return Optional.ofNullable(endpointOverride);
  }

  /**
   * Whether path-style addressing is forced.
   *
   * @return whether path-style addressing is forced
   */
  public boolean forcePathStyle() {
    return forcePathStyle;
  }

  /**
   * Whether long-term static access keys were allowed by the insecure opt-in.
   *
   * @return whether long-term static access keys are allowed
   */
  public boolean insecureAllowLongTermStaticCredentials() {
    return insecureAllowLongTermStaticCredentials;
  }

  /**
   * Whether the caller supplied its own HTTP client or client builder, sync or async (whose TLS
   * settings are then the caller's responsibility, except for trust managers hipaa-s3 applies to
   * a builder; the HTTPS check still runs on every request).
   *
   * @return whether a caller-supplied HTTP client is used
   */
  public boolean customHttpClient() {
    return customHttpClient;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof HipaaPolicy)) {
      return false;
    }
    HipaaPolicy that = (HipaaPolicy) o;
    return region.equals(that.region)
        && Objects.equals(endpointOverride, that.endpointOverride)
        && forcePathStyle.equals(that.forcePathStyle)
        && insecureAllowLongTermStaticCredentials.equals(that.insecureAllowLongTermStaticCredentials)
        && customHttpClient.equals(that.customHttpClient)
        && keyMode == that.keyMode
        && keyPrefix.equals(that.keyPrefix)
        && keyHashingVersions.equals(that.keyHashingVersions)
        && acceptStoredKeyForm.equals(that.acceptStoredKeyForm)
        && phiDetectors.equals(that.phiDetectors)
        && encryption == that.encryption
        && Objects.equals(kmsKeyArn, that.kmsKeyArn)
        && insecureAllowReadingUnencryptedObjects.equals(
            that.insecureAllowReadingUnencryptedObjects)
        && insecureAllowUnauthenticatedRangedGets.equals(
            that.insecureAllowUnauthenticatedRangedGets)
        && insecureAllowUnboundClientSideObjects.equals(
            that.insecureAllowUnboundClientSideObjects)
        && insecureAllowPermanentVersionDeletion.equals(
            that.insecureAllowPermanentVersionDeletion)
        && insecureAllowBypassGovernanceRetention.equals(
            that.insecureAllowBypassGovernanceRetention)
        && retention.equals(that.retention)
        && checksumAlgorithm == that.checksumAlgorithm
        && insecureAllowReadingUnretainedObjects.equals(
            that.insecureAllowReadingUnretainedObjects)
        && insecureAllowReadingWithoutChecksums.equals(that.insecureAllowReadingWithoutChecksums)
        && insecureSkipBucketProtectionCheck.equals(that.insecureSkipBucketProtectionCheck)
        && insecureDisableAudit.equals(that.insecureDisableAudit)
        && auditQueueCapacity.equals(that.auditQueueCapacity)
        && auditQueueFullPolicy == that.auditQueueFullPolicy
        && postureCheck == that.postureCheck
        && postureCacheFor.equals(that.postureCacheFor)
        && insecureReleaseUnauthenticatedPlaintext.equals(
            that.insecureReleaseUnauthenticatedPlaintext);
  }

  @Override
  public int hashCode() {
    return Objects.hash(region, endpointOverride, forcePathStyle,
        insecureAllowLongTermStaticCredentials, customHttpClient, keyMode, keyPrefix,
        keyHashingVersions, acceptStoredKeyForm, phiDetectors, encryption, kmsKeyArn,
        insecureAllowReadingUnencryptedObjects, insecureAllowUnauthenticatedRangedGets,
        insecureAllowUnboundClientSideObjects,
        insecureAllowPermanentVersionDeletion, insecureAllowBypassGovernanceRetention,
        retention, checksumAlgorithm, insecureAllowReadingUnretainedObjects,
        insecureAllowReadingWithoutChecksums, insecureSkipBucketProtectionCheck,
        insecureDisableAudit, auditQueueCapacity, auditQueueFullPolicy, postureCheck,
        postureCacheFor, insecureReleaseUnauthenticatedPlaintext);
  }

  /** Prints settings only; the endpoint is reduced to scheme, host and port. */
  @Override
  public String toString() {
    String endpoint = endpointOverride == null ? "default"
        : endpointOverride.getScheme() + "://" + endpointOverride.getHost()
            + (endpointOverride.getPort() < 0 ? "" : ":" + endpointOverride.getPort());
    return "HipaaPolicy{region=" + region.id()
        + ", endpoint=" + endpoint
        + ", forcePathStyle=" + forcePathStyle
        + ", insecureAllowLongTermStaticCredentials=" + insecureAllowLongTermStaticCredentials
        + ", customHttpClient=" + customHttpClient
        + ", keyMode=" + keyMode
        + ", keyPrefix=" + keyPrefix
        + ", keyHashingVersions=" + keyHashingVersions
        + ", acceptStoredKeyForm=" + acceptStoredKeyForm
        + ", phiDetectors=" + phiDetectors
        + ", encryption=" + encryption
        + (kmsKeyArn == null ? "" : ", kmsKeyArn=" + kmsKeyArn)
        + ", insecureAllowReadingUnencryptedObjects=" + insecureAllowReadingUnencryptedObjects
        + ", insecureAllowUnauthenticatedRangedGets=" + insecureAllowUnauthenticatedRangedGets
        + ", insecureAllowUnboundClientSideObjects=" + insecureAllowUnboundClientSideObjects
        + ", insecureAllowPermanentVersionDeletion=" + insecureAllowPermanentVersionDeletion
        + ", insecureAllowBypassGovernanceRetention=" + insecureAllowBypassGovernanceRetention
        + ", retention=" + retention
        + ", checksumAlgorithm=" + checksumAlgorithm
        + ", insecureAllowReadingUnretainedObjects=" + insecureAllowReadingUnretainedObjects
        + ", insecureAllowReadingWithoutChecksums=" + insecureAllowReadingWithoutChecksums
        + ", insecureSkipBucketProtectionCheck=" + insecureSkipBucketProtectionCheck
        + ", insecureDisableAudit=" + insecureDisableAudit
        + ", auditQueueCapacity=" + auditQueueCapacity
        + ", auditQueueFullPolicy=" + auditQueueFullPolicy
        + ", postureCheck=" + postureCheck
        + ", postureCacheFor=" + postureCacheFor
        + ", insecureReleaseUnauthenticatedPlaintext=" + insecureReleaseUnauthenticatedPlaintext
        + "}";
  }
}
