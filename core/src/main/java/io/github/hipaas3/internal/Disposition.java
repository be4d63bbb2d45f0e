package io.github.hipaas3.internal;

/** What the policy gate does with an S3 operation. */
public enum Disposition {
  /** A state-changing operation that the gate checks and rewrites, then forwards. */
  REWRITE,
  /** An operation that changes nothing on the server; forwarded after the gate's common checks. */
  READ_ONLY,
  /** Never forwarded. */
  REFUSE
}
