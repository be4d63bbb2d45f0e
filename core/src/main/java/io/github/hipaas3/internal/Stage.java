package io.github.hipaas3.internal;

import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.services.s3.model.S3Request;

/**
 * One step of enforcement. The gate runs its stages in the order {@link GateStages} lists them:
 * before a request is sent each may check it (and throw to refuse) or return it rewritten; on
 * the response each may verify it (and throw) or return the view the caller gets; on a failure
 * each may explain it. A stage selects its operations from the {@link OperationRule}'s traits.
 */
public interface Stage {
  /**
   * The stage's name, for reading the order and in test failures.
   *
   * @return the name
   */
  String name();

  /**
   * Checks or rewrites a request before it is sent.
   *
   * @param call the call
   * @param request the request so far
   * @param <T> the request type
   * @return the request to hand to the next stage
   */
  default <T extends S3Request> T beforeSend(CallContext call, T request) {
    return request;
  }

  /**
   * Verifies a response (for gets: its headers, before any data is handed over).
   *
   * @param call the call
   * @param sent the request as sent
   * @param response the response so far
   * @return the response the next stage (and in the end the caller) sees
   */
  default SdkPojo onResponse(CallContext call, S3Request sent, SdkPojo response) {
    return response;
  }

  /**
   * Explains a failure of the sent request.
   *
   * @param call the call
   * @param sent the request as sent
   * @param failure what the underlying client threw
   * @return the exception to hand to the next stage (and in the end to throw)
   */
  default RuntimeException onFailure(CallContext call, S3Request sent, RuntimeException failure) {
    return failure;
  }
}
