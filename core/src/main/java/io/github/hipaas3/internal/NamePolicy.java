package io.github.hipaas3.internal;

import io.github.hipaas3.KeyMode;
import io.github.hipaas3.PhiDetectors;
import io.github.hipaas3.ViolationCode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Request;
import software.amazon.awssdk.services.s3.model.UploadPartCopyRequest;
import software.amazon.encryption.s3.S3EncryptionClient;

/**
 * Keeps PHI out of everything S3 stores or receives in the clear. It screens every name-like
 * field of a request (bucket names, prefixes and markers, pass-through keys, user metadata
 * names and values, tags, {@code Content-Disposition} and the other descriptive headers, the
 * SSE-KMS encryption context and the S3 Encryption Client's encryption context) with the
 * client's PHI detectors. Object keys (and, in {@link KeyMode#ENCRYPTED_PATHS} mode, the
 * prefixes and markers of listings) are not screened unless the mode is {@link
 * KeyMode#PASS_THROUGH}: the other modes replace them with their stored form.
 *
 * <p>Which fields are screened is decided by the field, not by the operation: every String field
 * of a request, at any depth, is screened by the detectors unless {@link Formats} gives it a
 * format (identifiers S3 generates, entity tags, account IDs, checksums, key material, ranges,
 * enum values); such a value must have its format or the request is refused. A field the SDK
 * adds later is therefore screened by default.
 */
public final class NamePolicy {

  /** Request fields that hold object keys (at the top level of a request). */
  public static final Set<String> OBJECT_KEY_FIELDS = Set.of("Key", "SourceKey", "DestinationKey");

  private static final String HINT = " S3 stores names, keys, metadata and tags unencrypted and"
      + " shows them in listings, logs and inventories, so PHI must not be in them. Move the"
      + " value into the encrypted object body, or use a code that is not PHI.";

  private final KeyMode mode;
  private final PhiDetectors detectors;
  private final PhiDetectors tokenDetectors;

  /**
   * Creates the policy.
   *
   * @param mode hashed or pass-through keys
   * @param detectors the PHI detectors
   */
  public NamePolicy(KeyMode mode, PhiDetectors detectors) {
    this.mode = mode;
    this.detectors = detectors;
    this.tokenDetectors = Formats.tokenDetectors(detectors);
  }

  /**
   * The client's PHI detectors.
   *
   * @return the detectors
   */
  public PhiDetectors detectors() {
    return detectors;
  }

  /**
   * The detectors for identifiers S3 generates (see {@link Formats#tokenDetectors}).
   *
   * @return the detectors
   */
  public PhiDetectors tokenDetectors() {
    return tokenDetectors;
  }

  /**
   * Refuses a configured value that looks like PHI (for example the key prefix).
   *
   * @param setting the name of the setting
   * @param value the value
   */
  public void screenSetting(String setting, String value) {
    detectors.firstMatch(value).ifPresent(detector -> {
      throw new io.github.hipaas3.HipaaS3PolicyViolationException(ViolationCode.PHI_DETECTED,
          "The setting " + setting + " matched the PHI detector " + detector + "." + HINT);
    });
  }

  /**
   * Screens every clear-text name of a request; throws on the first match.
   *
   * @param rule the operation
   * @param request the caller's request
   */
  public void screen(OperationRule rule, S3Request request) {
    screenEncryptionContextAttribute(rule, request);
    for (SdkField<?> field : request.sdkFields()) {
      screenField(rule, request, field);
    }
  }

  /**
   * Screens only the named fields of a request (the wire gate screens the fields a request body
   * is marshalled from).
   *
   * @param rule the operation
   * @param request the request
   * @param memberNames the fields' names in the S3 API model
   */
  public void screenFields(OperationRule rule, S3Request request,
      java.util.Collection<String> memberNames) {
    for (SdkField<?> field : request.sdkFields()) {
      if (memberNames.contains(field.memberName())) {
        screenField(rule, request, field);
      }
    }
  }

