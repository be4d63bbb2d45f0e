package io.github.hipaas3.audit;

import io.github.hipaas3.HipaaS3Exception;

/**
 * Thrown when a JSON-lines audit log cannot be continued safely, for example when the existing
 * file does not verify and {@link AuditLogRecovery#REFUSE} is set. The message says what the
 * verifier found and how to proceed; it never contains a file path, a key or a record's content.
 * It is thrown when a sink is built, never inside the SDK's request pipeline.
 */
public class AuditLogException extends HipaaS3Exception {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what was wrong and how to fix it, without paths or secrets
   */
  public AuditLogException(String message) {
    super("[HIPAA-S3-AUDIT-LOG] " + message);
  }
}
