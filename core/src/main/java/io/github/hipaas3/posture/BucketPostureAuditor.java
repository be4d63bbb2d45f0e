package io.github.hipaas3.posture;

import io.github.hipaas3.EncryptionMode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.DefaultRetention;
import software.amazon.awssdk.services.s3.model.EncryptionType;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.LoggingEnabled;
import software.amazon.awssdk.services.s3.model.ObjectLockConfiguration;
import software.amazon.awssdk.services.s3.model.ObjectLockEnabled;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;
import software.amazon.awssdk.services.s3.model.ObjectOwnership;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;
import software.amazon.awssdk.services.s3.model.ReplicationConfiguration;
import software.amazon.awssdk.services.s3.model.ReplicationRule;
import software.amazon.awssdk.services.s3.model.ReplicationRuleStatus;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionByDefault;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionRule;

/**
 * Checks a bucket against the seed checklist: one {@link Finding} per {@link Control}, each
 * PASS, FAIL (with what to change), UNKNOWN (with why, for example access denied) or
 * NOT_REQUIRED. Reads only: give it any {@link S3Client} whose role may read bucket settings
 * (a {@code HipaaS3Client} works too; its gate allows these reads). Bucket policies are parsed
 * as JSON and their deny statements evaluated, not matched as text.
 */
public final class BucketPostureAuditor {
  private final S3Client s3;
  private final PostureRequirements requirements;

  /**
   * Creates the auditor.
   *
   * @param s3 the client that reads the bucket's settings
   * @param requirements what the bucket must have
   */
  public BucketPostureAuditor(S3Client s3, PostureRequirements requirements) {
    this.s3 = Objects.requireNonNull(s3, "s3");
    this.requirements = Objects.requireNonNull(requirements, "requirements");
  }

  /** A setting read from S3: its value, or why it could not be read, or that it is absent. */
  private static final class Read<T> {
    final @Nullable T value;
    final @Nullable String unknown;
    final boolean absent;

    private Read(@Nullable T value, @Nullable String unknown, boolean absent) {
      this.value = value;
      this.unknown = unknown;
      this.absent = absent;
    }

    /** The value, asked for once the read is known to be neither unknown nor absent. */
    T present() {
      return Objects.requireNonNull(value, "a read that is neither unknown nor absent");
    }
  }

  /** Reads a setting; "not found" error codes mean the setting is absent. */
  private static <T> Read<T> read(Function<Void, T> call, Set<String> notFound) {
    try {
      return new Read<>(call.apply(null), null, false);
    } catch (S3Exception e) {
      String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
      if (code != null && notFound.contains(code)) {
        return new Read<>(null, null, true);
      }
      if (e.statusCode() == 403) {
        return new Read<>(null, "access denied (" + code + "): grant the auditor's role the"
            + " read permission for this setting", false);
      }
      return new Read<>(null, "S3 answered " + e.statusCode() + " " + code, false);
    } catch (SdkClientException e) {
      return new Read<>(null, "could not read the setting: " + e.getClass().getSimpleName(),
          false);
    } catch (RuntimeException e) {
      return new Read<>(null, "unexpected answer from S3 (" + e.getClass().getSimpleName()
          + ")", false);
    }
  }

  /**
   * Audits a bucket.
   *
   * @param bucket the bucket name
   * @return the report
   */
  public PostureReport audit(String bucket) {
    Objects.requireNonNull(bucket, "bucket");
    List<Finding> findings = new ArrayList<>();
    findings.add(ownership(bucket));
    findings.add(publicAccessBlock(bucket));
    Read<PolicyDocument> policy = policy(bucket);
    findings.add(tlsOnly(bucket, policy));
    findings.add(tlsMinimum(bucket, policy));
    findings.add(encryptedPuts(bucket, policy));
    Read<ServerSideEncryptionRule> encryption = read(v -> {
      List<ServerSideEncryptionRule> rules = s3.getBucketEncryption(b -> b.bucket(bucket))
          .serverSideEncryptionConfiguration().rules();
      return rules.isEmpty() ? null : rules.get(0);
    }, Set.of("ServerSideEncryptionConfigurationNotFoundError"));
    findings.add(defaultEncryption(encryption));
    findings.add(sseC(encryption));
    findings.add(versioning(bucket));
    findings.add(objectLock(bucket));
    findings.add(logging(bucket));
    findings.add(replication(bucket));
    findings.add(lifecycle(bucket));
    findings.add(vpcEndpoint(bucket, policy));
    return new PostureReport(bucket, findings);
  }

