package io.github.hipaas3.internal;

import io.github.hipaas3.EncryptionMode;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * What the client's policy allows on the wire whatever the request model says, so that a
 * model changed after the model gate (by an interceptor's {@code modifyRequest}) cannot carry
 * an ACL, a bypass, another encryption, a weaker lock or a version delete.
 *
 * @param encryption the server-side encryption header value every write must carry, or
 *     {@code null} when none may be sent (client-side modes, SSE-C)
 * @param kmsKeyArn the KMS key every write must name, or {@code null} when none may be named
 * @param lockModes the Object Lock modes a write may ask for
 * @param allowBypass whether the governance bypass opt-in is set
 * @param allowVersionDelete whether the version deletion opt-in is set
 * @param bucketLockMode the mode of a bucket's default retention rule as the first-use check
 *     read it, or {@code null} when none is known (a client without {@code retention(...)}
 *     takes each bucket's rule, so its writes to a COMPLIANCE bucket may only ask for
 *     COMPLIANCE)
 */
public record WireInvariants(@Nullable String encryption, @Nullable String kmsKeyArn,
    Set<String> lockModes,
    boolean allowBypass, boolean allowVersionDelete,
    Function<String, ObjectLockMode> bucketLockMode) {
  /** No write-side invariants beyond ACLs (for STS and for tests of the transport). */
  public static final WireInvariants NONE = new WireInvariants(null, null, Set.of("COMPLIANCE",
      "GOVERNANCE"), true, true);

  /**
   * Invariants that know no bucket's rule.
   *
   * @param encryption the server-side encryption header value every write must carry
   * @param kmsKeyArn the KMS key every write must name
   * @param lockModes the Object Lock modes a write may ask for
   * @param allowBypass whether the governance bypass opt-in is set
   * @param allowVersionDelete whether the version deletion opt-in is set
   */
  public WireInvariants(@Nullable String encryption, @Nullable String kmsKeyArn,
      Set<String> lockModes,
      boolean allowBypass, boolean allowVersionDelete) {
    this(encryption, kmsKeyArn, lockModes, allowBypass, allowVersionDelete, bucket -> null);
  }

  /**
   * The Object Lock modes a write to the bucket may ask for.
   *
   * @param bucket the bucket, or {@code null}
   * @return the modes
   */
  public Set<String> lockModesFor(@Nullable String bucket) {
    ObjectLockMode rule = bucket == null ? null : bucketLockMode.apply(bucket);
    return rule == ObjectLockMode.COMPLIANCE ? Set.of(ObjectLockMode.COMPLIANCE.toString())
        : lockModes;
  }

  /**
   * The invariants of a client's policy.
   *
   * @param kind the encryption mode
   * @param kmsKeyArn the mode's KMS key, or {@code null}
   * @param retentionMode the client retention's lock mode, or {@code null} when each bucket's
   *     default rule is the retention
   * @param allowBypass whether the governance bypass opt-in is set
   * @param allowVersionDelete whether the version deletion opt-in is set
   * @param bucketLockMode the mode of a bucket's known default rule, or {@code null}
   * @return the invariants
   */
  public static WireInvariants of(EncryptionMode.Kind kind, @Nullable String kmsKeyArn,
      @Nullable ObjectLockMode retentionMode, boolean allowBypass, boolean allowVersionDelete,
      Function<String, ObjectLockMode> bucketLockMode) {
    String sse;
    switch (kind) {
      case SSE_KMS:
        sse = ServerSideEncryption.AWS_KMS.toString();
        break;
      case DSSE_KMS:
        sse = ServerSideEncryption.AWS_KMS_DSSE.toString();
        break;
      case SSE_S3:
        sse = ServerSideEncryption.AES256.toString();
        break;
      default:
        sse = null;
        break;
    }
    Set<String> lockModes = retentionMode == ObjectLockMode.COMPLIANCE
        ? Set.of(ObjectLockMode.COMPLIANCE.toString())
        : Set.of(ObjectLockMode.COMPLIANCE.toString(), ObjectLockMode.GOVERNANCE.toString());
    return new WireInvariants(sse, sse != null && sse.startsWith("aws:kms") ? kmsKeyArn : null,
        lockModes, allowBypass, allowVersionDelete,
        retentionMode == null ? bucketLockMode : bucket -> null);
  }
}
