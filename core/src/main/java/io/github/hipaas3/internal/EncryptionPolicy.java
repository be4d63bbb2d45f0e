package io.github.hipaas3.internal;

import io.github.hipaas3.EncryptionMode.Kind;
import io.github.hipaas3.HipaaS3SecurityException;
import io.github.hipaas3.ViolationCode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.EncryptionType;
import software.amazon.awssdk.services.s3.model.GetBucketEncryptionResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Request;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * Puts the client's encryption mode on every write and checks every answer. For the
 * server-side modes it sets the encryption fields of each request (refusing a caller value
 * that conflicts), checks that each write response shows the same algorithm and key (KMS key
 * ARN, or SSE-C key MD5), and refuses reads of objects that do not show them. Client-side
 * encryption is done by the S3 Encryption Client underneath; this class keeps callers from
 * adding server-side settings that would mix modes.
 */
public final class EncryptionPolicy {

  /**
   * Whether the bucket's default encryption blocks SSE-C; false when it cannot be read.
   *
   * @param raw the client to ask
   * @param bucket the bucket
   * @return whether SSE-C is blocked
   */
  public static boolean blocksSseC(S3Client raw, String bucket) {
    try {
      GetBucketEncryptionResponse response = raw.getBucketEncryption(b -> b.bucket(bucket));
      return response.serverSideEncryptionConfiguration().rules().stream()
          .anyMatch(rule -> rule.blockedEncryptionTypes() != null
              && rule.blockedEncryptionTypes().encryptionType().contains(EncryptionType.SSE_C));
    } catch (SdkClientException | S3Exception e) {
      return false;
    }
  }
  private static final Logger LOG = LoggerFactory.getLogger(EncryptionPolicy.class);

  static final String SSE = "ServerSideEncryption";
  static final String KMS_KEY = "SSEKMSKeyId";
  static final String BUCKET_KEY = "BucketKeyEnabled";
  static final String SSEC_ALG = "SSECustomerAlgorithm";
  static final String SSEC_KEY = "SSECustomerKey";
  static final String SSEC_MD5 = "SSECustomerKeyMD5";
  static final String SRC_ALG = "CopySourceSSECustomerAlgorithm";
  static final String SRC_KEY = "CopySourceSSECustomerKey";
  static final String SRC_MD5 = "CopySourceSSECustomerKeyMD5";

  /** The encryption fields hipaa-s3 owns on requests; a caller may not set them differently. */
  static final Set<String> OWNED_FIELDS = Set.of(
      SSE, KMS_KEY, BUCKET_KEY, SSEC_ALG, SSEC_KEY, SSEC_MD5, SRC_ALG, SRC_KEY, SRC_MD5);

  /** The typed builder setters of the encryption fields (see {@link EncryptionSetters}). */
  static final TypedSetters SETTERS = EncryptionSetters.SETTERS;

  /**
   * One SSE-C key for the request headers: its ID (stored with the objects it writes, or
   * {@code null}), its MD5, and the header value, which is made only when a request is built.
   */
  public static final class SseCKey {
    private final @Nullable String keyId;
    private final String keyMd5;
    private final java.util.function.Supplier<String> headerValue;

    /**
     * Creates the key.
     *
     * @param keyId the key's ID, or {@code null}
     * @param keyMd5 the key's MD5, base64
     * @param headerValue makes the key's header value (base64) when called
     */
    public SseCKey(@Nullable String keyId, String keyMd5,
        java.util.function.Supplier<String> headerValue) {
      this.keyId = keyId;
      this.keyMd5 = Objects.requireNonNull(keyMd5, "keyMd5");
      this.headerValue = Objects.requireNonNull(headerValue, "headerValue");
    }

    /** Never prints the key. */
    @Override
    public String toString() {
      return "SseCKey{id=" + keyId + ", md5=" + keyMd5 + "}";
    }
  }

  /** Chooses the SSE-C keys for a bucket and stored key. */
  public interface SseCKeys {
    /**
     * The key every write of one object uses.
     *
     * @param bucket the bucket
     * @param storedKey the stored key
     * @return the key
     */
    SseCKey writeKey(String bucket, String storedKey);

    /**
     * The ID of the key every write of one object uses, or {@code null}.
     *
     * @param bucket the bucket
     * @param storedKey the stored key
     * @return the key ID
     */
    default @Nullable String writeKeyId(String bucket, String storedKey) {
      return writeKey(bucket, storedKey).keyId;
    }

    /**
     * One of the keys a read of one object may try, in order (the write key first); keys
     * derived for the others are not kept.
     *
     * @param bucket the bucket
     * @param storedKey the stored key
     * @param attempt which key, from 0 to {@link #readKeyCount} - 1
     * @return the key
     */
    SseCKey readKey(String bucket, String storedKey, int attempt);

