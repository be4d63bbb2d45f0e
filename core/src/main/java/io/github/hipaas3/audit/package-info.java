/**
 * The audit trail: one PHI-free {@link io.github.hipaas3.audit.AuditEvent} per gated call,
 * written off the request path to {@link io.github.hipaas3.audit.AuditSink}s, such as a
 * hash-chained, HMAC-sealed JSON-lines file checked by
 * {@link io.github.hipaas3.audit.AuditLogVerifier}.
 */
package io.github.hipaas3.audit;
