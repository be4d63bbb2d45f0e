package io.github.hipaas3.audit;

/**
 * When a call's audit record is made durable, relative to the call being sent to S3.
 *
 * <p>See the README's audit section for what each mode can lose and what write-ahead costs.
 */
public enum AuditDurability {
  /**
   * The default: one event per call, queued when the call ends and written by the client's
   * background writer; the sink is flushed when the queue runs empty (the JSON-lines sink
   * forces the file to disk at each seal). Nothing waits for the disk. If the process dies
   * (SIGKILL, power loss, a crash of the JVM) the events still queued, and those written but
   * not yet on disk, are lost: a call may have reached S3 (an object version may exist) with
   * no event for it.
   */
  QUEUED,

  /**
   * Write-ahead: right before each call is sent to S3 (after every check passed), an
   * {@link AuditOutcome#INTENT} record (operation, bucket, stored key, a call ID; no PHI) is
   * written and made durable ({@link AuditSink#sync()}), and only then is the call sent; the
   * outcome event follows as in {@link #QUEUED} mode, with the same call ID. Concurrent calls
   * share one disk sync (group commit). A call whose intent cannot be made durable is refused
   * ({@code AUDIT_UNAVAILABLE}) and not sent. Requires a durable sink
   * ({@link AuditSink#durable()}), such as {@link AuditSinks#jsonLines}.
   */
  WRITE_AHEAD
}
