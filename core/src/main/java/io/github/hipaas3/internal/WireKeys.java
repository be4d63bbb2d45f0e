package io.github.hipaas3.internal;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;

/**
 * The wire gate's check of keys: in the key modes that replace keys ({@code HASHED}, {@code
 * ENCRYPTED_PATHS}), every key the HTTP request names (its path, a copy source, a batch
 * delete's list) must have the stored form, and every listing prefix and marker must be one a
 * stored key can start with. A key in the caller's form here was put back after the gate
 * mapped it (an interceptor's {@code modifyRequest}, a plugin), and would reach S3 in the clear.
 */
final class WireKeys {
  /** The query parameters of listings that hold a prefix or a key position. */
  private static final Set<String> POSITIONS = Set.of("prefix", "start-after", "marker",
      "key-marker");

  /**
   * The suffix of the S3 Encryption Client's instruction files: its deletes remove {@code
   * <key>.instruction} with the object, whether or not there is one.
   */
  static final String INSTRUCTION_SUFFIX = ".instruction";

  private final KeyMapper mapper;
  private final boolean clientSide;

  /**
   * Creates the check.
   *
   * @param mapper the client's key mapper
   * @param clientSide whether the client encrypts client-side (its deletes also name the
   *     instruction file of the stored key)
   */
  WireKeys(KeyMapper mapper, boolean clientSide) {
    this.mapper = mapper;
    this.clientSide = clientSide;
  }

  /**
   * Checks the keys of one request.
   *
   * @param op the operation name, for the message
   * @param model the request model the SDK marshalled
   * @param pathKey the key the request's path names (equal to the model's), or {@code null}
   * @param query the request's query parameters, unencoded
   * @param copySource the {@code x-amz-copy-source} header, or {@code null}
   */
  void check(String op, SdkRequest model, @Nullable String pathKey, Map<String, List<String>> query,
      @Nullable String copySource) {
    if (pathKey != null && !isStoredKey(pathKey, model)) {
      throw refused(op, "its object key");
    }
    for (String name : POSITIONS) {
      List<String> values = query.get(name);
      if (values != null && !values.isEmpty() && values.get(0) != null
          && !values.get(0).isEmpty() && !mapper.isStoredPosition(values.get(0))) {
        throw refused(op, "its " + name + " parameter");
      }
    }
    if (copySource != null) {
      String source = WireValues.copySourcePath(copySource);
      source = source.startsWith("/") ? source.substring(1) : source;
      int slash = source.indexOf('/');
      if (slash < 0 || !mapper.isStoredKey(source.substring(slash + 1))) {
        throw refused(op, "its copy source");
      }
    }
    if (model instanceof DeleteObjectsRequest d) {
      if (d.delete() != null && d.delete().hasObjects()) {
        for (ObjectIdentifier id : d.delete().objects()) {
          if (id.key() != null && !isStoredKey(id.key(), model)) {
            throw refused(op, "a key of its delete list");
          }
        }
      }
    }
  }

  /** A stored key, or under client-side encryption a delete of its instruction file. */
  private boolean isStoredKey(String key, SdkRequest model) {
    if (mapper.isStoredKey(key)) {
      return true;
    }
    boolean delete = model instanceof DeleteObjectsRequest
        || model instanceof software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
    return clientSide && delete && key.endsWith(INSTRUCTION_SUFFIX)
        && mapper.isStoredKey(key.substring(0, key.length() - INSTRUCTION_SUFFIX.length()));
  }

  private static RuntimeException refused(String op, String what) {
    return Violations.refused(io.github.hipaas3.ViolationCode.WIRE_REFUSED, op, "The HTTP"
        + " request was stopped before transmission: " + what + " is not in the stored-key form"
        + " of the client's key mode, so a key in the caller's form would have reached S3 in"
        + " the clear. It was changed after hipaa-s3 mapped it (by an interceptor's"
        + " modifyRequest or a plugin); remove whatever rewrites requests.");
  }
}
