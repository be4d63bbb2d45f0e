package io.github.hipaas3.posture;

import io.github.hipaas3.EncryptionMode;
import io.github.hipaas3.HipaaS3ConfigurationException;
import java.time.Period;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.EncryptionType;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.ObjectLockEnabled;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;
import software.amazon.awssdk.services.s3.model.ObjectOwnership;
import software.amazon.awssdk.services.s3.model.ReplicationRuleStatus;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * Creates (or brings into line) a bucket that passes every {@link Control}: Object Lock at
 * creation (which turns versioning on), BucketOwnerEnforced ownership, all of Block Public
 * Access, KMS default encryption with a Bucket Key and SSE-C blocked, default retention, the
 * {@link BucketPolicyGenerator} policy, server access logging to a given log bucket, a
 * lifecycle rule for noncurrent versions, and optionally replication with a given role and
 * destination. It audits first and changes only the controls that fail, so it is idempotent
 * on an existing compliant bucket.
 *
 * <p>Bucket configuration writes are refused by {@code HipaaS3Client} (a data-plane client must
 * not change posture), so the provisioner takes a plain {@link S3Client} for an administrative
 * role. Its endpoint must be HTTPS.
 */
public final class BucketProvisioner {
  private final S3Client s3;
  private final PostureRequirements requirements;
  private final @Nullable String kmsKeyArn;
  private final @Nullable String logBucket;
  private final String logPrefix;
  private final @Nullable String replicationRoleArn;
  private final @Nullable String replicationDestinationArn;

  private BucketProvisioner(Builder b) {
    this.s3 = Objects.requireNonNull(b.s3, "s3");
    this.requirements = Objects.requireNonNull(b.requirements, "requirements");
    this.logBucket = b.logBucket;
    this.logPrefix = b.logPrefix;
    this.replicationRoleArn = b.replicationRoleArn;
    this.replicationDestinationArn = b.replicationDestinationArn;
    this.kmsKeyArn = requirements.kmsKeyArn().orElse(b.kmsKeyArn);
    if (kmsKeyArn == null) {
      throw new HipaaS3ConfigurationException("BucketProvisioner needs the KMS key for default"
          + " encryption: set it in the requirements (kmsKeyArn) or with kmsKeyArn(...).");
    }
    if (logBucket == null) {
      throw new HipaaS3ConfigurationException("BucketProvisioner needs a log bucket for server"
          + " access logs (logBucket(...)); it must be another bucket.");
    }
    s3.serviceClientConfiguration().endpointOverride().ifPresent(uri -> {
      if (!"https".equalsIgnoreCase(uri.getScheme())) {
        throw new HipaaS3ConfigurationException("The S3 client's endpoint is not HTTPS. Build"
            + " it with an https:// endpoint.");
      }
    });
  }

  /**
   * A builder.
   *
   * @param s3 a plain S3 client for a role that may create and configure buckets
   * @param requirements what the bucket must pass
   * @return the builder
   */
  public static Builder builder(S3Client s3, PostureRequirements requirements) {
    return new Builder(s3, requirements);
  }

