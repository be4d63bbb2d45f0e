package io.github.hipaas3.internal;

import io.github.hipaas3.EncryptionMode;
import io.github.hipaas3.HipaaS3Exception;
import io.github.hipaas3.HipaaS3SecurityException;
import io.github.hipaas3.ViolationCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectTaggingRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.DeletedObject;
import software.amazon.awssdk.services.s3.model.GetObjectAclRequest;
import software.amazon.awssdk.services.s3.model.GetObjectAnnotationRequest;
import software.amazon.awssdk.services.s3.model.GetObjectAttributesRequest;
import software.amazon.awssdk.services.s3.model.GetObjectLegalHoldRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.GetObjectRetentionRequest;
import software.amazon.awssdk.services.s3.model.GetObjectTaggingRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectAnnotationsRequest;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.ObjectOwnership;
import software.amazon.awssdk.services.s3.model.PutObjectLegalHoldRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRetentionRequest;
import software.amazon.awssdk.services.s3.model.PutObjectTaggingRequest;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Request;
import software.amazon.awssdk.services.s3.model.UploadPartCopyRequest;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.encryption.s3.S3EncryptionClient;
import software.amazon.encryption.s3.S3EncryptionClientException;

/**
 * The single chokepoint. Every operation of {@code HipaaS3Client} passes {@link #invoke}; the
 * operation is looked up in the {@link OperationTable}, refused unless it is listed, checked,
 * rewritten when it writes, and only then handed to the underlying client.
 */
public final class PolicyGate {

  /** Request fields that carry ACLs; names as in the S3 API model. */
  static final List<String> ACL_FIELDS = List.of(
      "ACL", "GrantFullControl", "GrantRead", "GrantReadACP", "GrantWrite", "GrantWriteACP");

  /** Request fields that name a bucket. */
  static final List<String> BUCKET_FIELDS = List.of("Bucket", "SourceBucket", "DestinationBucket");

  /** The suffix AWS reserves for S3 Express One Zone directory bucket names. */
  static final String DIRECTORY_BUCKET_SUFFIX = "--x-s3";

  /**
   * Reads of one object. With older key-hashing secrets, a read that finds nothing under the
   * current secret's key is retried under each older secret's key.
   */
  static final Set<Class<? extends S3Request>> OBJECT_READS = Set.of(
      GetObjectRequest.class, HeadObjectRequest.class, GetObjectAttributesRequest.class,
      GetObjectTaggingRequest.class, GetObjectRetentionRequest.class,
      GetObjectLegalHoldRequest.class, GetObjectAclRequest.class,
      GetObjectAnnotationRequest.class, ListObjectAnnotationsRequest.class);

  /**
   * Writes that address an existing object (and copy sources). With older key-hashing secrets,
   * the key is resolved by asking S3 (HEAD) which secret's key exists, newest first; a delete
   * without a version ID puts a delete marker on every key that exists.
   */
  static final Set<Class<? extends S3Request>> EXISTING_OBJECT_WRITES = Set.of(
      DeleteObjectRequest.class, DeleteObjectsRequest.class, PutObjectTaggingRequest.class,
      DeleteObjectTaggingRequest.class, PutObjectRetentionRequest.class,
      PutObjectLegalHoldRequest.class, CopyObjectRequest.class, UploadPartCopyRequest.class);

  /** Writes whose responses must show the encryption that was asked for. */
  static final Set<Class<? extends S3Request>> WRITES_WITH_DATA = Set.of(
      PutObjectRequest.class, CopyObjectRequest.class, CreateMultipartUploadRequest.class,
      UploadPartRequest.class, UploadPartCopyRequest.class,
      CompleteMultipartUploadRequest.class);

  private final NamePolicy names;
  private final EncryptionPolicy encryption;
  private final boolean allowUnauthenticatedRanges;
  private final RetentionPolicy retention;
  private final IntegrityPolicy integrity;
  private final BucketCheck bucketCheck;
  private final ObjectKeyMapper mapper;
  private final Predicate<HeadObjectRequest> objectExists;
  private final Function<HeadObjectRequest, HeadObjectResponse> head;
  private final AuditTrail audit;

