package io.github.hipaas3.internal;

import io.github.hipaas3.EncryptionMode;
import java.util.Set;
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
 */
public record WireInvariants(String encryption, String kmsKeyArn, Set<String> lockModes,
    boolean allowBypass, boolean allowVersionDelete) {
  /** No write-side invariants beyond ACLs (for STS and for tests of the transport). */
  public static final WireInvariants NONE = new WireInvariants(null, null, Set.of("COMPLIANCE",
      "GOVERNANCE"), true, true);

  /**
   * The invariants of a client's policy.
   *
   * @param kind the encryption mode
   * @param kmsKeyArn the mode's KMS key, or {@code null}
   * @param retentionMode the retention's lock mode
   * @param allowBypass whether the governance bypass opt-in is set
   * @param allowVersionDelete whether the version deletion opt-in is set
   * @return the invariants
   */
  public static WireInvariants of(EncryptionMode.Kind kind, String kmsKeyArn,
      ObjectLockMode retentionMode, boolean allowBypass, boolean allowVersionDelete) {
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
        lockModes, allowBypass, allowVersionDelete);
  }
}