  /**
   * Creates the bucket if it does not exist, then fixes every control the audit fails.
   *
   * @param bucket the bucket name
   * @return the audit of the bucket after provisioning
   */
  public PostureReport provision(String bucket) {
    if (!exists(bucket)) {
      s3.createBucket(b -> b.bucket(bucket).objectLockEnabledForBucket(true)
          .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED));
    }
    BucketPostureAuditor auditor = new BucketPostureAuditor(s3, requirements);
    PostureReport before = auditor.audit(bucket);
    for (Finding f : before.findings()) {
      if (f.status() == FindingStatus.FAIL) {
        fix(bucket, f.control());
      }
    }
    return auditor.audit(bucket);
  }

  private boolean exists(String bucket) {
    try {
      s3.headBucket(b -> b.bucket(bucket));
      return true;
    } catch (NoSuchBucketException e) {
      return false;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      throw e;
    }
  }

  // unchecked: the SDK's Consumer<Builder>... varargs, one lambda each. JavaPeriodGetDays:
  // getDays adds the days part; the years and months are counted by toTotalMonths.
  @SuppressWarnings({"unchecked", "JavaPeriodGetDays"})
  private void fix(String bucket, Control control) {
    switch (control) {
      case ACLS_DISABLED:
        s3.putBucketOwnershipControls(b -> b.bucket(bucket).ownershipControls(o -> o.rules(
            r -> r.objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED))));
        break;
      case PUBLIC_ACCESS_BLOCKED:
        s3.putPublicAccessBlock(b -> b.bucket(bucket).publicAccessBlockConfiguration(p -> p
            .blockPublicAcls(true).ignorePublicAcls(true).blockPublicPolicy(true)
            .restrictPublicBuckets(true)));
        break;
      case TLS_ONLY:
      case TLS_1_2_MINIMUM:
      case ENCRYPTED_PUTS_REQUIRED:
      case VPC_ENDPOINT_ONLY:
        // One generated policy covers all four; putting it twice is harmless.
        s3.putBucketPolicy(b -> b.bucket(bucket)
            .policy(BucketPolicyGenerator.policy(bucket, requirements)));
        break;
      case DEFAULT_ENCRYPTION_KMS:
      case SSE_C_BLOCKED:
        boolean dsse = requirements.encryption() == EncryptionMode.Kind.DSSE_KMS;
        s3.putBucketEncryption(b -> b.bucket(bucket).serverSideEncryptionConfiguration(c -> c
            .rules(r -> {
              r.applyServerSideEncryptionByDefault(d -> d.sseAlgorithm(dsse
                  ? ServerSideEncryption.AWS_KMS_DSSE : ServerSideEncryption.AWS_KMS)
                  .kmsMasterKeyID(kmsKeyArn));
              if (!dsse) {
                r.bucketKeyEnabled(true);
              }
              if (!requirements.sseCAllowed()) {
                r.blockedEncryptionTypes(t -> t.encryptionType(EncryptionType.SSE_C));
              }
            })));
        break;
      case VERSIONING:
        s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(v -> v
            .status(BucketVersioningStatus.ENABLED)));
        break;
      case OBJECT_LOCK:
        Period period = requirements.retention().minimumPeriod();
        s3.putObjectLockConfiguration(b -> b.bucket(bucket).objectLockConfiguration(c -> c
            .objectLockEnabled(ObjectLockEnabled.ENABLED).rule(r -> r.defaultRetention(d -> {
              d.mode(ObjectLockRetentionMode.fromValue(
                  requirements.retention().mode().toString()));
              if (period.getMonths() == 0 && period.getDays() == 0) {
                d.years(period.getYears());
              } else {
                d.days((int) Math.ceil(period.toTotalMonths() * 30.44) + period.getDays());
              }
            }))));
        break;
      case ACCESS_LOGGING:
        s3.putBucketLogging(b -> b.bucket(bucket).bucketLoggingStatus(l -> l.loggingEnabled(
            e -> e.targetBucket(logBucket).targetPrefix(logPrefix))));
        break;
      case CROSS_REGION_REPLICATION:
        if (replicationRoleArn != null) {
          s3.putBucketReplication(b -> b.bucket(bucket).replicationConfiguration(c -> c
              .role(replicationRoleArn).rules(r -> r.id("replicate-all").priority(1)
                  .status(ReplicationRuleStatus.ENABLED).filter(f -> f.prefix(""))
                  .deleteMarkerReplication(d -> d.status("Disabled"))
                  .destination(d -> d.bucket(replicationDestinationArn)))));
        }
        break;
      case NONCURRENT_VERSION_LIFECYCLE:
        int days = (int) Math.ceil(requirements.retention().minimumPeriod().toTotalMonths()
            * 30.44) + requirements.retention().minimumPeriod().getDays();
        s3.putBucketLifecycleConfiguration(b -> b.bucket(bucket).lifecycleConfiguration(l -> l
            .rules(r -> r.id("expire-noncurrent-after-retention")
                .status(ExpirationStatus.ENABLED).filter(f -> f.prefix(""))
                .noncurrentVersionExpiration(n -> n.noncurrentDays(days))
                .abortIncompleteMultipartUpload(a -> a.daysAfterInitiation(7)))));
        break;
      default:
        throw new IllegalStateException("no fix for " + control);
    }
  }

  /** Builds a {@link BucketProvisioner}. */
  public static final class Builder {
    private final S3Client s3;
    private final PostureRequirements requirements;
    private @Nullable String kmsKeyArn;
    private @Nullable String logBucket;
    private String logPrefix = "";
    private @Nullable String replicationRoleArn;
    private @Nullable String replicationDestinationArn;

    private Builder(S3Client s3, PostureRequirements requirements) {
      this.s3 = s3;
      this.requirements = requirements;
    }

    /**
     * The KMS key for default encryption, when the requirements do not fix one (client-side
     * modes).
     *
     * @param arn the key ARN
     * @return this builder
     */
    public Builder kmsKeyArn(String arn) {
      this.kmsKeyArn = arn;
      return this;
    }

    /**
     * The bucket that receives server access logs, and the key prefix for them. The log
     * bucket needs {@link BucketPolicyGenerator#logDeliveryPolicy} (ACLs are disabled).
     *
     * @param bucket the log bucket
     * @param prefix the prefix
     * @return this builder
     */
    public Builder logBucket(String bucket, String prefix) {
      this.logBucket = Objects.requireNonNull(bucket, "bucket");
      this.logPrefix = Objects.requireNonNull(prefix, "prefix");
      return this;
    }

    /**
     * Replicates every object to a bucket in another Region, with the given IAM role. The
     * destination needs versioning (and should have the same posture).
     *
     * @param roleArn the replication role
     * @param destinationBucketArn the destination bucket ARN
     * @return this builder
     */
    public Builder replication(String roleArn, String destinationBucketArn) {
      this.replicationRoleArn = Objects.requireNonNull(roleArn, "roleArn");
      this.replicationDestinationArn = Objects.requireNonNull(destinationBucketArn,
          "destinationBucketArn");
      return this;
    }

    /**
     * Builds the provisioner.
     *
     * @return the provisioner
     */
    public BucketProvisioner build() {
      return new BucketProvisioner(this);
    }
  }

  @Override
  public String toString() {
    return "BucketProvisioner{" + requirements.encryption() + ", logs to " + logBucket
        + (replicationDestinationArn == null ? "" : ", replicates to "
            + replicationDestinationArn) + "}";
  }
}
