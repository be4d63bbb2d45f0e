package io.github.hipaas3.internal;

import java.util.Objects;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.services.s3.model.S3Request;

/**
 * The state of one gated call, handed explicitly to every stage (never kept in a thread-local,
 * so it can follow a call across threads): the operation's rule, its audit record, and which
 * SSE-C read key the request being sent uses.
 */
public final class CallContext {
  private final OperationRule rule;
  private final AuditTrail.@Nullable Call audit;
  private final int attempt;

  private CallContext(OperationRule rule, AuditTrail.@Nullable Call audit, int attempt) {
    this.rule = Objects.requireNonNull(rule, "rule");
    this.audit = audit;
    this.attempt = attempt;
  }

  /**
   * The context of a new call.
   *
   * @param rule the operation's rule
   * @param audit the call's audit record, or {@code null} when auditing is off
   * @return the context
   */
  static CallContext of(OperationRule rule, AuditTrail.@Nullable Call audit) {
    return new CallContext(rule, audit, 0);
  }

  /**
   * This call, sending with another SSE-C read key.
   *
   * @param attempt the read key's index
   * @return the context for that attempt
   */
  CallContext attempt(int attempt) {
    return attempt == this.attempt ? this : new CallContext(rule, audit, attempt);
  }

  /**
   * The operation's rule.
   *
   * @return the rule
   */
  public OperationRule rule() {
    return rule;
  }

  /**
   * The SDK's operation name.
   *
   * @return the name
   */
  public String operationName() {
    return rule.operationName();
  }

  /**
   * Which SSE-C read key the request being sent uses (0: the current key).
   *
   * @return the index
   */
  public int attempt() {
    return attempt;
  }

  /** Records the request as it goes to S3. */
  void sent(S3Request request) {
    if (audit != null) {
      audit.sent(request);
    }
  }

  /** Records the response S3 gave, before its data is read. */
  void response(SdkPojo response) {
    if (audit != null) {
      audit.response(response);
    }
  }
}
