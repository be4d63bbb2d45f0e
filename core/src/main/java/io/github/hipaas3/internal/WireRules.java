package io.github.hipaas3.internal;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.protocol.MarshallLocation;
import software.amazon.awssdk.core.protocol.MarshallingType;
import software.amazon.awssdk.services.s3.model.S3Request;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityRequest;

/**
 * What the wire gate lets each operation carry, derived once from the {@link OperationTable}
 * and the SDK's request model: the header and query-parameter names of the request's fields
 * (with the field each one marshals), the user-metadata header prefix, and the operation's
 * sub-resource parameter. Nothing here is hand-copied per call; names that are not derived
 * here or listed in {@link WireGate}'s transport headers are refused.
 */
final class WireRules {

  /** The allowlist of one operation. */
  record Operation(
      String name,
      Class<?> requestClass,
      Map<String, SdkField<?>> headers,
      @Nullable SdkField<?> metadata,
      @Nullable String metadataPrefix,
      Map<String, SdkField<?>> query,
      @Nullable String subresourceName,
      @Nullable String subresourceValue,
      @Nullable SdkField<?> bucket,
      @Nullable SdkField<?> key,
      java.util.Set<String> payload) {}

  private static final Map<Class<?>, Operation> S3 = s3();
  private static final Map<Class<?>, Operation> STS = Map.of(GetCallerIdentityRequest.class,
      new Operation("GetCallerIdentity", GetCallerIdentityRequest.class, Map.of(), null, null,
          Map.of(), null, null, null, null, java.util.Set.of()));

  private WireRules() {}

  /**
   * The allowlist for an S3 request class; {@code null} when the operation is not allowed.
   *
   * @param requestClass the model request's class
   * @return the operation's allowlist, or null
   */
  static @Nullable Operation s3(Class<?> requestClass) {
    return S3.get(requestClass);
  }

  /**
   * The allowlist for an STS request class (hipaa-s3 only asks STS who the caller is).
   *
   * @param requestClass the model request's class
   * @return the operation's allowlist, or null
   */
  static @Nullable Operation sts(Class<?> requestClass) {
    return STS.get(requestClass);
  }

  /** Every allowed S3 operation's allowlist, for tests. */
  static Map<Class<?>, Operation> s3Rules() {
    return Collections.unmodifiableMap(S3);
  }

  private static Map<Class<?>, Operation> s3() {
    Map<Class<?>, Operation> rules = new HashMap<>();
    for (Map.Entry<Class<? extends S3Request>, OperationRule> e
        : OperationTable.rules().entrySet()) {
      OperationRule rule = e.getValue();
      if (rule.disposition() == Disposition.REFUSE) {
        continue;
      }
      rules.put(e.getKey(), derive(rule.operationName(), e.getKey(), rule.subresource()));
    }
    return rules;
  }

  private static Operation derive(String name, Class<? extends S3Request> requestClass,
      @Nullable String subresource) {
    List<SdkField<?>> fields = fieldsOf(requestClass);
    Map<String, SdkField<?>> headers = new HashMap<>();
    Map<String, SdkField<?>> query = new HashMap<>();
    SdkField<?> metadata = null;
    String metadataPrefix = null;
    SdkField<?> bucket = null;
    SdkField<?> key = null;
    java.util.Set<String> payload = new java.util.HashSet<>();
    for (SdkField<?> f : fields) {
      if (f.location() == MarshallLocation.PAYLOAD) {
        payload.add(f.memberName());
      }
      if (f.location() == MarshallLocation.PATH) {
        bucket = f;
      } else if (f.location() == MarshallLocation.GREEDY_PATH) {
        key = f;
      }
      if (f.location() == MarshallLocation.HEADER) {
        String wire = f.locationName().toLowerCase(Locale.ROOT);
        if (f.marshallingType() == MarshallingType.MAP) {
          metadata = f;
          metadataPrefix = wire;
        } else {
          headers.put(wire, f);
        }
      } else if (f.location() == MarshallLocation.QUERY_PARAM) {
        query.put(f.locationName(), f);
      }
    }
    String subName = null;
    String subValue = null;
    if (subresource != null) {
      int eq = subresource.indexOf('=');
      subName = eq < 0 ? subresource : subresource.substring(0, eq);
      subValue = eq < 0 ? null : subresource.substring(eq + 1);
    }
    return new Operation(name, requestClass, Map.copyOf(headers), metadata, metadataPrefix,
        Map.copyOf(query), subName, subValue, bucket, key, java.util.Set.copyOf(payload));
  }

  private static List<SdkField<?>> fieldsOf(Class<?> requestClass) {
    try {
      return ((SdkPojo) requestClass.getMethod("builder").invoke(null)).sdkFields();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Cannot read the model of " + requestClass.getName(), e);
    }
  }
}
