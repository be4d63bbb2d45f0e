package io.github.hipaas3.audit;

/**
 * What {@link AuditSinks#jsonLines} does when the file it is given exists but does not verify
 * as an intact log ending in a final seal (its writer crashed, or the file was altered, or it
 * was written in an older format or with another key).
 */
public enum AuditLogRecovery {
  /**
   * Moves the file aside (see {@link AuditSinks#jsonLines(java.nio.file.Path, AuditSealingKey,
   * int, java.time.Duration, AuditLogRecovery)} for the name) and starts a new file whose first
   * line records the old file's ID, what the verifier found and its last verified seal. The
   * default.
   */
  START_NEW_FILE,

  /** Refuses to start: building the sink throws {@link AuditLogException}. */
  REFUSE
}
