package io.github.hipaas3.internal;

import java.util.Optional;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;

/**
 * Reads and writes SDK model fields by member name, for rules that apply to every request or
 * response type that has a field (ObjectLockMode, ChecksumCRC32C, ...), whatever its class.
 */
final class ModelFields {
  private ModelFields() {}

  /** The model field of that name, if the pojo's type has one. */
  static Optional<SdkField<?>> field(SdkPojo pojo, String name) {
    for (SdkField<?> f : pojo.sdkFields()) {
      if (f.memberName().equals(name)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  /** The field's value, or null when the type has no such field or it is unset. */
  static Object value(SdkPojo pojo, String name) {
    return field(pojo, name).map(f -> f.getValueOrDefault(pojo)).orElse(null);
  }

  /** The field's value if it has the given type, otherwise null. */
  static <V> V value(SdkPojo pojo, String name, Class<V> type) {
    Object value = value(pojo, name);
    return type.isInstance(value) ? type.cast(value) : null;
  }

  /** Sets the field on a builder of the pojo's type, if the type has it. */
  static void set(SdkPojo pojo, Object builder, String name, Object value) {
    field(pojo, name).ifPresent(f -> f.set(builder, value));
  }
}