  private void screenField(OperationRule rule, S3Request request, SdkField<?> field) {
    String name = field.memberName();
    Object value = field.getValueOrDefault(request);
    if (value == null) {
      return;
    }
    if (OBJECT_KEY_FIELDS.contains(name)) {
      if (mode == KeyMode.PASS_THROUGH) {
        screenValue(rule, name, (String) value);
      }
    } else if (mode == KeyMode.ENCRYPTED_PATHS && ListingKeys.REQUEST_FIELDS.contains(name)
        && ListingKeys.isKeyListing(request)) {
      return; // a listing's prefix and markers are encrypted like keys (ListingKeys)
    } else if ("CopySource".equals(name)) {
      screenCopySource(rule, (String) value);
    } else if ("Tagging".equals(name) && value instanceof String string) {
      screenTaggingHeader(rule, string);
    } else if ("SSEKMSEncryptionContext".equals(name)) {
      screenEncryptionContext(rule, (String) value);
    } else {
      screenAny(rule, name, value);
    }
  }

  /**
   * The S3 Encryption Client's encryption context, passed as an execution attribute of the
   * request override; it is stored in the clear in the object's metadata ({@code x-amz-t}).
   */
  private void screenEncryptionContextAttribute(OperationRule rule, S3Request request) {
    request.overrideConfiguration()
        .map(o -> o.executionAttributes().getAttribute(S3EncryptionClient.ENCRYPTION_CONTEXT))
        .ifPresent(context -> screenAny(rule, "EncryptionContext", context));
  }

