package io.github.hipaas3.posture;

/** What a {@code HipaaS3Client} does with a bucket's posture on first use. */
public enum PostureCheck {
  /** Refuse calls to a bucket that fails any control ({@code BUCKET_NOT_PROTECTED}). */
  ENFORCE,
  /** Log a WARN naming the failed controls, and go on. */
  WARN,
  /** Do not audit (the default; the Object Lock and versioning check still runs). */
  OFF
}