    /**
     * How many keys a read of one object may try.
     *
     * @param bucket the bucket
     * @param storedKey the stored key
     * @return the number of read keys, at least 1
     */
    int readKeyCount(String bucket, String storedKey);
  }

  /** The user-metadata name of the SSE-C key ID (the public constant, repeated here). */
  static final String KEY_ID_METADATA = io.github.hipaas3.SseCustomerKeyProvider.KEY_ID_METADATA;

  private final Kind kind;
  private final @Nullable String kmsKeyArn;
  private final @Nullable SseCKeys sseCKeys;
  private final boolean allowUnencryptedReads;
  private final Predicate<String> sseCBlocked;

  /**
   * Creates the policy.
   *
   * @param kind the encryption mode
   * @param kmsKeyArn the KMS key ARN for the KMS modes, else {@code null}
   * @param sseCKeys the SSE-C keys for {@link Kind#SSE_C}, else {@code null}
   * @param allowUnencryptedReads the insecure opt-in to read objects that fail the check
   * @param sseCBlocked asks S3 whether a bucket blocks SSE-C (after a 403 on an SSE-C write)
   */
  public EncryptionPolicy(Kind kind, @Nullable String kmsKeyArn, @Nullable SseCKeys sseCKeys,
      boolean allowUnencryptedReads, Predicate<String> sseCBlocked) {
    this.kind = Objects.requireNonNull(kind, "kind");
    this.kmsKeyArn = kmsKeyArn;
    this.sseCKeys = sseCKeys;
    this.allowUnencryptedReads = allowUnencryptedReads;
    this.sseCBlocked = Objects.requireNonNull(sseCBlocked, "sseCBlocked");
  }

  /** The operation's row; every request that reaches a policy has one. */
  private static OperationRule rule(S3Request r) {
    return OperationTable.ruleFor(r.getClass()).orElseThrow();
  }

  /** Writes that create object data and take the full server-side setting. */
  private static boolean createsObject(S3Request r) {
    return rule(r).has(Trait.CREATES_OBJECT);
  }

  /** Requests that must carry the SSE-C key of the object they address. */
  private static boolean needsSseCKey(S3Request r) {
    return rule(r).has(Trait.NEEDS_OBJECT_KEY);
  }

  /** Reads of an existing object, which may try older SSE-C keys. */
  private static boolean readsWithSseCKey(S3Request r) {
    OperationRule rule = rule(r);
    return rule.has(Trait.READS_OBJECT) && rule.has(Trait.NEEDS_OBJECT_KEY);
  }

  /** Requests whose copy source must carry the source object's SSE-C key. */
  private static boolean needsSourceSseCKey(S3Request r) {
    return rule(r).has(Trait.COPIES_FROM_SOURCE);
  }

  /**
   * The request with the mode's encryption fields set. A caller value that differs from what
   * the mode sets, or an encryption field the mode does not use, is refused.
   *
   * @param rule the operation
   * @param request the request, with keys already mapped to stored keys
   * @param <T> the request type
   * @return the request to send
   */
  public <T extends S3Request> T apply(OperationRule rule, T request) {
    return apply(rule, request, 0);
  }

  /**
   * How many SSE-C keys a request may be tried with: under SSE-C, for a read of an object
   * (get, head, attributes) or a copy's source, the number of read keys of that object; 1
   * otherwise.
   *
   * @param request the request, with keys already mapped to stored keys
   * @return the number of attempts, at least 1
   */
  public int sseCAttempts(S3Request request) {
    if (kind != Kind.SSE_C) {
      return 1;
    }
    String bucket;
    String key;
    if (readsWithSseCKey(request)) {
      bucket = destinationBucket(request);
      key = destinationKey(request);
    } else if (needsSourceSseCKey(request)) {
      bucket = request.getValueForField("SourceBucket", String.class).orElse(null);
      key = request.getValueForField("SourceKey", String.class).orElse(null);
    } else {
      return 1;
    }
    return bucket == null || key == null ? 1 : Math.max(1, sseCKeys().readKeyCount(bucket, key));
  }

