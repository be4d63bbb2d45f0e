package io.github.hipaas3;

import java.util.Objects;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * S3's answer failed a security check: a write response did not show the encryption that was
 * asked for, an object read is not encrypted by an allowed mode, or client-side decryption
 * failed authentication. Unlike {@link HipaaS3PolicyViolationException}, the request did reach
 * S3; the message says what was found and what to do. No plaintext from a failed check is
 * returned to the caller.
 */
public class HipaaS3SecurityException extends HipaaS3Exception {
  private static final long serialVersionUID = 1L;

  private final ViolationCode violationCode;

  /**
   * Creates the exception.
   *
   * @param violationCode the check that failed
   * @param message what was found and what to do; must contain no caller-supplied values
   * @param cause the underlying cause, or {@code null}
   */
  public HipaaS3SecurityException(ViolationCode violationCode, String message,
      @Nullable Throwable cause) {
    super("[HIPAA-S3-" + Objects.requireNonNull(violationCode, "violationCode") + "] " + message,
        cause);
    this.violationCode = violationCode;
  }

  private HipaaS3SecurityException(ViolationCode violationCode,
      SdkClientException.Builder builder) {
    super(builder);
    this.violationCode = violationCode;
  }

  /**
   * The check that failed.
   *
   * @return the violation code, never {@code null}
   */
  public ViolationCode violationCode() {
    return violationCode;
  }

  @Override
  public SdkClientException.Builder toBuilder() {
    return new Rebuilder(this, b -> new HipaaS3SecurityException(violationCode, b));
  }
}