  /**
   * Creates the gate.
   *
   * @param names the name screening policy
   * @param mapper the key mapper, or {@code null} in pass-through mode
   * @param objectExists asks the underlying client whether an object exists (used only to find
   *     which key-hashing secrets an existing object is stored under): false on 404 only; any
   *     other failure (403, 5xx) is thrown, never taken as an answer
   * @param encryption the encryption policy
   * @param allowUnauthenticatedRanges the insecure opt-in for ranged gets under client-side
   *     encryption
   * @param retention the version and retention rules
   * @param integrity the checksum rules
   * @param bucketCheck the first-use bucket check, or {@code null} when it is skipped
   * @param head heads an object on the underlying client (for the current retention of an
   *     object whose retention is changed)
   * @param audit the audit trail, or {@code null} when auditing is off
   */
  public PolicyGate(NamePolicy names,
      ObjectKeyMapper mapper, Predicate<HeadObjectRequest> objectExists,
      EncryptionPolicy encryption, boolean allowUnauthenticatedRanges,
      RetentionPolicy retention, IntegrityPolicy integrity, BucketCheck bucketCheck,
      Function<HeadObjectRequest, HeadObjectResponse> head, AuditTrail audit) {
    this.audit = audit;
    this.retention = Objects.requireNonNull(retention, "retention");
    this.integrity = Objects.requireNonNull(integrity, "integrity");
    this.bucketCheck = bucketCheck;
    this.head = Objects.requireNonNull(head, "head");
    this.names = Objects.requireNonNull(names, "names");
    this.encryption = Objects.requireNonNull(encryption, "encryption");
    this.allowUnauthenticatedRanges = allowUnauthenticatedRanges;
    this.mapper = mapper;
    this.objectExists = Objects.requireNonNull(objectExists, "objectExists");
  }

  /**
   * The key an object ID is stored under with the current secret.
   *
   * @param objectId the object ID
   * @return the key
   */
  public String objectKey(String objectId) {
    if (mapper == null) {
      throw Violations.refused(ViolationCode.INVALID_NAME, "objectKey",
          "The client is in PASS_THROUGH key mode, so keys are not hashed. Build the client"
              + " with KeyMode.HASHED and a key-hashing secret.");
    }
    return mapper.keyFor(objectId, "objectKey");
  }

  /**
   * Gates one operation.
   *
   * @param request the caller's request
   * @param operation the call on the underlying client
   * @param <T> the request type
   * @param <R> the result type
   * @return the underlying client's result
   */
  public <T extends S3Request, R> R invoke(T request, Function<T, R> operation) {
    return invoke(request, operation, null);
  }

  /**
   * Gates one operation with a request body, whose length is recorded in the audit event.
   *
   * @param request the caller's request
   * @param operation the call on the underlying client
   * @param bodyLength the body's length, read when the call ends (so it can be the count of
   *     the bytes streamed), or {@code null}; it may return {@code null}
   * @param <T> the request type
   * @param <R> the result type
   * @return the underlying client's result
   */
  public <T extends S3Request, R> R invoke(T request, Function<T, R> operation,
      Supplier<Long> bodyLength) {
    if (request == null) {
      throw new NullPointerException("request must not be null");
    }
    if (audit == null) {
      return gated(request, operation);
    }
    //= HIPAA 164.312(b) audit controls: one event per gated call, allowed, refused or failed.
    AuditTrail.Call call = audit.begin(OperationRule.operationName(request.getClass()), request,
        bodyLength);
    Object result = null;
    Throwable error = null;
    try {
      R r = gated(request, operation);
      result = r;
      return r;
    } catch (RuntimeException | Error e) {
      error = e;
      throw e;
    } finally {
      call.end(result, error);
    }
  }

