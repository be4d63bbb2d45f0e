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
   * Every key the caller passes is kept as a path whose {@code /}-separated segments are each
   * encrypted (AES-SIV, deterministic authenticated encryption, with a key derived from the
   * key-hashing secret), so S3 stores no PHI in keys and code that lists keeps working: a
   * listing by a prefix that ends with {@code /} (or no prefix), with or without the {@code
   * /} delimiter, returns the caller's own keys and folders, decrypted. Results come in the
   * order of the stored (encrypted) keys, not of the caller's keys. A prefix that ends inside
   * a segment ({@code lab-reports/20}) and delimiters other than {@code /} are refused.
   *
   * <p>What it reveals to someone who can list the bucket, beyond {@link #HASHED} (which
   * reveals only whether two whole keys are equal): the shape of the tree (how many segments
   * each key has and which keys share a folder), whether two segment names under the same
   * parent are equal, and each segment's length class (up to 15, 31, 63, 127 or 255 UTF-8
   * bytes). Keys whose stored form would exceed S3's 1,024 bytes are refused.
   */
  ENCRYPTED_PATHS,
  /**
   * The caller supplies final keys. Every key is screened by the client's PHI detectors and
   * refused when it looks like PHI. Use only when keys are already opaque (for example UUIDs
   * from your own index).
   */
  PASS_THROUGH
}
