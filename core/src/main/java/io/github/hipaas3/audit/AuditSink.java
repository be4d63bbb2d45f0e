package io.github.hipaas3.audit;

import java.io.IOException;

/**
 * Where audit events go. hipaa-s3 calls a sink from one background thread, in order; a sink
 * need not be thread-safe. A sink that throws stops the audit trail, and the client then
 * refuses calls ({@code AUDIT_UNAVAILABLE}) rather than run unaudited.
 *
 * <p>Events carry no PHI (see {@link AuditEvent}); a sink may still want to add its own
 * protection (for example {@link AuditSinks#jsonLines}, which chains and seals its lines).
 */
public interface AuditSink extends AutoCloseable {
  /**
   * Writes one event.
   *
   * @param event the event
   * @throws IOException if the event cannot be written
   */
  void write(AuditEvent event) throws IOException;

  /**
   * Makes written events durable; called when the queue runs empty. The default does nothing.
   *
   * @throws IOException if flushing fails
   */
  default void flush() throws IOException {}

  /**
   * Whether {@link #sync()} makes written events durable (on stable storage, surviving a crash
   * of the process and of the machine). Write-ahead auditing ({@link AuditDurability#WRITE_AHEAD})
   * needs a durable sink; the client refuses to build with one that is not. The default is
   * {@code false}.
   *
   * @return whether the sink is durable
   */
  default boolean durable() {
    return false;
  }

  /**
   * Makes every event written so far durable before returning (for a file, forces it to
   * disk). Write-ahead auditing calls it once for a batch of intent records (group commit). The
   * default flushes, which a sink that is not {@link #durable()} may do.
   *
   * @throws IOException if the events cannot be made durable
   */
  default void sync() throws IOException {
    flush();
  }

  /**
   * Flushes and releases the sink; called once when the client closes. The default flushes.
   *
   * @throws IOException if closing fails
   */
  @Override
  default void close() throws IOException {
    flush();
  }
}