  private <T extends S3Request, R> R gated(T request, Function<T, R> operation) {
    if (Interruption.pending()) {
      throw Interruption.beforeSending(OperationRule.operationName(request.getClass()), null,
          null);
    }
    OperationRule rule = OperationTable.ruleFor(request.getClass()).orElseThrow(
        () -> Violations.refused(ViolationCode.OPERATION_REFUSED,
            OperationRule.operationName(request.getClass()),
            "It is not on hipaa-s3's reviewed allowlist of operations (deny by default)."
                + " Upgrade hipaa-s3 or open an issue to have the operation reviewed."));
    if (rule.disposition() == Disposition.REFUSE) {
      throw Violations.refused(rule.refusalCode(), rule.operationName(), rule.reason());
    }
    checkDirectoryBucket(rule, request);
    checkOverrides(rule, request);
    checkAclFields(rule, request);
    retention.check(rule, request);
    names.screen(rule, request);
    T rewritten = rule.disposition() == Disposition.REWRITE ? rewrite(rule, request) : request;
    checkRange(rule, rewritten);
    encryption.checkClientSide(rule, rewritten);
    if (mapper == null) {
      return send(rule, rewritten, operation);
    }
    String op = rule.operationName();
    if (!mapper.hasOlderSecrets()) {
      return send(rule, names.mapKeys(rewritten,
          (field, bucket, version, id) -> mapper.keyFor(id, op)), operation);
    }
    if (OBJECT_READS.contains(request.getClass())) {
      return readWithOlderSecrets(rule, rewritten, operation);
    }
    if (rewritten instanceof DeleteObjectRequest
        && ((DeleteObjectRequest) rewritten).versionId() == null) {
      @SuppressWarnings("unchecked") // T is DeleteObjectRequest here
      Function<DeleteObjectRequest, R> delete = (Function<DeleteObjectRequest, R>) operation;
      return deleteEveryKeyForm(rule, (DeleteObjectRequest) rewritten, delete);
    }
    if (rewritten instanceof DeleteObjectsRequest) {
      @SuppressWarnings("unchecked") // T is DeleteObjectsRequest here
      Function<DeleteObjectsRequest, R> delete = (Function<DeleteObjectsRequest, R>) operation;
      return deleteObjectsEveryKeyForm(rule, (DeleteObjectsRequest) rewritten, delete);
    }
    if (EXISTING_OBJECT_WRITES.contains(request.getClass())) {
      return send(rule, names.mapKeys(rewritten, (field, bucket, version, id) ->
          "DestinationKey".equals(field) ? mapper.keyFor(id, op)
              : existingKey(bucket, version, id, op)), operation);
    }
    return send(rule, names.mapKeys(rewritten,
        (field, bucket, version, id) -> mapper.keyFor(id, op)), operation);
  }

  /**
   * Sets the encryption fields on a request whose keys are final, sends it, and checks the
   * response: writes must show the encryption asked for, heads an allowed encryption. (Gets
   * are checked by the client's response transformer, before any data is handed over.)
   */
  private <T extends S3Request, R> R send(OperationRule rule, T request,
      Function<T, R> operation) {
    int attempts = encryption.sseCAttempts(request);
    RuntimeException first = null;
    for (int attempt = 0; ; attempt++) {
      try {
        return sendAttempt(rule, request, operation, attempt);
      } catch (RuntimeException e) {
        // Under SSE-C with older keys, a read (or a copy's source) that S3 refused for the key
        // is tried with the next older key; in the end the current key's failure is reported.
        if (!encryption.mayBeWrongSseCKey(e)) {
          throw e;
        }
        if (first == null) {
          first = e;
        }
        if (attempt + 1 >= attempts) {
          throw first;
        }
      }
    }
  }

