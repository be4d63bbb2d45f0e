package io.github.hipaas3.internal;

import io.github.hipaas3.HipaaS3ConfigurationException;
import io.github.hipaas3.HipaaS3SecurityException;
import io.github.hipaas3.ViolationCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.ChecksumType;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Request;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * Puts a checksum on every write and asks for it back on every read. Puts and parts carry the
 * client's algorithm (the SDK computes the value as the body streams); multipart uploads are
 * created with it and, for the CRC algorithms, as full-object checksums; completes carry each
 * part's checksum. Gets ask S3 for the checksum, which the SDK checks against the data at end
 * of stream, and a whole-object get without a full-object checksum is refused (or, opted in,
 * logged), because its data cannot be verified.
 */
public final class IntegrityPolicy {
  private static final Logger LOG = LoggerFactory.getLogger(IntegrityPolicy.class);

  /** The checksum fields the SDK validates on a get, by algorithm. */
  static final Map<ChecksumAlgorithm, String> VALUE_FIELDS = Map.of(
      ChecksumAlgorithm.CRC32, "ChecksumCRC32",
      ChecksumAlgorithm.CRC32_C, "ChecksumCRC32C",
      ChecksumAlgorithm.CRC64_NVME, "ChecksumCRC64NVME",
      ChecksumAlgorithm.SHA1, "ChecksumSHA1",
      ChecksumAlgorithm.SHA256, "ChecksumSHA256");

  /** Uploads whose part checksums are remembered at once; more are not tracked. */
  static final int MAX_TRACKED_UPLOADS = 10_000;

  private final ChecksumAlgorithm algorithm;
  private final boolean allowMissing;
  private final Map<String, Upload> uploads = new ConcurrentHashMap<>();

  /** The algorithm of one multipart upload and the checksums of its parts so far. */
  private static final class Upload {
    final ChecksumAlgorithm algorithm;
    final Map<Integer, String> parts = new ConcurrentHashMap<>();

    Upload(ChecksumAlgorithm algorithm) {
      this.algorithm = algorithm;
    }
  }

  /**
   * Checks that hipaa-s3 offers the algorithm: CRC32C, SHA-256, and CRC64NVME only where the
   * SDK can compute it.
   *
   * @param algorithm the configured algorithm
   * @throws HipaaS3ConfigurationException when it is not offered or cannot be computed here
   */
  public static void checkAlgorithm(ChecksumAlgorithm algorithm) {
    if (algorithm != ChecksumAlgorithm.CRC32_C && algorithm != ChecksumAlgorithm.CRC64_NVME
        && algorithm != ChecksumAlgorithm.SHA256) {
      throw new HipaaS3ConfigurationException("checksumAlgorithm " + algorithm + " is not"
          + " supported. Use CRC32_C (the default), CRC64_NVME or SHA256.");
    }
    if (algorithm == ChecksumAlgorithm.CRC64_NVME) {
      try {
        Class.forName("software.amazon.awssdk.crt.checksums.CRC64NVME", false,
            IntegrityPolicy.class.getClassLoader());
      } catch (ClassNotFoundException | LinkageError e) {
        throw new HipaaS3ConfigurationException("checksumAlgorithm CRC64_NVME needs the AWS"
            + " Common Runtime: add software.amazon.awssdk.crt:aws-crt to the dependencies,"
            + " or use CRC32_C, which the JDK computes.");
      }
    }
  }

  /**
   * Creates the policy.
   *
   * @param algorithm the checksum algorithm for writes
   * @param allowMissing the opt-in that turns a get without a checksum into a warning
   */
  public IntegrityPolicy(ChecksumAlgorithm algorithm, boolean allowMissing) {
    this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
    this.allowMissing = allowMissing;
  }

  /** Whether an algorithm can make a full-object checksum of a multipart upload. */
  static boolean fullObjectCapable(ChecksumAlgorithm algorithm) {
    return algorithm == ChecksumAlgorithm.CRC32 || algorithm == ChecksumAlgorithm.CRC32_C
        || algorithm == ChecksumAlgorithm.CRC64_NVME;
  }

