package io.github.hipaas3.audit;

/** How a gated call ended. */
public enum AuditOutcome {
  /** The call was sent to S3 and succeeded. */
  ALLOWED,
  /** hipaa-s3 refused the call; nothing was sent to S3. The event names the violation code. */
  REFUSED,
  /**
   * The call failed: S3 answered with an error, a check of S3's answer failed (the event then
   * names the violation code), or the request could not be sent. The event names the error
   * class.
   */
  FAILED,
  /**
   * Write-ahead mode only ({@link AuditDurability#WRITE_AHEAD}): the call is about to be sent to
   * S3, and this record was made durable before it was. The call's outcome follows in a later
   * event with the same {@link AuditEvent#callId() call ID} (unless the process died first).
   */
  INTENT
}