  private <T extends S3Request, R> R sendAttempt(OperationRule rule, T request,
      Function<T, R> operation, int attempt) {
    T toSend = integrity.apply(encryption.apply(rule, request, attempt));
    if (bucketCheck != null) {
      checkBucket(rule, toSend);
    }
    if (encryption.kind().clientSide() && toSend instanceof CopyObjectRequest) {
      @SuppressWarnings("unchecked") // T is CopyObjectRequest here
      T conditioned = (T) encryption.checkClientSideCopySource(rule,
          (CopyObjectRequest) toSend, head);
      toSend = conditioned;
    }
    if (encryption.kind() == EncryptionMode.Kind.SSE_C && toSend instanceof CopyObjectRequest) {
      CopyObjectRequest copy = (CopyObjectRequest) toSend;
      @SuppressWarnings("unchecked") // T is CopyObjectRequest here
      T withKeyId = (T) encryption.copyWithKeyId(rule, copy, () -> sourceHead(copy, attempt));
      toSend = withKeyId;
    }
    if (toSend instanceof PutObjectRetentionRequest) {
      retention.checkRetentionChange(rule, (PutObjectRetentionRequest) toSend,
          currentLock((PutObjectRetentionRequest) toSend));
    }
    AuditTrail.Call call = AuditTrail.current();
    if (call != null) {
      call.sent(toSend);
    }
    R response;
    try {
      response = operation.apply(toSend);
    } catch (S3Exception e) {
      throw encryption.explainFailure(rule, toSend, e);
    } catch (S3EncryptionClientException e) {
      throw clientSideFailure(rule, toSend, e);
    }
    integrity.record(toSend, response);
    if (response instanceof SdkPojo) {
      if (WRITES_WITH_DATA.contains(toSend.getClass())) {
        encryption.verifyWrite(rule, toSend, (SdkPojo) response);
      } else if (toSend instanceof HeadObjectRequest) {
        encryption.verifyRead(rule, toSend, (SdkPojo) response);
        retention.verifyRead(rule, (SdkPojo) response);
        @SuppressWarnings("unchecked") // a head returns HeadObjectResponse, which R is
        R plain = (R) encryption.plaintextView((HeadObjectResponse) response);
        return plain;
      }
    }
    return response;
  }

  /** The bucket an object operation addresses (a copy's destination), checked on first use. */
  private void checkBucket(OperationRule rule, S3Request request) {
    java.util.Optional<String> destination =
        request.getValueForField("DestinationBucket", String.class);
    if (destination.isPresent()) {
      bucketCheck.require(rule, destination.get());
    } else if (request.getValueForField("Key", String.class).isPresent()
        || request instanceof DeleteObjectsRequest) {
      request.getValueForField("Bucket", String.class)
          .ifPresent(bucket -> bucketCheck.require(rule, bucket));
    }
  }

  /**
   * Heads a copy's source with the SSE-C read key of this attempt, checking that the answer is
   * for that key (servers that do not check the key answer with the object's key MD5).
   */
  private HeadObjectResponse sourceHead(CopyObjectRequest copy, int attempt) {
    OperationRule headRule = OperationTable.ruleFor(HeadObjectRequest.class).orElseThrow();
    HeadObjectRequest lookup = encryption.apply(headRule, HeadObjectRequest.builder()
        .bucket(copy.sourceBucket()).key(copy.sourceKey()).versionId(copy.sourceVersionId())
        .build(), attempt);
    HeadObjectResponse response = head.apply(lookup);
    encryption.verifyRead(headRule, lookup, response);
    return response;
  }

  /**
   * Heads an object for the gate's own checks, with each SSE-C read key in turn while S3
   * refuses the key; other modes need one head.
   */
  private <R> R headAnyKey(HeadObjectRequest request, Function<HeadObjectRequest, R> lookup) {
    OperationRule headRule = OperationTable.ruleFor(HeadObjectRequest.class).orElseThrow();
    int attempts = encryption.sseCAttempts(request);
    RuntimeException first = null;
    for (int attempt = 0; ; attempt++) {
      try {
        return lookup.apply(encryption.apply(headRule, request, attempt));
      } catch (RuntimeException e) {
        if (!encryption.mayBeWrongSseCKey(e)) {
          throw e;
        }
        if (first == null) {
          first = e;
        }
        if (attempt + 1 >= attempts) {
          throw first;
        }
      }
    }
  }