  private Finding ownership(String bucket) {
    Control c = Control.ACLS_DISABLED;
    Read<ObjectOwnership> r = read(v -> {
      var rules = s3.getBucketOwnershipControls(b -> b.bucket(bucket)).ownershipControls()
          .rules();
      return rules.isEmpty() ? null : rules.get(0).objectOwnership();
    }, Set.of("OwnershipControlsNotFoundError"));
    if (r.unknown != null) {
      return Finding.unknown(c, r.unknown);
    }
    if (r.value == ObjectOwnership.BUCKET_OWNER_ENFORCED) {
      return Finding.pass(c, "Object Ownership is BucketOwnerEnforced: ACLs are disabled");
    }
    return Finding.fail(c, (r.absent || r.value == null ? "no ownership controls"
        : "Object Ownership is " + r.value) + ": ACLs still apply. Set Object Ownership to"
        + " BucketOwnerEnforced.");
  }

  private Finding publicAccessBlock(String bucket) {
    Control c = Control.PUBLIC_ACCESS_BLOCKED;
    Read<PublicAccessBlockConfiguration> r = read(v -> s3.getPublicAccessBlock(
        b -> b.bucket(bucket)).publicAccessBlockConfiguration(),
        Set.of("NoSuchPublicAccessBlockConfiguration"));
    if (r.unknown != null) {
      return Finding.unknown(c, r.unknown);
    }
    if (r.absent) {
      return Finding.fail(c, "no Block Public Access configuration: turn on all four"
          + " settings.");
    }
    List<String> off = new ArrayList<>();
    PublicAccessBlockConfiguration p = r.present();
    if (!Boolean.TRUE.equals(p.blockPublicAcls())) {
      off.add("BlockPublicAcls");
    }
    if (!Boolean.TRUE.equals(p.ignorePublicAcls())) {
      off.add("IgnorePublicAcls");
    }
    if (!Boolean.TRUE.equals(p.blockPublicPolicy())) {
      off.add("BlockPublicPolicy");
    }
    if (!Boolean.TRUE.equals(p.restrictPublicBuckets())) {
      off.add("RestrictPublicBuckets");
    }
    return off.isEmpty() ? Finding.pass(c, "all four Block Public Access settings are on")
        : Finding.fail(c, String.join(", ", off) + " off: turn on all four settings.");
  }

  private Read<PolicyDocument> policy(String bucket) {
    Read<String> text = read(v -> s3.getBucketPolicy(b -> b.bucket(bucket)).policy(),
        Set.of("NoSuchBucketPolicy"));
    if (text.unknown != null || text.absent) {
      return new Read<>(null, text.unknown, text.absent);
    }
    try {
      return new Read<>(PolicyDocument.parse(text.present()), null, false);
    } catch (IllegalArgumentException e) {
      return new Read<>(null, "the bucket policy cannot be parsed: " + e.getMessage(), false);
    }
  }

  private static List<String> everything(String bucket) {
    return List.of("arn:aws:s3:::" + bucket, "arn:aws:s3:::" + bucket + "/object");
  }

  private static final List<String> ALL_ACTIONS =
      List.of("s3:GetObject", "s3:PutObject", "s3:ListBucket", "s3:DeleteObject");

  private Finding policyFinding(Control c, Read<PolicyDocument> policy, String fix,
      java.util.function.Predicate<PolicyDocument> holds, String passDetail) {
    if (policy.unknown != null) {
      return Finding.unknown(c, policy.unknown);
    }
    if (policy.absent) {
      return Finding.fail(c, "no bucket policy. " + fix);
    }
    return holds.test(policy.present()) ? Finding.pass(c, passDetail)
        : Finding.fail(c, "the bucket policy has no such statement. " + fix);
  }

  private Finding tlsOnly(String bucket, Read<PolicyDocument> policy) {
    return policyFinding(Control.TLS_ONLY, policy, "Add a statement that denies s3:* on the"
        + " bucket and its objects to everyone when aws:SecureTransport is false"
        + " (BucketPolicyGenerator writes it).",
        p -> p.denyConditions(ALL_ACTIONS, everything(bucket)).stream().anyMatch(k ->
            k.operator.equals("Bool") && k.key.equals("aws:securetransport")
                && k.values.contains("false")),
        "requests without TLS are denied");
  }

  private Finding tlsMinimum(String bucket, Read<PolicyDocument> policy) {
    return policyFinding(Control.TLS_1_2_MINIMUM, policy, "Add a statement that denies s3:*"
        + " on the bucket and its objects to everyone when s3:TlsVersion is less than 1.2.",
        p -> p.denyConditions(ALL_ACTIONS, everything(bucket)).stream().anyMatch(k ->
            k.operator.equals("NumericLessThan") && k.key.equals("s3:tlsversion")
                && k.values.size() == 1 && atLeast12(k.values.get(0))),
        "TLS versions below 1.2 are denied");
  }