  private void screenAny(OperationRule rule, String path, Object value) {
    if (value instanceof String string) {
      String last = path.substring(path.lastIndexOf('.') + 1);
      Formats.Named format = Formats.forField(last);
      if (format == null) {
        screenValue(rule, path, string);
      } else {
        checkFormat(rule, path, format, string);
      }
    } else if (value instanceof Map) {
      for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
        screenAny(rule, path + " (a name)", e.getKey());
        screenAny(rule, path + " (a value)", e.getValue());
      }
    } else if (value instanceof List) {
      for (Object element : (List<?>) value) {
        screenAny(rule, path, element);
      }
    } else if (value instanceof ObjectIdentifier id) {
      if (mode == KeyMode.PASS_THROUGH && id.key() != null) {
        screenValue(rule, path + ".Key", id.key());
      }
    } else if (value instanceof SdkPojo pojo) {
      for (SdkField<?> field : pojo.sdkFields()) {
        Object nested = field.getValueOrDefault(pojo);
        if (nested != null) {
          screenAny(rule, path + "." + field.memberName(), nested);
        }
      }
    }
  }

  /**
   * Refuses a value of a field with a format when it does not have the format, or when it is an
   * identifier and a detector (other than the digit-run rule) flags it.
   */
  private void checkFormat(OperationRule rule, String field, Formats.Named format,
      String value) {
    if (!format.format().test(value)) {
      throw Violations.refused(ViolationCode.INVALID_VALUE, rule.operationName(),
          "The field " + field + " must be " + format.description() + ", and its value is"
              + " not. Pass the value S3 returned for it unchanged; descriptive text does not"
              + " belong in this field.");
    }
    String detector = Formats.tokenMatch(format, value, tokenDetectors);
    if (detector != null) {
      throw Violations.refused(ViolationCode.PHI_DETECTED, rule.operationName(),
          "The field " + field + " matched the PHI detector " + detector + "." + HINT);
    }
  }

  private void screenValue(OperationRule rule, String field, String value) {
    Optional<String> detector = detectors.firstMatch(value);
    if (detector.isPresent()) {
      throw Violations.refused(ViolationCode.PHI_DETECTED, rule.operationName(),
          "The field " + field + " matched the PHI detector " + detector.get() + "." + HINT);
    }
  }

  private void screenCopySource(OperationRule rule, String copySource) {
    if (mode != KeyMode.PASS_THROUGH) {
      throw Violations.refused(ViolationCode.INVALID_NAME, rule.operationName(),
          "copySource (deprecated by the SDK) carries the source key URL-encoded, so hipaa-s3"
              + " cannot hash it. Use sourceBucket, sourceKey and sourceVersionId instead.");
    }
    screenValue(rule, "CopySource", decode(copySource));
  }

  private void screenTaggingHeader(OperationRule rule, String tagging) {
    for (String pair : tagging.split("&", -1)) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      screenValue(rule, "Tagging (a tag key)", decode(key));
      screenValue(rule, "Tagging (a tag value)", decode(value));
    }
  }

  private void screenEncryptionContext(OperationRule rule, String base64Json) {
    String json;
    try {
      json = new String(Base64.getDecoder().decode(base64Json), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw Violations.refused(ViolationCode.INVALID_NAME, rule.operationName(),
          "SSEKMSEncryptionContext is not base64. Pass the base64 encoding of a JSON object.");
    }
    screenValue(rule, "SSEKMSEncryptionContext", json);
  }

  private static String decode(String urlEncoded) {
    try {
      return URLDecoder.decode(urlEncoded, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return urlEncoded; // malformed escapes: screen the raw text
    }
  }

  /** Chooses the key to send for one object-key field. */
  @FunctionalInterface
  public interface KeyChooser {
    /**
     * The key to send.
     *
     * @param field the field ({@code Key}, {@code SourceKey}, {@code DestinationKey})
     * @param bucket the bucket the key is in
     * @param versionId the version the request names, or {@code null}
     * @param objectId the caller's object ID
     * @return the key
     */
    String choose(String field, @Nullable String bucket, @Nullable String versionId,
        String objectId);
  }

  /**
   * A copy of the request with every object key replaced by the chooser's key.
   *
   * @param request the screened request
   * @param chooser picks the key for each object-key field
   * @param <T> the request type
   * @return the request to send
   */
  @SuppressWarnings("unchecked") // S3 model classes are final: the builder builds a T
  public <T extends S3Request> T mapKeys(T request, KeyChooser chooser) {
    if (request instanceof DeleteObjectsRequest d) {
      if (d.delete() == null || !d.delete().hasObjects()) {
        return request;
      }
      List<ObjectIdentifier> mapped = new ArrayList<>(d.delete().objects().size());
      for (ObjectIdentifier id : d.delete().objects()) {
        mapped.add(id.key() == null ? id : id.toBuilder()
            .key(chooser.choose("Key", d.bucket(), id.versionId(), id.key())).build());
      }
      Delete delete = d.delete().toBuilder().objects(mapped).build();
      return (T) d.toBuilder().delete(delete).build();
    }
    S3Request.Builder builder = null;
    for (SdkField<?> field : request.sdkFields()) {
      String name = field.memberName();
      if (!OBJECT_KEY_FIELDS.contains(name)) {
        continue;
      }
      Object value = field.getValueOrDefault(request);
      if (value == null) {
        continue;
      }
      String bucket = bucketFor(request, name);
      String versionId = "SourceKey".equals(name) ? sourceVersionId(request)
          : request.getValueForField("VersionId", String.class).orElse(null);
      String key = chooser.choose(name, bucket, versionId, (String) value);
      if (builder == null) {
        builder = request.toBuilder();
      }
      field.set(builder, key);
    }
    return builder == null ? request : (T) builder.build();
  }

  private static @Nullable String bucketFor(S3Request request, String keyField) {
    String bucketField = "SourceKey".equals(keyField) ? "SourceBucket"
        : "DestinationKey".equals(keyField) ? "DestinationBucket" : "Bucket";
    return request.getValueForField(bucketField, String.class).orElse(null);
  }

  private static @Nullable String sourceVersionId(S3Request request) {
    if (request instanceof CopyObjectRequest copyRequest) {
      return copyRequest.sourceVersionId();
    }
    if (request instanceof UploadPartCopyRequest partCopyRequest) {
      return partCopyRequest.sourceVersionId();
    }
    return null;
  }
}