  /**
   * The request with the checksum settings: an algorithm on puts, parts and new multipart
   * uploads (unless the caller chose one or gave a value), checksum mode on gets and heads, and
   * part checksums on completes.
   *
   * @param request the request, keys mapped
   * @param <T> the request type
   * @return the request to send
   */
  @SuppressWarnings("unchecked") // every S3 model request class is final: T is the exact class
  public <T extends S3Request> T apply(T request) {
    if (request instanceof PutObjectRequest put) {
      return put.checksumAlgorithm() != null || hasValue(put) ? request
          : (T) put.toBuilder().checksumAlgorithm(algorithm).build();
    }
    if (request instanceof UploadPartRequest part) {
      Upload upload = part.uploadId() == null ? null : uploads.get(part.uploadId());
      return part.checksumAlgorithm() != null || hasValue(part) ? request
          : (T) part.toBuilder().checksumAlgorithm(
              upload != null ? upload.algorithm : algorithm).build();
    }
    if (request instanceof CreateMultipartUploadRequest create) {
      CreateMultipartUploadRequest.Builder b = create.toBuilder();
      ChecksumAlgorithm chosen = create.checksumAlgorithm() != null
          ? create.checksumAlgorithm() : algorithm;
      b.checksumAlgorithm(chosen);
      if (create.checksumType() == null && fullObjectCapable(chosen)) {
        b.checksumType(ChecksumType.FULL_OBJECT);
      }
      return (T) b.build();
    }
    if (request instanceof GetObjectRequest get) {
      return get.checksumMode() != null ? request
          : (T) get.toBuilder().checksumMode(ChecksumMode.ENABLED).build();
    }
    if (request instanceof HeadObjectRequest head) {
      return head.checksumMode() != null ? request
          : (T) head.toBuilder().checksumMode(ChecksumMode.ENABLED).build();
    }
    if (request instanceof CompleteMultipartUploadRequest completeRequest) {
      return (T) withPartChecksums(completeRequest);
    }
    return request;
  }

  /**
   * Remembers what a multipart upload needs at completion: its algorithm (from the create
   * response) and each part's checksum (from the part responses). Forgets an upload when it is
   * completed or aborted.
   *
   * @param sent the request as sent
   * @param response the response
   */
  public void record(S3Request sent, Object response) {
    if (response instanceof CreateMultipartUploadResponse created) {
      if (created.uploadId() != null && created.checksumAlgorithm() != null
          && uploads.size() < MAX_TRACKED_UPLOADS) {
        uploads.put(created.uploadId(), new Upload(created.checksumAlgorithm()));
      }
    } else if (response instanceof UploadPartResponse partResponse
        && sent instanceof UploadPartRequest part) {
      Upload upload = part.uploadId() == null ? null : uploads.get(part.uploadId());
      if (upload != null && part.partNumber() != null) {
        String value = valueOf(partResponse, upload.algorithm);
        if (value != null) {
          upload.parts.put(part.partNumber(), value);
        }
      }
    } else if (sent instanceof CompleteMultipartUploadRequest completeRequest) {
      forget(completeRequest.uploadId());
    } else if (sent instanceof AbortMultipartUploadRequest abortRequest) {
      forget(abortRequest.uploadId());
    }
  }

  private void forget(String uploadId) {
    if (uploadId != null) {
      uploads.remove(uploadId);
    }
  }