  /**
   * Whether a failed attempt may have failed for the SSE-C key alone, so that the next read
   * key should be tried: S3 refuses a wrong key with 403 (some servers with 400), and servers
   * that do not check the key answer with the MD5 of the key the object was written with.
   *
   * @param failure what the attempt threw
   * @return whether to try the next key
   */
  public boolean mayBeWrongSseCKey(RuntimeException failure) {
    if (kind != Kind.SSE_C) {
      return false;
    }
    for (Throwable c = failure; c != null; c = c.getCause()) {
      if (c instanceof S3Exception) {
        int status = ((S3Exception) c).statusCode();
        return status == 403 || status == 400;
      }
      if (c instanceof HipaaS3SecurityException) {
        return ((HipaaS3SecurityException) c).violationCode() == ViolationCode.OBJECT_NOT_ENCRYPTED;
      }
    }
    return false;
  }

  /**
   * The request with the mode's encryption fields set, using the given read key of the object
   * read (or of the copy source) under SSE-C; see {@link #apply(OperationRule, S3Request)}.
   *
   * @param rule the operation
   * @param request the request, with keys already mapped to stored keys
   * @param attempt which read key to use, from 0 to {@link #sseCAttempts} - 1
   * @param <T> the request type
   * @return the request to send
   */
  @SuppressWarnings("unchecked") // S3 model classes are final: the builder builds a T
  public <T extends S3Request> T apply(OperationRule rule, T request, int attempt) {
    SseCKey destination = kind == Kind.SSE_C ? sseCDestinationKey(request, attempt) : null;
    Map<String, Object> wanted = wantedFields(request, attempt, destination);
    Map<String, Object> missing = new LinkedHashMap<>(wanted);
    for (SdkField<?> field : request.sdkFields()) {
      String name = field.memberName();
      if (!OWNED_FIELDS.contains(name)) {
        continue;
      }
      Object callerValue = field.getValueOrDefault(request);
      Object value = wanted.get(name);
      if (callerValue != null && !callerValue.equals(value)) {
        throw Violations.refused(ViolationCode.ENCRYPTION_CONFLICT, rule.operationName(),
            "The request sets " + name + ", which conflicts with the client's encryption mode "
                + kind + ". hipaa-s3 sets encryption on every request itself; remove "
                + name + " from the request, or build a client with the mode you need.");
      }
      if (callerValue != null) {
        missing.remove(name); // the caller's value is the one the mode sets
      }
    }
    missing.values().removeIf(Objects::isNull);
    S3Request.Builder builder = missing.isEmpty() ? null : request.toBuilder();
    // Typed setters: a field the request type does not have throws instead of being dropped.
    missing.forEach((name, value) -> SETTERS.set(request, builder, name, value));
    T result = builder == null ? request : (T) builder.build();
    return kind == Kind.SSE_C ? (T) SseCKeyIds.withKeyId(rule, result,
        destination == null ? null : destination.keyId) : result;
  }

  /**
   * Under SSE-C with a write key that has an ID, the copy with the metadata it must carry to
   * record that ID (see {@link SseCKeyIds#copyWithKeyId}); other modes: the copy unchanged.
   *
   * @param rule the operation
   * @param copy the copy, with keys mapped and encryption fields set
   * @param sourceHead heads the source object (with its SSE-C key)
   * @return the copy to send
   */
  public CopyObjectRequest copyWithKeyId(OperationRule rule, CopyObjectRequest copy,
      java.util.function.Supplier<software.amazon.awssdk.services.s3.model.HeadObjectResponse>
          sourceHead) {
    return kind == Kind.SSE_C ? SseCKeyIds.copyWithKeyId(sseCKeys(), rule, copy, sourceHead)
        : copy;
  }

  /** The SSE-C keys; only the SSE-C mode's paths ask for them, and that mode sets them. */
  private SseCKeys sseCKeys() {
    return Objects.requireNonNull(sseCKeys, "SSE-C keys are set in the SSE-C mode");
  }

  /**
   * Under SSE-C, the key of the object a request addresses: the read key of this attempt for a
   * read, the write key otherwise; {@code null} when the request needs none.
   */
  private @Nullable SseCKey sseCDestinationKey(S3Request request, int attempt) {
    String bucket = destinationBucket(request);
    String key = destinationKey(request);
    if (!needsSseCKey(request) || bucket == null || key == null) {
      return null;
    }
    return readsWithSseCKey(request) ? sseCKeys().readKey(bucket, key, attempt)
        : sseCKeys().writeKey(bucket, key);
  }

