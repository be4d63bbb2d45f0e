package io.github.hipaas3.internal;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Request;

/** Reflection over the public {@link S3Client} interface, for the completeness tests. */
final class S3ClientMethods {
  /** Methods of {@code S3Client} that are not S3 operations. */
  static final Set<String> NON_OPERATIONS = Set.of(
      "serviceName", "close", "utilities", "waiter", "serviceClientConfiguration");

  private S3ClientMethods() {}

  /** Every public instance method of {@code S3Client}, in a stable order. */
  static List<Method> all() {
    return Arrays.stream(S3Client.class.getMethods())
        .filter(m -> !Modifier.isStatic(m.getModifiers()))
        .sorted(Comparator.comparing(Method::toGenericString))
        .collect(Collectors.toList());
  }

  /** The operation methods: all but {@link #NON_OPERATIONS}. */
  static List<Method> operations() {
    return all().stream().filter(m -> !NON_OPERATIONS.contains(m.getName()))
        .collect(Collectors.toList());
  }

  /**
   * The request class an operation method takes, from its first parameter ({@code XRequest}
   * or {@code Consumer<XRequest.Builder>}), or, for no-argument overloads such as
   * {@code listBuckets()}, from the overload that takes a request.
   */
  @SuppressWarnings("unchecked")
  static Optional<Class<? extends S3Request>> requestClass(Method m) {
    if (m.getParameterCount() == 0) {
      return all().stream()
          .filter(o -> o.getName().equals(m.getName()) && o.getParameterCount() == 1
              && S3Request.class.isAssignableFrom(o.getParameterTypes()[0]))
          .findFirst()
          .map(o -> (Class<? extends S3Request>) o.getParameterTypes()[0]);
    }
    Class<?> first = m.getParameterTypes()[0];
    if (S3Request.class.isAssignableFrom(first)) {
      return Optional.of((Class<? extends S3Request>) first);
    }
    if (first == Consumer.class) {
      Type arg = ((ParameterizedType) m.getGenericParameterTypes()[0])
          .getActualTypeArguments()[0];
      Class<?> builder = (Class<?>) (arg instanceof ParameterizedType
          ? ((ParameterizedType) arg).getRawType() : arg);
      Class<?> enclosing = builder.getEnclosingClass();
      if (enclosing != null && S3Request.class.isAssignableFrom(enclosing)) {
        return Optional.of((Class<? extends S3Request>) enclosing);
      }
    }
    return Optional.empty();
  }

  /** A minimal request of the class, with bucket, key and upload ID set where it has them. */
  static S3Request minimalRequest(Class<? extends S3Request> requestClass) throws Exception {
    Method factory = requestClass.getMethod("builder");
    Object builder = factory.invoke(null);
    fill(builder);
    return (S3Request) factory.getReturnType().getMethod("build").invoke(builder);
  }

  private static void fill(Object builder) throws Exception {
    Class<?> builderInterface = java.util.Arrays.stream(builder.getClass().getInterfaces())
        .filter(i -> i.getSimpleName().equals("Builder")).findFirst().orElseThrow();
    for (Method setter : builderInterface.getMethods()) {
      if (setter.getParameterCount() != 1) {
        continue;
      }
      Class<?> type = setter.getParameterTypes()[0];
      switch (setter.getName()) {
        case "bucket":
        case "key":
        case "uploadId":
        case "sourceBucket":
        case "sourceKey":
        case "destinationBucket":
        case "destinationKey":
          if (type == String.class) {
            setter.invoke(builder, "x-" + setter.getName().toLowerCase(java.util.Locale.ROOT));
          }
          break;
        case "retention":
          if (type == software.amazon.awssdk.services.s3.model.ObjectLockRetention.class) {
            // A minimal retention change the gate lets through: a lengthening one.
            setter.invoke(builder, software.amazon.awssdk.services.s3.model.ObjectLockRetention
                .builder().mode("COMPLIANCE")
                .retainUntilDate(java.time.Instant.parse("2200-01-01T00:00:00Z")).build());
          }
          break;
        case "partNumber":
          if (type == Integer.class) {
            setter.invoke(builder, 1);
          }
          break;
        default:
          break;
      }
    }
  }

  /** Arguments for invoking the method: a minimal request (or a builder consumer) and friends. */
  static Object[] arguments(Method m, Path scratch) throws Exception {
    Class<?>[] types = m.getParameterTypes();
    Object[] args = new Object[types.length];
    Class<? extends S3Request> requestClass = requestClass(m).orElseThrow();
    for (int i = 0; i < types.length; i++) {
      Class<?> t = types[i];
      if (S3Request.class.isAssignableFrom(t)) {
        args[i] = minimalRequest(requestClass);
      } else if (t == Consumer.class) {
        args[i] = (Consumer<Object>) b -> {
          try {
            fill(b);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        };
      } else if (t == RequestBody.class) {
        args[i] = RequestBody.fromString("body");
      } else if (t == ResponseTransformer.class) {
        args[i] = ResponseTransformer.toBytes();
      } else if (t == Path.class) {
        Path file = Files.createTempFile(scratch, "body", ".bin");
        if (m.getName().startsWith("get")) {
          Files.delete(file); // a download target must not exist yet
        } else {
          Files.writeString(file, "body"); // an upload source must exist
        }
        args[i] = file;
      } else {
        throw new IllegalStateException("No argument for " + t + " in " + m);
      }
    }
    return args;
  }
}
