package io.github.hipaas3.internal;

import io.github.hipaas3.ViolationCode;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Request;
import software.amazon.awssdk.services.s3.model.UploadPartCopyRequest;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/**
 * The client-side modes' own checks: what a read must show (the committing envelope), the
 * length the caller sees (without the AES-GCM tag), which requests the S3 Encryption Client
 * cannot serve safely, and the copy-source check. Used by {@link EncryptionPolicy} in the
 * client-side modes only.
 */
final class ClientSideChecks {
  private ClientSideChecks() {}

  /** The AES-GCM tag the committing suite appends to the ciphertext, in bytes. */
  static final long GCM_TAG_LENGTH = 16;

  /**
   * Client-side modes: the response as the caller expects it, with the plaintext's length
   * (the ciphertext is the plaintext plus the 16-byte AES-GCM tag). Other responses unchanged.
   *
   * @param response a head or get response
   * @param <T> the response type
   * @return the response to hand over
   */
  @SuppressWarnings("unchecked") // S3 model classes are final: the builder builds a T
  static <T extends software.amazon.awssdk.services.s3.model.S3Response> T plaintextView(
      T response) {
    if (clientSideMismatch(response).isPresent()) {
      return response;
    }
    Long length = ModelFields.value(response, "ContentLength", Long.class);
    if (length == null || length < GCM_TAG_LENGTH
        || ModelFields.value(response, "ContentRange", String.class) != null) {
      return response;
    }
    software.amazon.awssdk.awscore.AwsResponse.Builder builder = response.toBuilder();
    ModelFields.set(response, builder, "ContentLength", length - GCM_TAG_LENGTH);
    return (T) builder.build();
  }

  /**
   * The user metadata holding a client-side object's binding tag (written by the data key
   * cache's puts; {@code DataKeyCacheTest} pins {@code ObjectBinding.TAG_METADATA} to it).
   */
  static final String BINDING_METADATA = "hipaa-s3-binding";

  /** The S3 Encryption Client's committing format keeps these in the object's metadata. */
  static final String[] COMMITTING_METADATA = {"x-amz-c", "x-amz-d", "x-amz-i"};

  /**
   * Client-side modes: a read must show the S3 Encryption Client's committing format (content
   * cipher, key commitment and message ID in the metadata). Writes are encrypted in-process.
   */
  static Optional<String> clientSideMismatch(SdkPojo response) {
    Optional<SdkField<?>> field = ModelFields.field(response, "Metadata");
    if (field.isEmpty()) {
      return Optional.empty();
    }
    Object metadata = field.get().getValueOrDefault(response);
    if (!(metadata instanceof Map)) {
      return Optional.of("has no client-side encryption metadata");
    }
    for (String key : COMMITTING_METADATA) {
      if (!((Map<?, ?>) metadata).containsKey(key)) {
        return Optional.of("has no client-side encryption metadata with key commitment");
      }
    }
    return Optional.empty();
  }

  /** The committing suite's ID as the S3 Encryption Client stores it ({@code x-amz-c}). */
  static final String COMMITTING_SUITE_ID = "115";

