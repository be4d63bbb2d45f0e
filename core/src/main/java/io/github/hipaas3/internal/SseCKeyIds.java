package io.github.hipaas3.internal;

import io.github.hipaas3.ViolationCode;
import io.github.hipaas3.internal.EncryptionPolicy.SseCKeys;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Request;

/**
 * Under SSE-C, the ID of the key that encrypted each object travels with the object, in the
 * user metadata {@value EncryptionPolicy#KEY_ID_METADATA}: puts and multipart creations record
 * the write key's ID, copies record the destination key's ID, and a caller's metadata may not
 * use the name.
 */
final class SseCKeyIds {
  private static final String KEY_ID_METADATA = EncryptionPolicy.KEY_ID_METADATA;

  private SseCKeyIds() {}

  /**
   * Under SSE-C, a put or a multipart upload's creation records the write key's ID in the
   * object's metadata; a caller's metadata may not use that name.
   *
   * @param rule the operation
   * @param request the request, encryption fields set
   * @param keyId the ID of the write key the request carries, or {@code null}
   * @return the request to send
   */
  static S3Request withKeyId(OperationRule rule, S3Request request, @Nullable String keyId) {
    if (!rule.has(Trait.CREATES_OBJECT)) {
      return request;
    }
    @SuppressWarnings("unchecked") // Metadata is a map of strings in the S3 model
    Map<String, String> metadata = request.getValueForField("Metadata", Map.class).orElse(Map.of());
    for (String name : metadata.keySet()) {
      if (KEY_ID_METADATA.equalsIgnoreCase(name)) {
        throw Violations.refused(ViolationCode.ENCRYPTION_CONFLICT, rule.operationName(),
            "The request's metadata uses the name " + KEY_ID_METADATA + ", which hipaa-s3"
                + " keeps for the ID of the object's SSE-C key. Remove it from the metadata.");
      }
    }
    if (request instanceof CopyObjectRequest || keyId == null) {
      return request; // a copy's metadata is set by copyWithKeyId
    }
    Map<String, String> withId = new LinkedHashMap<>(metadata);
    withId.put(KEY_ID_METADATA, keyId);
    if (request instanceof PutObjectRequest putRequest) {
      return putRequest.toBuilder().metadata(withId).build();
    }
    return ((CreateMultipartUploadRequest) request).toBuilder().metadata(withId).build();
  }


  /**
   * Under SSE-C with a write key that has an ID, the metadata a copy must carry so that the
   * copy records the key it is encrypted with: the source's metadata (read with a head, as the
   * SDK's default {@code COPY} directive would copy it) with the key ID replaced. Returns
   * {@code null} when the copy needs no change (another mode, no key ID, or a copy that
   * replaces the metadata itself, which gets the key ID added).
   *
   * @param rule the operation
   * @param copy the copy, with keys mapped and encryption fields set
   * @param sourceHead heads the source object (with its SSE-C key)
   * @return the copy to send
   */
  @SuppressWarnings("deprecation") // Expires is deprecated but still copied: COPY would keep it
  static CopyObjectRequest copyWithKeyId(SseCKeys sseCKeys, OperationRule rule,
      CopyObjectRequest copy,
      java.util.function.Supplier<software.amazon.awssdk.services.s3.model.HeadObjectResponse>
          sourceHead) {
    if (copy.destinationBucket() == null || copy.destinationKey() == null) {
      return copy;
    }
    String keyId = sseCKeys.writeKeyId(copy.destinationBucket(), copy.destinationKey());
    Map<String, String> metadata;
    CopyObjectRequest.Builder builder = copy.toBuilder();
    if (copy.metadataDirective() == software.amazon.awssdk.services.s3.model.MetadataDirective
        .REPLACE) {
      metadata = new LinkedHashMap<>(copy.metadata());
    } else {
      software.amazon.awssdk.services.s3.model.HeadObjectResponse source = sourceHead.get();
      String sourceId = source.metadata().entrySet().stream()
          .filter(e -> KEY_ID_METADATA.equalsIgnoreCase(e.getKey())).map(Map.Entry::getValue)
          .findFirst().orElse(null);
      if (Objects.equals(sourceId, keyId)) {
        return copy; // the copied metadata already names the write key
      }
      metadata = new LinkedHashMap<>(source.metadata());
      // What the COPY directive would have copied along with the user metadata.
      builder.metadataDirective(software.amazon.awssdk.services.s3.model.MetadataDirective.REPLACE)
          .contentType(source.contentType()).contentEncoding(source.contentEncoding())
          .contentDisposition(source.contentDisposition())
          .contentLanguage(source.contentLanguage()).cacheControl(source.cacheControl())
          .expires(source.expires()).websiteRedirectLocation(source.websiteRedirectLocation());
    }
    metadata.keySet().removeIf(KEY_ID_METADATA::equalsIgnoreCase);
    if (keyId != null) {
      metadata.put(KEY_ID_METADATA, keyId);
    }
    if (metadata.equals(copy.metadata()) && copy.metadataDirective()
        == software.amazon.awssdk.services.s3.model.MetadataDirective.REPLACE) {
      return copy;
    }
    return builder.metadata(metadata).build();
  }
}
