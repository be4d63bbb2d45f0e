package io.github.hipaas3.audit;

/** What a call does when the audit queue is full; no policy drops events. */
public enum QueueFullPolicy {
  /** The call waits until the audit writer makes room (the default). */
  BLOCK,
  /** The call is refused before anything is sent ({@code AUDIT_UNAVAILABLE}). */
  FAIL
}