  /**
   * Client-side modes: checks that a copy's source carries this client's committing envelope
   * (a server-side copy cannot encrypt; copying a plaintext source would store plaintext at the
   * destination) and returns the copy conditioned on the source's ETag, so that the source
   * cannot be replaced between this check and the copy.
   *
   * @param rule the operation
   * @param copy the copy, keys mapped
   * @param head heads the source (on the underlying client)
   * @return the copy to send
   */
  static CopyObjectRequest checkCopySource(OperationRule rule, CopyObjectRequest copy,
      java.util.function.Function<HeadObjectRequest, ? extends SdkPojo> head) {
    if (copy.sourceBucket() == null || copy.sourceKey() == null) {
      throw Violations.refused(ViolationCode.INVALID_NAME, rule.operationName(),
          "With client-side encryption the copy source must be given as sourceBucket and"
              + " sourceKey (and sourceVersionId), so hipaa-s3 can check that it is encrypted.");
    }
    SdkPojo source = head.apply(HeadObjectRequest.builder().bucket(copy.sourceBucket())
        .key(copy.sourceKey()).versionId(copy.sourceVersionId())
        .expectedBucketOwner(copy.expectedSourceBucketOwner()).build());
    Object metadata = ModelFields.value(source, "Metadata");
    String suite = metadata instanceof Map ? (String) ((Map<?, ?>) metadata).get("x-amz-c")
        : null;
    if (clientSideMismatch(source).isPresent() || !COMMITTING_SUITE_ID.equals(suite)) {
      throw Violations.refused(ViolationCode.OBJECT_NOT_ENCRYPTED, rule.operationName(),
          "The copy source is not encrypted by client-side encryption with key commitment, so"
              + " a copy in S3 would store it unencrypted (or in a weaker format) at the"
              + " destination; a server-side copy cannot encrypt. Read the source with"
              + " getObject and write it with putObject through this client instead (for a"
              + " plaintext source, read it once with a client built with"
              + " insecureAllowReadingUnencryptedObjects(true)).");
    }
    String etag = ModelFields.value(source, "ETag", String.class);
    if (etag == null) {
      throw Violations.refused(ViolationCode.OBJECT_NOT_ENCRYPTED, rule.operationName(),
          "S3 gave the copy source no ETag, so the copy cannot be tied to the checked source."
              + " Read it with getObject and write it with putObject instead.");
    }
    if (copy.copySourceIfMatch() != null && !copy.copySourceIfMatch().equals(etag)) {
      throw Violations.refused(ViolationCode.OBJECT_NOT_ENCRYPTED, rule.operationName(),
          "The request's copySourceIfMatch differs from the ETag of the source hipaa-s3"
              + " checked, so the copy could take an unchecked object. Retry the copy.");
    }
    if (!copy.sourceBucket().equals(copy.destinationBucket())
        || !copy.sourceKey().equals(copy.destinationKey())) {
      throw Violations.refused(ViolationCode.OPERATION_REFUSED, rule.operationName(),
          "With client-side encryption every object is bound to its bucket and stored key, and"
              + " a copy in S3 keeps the source's binding, so the copy would not read under"
              + " another ID or bucket. Read the source with getObject and write it with"
              + " putObject through this client instead (a copy onto the same ID, for example"
              + " to restore an older version, is allowed).");
    }
    return copy.toBuilder().copySourceIfMatch(etag).build();
  }

  /**
   * Client-side modes: refuses what the S3 Encryption Client cannot do safely with plain S3
   * calls: low-level multipart uploads (the encryption client needs the last part marked and
   * parts in order, which S3Client code cannot say), part copies (they produce broken
   * ciphertext), copies that replace metadata (they drop the encryption envelope), user
   * metadata names in the {@code x-amz-} namespace the envelope uses, and the name of the
   * binding tag.
   *
   * @param rule the operation
   * @param request the request
   */
  static void check(OperationRule rule, S3Request request) {
    if (request instanceof CreateMultipartUploadRequest || request instanceof UploadPartRequest
        || request instanceof UploadPartCopyRequest
        || request instanceof CompleteMultipartUploadRequest) {
      throw Violations.refused(ViolationCode.OPERATION_REFUSED, rule.operationName(),
          "With client-side encryption, multipart uploads are done by putObject: bodies above"
              + " multipartThreshold are encrypted and uploaded in parts automatically. A"
              + " hand-driven multipart upload cannot mark its last part for the S3 Encryption"
              + " Client, and part copies would break the ciphertext. Call putObject.");
    }
    if (request instanceof CopyObjectRequest copyRequest
        && "REPLACE".equals(copyRequest.metadataDirectiveAsString())) {
      throw Violations.refused(ViolationCode.ENCRYPTION_CONFLICT, rule.operationName(),
          "A copy with MetadataDirective REPLACE drops the client-side encryption envelope"
              + " stored in the object's metadata, leaving an object no one can decrypt. Copy"
              + " with the default directive (COPY).");
    }
    request.getValueForField("Metadata", Map.class).ifPresent(metadata -> {
      for (Object name : metadata.keySet()) {
        String lower = String.valueOf(name).toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("x-amz-")) {
          throw Violations.refused(ViolationCode.ENCRYPTION_CONFLICT, rule.operationName(),
              "A user metadata name starts with x-amz-, the namespace the S3 Encryption"
                  + " Client stores its envelope in. Rename the metadata entry.");
        }
        if (lower.equals(BINDING_METADATA)) {
          throw Violations.refused(ViolationCode.ENCRYPTION_CONFLICT, rule.operationName(),
              "A user metadata name is " + BINDING_METADATA + ", which hipaa-s3 keeps for the"
                  + " tag that binds a client-side object to its bucket and key (a caller's"
                  + " value would be replaced, or make the object unreadable). Rename the"
                  + " metadata entry.");
        }
      }
    });
  }
}
