package io.github.hipaas3;

/** How {@link HipaaS3Client} turns the keys a caller passes into the keys S3 stores. */
public enum KeyMode {
  /**
   * The default. Every key the caller passes is an object ID (it may contain PHI, such as
   * {@code patients/123-45-6789/xray.png}) and is replaced by its keyed hash before the request
   * leaves the process, so S3 only ever stores hashed keys. See {@link HipaaS3Client#objectKey}.
   */
  HASHED,
  /**
   * The caller supplies final keys. Every key is screened by the client's PHI detectors and
   * refused when it looks like PHI. Use only when keys are already opaque (for example UUIDs
   * from your own index).
   */
  PASS_THROUGH
}
