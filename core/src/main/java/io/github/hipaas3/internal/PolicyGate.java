package io.github.hipaas3.internal;

import io.github.hipaas3.HipaaS3Exception;
import io.github.hipaas3.HipaaS3SecurityException;
import io.github.hipaas3.ViolationCode;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRetentionRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Request;
import software.amazon.encryption.s3.S3EncryptionClientException;

/**
 * The single chokepoint. Every operation of {@code HipaaS3Client} passes {@link #invoke}; the
 * operation is looked up in the {@link OperationTable}, refused unless it is listed, and then
 * run through the stages in the order {@link GateStages} gives, before and after the
 * underlying client.
 */
public final class PolicyGate {

  private final GateStages stages;
  private final @Nullable KeyMapper mapper;
  private final @Nullable KeyRouting routing;
  private final EncryptionPolicy encryption;
  private final Function<HeadObjectRequest, HeadObjectResponse> head;
  private final @Nullable AuditTrail audit;

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
      @Nullable KeyMapper mapper, Predicate<HeadObjectRequest> objectExists,
      EncryptionPolicy encryption, boolean allowUnauthenticatedRanges,
      RetentionPolicy retention, IntegrityPolicy integrity, @Nullable BucketCheck bucketCheck,
      Function<HeadObjectRequest, HeadObjectResponse> head, @Nullable AuditTrail audit) {
    Objects.requireNonNull(names, "names");
    Objects.requireNonNull(objectExists, "objectExists");
    this.audit = audit;
    this.head = Objects.requireNonNull(head, "head");
    this.encryption = Objects.requireNonNull(encryption, "encryption");
    this.mapper = mapper;
    this.stages = new GateStages(names, encryption, allowUnauthenticatedRanges,
        Objects.requireNonNull(retention, "retention"),
        Objects.requireNonNull(integrity, "integrity"), bucketCheck, head,
        this::currentLock, this::sourceHead);
    this.routing = mapper == null ? null : new KeyRouting(names, mapper,
        (bucket, keyAndVersion) -> headAnyKey(HeadObjectRequest.builder().bucket(bucket)
            .key(keyAndVersion[0]).versionId(keyAndVersion[1]).build(), objectExists::test));
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
      @Nullable Supplier<Long> bodyLength) {
    return run(request, (call, sent) -> operation.apply(sent), bodyLength);
  }

  /**
   * Gates a get. Before the caller's transformer sees any data, the response passes the send
   * stages' checks (the object must be whole, encrypted by the client's mode, retained, with a
   * checksum); on a failed check the stream is aborted and nothing is handed over. Under
   * client-side encryption the caller gets the plaintext's length and an authenticated stream.
   *
   * @param request the caller's request
   * @param transformer the caller's transformer
   * @param underlying the get on the underlying client
   * @param <R> the transformer's result
   * @return the transformer's result
   */
  public <R> R getObject(GetObjectRequest request,
      ResponseTransformer<GetObjectResponse, R> transformer,
      BiFunction<GetObjectRequest, ResponseTransformer<GetObjectResponse, R>, R> underlying) {
    return run(request, (call, sent) -> underlying.apply(sent,
        checkingTransformer(call, sent, transformer)), null);
  }

  /** A call on the underlying client, given the call's context. */
  private interface Operation<T extends S3Request, R> {
    R apply(CallContext call, T sent);
  }

  private <T extends S3Request, R> R run(T request, Operation<T, R> operation,
      @Nullable Supplier<Long> bodyLength) {
    if (request == null) {
      throw new NullPointerException("request must not be null");
    }
    if (audit == null) {
      return gated(request, operation, null);
    }
    //= HIPAA 164.312(b) audit controls: one event per gated call, allowed, refused or failed.
    AuditTrail.Call record = audit.begin(OperationRule.operationName(request.getClass()),
        request, bodyLength);
    Object result = null;
    Throwable error = null;
    try {
      R r = gated(request, operation, record);
      result = r;
      return r;
    } catch (RuntimeException | Error e) {
      error = e;
      throw e;
    } finally {
      record.end(result, error);
    }
  }

  @SuppressWarnings("unchecked") // the stages keep the request's class; the router returns R
  private <T extends S3Request, R> R gated(T request, Operation<T, R> operation,
      AuditTrail.@Nullable Call record) {
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
    CallContext call = CallContext.of(rule, record);
    T checked = request;
    for (Stage stage : stages.callerStages()) {
      checked = stage.beforeSend(call, checked);
    }
    if (routing == null) {
      return send(call, checked, operation);
    }
    return asResult(routing.route(rule, checked, new KeyRouting.Sender() {
      @Override
      public <U extends S3Request> Object send(U routed) {
        return PolicyGate.this.send(call, (T) routed, operation);
      }
    }));
  }

  /** A routed call's response, which is the underlying client's response to the request. */
  // unchecked, TypeParameterUnusedInFormals: the router returns what the operation returned
  // (R); NullAway: the router may return null only when the underlying client does, which the
  // S3 client never does.
  @SuppressWarnings({"unchecked", "TypeParameterUnusedInFormals", "NullAway"})
  private static <R> R asResult(@Nullable Object response) {
    return (R) response;
  }

  /**
   * Sends one request with final keys through the send stages. Under SSE-C with older keys, a
   * read (or a copy's source) that S3 refused for the key is sent again with the next read key;
   * in the end the current key's failure is reported.
   */
  private <T extends S3Request, R> R send(CallContext call, T request,
      Operation<T, R> operation) {
    return withReadKeys(request,
        attempt -> sendAttempt(call.attempt(attempt), request, operation));
  }

  /**
   * Runs an attempt with each SSE-C read key in turn while S3 refuses the key (one attempt in
   * every other case); in the end the current key's failure is reported.
   */
  private <R> R withReadKeys(S3Request request, java.util.function.IntFunction<R> attempt) {
    int attempts = encryption.sseCAttempts(request);
    RuntimeException first = null;
    for (int i = 0; ; i++) {
      try {
        return attempt.apply(i);
      } catch (RuntimeException e) {
        if (!encryption.mayBeWrongSseCKey(e)) {
          throw e;
        }
        if (first == null) {
          first = e;
        }
        if (i + 1 >= attempts) {
          throw first;
        }
      }
    }
  }

  private <T extends S3Request, R> R sendAttempt(CallContext call, T request,
      Operation<T, R> operation) {
    List<Stage> send = stages.sendStages();
    T toSend = request;
    for (Stage stage : send) {
      toSend = stage.beforeSend(call, toSend);
    }
    call.sent(toSend);
    R response;
    try {
      response = operation.apply(call, toSend);
    } catch (RuntimeException e) {
      RuntimeException failure = e;
      for (int i = send.size() - 1; i >= 0; i--) {
        failure = send.get(i).onFailure(call, toSend, failure);
      }
      throw failure;
    }
    if (!(response instanceof SdkPojo view) || toSend instanceof GetObjectRequest) {
      return response; // a get's response is checked by its transformer
    }
    for (int i = send.size() - 1; i >= 0; i--) {
      view = send.get(i).onResponse(call, toSend, view);
    }
    @SuppressWarnings("unchecked") // a stage's view has the response's class
    R checked = (R) view;
    return checked;
  }

  /**
   * A transformer that runs the send stages' response checks before the caller's transformer
   * sees any data; on a failed check the stream is aborted and nothing is handed over.
   */
  private <R> ResponseTransformer<GetObjectResponse, R> checkingTransformer(CallContext call,
      GetObjectRequest sent, ResponseTransformer<GetObjectResponse, R> transformer) {
    return new ResponseTransformer<>() {
      @Override
      public R transform(GetObjectResponse response, AbortableInputStream in) throws Exception {
        // The caller's view: plaintext length under client-side encryption.
        call.response(encryption.plaintextView(response));
        List<Stage> send = stages.sendStages();
        SdkPojo view = response;
        try {
          for (int i = send.size() - 1; i >= 0; i--) {
            view = send.get(i).onResponse(call, sent, view);
          }
        } catch (RuntimeException e) {
          in.abort();
          throw e;
        }
        if (!encryption.kind().clientSide()) {
          return transformer.transform((GetObjectResponse) view, in);
        }
        return transformer.transform((GetObjectResponse) view,
            AbortableInputStream.create(new AuthenticatedPlaintext(in, call.rule()), in));
      }

      @Override
      public boolean needsConnectionLeftOpen() {
        return transformer.needsConnectionLeftOpen();
      }
    };
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
    return withReadKeys(request,
        attempt -> lookup.apply(encryption.apply(headRule, request, attempt)));
  }


  /** The object's current head (lock fields), or {@code null} when S3 has no such object. */
  private @Nullable HeadObjectResponse currentLock(PutObjectRetentionRequest request) {
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
  static RuntimeException clientSideFailure(OperationRule rule, S3Request request,
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
   * Whether S3 has the object: 200 is present, 404 absent. Any other answer (403 because
   * s3:GetObject is not granted, 5xx, a throttle) is thrown unwrapped, as every service error
   * is: taking it as present or absent would let a delete silently miss a key.
   *
   * @param delegate the underlying client
   * @param head the head request, with the keys and encryption fields final
   * @return whether the object exists
   */
  public static boolean objectExists(S3Client delegate, HeadObjectRequest head) {
    try {
      delegate.headObject(head);
      return true;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      if (e.statusCode() == 405 && head.versionId() != null && isDeleteMarker(e)) {
        return true; // the version asked for exists and is a delete marker
      }
      throw e;
    }
  }
}
