package io.github.hipaas3.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;

/**
 * Reads and writes SDK model fields by member name, for rules that apply to every request or
 * response type that has a field (ChecksumCRC32C, Metadata, ...), whatever its class. Reads
 * of a member a type lacks give nothing; setting one throws. The Object Lock and encryption
 * fields are set through typed builders instead (see {@link TypedSetters}).
 */
final class ModelFields {
  /** Each model type's fields by member name (the gate reads some on every call). */
  private static final Map<Class<?>, Map<String, SdkField<?>>> BY_NAME =
      new ConcurrentHashMap<>();

  private ModelFields() {}

  /** The model field of that name, if the pojo's type has one. */
  static Optional<SdkField<?>> field(SdkPojo pojo, String name) {
    return Optional.ofNullable(BY_NAME.computeIfAbsent(pojo.getClass(), c -> {
      Map<String, SdkField<?>> fields = new HashMap<>();
      for (SdkField<?> f : pojo.sdkFields()) {
        fields.putIfAbsent(f.memberName(), f);
      }
      return Map.copyOf(fields);
    }).get(name));
  }

  /** The field's value, or null when the type has no such field or it is unset. */
  static @Nullable Object value(SdkPojo pojo, String name) {
    return field(pojo, name).map(f -> f.getValueOrDefault(pojo)).orElse(null);
  }

  /** The field's value if it has the given type, otherwise null. */
  static <V> @Nullable V value(SdkPojo pojo, String name, Class<V> type) {
    Object value = value(pojo, name);
    return type.isInstance(value) ? type.cast(value) : null;
  }

  /**
   * Sets the field on a builder of the pojo's type. Fails closed: a member the type does not
   * have is a programming error, not something to skip.
   *
   * @throws IllegalStateException when the pojo's type has no member of that name
   */
  static void set(SdkPojo pojo, Object builder, String name, Object value) {
    SdkField<?> f = field(pojo, name).orElseThrow(() -> new IllegalStateException(
        "No member " + name + " on " + pojo.getClass().getName()));
    f.set(builder, value);
  }
}
