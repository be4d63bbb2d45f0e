package io.github.hipaas3;

import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The root of every exception that hipaa-s3 itself raises. It extends the SDK's
 * {@link SdkClientException}, so code that already catches SDK client errors keeps working.
 * Service errors ({@code AwsServiceException}, such as {@code NoSuchKeyException}) are never
 * wrapped: they reach the caller exactly as the SDK raised them.
 *
 * <p>Messages say what was wrong and how to fix it. They never contain an object key, a
 * metadata value, a secret, or any other value the caller passed in.
 */
public class HipaaS3Exception extends SdkClientException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message that must contain no caller-supplied values.
   *
   * @param message what was wrong and how to fix it
   */
  public HipaaS3Exception(String message) {
    this(message, null);
  }

  /**
   * Creates an exception with a message that must contain no caller-supplied values.
   *
   * @param message what was wrong and how to fix it
   * @param cause the underlying cause, or {@code null}
   */
  public HipaaS3Exception(String message, Throwable cause) {
    super(SdkClientException.builder().message(message).cause(cause));
  }
}
