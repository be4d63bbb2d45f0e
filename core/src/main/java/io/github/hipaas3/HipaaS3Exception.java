package io.github.hipaas3;

import java.util.function.Function;
import org.jspecify.annotations.Nullable;
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
  public HipaaS3Exception(String message, @Nullable Throwable cause) {
    super(SdkClientException.builder().message(message).cause(cause));
  }

  /**
   * Rebuilds an exception from a builder (the SDK does this to add the attempt count).
   *
   * @param builder the builder
   */
  protected HipaaS3Exception(SdkClientException.Builder builder) {
    super(builder);
  }

  /**
   * A builder that rebuilds this exception with its own type. The SDK rebuilds exceptions
   * raised inside its pipeline (to add the attempt count); without this the caller would get a
   * plain {@code SdkClientException} and could no longer catch hipaa-s3's types.
   */
  @Override
  public SdkClientException.Builder toBuilder() {
    return new Rebuilder(this, HipaaS3Exception::new);
  }

  /** Rebuilds a hipaa-s3 exception with its own type. */
  protected static final class Rebuilder extends SdkClientException.BuilderImpl {
    private final Function<SdkClientException.Builder, ? extends HipaaS3Exception> factory;

    /**
     * Creates the builder.
     *
     * @param exception the exception to copy
     * @param factory makes an exception of the right type from this builder
     */
    Rebuilder(HipaaS3Exception exception,
        Function<SdkClientException.Builder, ? extends HipaaS3Exception> factory) {
      super(exception);
      this.factory = factory;
    }

    @Override
    public HipaaS3Exception build() {
      return factory.apply(this);
    }
  }
}