  /** The object's current head (lock fields), or {@code null} when S3 has no such object. */
  private HeadObjectResponse currentLock(PutObjectRetentionRequest request) {
    try {
      return headAnyKey(HeadObjectRequest.builder().bucket(request.bucket()).key(request.key())
          .versionId(request.versionId()).build(), head);
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return null;
      }
      throw e;
    }
  }

  /**
   * The S3 Encryption Client wraps service errors and reports decryption failures with its
   * own exceptions. Service errors are handed on unwrapped; an interrupted call is reported as
   * interrupted; a failed get becomes {@link HipaaS3SecurityException}
   * ({@code DECRYPTION_FAILED}).
   */
  private static RuntimeException clientSideFailure(OperationRule rule, S3Request request,
      S3EncryptionClientException e) {
    if (Interruption.causedBy(e)) {
      // For example a multipart put whose wait for its parts was interrupted (the wait clears
      // the interrupt flag): not a decryption or S3 failure.
      return Interruption.duringCall(rule.operationName(), e);
    }
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof HipaaS3Exception) {
        return (HipaaS3Exception) c;
      }
      if (request instanceof GetObjectRequest && c instanceof S3EncryptionClientException
          && String.valueOf(c.getMessage()).contains(NO_ENVELOPE)) {
        // No envelope in the metadata, so the encryption client looked for an instruction
        // file and found none: the object was not written by client-side encryption.
        return new HipaaS3SecurityException(ViolationCode.OBJECT_NOT_ENCRYPTED,
            rule.operationName() + " was refused: the object has no client-side encryption"
                + " envelope, so it is not encrypted by the client's mode. No object data was"
                + " returned. Re-encrypt legacy objects by reading them with a client built with"
                + " insecureAllowReadingUnencryptedObjects(true) and writing them with putObject"
                + " through hipaa-s3; a copy cannot encrypt client-side.", e);
      }
      if (c instanceof AwsServiceException) {
        return (AwsServiceException) c;
      }
    }
    if (request instanceof GetObjectRequest) {
      return decryptionFailed(rule, e);
    }
    return e;
  }

  /**
   * How the S3 Encryption Client 4.0.1 reports an object without an envelope (it looks for an
   * instruction file, which does not exist). {@code ClientSideEncryptionIT} pins this text.
   */
  static final String NO_ENVELOPE = "while fetching Instruction File";

  static HipaaS3SecurityException decryptionFailed(OperationRule rule, Throwable cause) {
    return new HipaaS3SecurityException(ViolationCode.DECRYPTION_FAILED, rule.operationName()
        + " failed client-side decryption and returned no plaintext: the ciphertext or its"
        + " envelope was altered, the object was encrypted under another key or without key"
        + " commitment, or it is larger than authenticationBufferSize. Check the object's"
        + " history (versions, access logs) before trusting it again.", cause);
  }

  /**
   * A transformer that checks a get's response headers before the caller's transformer sees
   * any data; on a failed check the stream is aborted and nothing is handed over.
   *
   * @param sent the request as sent
   * @param transformer the caller's transformer
   * @param <R> the transformer's result
   * @return the checking transformer
   */
  public <R> ResponseTransformer<GetObjectResponse, R> checkingTransformer(
      GetObjectRequest sent, ResponseTransformer<GetObjectResponse, R> transformer) {
    OperationRule rule = OperationTable.ruleFor(GetObjectRequest.class).orElseThrow();
    return new ResponseTransformer<>() {
      @Override
      public R transform(GetObjectResponse response, AbortableInputStream in) throws Exception {
        AuditTrail.Call call = AuditTrail.current();
        if (call != null) {
          // The caller's view: plaintext length under client-side encryption.
          call.response(encryption.kind().clientSide() ? encryption.plaintextView(response)
              : response);
        }
        try {
          IntegrityPolicy.verifyWholeObject(rule.operationName(), sent, response);
          encryption.verifyRead(rule, sent, response);
          retention.verifyRead(rule, response);
          integrity.verifyRead(rule, sent, response);
        } catch (RuntimeException e) {
          in.abort();
          throw e;
        }
        if (!encryption.kind().clientSide()) {
          return transformer.transform(response, in);
        }
        return transformer.transform(encryption.plaintextView(response),
            AbortableInputStream.create(new AuthenticatedPlaintext(in, rule), in));
      }

      @Override
      public boolean needsConnectionLeftOpen() {
        return transformer.needsConnectionLeftOpen();
      }
    };
  }

  /**
   * Ranged and part gets under client-side encryption return plaintext that was never
   * authenticated (the GCM tag covers the whole object), so they are refused unless opted in.
   */
  private void checkRange(OperationRule rule, S3Request request) {
    if (!encryption.kind().clientSide() || allowUnauthenticatedRanges) {
      return;
    }
    boolean ranged = request.getValueForField("Range", String.class).isPresent()
        || request.getValueForField("PartNumber", Integer.class).isPresent();
    if (ranged && (request instanceof GetObjectRequest || request instanceof HeadObjectRequest)) {
      throw Violations.refused(ViolationCode.UNAUTHENTICATED_RANGE, rule.operationName(),
          "The request asks for a byte range (or a part) of a client-side encrypted object."
              + " The S3 Encryption Client can decrypt a range only without authenticating it"
              + " (the AES-GCM tag covers the whole object), so a tampered range would be"
              + " returned as plaintext. Get the whole object, or set"
              + " insecureAllowUnauthenticatedRangedGets(true) on the client.");
    }
  }

  /** Tries the current secret's key, then each older one's, while S3 answers 404. */
  private <T extends S3Request, R> R readWithOlderSecrets(
      OperationRule rule, T request, Function<T, R> operation) {
    String op = rule.operationName();
    String objectId = request.getValueForField("Key", String.class).orElse(null);
    if (objectId == null) {
      return send(rule, request, operation); // the SDK reports the missing key
    }
    List<String> candidates = mapper.candidateKeys(objectId, op);
    S3Exception first = null;
    for (String candidate : candidates) {
      try {
        return send(rule, names.mapKeys(request, (field, bucket, version, id) -> candidate),
            operation);
      } catch (S3Exception e) {
        // A delete marker on this key means the object was deleted: an older secret's copy
        // must not come back. Only a plain 404 (no such key at all) falls back.
        if (e.statusCode() != 404 || isNoSuchBucket(e) || isDeleteMarker(e)) {
          throw e;
        }
        if (first == null) {
          first = e;
        }
      }
    }
    throw first;
  }

  private static boolean isNoSuchBucket(S3Exception e) {
    return e.awsErrorDetails() != null
        && "NoSuchBucket".equals(e.awsErrorDetails().errorCode());
  }

  /**
   * Whether S3 answered that the key's current version (or the version asked for) is a delete
   * marker: header {@code x-amz-delete-marker: true} on the error response.
   *
   * @param e the service error
   * @return whether it reports a delete marker
   */
  public static boolean isDeleteMarker(S3Exception e) {
    return e.awsErrorDetails() != null && e.awsErrorDetails().sdkHttpResponse() != null
        && e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("x-amz-delete-marker")
            .map("true"::equalsIgnoreCase).orElse(false);
  }

  /**
   * The candidate key that exists in S3 (newest secret first), or the current secret's key when
   * none does.
   */
  private String existingKey(String bucket, String versionId, String objectId, String op) {
    List<String> candidates = mapper.candidateKeys(objectId, op);
    if (candidates.size() == 1 || bucket == null) {
      return candidates.get(0);
    }
    for (String candidate : candidates) {
      if (exists(bucket, candidate, versionId)) {
        return candidate;
      }
    }
    return candidates.get(0);
  }

  /**
   * Every candidate key of an object ID whose current version is an object (not a delete
   * marker), oldest secret first; the current secret's key alone when none is. Each candidate is
   * asked with HEAD before anything is deleted, so a HEAD that fails (403, 5xx) fails the call
   * before any delete is sent.
   */
  private List<String> existingKeys(String bucket, String objectId, String op) {
    List<String> candidates = mapper.candidateKeys(objectId, op);
    if (candidates.size() == 1 || bucket == null) {
      return List.of(candidates.get(0));
    }
    List<String> present = new ArrayList<>();
    for (String candidate : candidates) {
      if (exists(bucket, candidate, null)) {
        present.add(0, candidate);
      }
    }
    return present.isEmpty() ? List.of(candidates.get(0)) : present;
  }

  /**
   * Asks S3 (HEAD, with the encryption headers the object needs) whether a key exists. The
   * predicate answers false for 404 only and throws the service error for anything else.
   */
  private boolean exists(String bucket, String key, String versionId) {
    return headAnyKey(HeadObjectRequest.builder().bucket(bucket).key(key).versionId(versionId)
        .build(), objectExists::test);
  }

  /**
   * A delete of an object ID without a version ID: a delete marker on every key form of the ID
   * that has an object (current secret's and each older one's), so that no older secret's copy
   * stays readable through the read fallback. The older keys are deleted first and the current
   * one last; the last response is returned. It is one call for the caller and its audit event.
   */
  private <R> R deleteEveryKeyForm(OperationRule rule, DeleteObjectRequest request,
      Function<DeleteObjectRequest, R> operation) {
    String op = rule.operationName();
    if (request.key() == null) {
      return send(rule, request, operation); // the SDK reports the missing key
    }
    List<String> keys = existingKeys(request.bucket(), request.key(), op);
    R response = null;
    for (String key : keys) {
      response = send(rule, names.mapKeys(request, (field, bucket, version, id) -> key),
          operation);
    }
    return response;
  }

  /**
   * A batch delete: each entry without a version ID becomes one entry per key form that has an
   * object (as {@link #deleteEveryKeyForm}); an entry with a version ID addresses the key form
   * that has that version. Sent in batches of at most {@value #MAX_BATCH} entries (the S3
   * limit); the responses' deleted and error lists are merged.
   */
  private <R> R deleteObjectsEveryKeyForm(OperationRule rule, DeleteObjectsRequest request,
      Function<DeleteObjectsRequest, R> operation) {
    String op = rule.operationName();
    if (request.delete() == null || !request.delete().hasObjects()) {
      return send(rule, request, operation);
    }
    List<ObjectIdentifier> expanded = new ArrayList<>();
    for (ObjectIdentifier id : request.delete().objects()) {
      if (id.key() == null) {
        expanded.add(id);
      } else if (id.versionId() != null) {
        expanded.add(id.toBuilder()
            .key(existingKey(request.bucket(), id.versionId(), id.key(), op)).build());
      } else {
        for (String key : existingKeys(request.bucket(), id.key(), op)) {
          expanded.add(id.toBuilder().key(key).build());
        }
      }
    }
    R merged = null;
    List<DeletedObject> deleted = new ArrayList<>();
    List<S3Error> errors = new ArrayList<>();
    for (int from = 0; from < expanded.size(); from += MAX_BATCH) {
      List<ObjectIdentifier> batch =
          expanded.subList(from, Math.min(expanded.size(), from + MAX_BATCH));
      R response = send(rule, request.toBuilder()
          .delete(request.delete().toBuilder().objects(batch).build()).build(), operation);
      if (expanded.size() <= MAX_BATCH) {
        return response;
      }
      if (response instanceof DeleteObjectsResponse) {
        DeleteObjectsResponse d = (DeleteObjectsResponse) response;
        deleted.addAll(d.deleted());
        errors.addAll(d.errors());
        @SuppressWarnings("unchecked") // a batch delete returns DeleteObjectsResponse
        R all = (R) d.toBuilder().deleted(deleted).errors(errors).build();
        merged = all;
      } else {
        merged = response;
      }
    }
    return merged;
  }

  /** The most entries S3 accepts in one DeleteObjects request. */
  static final int MAX_BATCH = 1000;

  private static void checkDirectoryBucket(OperationRule rule, S3Request request) {
    for (String field : BUCKET_FIELDS) {
      request.getValueForField(field, String.class).ifPresent(bucket -> {
        if (bucket.endsWith(DIRECTORY_BUCKET_SUFFIX)) {
          throw Violations.refused(ViolationCode.OPERATION_REFUSED, rule.operationName(),
              "The request addresses an S3 Express One Zone directory bucket (name ending in"
                  + " --x-s3). Directory buckets do not support Object Lock, so records there"
                  + " cannot be retained as the policy requires. Use a general purpose bucket.");
        }
      });
    }
  }

  /**
   * Refuses per-request overrides that change where or how a request is sent or what it
   * carries. The SDK builds the HTTP request from these as well as from the model, so a header,
   * query parameter, endpoint, auth scheme, signer, plugin or credentials given here would
   * bypass every check made on the model. Timeouts, metric publishers, API names (screened on
   * the wire in the User-Agent) and the S3 Encryption Client's encryption context (screened by
   * {@link NamePolicy}) stay allowed.
   */
  private void checkOverrides(OperationRule rule, S3Request request) {
    if (request.overrideConfiguration().isEmpty()) {
      return;
    }
    AwsRequestOverrideConfiguration override = request.overrideConfiguration().get();
    String refused = null;
    if (!override.headers().isEmpty()) {
      refused = "Per-request headers (overrideConfiguration().putHeader) are added to the HTTP"
          + " request after hipaa-s3 checked it, so they could carry PHI, ACLs, a second"
          + " encryption or Object Lock value, or a governance bypass. Set the request's own"
          + " fields instead (metadata, tagging, contentType, ...), which are checked.";
    } else if (!override.rawQueryParameters().isEmpty()) {
      refused = "Per-request query parameters (overrideConfiguration().putRawQueryParameter)"
          + " are added to the HTTP request after hipaa-s3 checked it, so they could name an"
          + " object version, a sub-resource such as acl or retention, or carry PHI. Use the"
          + " request's own fields (versionId, prefix, ...), which are checked.";
    } else if (override.endpointProvider().isPresent()) {
      refused = "A per-request endpoint provider could send the signed request, with its"
          + " session token, to any host. Configure the endpoint on the client"
          + " (endpointOverride), where it is checked.";
    } else if (override.authSchemeProvider().isPresent()) {
      refused = "A per-request auth scheme provider could send the request unsigned"
          + " (anonymous) or signed another way. Remove it; the client signs every request"
          + " with SigV4.";
    } else if (override.signer().isPresent()) {
      refused = "A per-request signer can send unsigned or wrongly signed requests. Remove it;"
          + " the client signs every request.";
    } else if (!override.plugins().isEmpty()) {
      refused = "Per-request plugins can change the endpoint, credentials and interceptors that"
          + " enforce the policy. Configure the client instead of the request.";
    } else if (override.credentialsIdentityProvider().isPresent()
        || override.tokenIdentityProvider().isPresent()) {
      refused = "Per-request credentials could sign the request as another identity than the"
          + " one the client was checked and audited with. Build a client with those"
          + " credentials instead.";
    } else if (override.compressionConfiguration().isPresent()) {
      refused = "A per-request compression setting changes the body the SDK sends after"
          + " hipaa-s3 checked it. Remove it; S3 does not decompress request bodies.";
    } else {
      for (ExecutionAttribute<?> attribute
          : override.executionAttributes().getAttributes().keySet()) {
        if (attribute != S3EncryptionClient.ENCRYPTION_CONTEXT) {
          refused = "The request sets execution attributes, which can turn off the SDK's"
              + " checksums, validation or signing, or change the S3 Encryption Client's"
              + " behaviour. Only the S3 Encryption Client's encryption context"
              + " (S3EncryptionClient.withAdditionalConfiguration) may be set per request.";
          break;
        }
      }
    }
    if (refused != null) {
      throw Violations.refused(ViolationCode.REQUEST_OVERRIDE_REFUSED, rule.operationName(),
          refused);
    }
  }

  private static void checkAclFields(OperationRule rule, S3Request request) {
    for (String field : ACL_FIELDS) {
      if (request.getValueForField(field, Object.class).isPresent()) {
        throw Violations.refused(ViolationCode.ACL_REFUSED, rule.operationName(),
            "The request sets an ACL (canned ACL or grant). ACLs are disabled for HIPAA"
                + " buckets; remove the ACL and grant access with IAM and bucket policies.");
      }
    }
  }

  @SuppressWarnings("unchecked") // every S3 model request class is final: T is the exact class
  private <T extends S3Request> T rewrite(OperationRule rule, T request) {
    if (request instanceof CreateBucketRequest) {
      return (T) rewriteCreateBucket(rule, (CreateBucketRequest) request);
    }
    return retention.apply(rule, request);
  }

  private static CreateBucketRequest rewriteCreateBucket(
      OperationRule rule, CreateBucketRequest request) {
    if (Boolean.FALSE.equals(request.objectLockEnabledForBucket())) {
      throw Violations.refused(ViolationCode.OPERATION_REFUSED, rule.operationName(),
          "The request turns Object Lock off. HIPAA buckets are created with Object Lock (and"
              + " so versioning) on; remove objectLockEnabledForBucket(false).");
    }
    if (request.objectOwnership() != null
        && request.objectOwnership() != ObjectOwnership.BUCKET_OWNER_ENFORCED) {
      throw Violations.refused(ViolationCode.ACL_REFUSED, rule.operationName(),
          "The request enables ACLs through its object ownership setting. Remove it: HIPAA"
              + " buckets use BucketOwnerEnforced, which disables ACLs.");
    }
    return request.toBuilder()
        .objectLockEnabledForBucket(true)
        .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
        .build();
  }
}