  private Map<String, Object> wantedFields(S3Request request, int attempt,
      @Nullable SseCKey destination) {
    Map<String, Object> wanted = new LinkedHashMap<>();
    if (createsObject(request)) {
      switch (kind) {
        case SSE_KMS:
          wanted.put(SSE, ServerSideEncryption.AWS_KMS.toString());
          wanted.put(KMS_KEY, kmsKeyArn);
          wanted.put(BUCKET_KEY, true);
          break;
        case DSSE_KMS:
          wanted.put(SSE, ServerSideEncryption.AWS_KMS_DSSE.toString());
          wanted.put(KMS_KEY, kmsKeyArn);
          break;
        case SSE_S3:
          wanted.put(SSE, ServerSideEncryption.AES256.toString());
          break;
        default:
          break;
      }
    }
    if (kind == Kind.SSE_C) {
      if (destination != null) {
        wanted.put(SSEC_ALG, "AES256");
        wanted.put(SSEC_KEY, destination.headerValue.get());
        wanted.put(SSEC_MD5, destination.keyMd5);
      }
      if (needsSourceSseCKey(request)) {
        String bucket = request.getValueForField("SourceBucket", String.class).orElse(null);
        String key = request.getValueForField("SourceKey", String.class).orElse(null);
        if (bucket != null && key != null) {
          SseCKey k = sseCKeys().readKey(bucket, key, attempt);
          wanted.put(SRC_ALG, "AES256");
          wanted.put(SRC_KEY, k.headerValue.get());
          wanted.put(SRC_MD5, k.keyMd5);
        }
      }
    }
    return wanted;
  }

  static @Nullable String destinationBucket(S3Request r) {
    return r.getValueForField("Bucket", String.class)
        .or(() -> r.getValueForField("DestinationBucket", String.class)).orElse(null);
  }

  static @Nullable String destinationKey(S3Request r) {
    return r.getValueForField("Key", String.class)
        .or(() -> r.getValueForField("DestinationKey", String.class)).orElse(null);
  }

  /**
   * Checks a write response: it must show the algorithm and key that were asked for.
   *
   * @param rule the operation
   * @param sent the request as sent
   * @param response the response
   */
  public void verifyWrite(OperationRule rule, S3Request sent, SdkPojo response) {
    Optional<String> problem = mismatch(sent, response);
    if (problem.isPresent()) {
      throw new HipaaS3SecurityException(ViolationCode.ENCRYPTION_NOT_CONFIRMED,
          rule.operationName() + " reached S3, but its response " + problem.get()
              + ", so hipaa-s3 cannot confirm that the data was encrypted as configured ("
              + kind + "). Treat the object as unprotected: check the bucket's default"
              + " encryption and policy, and whether the endpoint is really Amazon S3.", null);
    }
  }

  /**
   * Checks a read response (get or head): the object must be encrypted by the client's mode.
   *
   * @param rule the operation
   * @param sent the request as sent
   * @param response the response
   */
  public void verifyRead(OperationRule rule, S3Request sent, SdkPojo response) {
    Optional<String> problem = mismatch(sent, response);
    if (problem.isEmpty()) {
      return;
    }
    if (allowUnencryptedReads) {
      LOG.warn("INSECURE: {} returned an object that is not encrypted as configured ({}); it"
          + " was read because insecureAllowReadingUnencryptedObjects(true) is set.",
          rule.operationName(), kind);
      return;
    }
    throw new HipaaS3SecurityException(ViolationCode.OBJECT_NOT_ENCRYPTED,
        rule.operationName() + " was refused: the object's response " + problem.get()
            + ", so it is not encrypted by the client's mode (" + kind + "). No object data"
            + " was returned. " + reencryptAdvice() + ", or"
            + " read them once with insecureAllowReadingUnencryptedObjects(true).", null);
  }

  /**
   * How to bring a legacy object under the client's mode: a copy through hipaa-s3 re-encrypts
   * server-side, but client-side encryption needs the data read and written again.
   *
   * @return the advice, without a final period
   */
  String reencryptAdvice() {
    return kind.clientSide() ? "Re-encrypt legacy objects by reading them with getObject (with"
        + " insecureAllowReadingUnencryptedObjects(true), once) and writing them with putObject"
        + " through hipaa-s3; a copy cannot encrypt client-side"
        : "Re-encrypt legacy objects by copying them through hipaa-s3";
  }

