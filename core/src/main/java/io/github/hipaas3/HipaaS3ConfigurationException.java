package io.github.hipaas3;

import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Thrown by {@code HipaaS3Client.builder().build()} when the configuration is incomplete or
 * inconsistent. The message names the setting and how to fix it.
 */
public class HipaaS3ConfigurationException extends HipaaS3Exception {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong with the configuration and how to fix it
   */
  public HipaaS3ConfigurationException(String message) {
    super("[HIPAA-S3-CONFIGURATION] " + message);
  }

  private HipaaS3ConfigurationException(SdkClientException.Builder builder) {
    super(builder);
  }

  @Override
  public SdkClientException.Builder toBuilder() {
    return new Rebuilder(this, HipaaS3ConfigurationException::new);
  }
}
