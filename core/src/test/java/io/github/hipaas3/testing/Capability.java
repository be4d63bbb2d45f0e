package io.github.hipaas3.testing;

/** What an S3-compatible test server really does (not merely accepts). */
public enum Capability {
  /** Keeps object versions when versioning is enabled. */
  VERSIONING,
  /** Stores Object Lock settings on put and enforces retention on delete. */
  OBJECT_LOCK,
  /** Has a KMS endpoint on the same server, so SSE-KMS and KMS keyrings work. */
  KMS
}
