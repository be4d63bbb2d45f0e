package io.github.hipaas3;

import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Thrown when a call failed with an error that could be retried but hipaa-s3 could not retry
 * it: a client-side put whose body is a single-use stream ({@code RequestBody.fromInputStream})
 * cannot be encrypted and sent again. The message says how to make the body replayable; the
 * cause is the error of the failed attempt.
 */
public class HipaaS3RetryException extends HipaaS3Exception {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed and how to make the call retryable (no caller-supplied values)
   * @param cause the error of the failed attempt
   */
  public HipaaS3RetryException(String message, Throwable cause) {
    super("[HIPAA-S3-NOT-RETRIED] " + message, cause);
  }

  private HipaaS3RetryException(SdkClientException.Builder builder) {
    super(builder);
  }

  @Override
  public SdkClientException.Builder toBuilder() {
    return new Rebuilder(this, HipaaS3RetryException::new);
  }
}
