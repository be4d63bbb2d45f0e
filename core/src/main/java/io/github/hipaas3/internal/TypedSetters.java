package io.github.hipaas3.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.SdkPojo;

/**
 * The model fields a policy owns, set through each model type's typed builder methods
 * ({@code PutObjectRequest.Builder::objectLockMode}, ...) rather than by member name. A member
 * the table does not list for a type is not set silently: {@link #set} throws.
 */
final class TypedSetters {
  private final Map<Class<?>, Map<String, BiConsumer<Object, Object>>> setters;

  private TypedSetters(Map<Class<?>, Map<String, BiConsumer<Object, Object>>> setters) {
    Map<Class<?>, Map<String, BiConsumer<Object, Object>>> copy = new LinkedHashMap<>();
    setters.forEach((type, members) -> copy.put(type, Collections.unmodifiableMap(members)));
    this.setters = Collections.unmodifiableMap(copy);
  }

  /** A new, empty table. */
  static Builder builder() {
    return new Builder();
  }

  /** The model types the table has setters for. */
  Set<Class<?>> types() {
    return setters.keySet();
  }

  /** The members the table sets on a model type (empty for a type it does not list). */
  Set<String> members(Class<?> modelType) {
    return setters.getOrDefault(modelType, Map.of()).keySet();
  }

  /** Whether the table can set that member on that model type. */
  boolean has(Class<?> modelType, String member) {
    return members(modelType).contains(member);
  }

  /**
   * Sets a member on a builder of the model's type through the type's typed setter.
   *
   * @param model the model object the builder was made from
   * @param builder a builder of the model's type
   * @param member the member name, as the SDK's model spells it
   * @param value the value, of the setter's type
   * @throws IllegalStateException when the table has no setter of that member for the type
   */
  void set(SdkPojo model, @Nullable Object builder, String member, Object value) {
    BiConsumer<Object, Object> setter =
        setters.getOrDefault(model.getClass(), Map.of()).get(member);
    if (setter == null) {
      throw new IllegalStateException(
          "No typed setter of " + member + " on " + model.getClass().getName());
    }
    setter.accept(builder, value);
  }

  /** Builds a table, one model type at a time. */
  static final class Builder {
    private final Map<Class<?>, Map<String, BiConsumer<Object, Object>>> setters =
        new LinkedHashMap<>();

    private Builder() {}

    /**
     * Starts the setters of one model type.
     *
     * @param modelType the model class (S3 model classes are final)
     * @param builderType its builder interface
     * @param <B> the builder type
     * @return the type's setters, to add to
     */
    <B> Type<B> type(Class<? extends SdkPojo> modelType, Class<B> builderType) {
      Map<String, BiConsumer<Object, Object>> members = new LinkedHashMap<>();
      if (setters.putIfAbsent(modelType, members) != null) {
        throw new IllegalStateException("Listed twice: " + modelType.getName());
      }
      return new Type<>(this, builderType, members);
    }

    TypedSetters build() {
      return new TypedSetters(setters);
    }
  }

  /** The setters of one model type. */
  static final class Type<B> {
    private final Builder table;
    private final Class<B> builderType;
    private final Map<String, BiConsumer<Object, Object>> members;

    private Type(Builder table, Class<B> builderType,
        Map<String, BiConsumer<Object, Object>> members) {
      this.table = table;
      this.builderType = builderType;
      this.members = members;
    }

    /**
     * Adds the typed setter of a member.
     *
     * @param member the member name, as the SDK's model spells it
     * @param valueType the setter's parameter type
     * @param setter the builder's typed method
     * @param <V> the value type
     * @return this type, to add more
     */
    <V> Type<B> set(String member, Class<V> valueType, BiConsumer<B, V> setter) {
      Objects.requireNonNull(setter, "setter");
      if (members.putIfAbsent(member, (builder, value) ->
          setter.accept(builderType.cast(builder), valueType.cast(value))) != null) {
        throw new IllegalStateException("Listed twice: " + member);
      }
      return this;
    }

    /** Starts the next model type; see {@link Builder#type}. */
    <C> Type<C> type(Class<? extends SdkPojo> modelType, Class<C> builderType) {
      return table.type(modelType, builderType);
    }

    TypedSetters build() {
      return table.build();
    }
  }
}