  private static boolean atLeast12(String version) {
    try {
      return new BigDecimal(version).compareTo(new BigDecimal("1.2")) >= 0;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private Finding encryptedPuts(String bucket, Read<PolicyDocument> policy) {
    EncryptionMode.Kind kind = requirements.encryption();
    List<String> put = List.of("s3:PutObject");
    List<String> objects = List.of("arn:aws:s3:::" + bucket + "/object");
    java.util.function.Predicate<PolicyDocument> holds;
    String fix;
    switch (kind) {
      case SSE_KMS:
      case DSSE_KMS: {
        String algorithm = kind == EncryptionMode.Kind.SSE_KMS ? "aws:kms" : "aws:kms:dsse";
        fix = "Deny s3:PutObject when s3:x-amz-server-side-encryption is not " + algorithm
            + requirements.kmsKeyArn().map(a -> ", and when"
                + " s3:x-amz-server-side-encryption-aws-kms-key-id is not the key").orElse("")
            + " (StringNotEquals; BucketPolicyGenerator writes it).";
        holds = p -> {
          List<PolicyDocument.Condition> denies = p.denyConditions(put, objects);
          boolean algorithmRequired = denies.stream().anyMatch(k ->
              k.operator.equals("StringNotEquals")
                  && k.key.equals("s3:x-amz-server-side-encryption")
                  && List.of(algorithm).equals(k.values));
          boolean keyRequired = requirements.kmsKeyArn().map(arn -> denies.stream()
              .anyMatch(k -> k.operator.equals("StringNotEquals")
                  && k.key.equals("s3:x-amz-server-side-encryption-aws-kms-key-id")
                  && List.of(arn).equals(k.values))).orElse(true);
          return algorithmRequired && keyRequired;
        };
        break;
      }
      case SSE_C:
        fix = "Deny s3:PutObject when s3:x-amz-server-side-encryption-customer-algorithm is"
            + " missing (Null: true).";
        holds = p -> p.denyConditions(put, objects).stream().anyMatch(k ->
            k.operator.equals("Null")
                && k.key.equals("s3:x-amz-server-side-encryption-customer-algorithm")
                && k.values.equals(List.of("true")));
        break;
      case SSE_S3:
        fix = "Deny s3:PutObject when s3:x-amz-server-side-encryption is not AES256.";
        holds = p -> p.denyConditions(put, objects).stream().anyMatch(k ->
            k.operator.equals("StringNotEquals")
                && k.key.equals("s3:x-amz-server-side-encryption")
                && k.values.equals(List.of("AES256")));
        break;
      default:
        fix = "Deny s3:PutObject when s3:x-amz-server-side-encryption is present and not a"
            + " KMS algorithm (StringNotEqualsIfExists: aws:kms, aws:kms:dsse).";
        holds = p -> p.denyConditions(put, objects).stream().anyMatch(k ->
            (k.operator.equals("StringNotEqualsIfExists")
                || k.operator.equals("StringNotEquals"))
                && k.key.equals("s3:x-amz-server-side-encryption")
                && Set.of("aws:kms", "aws:kms:dsse").containsAll(k.values)
                && !k.values.isEmpty());
        break;
    }
    return policyFinding(Control.ENCRYPTED_PUTS_REQUIRED, policy, fix, holds,
        "puts not encrypted as " + kind + " requires are denied");
  }

  private Finding defaultEncryption(Read<ServerSideEncryptionRule> r) {
    Control c = Control.DEFAULT_ENCRYPTION_KMS;
    if (r.unknown != null) {
      return Finding.unknown(c, r.unknown);
    }
    ServerSideEncryptionByDefault d = r.value == null ? null
        : r.value.applyServerSideEncryptionByDefault();
    if (r.absent || d == null) {
      return Finding.fail(c, "no default encryption rule: set SSE-KMS with an S3 Bucket Key.");
    }
    ServerSideEncryption algorithm = d.sseAlgorithm();
    if (algorithm != ServerSideEncryption.AWS_KMS
        && algorithm != ServerSideEncryption.AWS_KMS_DSSE) {
      return Finding.fail(c, "default encryption is " + d.sseAlgorithmAsString()
          + ": use SSE-KMS (with a Bucket Key) or DSSE-KMS.");
    }
    if (requirements.kmsKeyArn().isPresent()
        && !requirements.kmsKeyArn().get().equals(d.kmsMasterKeyID())) {
      return Finding.fail(c, "default encryption uses another KMS key than the client's:"
          + " set KMSMasterKeyID to the client's key ARN.");
    }
    // S3 Bucket Keys do not apply to DSSE-KMS.
    if (algorithm == ServerSideEncryption.AWS_KMS
        && !Boolean.TRUE.equals(r.present().bucketKeyEnabled())) {
      return Finding.fail(c, "SSE-KMS without an S3 Bucket Key: turn BucketKeyEnabled on"
          + " (it cuts KMS requests and their cost).");
    }
    return Finding.pass(c, "default encryption is " + d.sseAlgorithmAsString()
        + (algorithm == ServerSideEncryption.AWS_KMS ? " with a Bucket Key" : ""));
  }

  private Finding sseC(Read<ServerSideEncryptionRule> r) {
    Control c = Control.SSE_C_BLOCKED;
    if (r.unknown != null) {
      return Finding.unknown(c, r.unknown);
    }
    boolean blocked = r.value != null && r.value.blockedEncryptionTypes() != null
        && r.value.blockedEncryptionTypes().encryptionType().contains(EncryptionType.SSE_C);
    if (blocked) {
      return Finding.pass(c, "BlockedEncryptionTypes lists SSE-C");
    }
    if (requirements.sseCAllowed()) {
      return Finding.pass(c, "SSE-C is allowed, as the requirements say (the client uses it)");
    }
    return Finding.fail(c, "SSE-C is not blocked: add SSE-C to the default encryption rule's"
        + " BlockedEncryptionTypes, or allow it deliberately (sseCAllowed).");
  }

  private Finding versioning(String bucket) {
    Control c = Control.VERSIONING;
    Read<BucketVersioningStatus> r = read(v -> s3.getBucketVersioning(b -> b.bucket(bucket))
        .status(), Set.of());
    if (r.unknown != null) {
      return Finding.unknown(c, r.unknown);
    }
    return r.value == BucketVersioningStatus.ENABLED ? Finding.pass(c, "versioning is enabled")
        : Finding.fail(c, "versioning is " + (r.value == null ? "off" : r.value)
            + ": enable it.");
  }

  private Finding objectLock(String bucket) {
    Control c = Control.OBJECT_LOCK;
    Read<ObjectLockConfiguration> r = read(v -> s3.getObjectLockConfiguration(
        b -> b.bucket(bucket)).objectLockConfiguration(),
        Set.of("ObjectLockConfigurationNotFoundError", "InvalidRequest"));
    if (r.unknown != null) {
      return Finding.unknown(c, r.unknown);
    }
    if (r.absent || r.value == null || r.value.objectLockEnabled() != ObjectLockEnabled.ENABLED) {
      return Finding.fail(c, "Object Lock is not enabled: enable it (at creation, or with"
          + " PutObjectLockConfiguration on a versioned bucket).");
    }
    DefaultRetention d = r.value.rule() == null ? null : r.value.rule().defaultRetention();
    if (d == null || d.mode() == null) {
      return Finding.fail(c, "Object Lock has no default retention: set "
          + (requirements.anyDefaultRetention() ? "a mode and a period your records must be"
              + " kept for" : requirements.retention().mode() + " for at least "
              + requirements.retention().minimumPeriod()) + ".");
    }
    if (requirements.anyDefaultRetention() && (d.days() != null || d.years() != null)) {
      return Finding.pass(c, "Object Lock is enabled, default retention " + d.modeAsString()
          + " for " + (d.years() != null ? d.years() + " years" : d.days() + " days")
          + " (the client takes the bucket's rule)");
    }
    boolean modeOk = d.mode() == ObjectLockRetentionMode.COMPLIANCE
        || d.modeAsString().equals(requirements.retention().mode().toString());
    Instant now = Instant.now();
    Instant until = d.years() != null
        ? now.atOffset(ZoneOffset.UTC).plusYears(d.years()).toInstant()
        : now.plus(d.days() == null ? 0 : d.days(), ChronoUnit.DAYS);
    boolean longEnough = !until.isBefore(requirements.retention().minimumRetainUntil(now)
        .minus(1, ChronoUnit.DAYS));
    if (!modeOk || !longEnough) {
      return Finding.fail(c, "default retention is " + d.modeAsString() + " for "
          + (d.years() != null ? d.years() + " years" : d.days() + " days") + ": set "
          + requirements.retention().mode() + " for at least "
          + requirements.retention().minimumPeriod() + ".");
    }
    return Finding.pass(c, "Object Lock is enabled, default retention " + d.modeAsString()
        + " for " + (d.years() != null ? d.years() + " years" : d.days() + " days"));
  }

  private Finding logging(String bucket) {
    Control c = Control.ACCESS_LOGGING;
    Read<LoggingEnabled> r = read(v -> s3.getBucketLogging(b -> b.bucket(bucket))
        .loggingEnabled(), Set.of());
    if (r.unknown != null) {
      return Finding.unknown(c, r.unknown);
    }
    if (r.value == null || r.value.targetBucket() == null) {
      return Finding.fail(c, "server access logging is off: log to a separate bucket.");
    }
    if (r.value.targetBucket().equals(bucket)) {
      return Finding.fail(c, "server access logs go to the bucket itself: log to a separate"
          + " bucket.");
    }
    return Finding.pass(c, "server access logs go to " + r.value.targetBucket());
  }

  private Finding replication(String bucket) {
    Control c = Control.CROSS_REGION_REPLICATION;
    Read<ReplicationConfiguration> r = read(v -> s3.getBucketReplication(b -> b.bucket(bucket))
        .replicationConfiguration(), Set.of("ReplicationConfigurationNotFoundError"));
    if (r.unknown != null) {
      return Finding.unknown(c, r.unknown);
    }
    if (r.absent || r.value == null || !r.value.hasRules()) {
      return Finding.fail(c, "no replication: replicate to a bucket in another Region.");
    }
    String here = region(bucket);
    for (ReplicationRule rule : r.value.rules()) {
      if (rule.status() != ReplicationRuleStatus.ENABLED || rule.destination() == null) {
        continue;
      }
      String arn = rule.destination().bucket();
      String destination = arn == null ? null : arn.substring(arn.lastIndexOf(':') + 1);
      if (destination == null) {
        continue;
      }
      String there = region(destination);
      if (here == null || there == null) {
        return Finding.unknown(c, "the Region of " + (here == null ? "this bucket"
            : "the destination bucket") + " cannot be read (GetBucketLocation)");
      }
      if (!here.equals(there)) {
        return Finding.pass(c, "replicated to " + destination + " in " + there);
      }
    }
    return Finding.fail(c, "no enabled replication rule goes to another Region: add one.");
  }

  /** The bucket's Region, or null when it cannot be read. */
  private @Nullable String region(String bucket) {
    Read<String> r = read(v -> {
      BucketLocationConstraint lc = s3.getBucketLocation(b -> b.bucket(bucket))
          .locationConstraint();
      String name = lc == null ? null : lc.toString();
      return name == null || name.isEmpty() || "null".equals(name) ? "us-east-1"
          : "EU".equals(name) ? "eu-west-1" : name.toLowerCase(Locale.ROOT);
    }, Set.of());
    return r.value;
  }

  private Finding lifecycle(String bucket) {
    Control c = Control.NONCURRENT_VERSION_LIFECYCLE;
    Read<List<LifecycleRule>> r = read(v -> s3.getBucketLifecycleConfiguration(
        b -> b.bucket(bucket)).rules(), Set.of("NoSuchLifecycleConfiguration"));
    if (r.unknown != null) {
      return Finding.unknown(c, r.unknown);
    }
    if (r.value != null) {
      for (LifecycleRule rule : r.value) {
        if (rule.status() == ExpirationStatus.ENABLED
            && rule.noncurrentVersionExpiration() != null
            && rule.noncurrentVersionExpiration().noncurrentDays() != null) {
          return Finding.pass(c, "noncurrent versions expire after "
              + rule.noncurrentVersionExpiration().noncurrentDays() + " days");
        }
      }
    }
    return Finding.fail(c, "no enabled lifecycle rule expires noncurrent versions: add one"
        + " (after the retention period), or they are kept, and billed, forever.");
  }

  private Finding vpcEndpoint(String bucket, Read<PolicyDocument> policy) {
    Control c = Control.VPC_ENDPOINT_ONLY;
    List<String> ids = requirements.vpcEndpointIds();
    if (ids.isEmpty()) {
      return new Finding(c, FindingStatus.NOT_REQUIRED, "no VPC endpoint is required");
    }
    return policyFinding(c, policy, "Deny s3:* to everyone when aws:SourceVpce is not one of "
        + ids + " (StringNotEquals).",
        p -> p.denyConditions(ALL_ACTIONS, everything(bucket)).stream().anyMatch(k ->
            k.operator.equals("StringNotEquals") && k.key.equals("aws:sourcevpce")
                && !k.values.isEmpty() && ids.containsAll(k.values)),
        "requests from outside " + ids + " are denied");
  }
}
