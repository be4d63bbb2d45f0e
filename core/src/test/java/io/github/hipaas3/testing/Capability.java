package io.github.hipaas3.testing;

/** What an S3-compatible test server really does (not merely accepts). */
public enum Capability {
  /** Keeps object versions when versioning is enabled. */
  VERSIONING,
  /** Stores Object Lock settings on put and enforces retention on delete. */
  OBJECT_LOCK,
  /**
   * Keeps a multipart upload's checksum as one full-object checksum (ChecksumType FULL_OBJECT)
   * that a get can be checked against; S3Mock keeps a per-part (composite) one instead.
   */
  FULL_OBJECT_CHECKSUMS,
  /** Has a KMS endpoint on the same server, so SSE-KMS and KMS keyrings work. */
  KMS,
  /**
   * Keeps the SSE-C key's MD5 with each object and answers every read with it (S3Mock does;
   * it does not refuse a wrong key as S3 does, with 403; moto ignores SSE-C).
   */
  SSE_C
}
