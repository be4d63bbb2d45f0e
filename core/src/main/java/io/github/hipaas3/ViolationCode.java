package io.github.hipaas3;

/**
 * Why hipaa-s3 refused a call or a configuration. Each code is stable and appears in the
 * exception message as {@code [HIPAA-S3-<CODE>]} so that it can be searched for in logs.
 */
public enum ViolationCode {
  /** The S3 operation is not on the reviewed allowlist of the policy gate. */
  OPERATION_REFUSED,
  /** An ACL operation, or ACL fields (canned ACL, grants) on a write. ACLs stay disabled. */
  ACL_REFUSED,
  /** An {@code http://} endpoint, or an outgoing request that is not HTTPS. */
  INSECURE_TRANSPORT,
  /** Long-term static access keys (an access key without a session token). */
  LONG_TERM_STATIC_CREDENTIALS,
  /** Anonymous (unsigned) requests. */
  ANONYMOUS_CREDENTIALS,
  /** A per-request override that could bypass the client's policy (plugins, endpoint, signer). */
  REQUEST_OVERRIDE_REFUSED,
  /**
   * A name sent to S3 in the clear (bucket name, key prefix, pass-through key, metadata, tag,
   * header) matched a PHI detector. The message names the field and the detector, never the value.
   */
  PHI_DETECTED,
  /** An object ID or key that cannot be mapped safely (empty, malformed Unicode, too long). */
  INVALID_NAME,
  /** A caller-supplied encryption setting conflicts with the client's encryption mode. */
  ENCRYPTION_CONFLICT,
  /** A write response did not show the encryption that was asked for (algorithm, key, MD5). */
  ENCRYPTION_NOT_CONFIRMED,
  /** An object read is not encrypted by the client's encryption mode. */
  OBJECT_NOT_ENCRYPTED,
  /** A ranged get under client-side encryption, which would return unauthenticated plaintext. */
  UNAUTHENTICATED_RANGE,
  /** The bucket blocks SSE-C ({@code BlockedEncryptionTypes}), so SSE-C writes are refused. */
  SSE_C_BLOCKED,
  /** Client-side decryption failed: tampered ciphertext, wrong key, or no key commitment. */
  DECRYPTION_FAILED,
  /** A delete of an object version, which would destroy the record for good. */
  VERSION_DELETE_REFUSED,
  /** A request that would weaken retention, such as bypassing governance-mode Object Lock. */
  RETENTION_REFUSED,
  /**
   * A get or head of an object that S3 does not show locked as the client's retention requires
   * (no lock mode and retain-until date, a weaker mode, a shorter period, and no legal hold).
   */
  RETENTION_NOT_CONFIRMED,
  /** The bucket does not have Object Lock and versioning enabled, or they cannot be read. */
  BUCKET_NOT_PROTECTED,
  /** A get whose response carries no full-object checksum, so its data cannot be verified. */
  CHECKSUM_MISSING,
  /** The call could not be audited (audit queue full under FAIL, or the audit sink failed). */
  AUDIT_UNAVAILABLE,
  /**
   * A field that has a fixed format (a version or upload ID, continuation token, entity tag,
   * account ID, checksum, key material, byte range or enum value) has a value without it.
   */
  INVALID_VALUE,
  /**
   * The HTTP request about to leave the process (after signing and every interceptor) carried
   * something the operation's allowlist does not: an unknown header or query parameter, a value
   * that differs from the checked request, a repeated header, another host, or no signature.
   * Nothing was sent.
   */
  WIRE_REFUSED,
  /**
   * A get that asked for the whole object was answered with part of it (status 206 or a
   * {@code Content-Range} header). A slice could pass the other checks, so it is refused before
   * any data is handed over.
   */
  PARTIAL_RESPONSE,
  /**
   * A response carried a header that vouches for encryption, retention, integrity or the object
   * version (or a client-side envelope entry) more than once, so what S3 stored is ambiguous.
   */
  AMBIGUOUS_RESPONSE
}