  /** What is wrong with a response, for the server-side modes; empty when it matches. */
  private Optional<String> mismatch(S3Request sent, SdkPojo response) {
    String sse = field(response, SSE);
    switch (kind) {
      case SSE_KMS:
      case DSSE_KMS: {
        String want = kind == Kind.SSE_KMS ? ServerSideEncryption.AWS_KMS.toString()
            : ServerSideEncryption.AWS_KMS_DSSE.toString();
        if (!want.equals(sse)) {
          return Optional.of("shows server-side encryption " + describe(sse)
              + " instead of " + want);
        }
        if (!Objects.requireNonNull(kmsKeyArn, "set in the KMS modes")
            .equals(field(response, KMS_KEY))) {
          return Optional.of("does not name the configured KMS key");
        }
        return Optional.empty();
      }
      case SSE_S3:
        return ServerSideEncryption.AES256.toString().equals(sse) ? Optional.empty()
            : Optional.of("shows server-side encryption " + describe(sse) + " instead of AES256");
      case SSE_C: {
        if (!hasField(response, SSEC_MD5)) {
          return Optional.empty(); // e.g. CompleteMultipartUpload: S3 does not echo SSE-C
        }
        String md5 = field(response, SSEC_MD5);
        String wantMd5 = sent.getValueForField(SSEC_MD5, String.class).orElse(null);
        if (!"AES256".equals(field(response, SSEC_ALG)) || md5 == null
            || !md5.equals(wantMd5)) {
          return Optional.of(md5 == null ? "does not show SSE-C"
              : "shows a different SSE-C key (MD5 mismatch)");
        }
        return Optional.empty();
      }
      default:
        return ClientSideChecks.clientSideMismatch(response);
    }
  }

  /** The AES-GCM tag the committing suite appends to the ciphertext, in bytes. */
  static final long GCM_TAG_LENGTH = ClientSideChecks.GCM_TAG_LENGTH;

  /**
   * Client-side modes: the response as the caller expects it, with the plaintext's length
   * (the ciphertext is the plaintext plus the 16-byte AES-GCM tag). Other responses, and every
   * response in the server-side modes, unchanged.
   *
   * @param response a head or get response
   * @param <T> the response type
   * @return the response to hand over
   */
  public <T extends software.amazon.awssdk.services.s3.model.S3Response> T plaintextView(
      T response) {
    return kind.clientSide() ? ClientSideChecks.plaintextView(response) : response;
  }

  /**
   * Client-side modes: checks that a copy's source carries this client's committing envelope
   * and returns the copy conditioned on the source's ETag (see {@link ClientSideChecks}).
   *
   * @param rule the operation
   * @param copy the copy, keys mapped
   * @param head heads the source (on the underlying client)
   * @return the copy to send
   */
  public CopyObjectRequest checkClientSideCopySource(OperationRule rule, CopyObjectRequest copy,
      java.util.function.Function<HeadObjectRequest, ? extends SdkPojo> head) {
    return ClientSideChecks.checkCopySource(rule, copy, head);
  }

  /**
   * Client-side modes: refuses what the S3 Encryption Client cannot do safely with plain S3
   * calls (see {@link ClientSideChecks}).
   *
   * @param rule the operation
   * @param request the request
   */
  public void checkClientSide(OperationRule rule, S3Request request) {
    if (kind.clientSide()) {
      ClientSideChecks.check(rule, request);
    }
  }

  private static String describe(@Nullable String sse) {
    return sse == null ? "none" : sse;
  }

  private static Optional<SdkField<?>> sdkField(SdkPojo pojo, String name) {
    return ModelFields.field(pojo, name);
  }

  private static boolean hasField(SdkPojo pojo, String name) {
    return sdkField(pojo, name).isPresent();
  }

  private static @Nullable String field(SdkPojo pojo, String name) {
    Object value = ModelFields.value(pojo, name);
    return value == null ? null : value.toString();
  }

  /**
   * Explains a 403 on an SSE-C write when the bucket blocks SSE-C; otherwise returns the
   * service exception unchanged.
   *
   * @param rule the operation
   * @param request the request as sent
   * @param e the service exception
   * @return the exception to throw
   */
  public RuntimeException explainFailure(OperationRule rule, S3Request request, S3Exception e) {
    if (kind != Kind.SSE_C || e.statusCode() != 403 || !createsObjectOrPart(request)) {
      return e;
    }
    String bucket = destinationBucket(request);
    if (bucket == null || !sseCBlocked.test(bucket)) {
      return e;
    }
    return new HipaaS3SecurityException(ViolationCode.SSE_C_BLOCKED, rule.operationName()
        + " was refused by S3 (403) because the bucket blocks SSE-C: its default encryption"
        + " configuration lists SSE-C in BlockedEncryptionTypes, as AWS sets on new buckets"
        + " since April 2026. Either allow SSE-C on the bucket (PutBucketEncryption with"
        + " BlockedEncryptionTypes NONE, under an administrative role), or, better, use"
        + " EncryptionMode.sseKms(...) or client-side encryption, which need no key on every"
        + " request.", e);
  }

  private static boolean createsObjectOrPart(S3Request r) {
    return rule(r).has(Trait.WRITES_DATA);
  }

  /**
   * The mode's kind.
   *
   * @return the kind
   */
  public Kind kind() {
    return kind;
  }
}
