package io.github.hipaas3;

import java.util.Objects;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * A call or a configuration that hipaa-s3's policy refuses. The {@link #violationCode()} says
 * which rule was broken; the message says how to comply. Nothing was sent to S3.
 */
public class HipaaS3PolicyViolationException extends HipaaS3Exception {
  private static final long serialVersionUID = 1L;

  private final ViolationCode violationCode;

  /**
   * Creates the exception.
   *
   * @param violationCode the rule that was broken
   * @param message what was refused and how to comply; must contain no caller-supplied values
   */
  public HipaaS3PolicyViolationException(@Nullable ViolationCode violationCode, String message) {
    super("[HIPAA-S3-" + Objects.requireNonNull(violationCode, "violationCode") + "] " + message);
    this.violationCode = violationCode;
  }

  private HipaaS3PolicyViolationException(ViolationCode violationCode,
      SdkClientException.Builder builder) {
    super(builder);
    this.violationCode = violationCode;
  }

  /**
   * The rule that was broken.
   *
   * @return the violation code, never {@code null}
   */
  public ViolationCode violationCode() {
    return violationCode;
  }

  @Override
  public SdkClientException.Builder toBuilder() {
    return new Rebuilder(this, b -> new HipaaS3PolicyViolationException(violationCode, b));
  }
}
