package io.github.hipaas3.internal;

import io.github.hipaas3.ViolationCode;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.s3.model.S3Request;

/**
 * One row of the {@link OperationTable}: an S3 operation, identified by its request class, and
 * what the gate does with it. For refused operations {@code reason} says why and what to do
 * instead. {@code subresource} is the query parameter the SDK adds to name the operation's
 * sub-resource ({@code tagging}, {@code list-type=2}, ...), or {@code null}; the wire gate allows
 * it and no other parameter that is not a field of the request. {@code traits} say what the
 * operation does; the gate's stages select their operations from them.
 */
public record OperationRule(
    Class<? extends S3Request> requestClass,
    Disposition disposition,
    @Nullable ViolationCode refusalCode,
    @Nullable String reason,
    @Nullable String subresource,
    java.util.Set<Trait> traits) {

  /** Validates the row. */
  public OperationRule {
    Objects.requireNonNull(requestClass, "requestClass");
    Objects.requireNonNull(disposition, "disposition");
    traits = traits.isEmpty() ? java.util.Set.of()
        : java.util.Collections.unmodifiableSet(java.util.EnumSet.copyOf(traits));
    if (disposition == Disposition.REFUSE) {
      Objects.requireNonNull(refusalCode, "refusalCode");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * Whether the operation has a trait.
   *
   * @param trait the trait
   * @return whether the row lists it
   */
  public boolean has(Trait trait) {
    return traits.contains(trait);
  }

  /**
   * The SDK's operation name, derived from the request class ({@code PutObjectRequest} gives
   * {@code PutObject}).
   *
   * @return the operation name
   */
  public String operationName() {
    return operationName(requestClass);
  }

  static String operationName(Class<?> requestClass) {
    String simple = requestClass.getSimpleName();
    return simple.endsWith("Request") ? simple.substring(0, simple.length() - "Request".length())
        : simple;
  }
}