  /** Fills in the part checksums a caller's complete request leaves out (S3 requires them). */
  private CompleteMultipartUploadRequest withPartChecksums(
      CompleteMultipartUploadRequest complete) {
    Upload upload = complete.uploadId() == null ? null : uploads.get(complete.uploadId());
    CompletedMultipartUpload mpu = complete.multipartUpload();
    if (upload == null || mpu == null || !mpu.hasParts()) {
      return complete;
    }
    String field = VALUE_FIELDS.get(upload.algorithm);
    List<CompletedPart> parts = new ArrayList<>();
    boolean changed = false;
    for (CompletedPart part : mpu.parts()) {
      String known = part.partNumber() == null ? null : upload.parts.get(part.partNumber());
      if (known != null && field != null
          && part.getValueForField(field, String.class).isEmpty()) {
        CompletedPart.Builder b = part.toBuilder();
        ModelFields.set(part, b, field, known);
        parts.add(b.build());
        changed = true;
      } else {
        parts.add(part);
      }
    }
    return changed ? complete.toBuilder()
        .multipartUpload(mpu.toBuilder().parts(parts).build()).build() : complete;
  }

  private static boolean hasValue(S3Request request) {
    for (String field : VALUE_FIELDS.values()) {
      if (request.getValueForField(field, String.class).isPresent()) {
        return true;
      }
    }
    return false;
  }

  private static @Nullable String valueOf(SdkPojo response, ChecksumAlgorithm algorithm) {
    String field = VALUE_FIELDS.get(algorithm);
    return field == null ? null : ModelFields.value(response, field, String.class);
  }

  /**
   * Refuses a response to a whole-object get (no range, no part number) that is partial:
   * status 206 or a {@code Content-Range} header. A server or proxy that answers with a slice
   * could hand over data that passes the other checks (a slice of a server-side encrypted
   * object carries the encryption headers; its checksum may be left out or made up). Runs
   * before any data reaches the caller.
   *
   * @param operationName the operation
   * @param sent the get as sent
   * @param response the get response
   * @throws HipaaS3SecurityException ({@code PARTIAL_RESPONSE}) when the answer is partial
   */
  public static void verifyWholeObject(String operationName, GetObjectRequest sent,
      GetObjectResponse response) {
    if (sent.range() != null || sent.partNumber() != null) {
      return;
    }
    boolean partialStatus = response.sdkHttpResponse() != null
        && response.sdkHttpResponse().statusCode() == 206;
    if (partialStatus || response.contentRange() != null) {
      throw new HipaaS3SecurityException(ViolationCode.PARTIAL_RESPONSE, operationName
          + " asked for the whole object, but the answer is partial ("
          + (partialStatus ? "status 206 Partial Content" : "a Content-Range header")
          + "), so its data may be a slice of the object. No object data was returned. S3"
          + " answers a get without a range with the whole object: check the endpoint and any"
          + " proxy between this client and S3, then get the object again.", null);
    }
  }

  /**
   * Refuses (or, opted in, logs) a whole-object get whose response carries no full-object
   * checksum the SDK can check the data against. Ranged and part gets carry none and are
   * exempt; a composite (per-part) multipart checksum cannot be checked against the whole body.
   *
   * @param rule the operation
   * @param sent the get as sent
   * @param response the get response
   */
  public void verifyRead(OperationRule rule, GetObjectRequest sent, SdkPojo response) {
    if (sent.range() != null || sent.partNumber() != null) {
      return;
    }
    Object checksumType = ModelFields.value(response, "ChecksumType");
    String type = checksumType == null ? null : checksumType.toString();
    boolean full = false;
    for (String field : VALUE_FIELDS.values()) {
      String v = ModelFields.value(response, field, String.class);
      full |= v != null && !v.contains("-");
    }
    if (full && !ChecksumType.COMPOSITE.toString().equals(type)) {
      return;
    }
    String message = rule.operationName() + " returned an object without a full-object"
        + " checksum, so its data cannot be verified against what was written. It was written"
        + " without hipaa-s3 (or by a multipart upload with a per-part SHA-256 checksum)."
        + " Rewrite it through hipaa-s3 (a copy with checksumAlgorithm set adds one)";
    Violations.unverifiedRead(allowMissing, "insecureAllowReadingWithoutChecksums",
        ViolationCode.CHECKSUM_MISSING, message, LOG);
  }
}
