package io.github.hipaas3.internal;

import io.github.hipaas3.ViolationCode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.S3Request;
import software.amazon.awssdk.utils.builder.SdkBuilder;
import software.amazon.awssdk.utils.builder.ToCopyableBuilder;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * The key prefixes and markers of listings, and the keys of responses.
 *
 * <ul>
 *   <li>With hashed keys ({@link ObjectKeyMapper}), a listing's prefix, start-after or marker
 *       that no hashed key can start with is refused: it is the caller's own key form, which
 *       S3 never stores, and the listing would come back empty without an error.
 *   <li>With encrypted paths ({@link EncryptedPathMapper}), they are encrypted on the way out
 *       (a listing without a prefix lists the client's tree), and every key, prefix and marker
 *       of a response, at any depth, is decrypted on the way back; one that does not
 *       authenticate fails the call.
 * </ul>
 */
final class ListingKeys {
  /** The request fields of listings that hold a key prefix or a key position. */
  static final Set<String> REQUEST_FIELDS = Set.of("Prefix", "StartAfter", "Marker", "KeyMarker");

  /** The response fields, at any depth, that hold a stored key, prefix or key position. */
  private static final Set<String> RESPONSE_FIELDS = Set.of("Key", "Prefix", "StartAfter",
      "Marker", "NextMarker", "KeyMarker", "NextKeyMarker");

  private final KeyMapper mapper;
  /** The mapper when it encrypts paths (listings are mapped both ways), else {@code null}. */
  private final @Nullable EncryptedPathMapper paths;

  private ListingKeys(KeyMapper mapper) {
    this.mapper = mapper;
    this.paths = mapper instanceof EncryptedPathMapper encrypted ? encrypted : null;
  }

  /**
   * The listing keys of a key mapper.
   *
   * @param mapper the client's key mapper
   * @return the listing keys
   */
  static ListingKeys of(KeyMapper mapper) {
    return new ListingKeys(mapper);
  }

  /**
   * Whether a request is a listing of keys (whose prefix and markers name keys).
   *
   * @param request a request
   * @return whether it lists objects, versions or uploads
   */
  static boolean isKeyListing(S3Request request) {
    return request instanceof ListObjectsV2Request || request instanceof ListObjectsRequest
        || request instanceof ListObjectVersionsRequest
        || request instanceof ListMultipartUploadsRequest;
  }

  /**
   * The request to send: a listing's prefix and markers in stored form (encrypted paths), or
   * checked against the hashed form.
   *
   * @param rule the operation
   * @param request the request
   * @return the request to send
   */
  S3Request toStored(OperationRule rule, S3Request request) {
    if (!isKeyListing(request)) {
      return request;
    }
    if (paths == null) {
      checkHashed(rule, request);
      return request;
    }
    String delimiter = request.getValueForField("Delimiter", String.class).orElse("");
    if (!delimiter.isEmpty() && !"/".equals(delimiter)) {
      throw Violations.refused(ViolationCode.INVALID_NAME, rule.operationName(),
          "In KeyMode.ENCRYPTED_PATHS a listing's delimiter can only be '/': each"
              + " '/'-separated segment of a key is stored encrypted, so no other character"
              + " separates anything S3 can see. List with delimiter '/' or none, and group"
              + " the returned keys yourself.");
    }
    S3Request.Builder builder = request.toBuilder();
    boolean hasPrefix = false;
    for (SdkField<?> field : request.sdkFields()) {
      String name = field.memberName();
      if (!REQUEST_FIELDS.contains(name)) {
        continue;
      }
      Object value = field.getValueOrDefault(request);
      if ("Prefix".equals(name)) {
        hasPrefix = true;
        field.set(builder, storedPrefix(rule, value == null ? "" : (String) value));
      } else if (value != null && !((String) value).isEmpty()) {
        String position = (String) value;
        // A marker S3 returned for a folder (a common prefix) ends with '/'.
        field.set(builder, position.endsWith("/") ? storedPrefix(rule, position)
            : paths.keyFor(position, rule.operationName()));
      }
    }
    if (!hasPrefix) {
      throw new IllegalStateException("a key listing without a Prefix field");
    }
    return builder.build();
  }

  /** The path mapper; only the encrypted-paths mode's paths ask for it, and it sets it. */
  private EncryptedPathMapper paths() {
    return Objects.requireNonNull(paths, "set with encrypted paths");
  }

  private String storedPrefix(OperationRule rule, String prefix) {
    if (!prefix.isEmpty() && !prefix.endsWith("/")) {
      throw Violations.refused(ViolationCode.INVALID_NAME, rule.operationName(),
          "In KeyMode.ENCRYPTED_PATHS a listing's prefix must be empty or end with '/' (a"
              + " whole folder): each '/'-separated segment of a key is stored encrypted as a"
              + " whole, so a prefix that ends inside a segment matches nothing S3 can see."
              + " List the folder that contains it (up to its last '/') and filter the"
              + " returned keys by name.");
    }
    return paths().prefixFor(prefix, rule.operationName());
  }

  private void checkHashed(OperationRule rule, S3Request request) {
    for (String field : REQUEST_FIELDS) {
      String value = request.getValueForField(field, String.class).orElse(null);
      if (value != null && !mapper.isStoredPosition(value)) {
        throw Violations.refused(ViolationCode.INVALID_NAME, rule.operationName(),
            "The listing's " + field + " cannot match any key this client stores: in"
                + " KeyMode.HASHED (the default) every key is stored as its keyed hash"
                + " ([key prefix/]v<version>/<64 letters>), so listing by the application's"
                + " own key names finds nothing. To list by folder and get your own keys"
                + " back, build the client with keyMode(KeyMode.ENCRYPTED_PATHS); to list"
                + " this client's objects, list without a prefix.");
      }
    }
  }

  /**
   * The response the caller gets: with encrypted paths, every stored key, prefix and marker in
   * it decrypted to the caller's form.
   *
   * @param rule the operation
   * @param response the response (or another result, returned as it is)
   * @return the caller's response
   */
  @Nullable Object fromStored(OperationRule rule, @Nullable Object response) {
    if (response instanceof ListObjectsResponse) {
      response = withKeyNextMarker((ListObjectsResponse) response);
    }
    if (paths == null || !(response instanceof SdkPojo)) {
      return response;
    }
    Object decrypted = decrypt(rule, (SdkPojo) response, new HashMap<>());
    if (decrypted instanceof CompleteMultipartUploadResponse completeResponse) {
      return withLocation((CompleteMultipartUploadResponse) response,
          completeResponse);
    }
    return decrypted;
  }

  /**
   * A V1 listing whose next marker is not a key of the page (some S3-compatible servers answer
   * with an opaque token, such as moto's digest) gets S3's own next marker: the last key or
   * common prefix of the page, whichever sorts last. The application passes it back as the
   * marker, and it is then checked and mapped like any key.
   */
  private static ListObjectsResponse withKeyNextMarker(ListObjectsResponse page) {
    String next = page.nextMarker();
    if (next == null || !Boolean.TRUE.equals(page.isTruncated())) {
      return page;
    }
    String last = null;
    for (S3Object o : page.contents()) {
      last = last == null || o.key().compareTo(last) > 0 ? o.key() : last;
    }
    for (CommonPrefix p : page.commonPrefixes()) {
      last = last == null || p.prefix().compareTo(last) > 0 ? p.prefix() : last;
    }
    return next.equals(last) || last == null ? page
        : page.toBuilder().nextMarker(last).build();
  }

  /** The object's URL with the caller's key in place of the stored key, or none. */
  private static CompleteMultipartUploadResponse withLocation(
      CompleteMultipartUploadResponse stored, CompleteMultipartUploadResponse decrypted) {
    String location = stored.location();
    if (location == null || stored.key() == null) {
      return decrypted;
    }
    int at = location.lastIndexOf(stored.key());
    String caller = at < 0 || at + stored.key().length() != location.length() ? null
        : location.substring(0, at) + SdkHttpUtils.urlEncodeIgnoreSlashes(decrypted.key());
    return decrypted.toBuilder().location(caller).build();
  }

  private Object decrypt(OperationRule rule, SdkPojo pojo, Map<String, String> parents) {
    if (!(pojo instanceof ToCopyableBuilder)) {
      return pojo;
    }
    Object builder = null;
    for (SdkField<?> field : pojo.sdkFields()) {
      Object value = field.getValueOrDefault(pojo);
      Object mapped = value;
      if (value instanceof String string && !string.isEmpty()
          && RESPONSE_FIELDS.contains(field.memberName())) {
        mapped = paths().decrypt(string, rule.operationName(), parents);
      } else if (value instanceof SdkPojo sdkPojo) {
        mapped = decrypt(rule, sdkPojo, parents);
      } else if (value instanceof List && !((List<?>) value).isEmpty()
          && ((List<?>) value).get(0) instanceof SdkPojo) {
        List<Object> list = new ArrayList<>(((List<?>) value).size());
        for (Object element : (List<?>) value) {
          list.add(element instanceof SdkPojo sdkPojo ? decrypt(rule, sdkPojo, parents)
              : element);
        }
        mapped = list;
      }
      if (mapped != value) {
        if (builder == null) {
          builder = ((ToCopyableBuilder<?, ?>) pojo).toBuilder();
        }
        field.set(builder, mapped);
      }
    }
    return builder == null ? pojo : ((SdkBuilder<?, ?>) builder).build();
  }
}
