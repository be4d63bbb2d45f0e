package io.github.hipaas3;

import io.github.hipaas3.HipaaPolicy.Insecure;
import io.github.hipaas3.internal.crypto.ClientSideEncryption;
import io.github.hipaas3.audit.AuditSink;
import io.github.hipaas3.audit.AuditSinks;
import io.github.hipaas3.audit.QueueFullPolicy;
import io.github.hipaas3.internal.AuditTrail;
import io.github.hipaas3.internal.BucketCheck;
import io.github.hipaas3.internal.CountedBody;
import io.github.hipaas3.internal.CredentialsPolicy;
import io.github.hipaas3.internal.EncryptionPolicy;
import io.github.hipaas3.internal.FileDestination;
import io.github.hipaas3.internal.IntegrityPolicy;
import io.github.hipaas3.internal.NamePolicy;
import io.github.hipaas3.internal.ObjectKeyMapper;
import io.github.hipaas3.internal.PolicyGate;
import io.github.hipaas3.internal.RetentionPolicy;
import io.github.hipaas3.internal.Transport;
import io.github.hipaas3.internal.TransportPolicy;
import io.github.hipaas3.internal.WireGate;
import io.github.hipaas3.internal.WireInvariants;
import io.github.hipaas3.posture.BucketPostureAuditor;
import io.github.hipaas3.posture.PostureCheck;
import io.github.hipaas3.posture.PostureRequirements;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.TlsTrustManagersProvider;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.DelegatingS3Client;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Request;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;
import software.amazon.awssdk.services.s3.waiters.S3Waiter;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * A drop-in {@link S3Client} that makes every call HIPAA-safe or refuses it.
 *
 * <p>Replace {@code S3Client.builder()...build()} with {@code HipaaS3Client.builder()...build()}
 * and keep calling {@code putObject}, {@code getObject} and the rest. Every operation, including
 * those reached through paginators and waiters, passes one policy gate ({@link #invokeOperation}):
 * operations on a reviewed allowlist are checked, rewritten when they write, and forwarded;
 * everything else throws {@link HipaaS3PolicyViolationException} before anything is sent.
 * Requests travel over HTTPS only, checked on every outgoing request.
 *
 * <p>Instances are immutable and thread-safe, like the SDK's client. Close the client to
 * release its HTTP connections.
 */
public final class HipaaS3Client extends DelegatingS3Client {
  /**
   * The default {@link Builder#multipartThreshold(long)}: 512 MiB. Below it a put streams as one
   * request (S3 takes up to 5 GiB); above it the S3 Encryption Client stages encrypted 5 MiB
   * parts in temporary files and uploads them in parallel, which measured 0.55x the throughput
   * of a single put for 256 MiB against S3Mock (see src/docs/benchmarks.md).
   */
  public static final long DEFAULT_MULTIPART_THRESHOLD = 512L * 1024 * 1024;

  /** The default {@link Builder#authenticationBufferSize(long)}: 64 MiB. */
  public static final long DEFAULT_AUTHENTICATION_BUFFER_SIZE = 64L * 1024 * 1024;

  private final PolicyGate gate;
  private final HipaaPolicy policy;
  private final S3Client underlying;
  private final AuditTrail audit;

  private HipaaS3Client(S3Client delegate, PolicyGate gate, HipaaPolicy policy,
      AuditTrail audit) {
    super(delegate);
    this.underlying = delegate;
    this.audit = audit;
    this.gate = gate;
    this.policy = policy;
  }

  /**
   * A builder for a client with the secure defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new BuilderImpl();
  }

  /**
   * The object key that an object ID is stored under (with the current key-hashing secret), so
   * that an application can index its own records or find an object in a listing. Calling
   * {@code getObject} with the object ID itself does the same mapping.
   *
   * <p>The key is {@code [<keyPrefix>/]v<version>/<64 letters>}: the letters encode
   * HMAC-SHA256(secret, UTF-8 bytes of the ID), four bits per letter, over the consonants
   * {@code bcdfghjkmnpqrstv}. A key that already has this form is returned unchanged.
   *
   * @param objectId the object ID (it may contain PHI; it is never sent or logged)
   * @return the stored key
   * @throws HipaaS3PolicyViolationException when the client is in {@link KeyMode#PASS_THROUGH}
   *     mode, or the ID is empty or not well-formed Unicode
   */
  public String objectKey(String objectId) {
    return gate.objectKey(objectId);
  }

  /**
   * The policy this client enforces.
   *
   * @return the immutable policy
   */
  public HipaaPolicy policy() {
    return policy;
  }

  //= HIPAA 164.312(a)(1) access control: one chokepoint, deny by default.
  @Override
  protected <T extends S3Request, ReturnT> ReturnT invokeOperation(
      T request, Function<T, ReturnT> operation) {
    return gate.invoke(request, operation);
  }

  /**
   * Gets an object through the gate. Before the caller's transformer sees any data, the
   * response is checked: the object must be encrypted by the client's mode, or the stream is
   * aborted and {@link HipaaS3SecurityException} is thrown. Every other {@code getObject}
   * overload (bytes, path, stream) ends here. The SDK's {@link ResponseTransformer#toFile}
   * is replaced by the same safe file write as {@link #getObject(GetObjectRequest, Path)}.
   */
  @Override
  public <ReturnT> ReturnT getObject(GetObjectRequest request,
      ResponseTransformer<GetObjectResponse, ReturnT> responseTransformer) {
    try {
      return gate.getObject(request, FileDestination.replacingSdkFile(responseTransformer),
          underlying::getObject);
    } catch (SdkClientException e) {
      // The SDK wraps exceptions thrown by a response transformer; give the caller ours.
      for (Throwable c = e; c != null; c = c.getCause()) {
        if (c instanceof HipaaS3Exception) {
          throw (HipaaS3Exception) c;
        }
      }
      throw e;
    }
  }

  /**
   * Gets an object into a file that must not exist yet, like the SDK's. The data goes to a
   * temporary file with a random name in the same directory and is moved to the destination
   * only once the whole object was read and every check passed (checksum, and under
   * client-side encryption the AES-GCM tag): after a failure the destination does not exist
   * and no temporary file is left. Errors never contain the path.
   *
   * @param request the request
   * @param destinationPath the file to create; its directory must exist
   * @return the response
   */
  @Override
  public GetObjectResponse getObject(GetObjectRequest request, Path destinationPath) {
    return getObject(request, new FileDestination(destinationPath));
  }

  /**
   * A waiter whose polling calls pass through this client's policy gate (the inherited waiter
   * would poll the underlying client directly).
   */
  @Override
  public S3Waiter waiter() {
    return S3Waiter.builder().client(this).build();
  }

  /**
   * Refused: handing out the underlying client would let callers bypass the policy gate.
   *
   * @throws HipaaS3PolicyViolationException always
   */
  @Override
  public SdkClient delegate() {
    throw new HipaaS3PolicyViolationException(ViolationCode.OPERATION_REFUSED,
        "The underlying S3 client is not exposed, because calls made on it would bypass"
            + " hipaa-s3's policy gate. Call the operation on the HipaaS3Client itself.");
  }

  @Override
  public String toString() {
    return "HipaaS3Client{" + policy + "}";
  }

  /**
   * Closes the underlying clients, then the audit trail: events still queued are written and
   * the sink is closed (a JSON-lines sink writes its final seal).
   */
  @Override
  public void close() {
    try {
      super.close();
    } finally {
      if (audit != null) {
        audit.close();
      }
    }
  }

  /**
   * Puts an object through the gate. The audit records the body's length, or for a body of
   * unknown length the bytes streamed from it (counted as they are read, not buffered).
   */
  @Override
  public PutObjectResponse putObject(PutObjectRequest request, RequestBody body) {
    CountedBody counted = CountedBody.ofUnknownLength(body);
    RequestBody toSend = counted == null ? body : counted.body();
    return gate.invoke(request, sent -> underlying.putObject(sent, toSend),
        counted == null ? () -> length(body) : counted::bytes);
  }

  /**
   * Uploads a part through the gate. The audit records the body's length, or for a body of
   * unknown length the bytes streamed from it.
   */
  @Override
  public UploadPartResponse uploadPart(UploadPartRequest request, RequestBody body) {
    CountedBody counted = CountedBody.ofUnknownLength(body);
    RequestBody toSend = counted == null ? body : counted.body();
    return gate.invoke(request, sent -> underlying.uploadPart(sent, toSend),
        counted == null ? () -> length(body) : counted::bytes);
  }

  private static Long length(RequestBody body) {
    return body == null ? null : body.optionalContentLength().orElse(null);
  }

  /**
   * Configures a {@link HipaaS3Client}. Each setter checks its own argument; {@link #build()}
   * checks how the settings fit together and fails with a message that says how to fix it.
   */
  public interface Builder {
    /**
     * The AWS Region (required: where PHI is stored is a compliance decision, so it is never
     * guessed from the environment).
     *
     * @param region the region
     * @return this builder
     */
    Builder region(Region region);

    /**
     * An HTTPS endpoint to use instead of AWS's (S3-compatible servers, VPC interface
     * endpoints, FIPS endpoints). {@code http://} is refused.
     *
     * @param endpoint the endpoint
     * @return this builder
     */
    Builder endpointOverride(URI endpoint);

    /**
     * Credentials. Unset, the SDK's default chain is used (instance profile, container and
     * web-identity roles, SSO, ...). Long-term static access keys are refused unless
     * {@link #insecureAllowLongTermStaticCredentials(boolean)} is set; anonymous credentials
     * are always refused.
     *
     * @param credentialsProvider the provider
     * @return this builder
     */
    Builder credentialsProvider(AwsCredentialsProvider credentialsProvider);

    /**
     * Trust managers for every HTTP client hipaa-s3 builds, for a private certificate authority
     * or a local test server: its own (sync and async), or those it builds from
     * {@link #httpClientBuilder} and {@link #asyncHttpClientBuilder} (set on them through their
     * {@code tlsTrustManagersProvider} method). They must be the managers of a
     * {@code TrustManagerFactory}; they are wrapped so that a handshake below TLS 1.2 fails, and
     * host names are verified. Cannot be combined with a client that is already built
     * ({@link #httpClient(SdkHttpClient)}, {@link #asyncHttpClient(SdkAsyncHttpClient)}).
     *
     * @param trustManagersProvider the trust managers
     * @return this builder
     */
    Builder tlsTrustManagersProvider(TlsTrustManagersProvider trustManagersProvider);

    /**
     * Uses the caller's sync HTTP client (gets, heads, lists, server-side puts, STS) instead of
     * the one hipaa-s3 builds. Its TLS versions, trust and host name checks are then the
     * caller's responsibility; the HTTPS check still runs on every request. The caller keeps
     * ownership and must close it. In client-side modes set {@link #asyncHttpClient} or
     * {@link #asyncHttpClientBuilder} too: puts travel on the async client, and
     * {@link #build()} refuses a sync client without an async one rather than send puts around
     * its proxy or trust.
     *
     * @param httpClient the HTTP client
     * @return this builder
     */
    Builder httpClient(SdkHttpClient httpClient);

    /**
     * Like {@link #httpClient(SdkHttpClient)}, with a builder (Apache, Apache 5, URL
     * connection, ...): each SDK client hipaa-s3 makes builds, owns and closes its own HTTP
     * client from it, and {@link #tlsTrustManagersProvider} is applied to it when set (which
     * also fails handshakes below TLS 1.2; otherwise its TLS versions are yours to set).
     *
     * @param httpClientBuilder the builder
     * @return this builder
     */
    Builder httpClientBuilder(SdkHttpClient.Builder<?> httpClientBuilder);

    /**
     * The caller's async HTTP client, for the puts the S3 Encryption Client makes in
     * client-side modes (unused in server-side modes). Requires {@link #httpClient} or
     * {@link #httpClientBuilder}, so that every request follows the caller's transport. The
     * caller keeps ownership and must close it; its TLS versions and trust are the caller's.
     *
     * @param asyncHttpClient the async HTTP client
     * @return this builder
     */
    Builder asyncHttpClient(SdkAsyncHttpClient asyncHttpClient);

    /**
     * Like {@link #asyncHttpClient(SdkAsyncHttpClient)}, with a builder (for example
     * {@code NettyNioAsyncHttpClient.builder().proxyConfiguration(...)}).
     * {@link #tlsTrustManagersProvider} is applied to it when set. The SDK's Netty builder
     * cannot restrict TLS versions: hipaa-s3 fails handshakes below TLS 1.2 on it only when it
     * applies the trust managers; otherwise the JDK's enabled versions apply.
     *
     * @param asyncHttpClientBuilder the builder
     * @return this builder
     */
    Builder asyncHttpClientBuilder(SdkAsyncHttpClient.Builder<?> asyncHttpClientBuilder);

    /**
     * Settings for every SDK client hipaa-s3 builds (S3 sync and async, STS): retry strategy,
     * API call and attempt timeouts, metric publishers, execution interceptors (they run before
     * hipaa-s3's wire check, which is always last), scheduled executor, profile file and name,
     * application ID and user-agent prefix and suffix. {@link #build()} refuses headers,
     * execution attributes, signers, compression and other advanced options, which would change
     * requests after they were checked or turn checks off.
     *
     * @param overrideConfiguration the settings
     * @return this builder
     */
    Builder overrideConfiguration(ClientOverrideConfiguration overrideConfiguration);

    /**
     * Like {@link #overrideConfiguration(ClientOverrideConfiguration)}, from a fresh builder.
     *
     * @param overrideConfiguration fills in the settings
     * @return this builder
     */
    default Builder overrideConfiguration(
        Consumer<ClientOverrideConfiguration.Builder> overrideConfiguration) {
      ClientOverrideConfiguration.Builder builder = ClientOverrideConfiguration.builder();
      overrideConfiguration.accept(builder);
      return overrideConfiguration(builder.build());
    }

    /**
     * Forces path-style addressing ({@code https://host/bucket/key}), as S3-compatible
     * servers on localhost need.
     *
     * @param forcePathStyle whether to force path-style addressing
     * @return this builder
     */
    Builder forcePathStyle(boolean forcePathStyle);

    /**
     * INSECURE: allows long-term static access keys (an access key without a session token).
     * Such keys do not expire and are the most common source of S3 data breaches. Setting this
     * logs a WARN at {@link #build()}.
     *
     * @param allow whether to allow them
     * @return this builder
     */
    Builder insecureAllowLongTermStaticCredentials(boolean allow);

    /**
     * The secret that hashes object IDs into object keys (required in the default
     * {@link KeyMode#HASHED} mode). Its version appears in every key it makes.
     *
     * @param secret the current secret
     * @return this builder
     */
    Builder keyHashingSecret(KeyHashingSecret secret);

    /**
     * Secrets that hashed keys in the past, newest first, after a rotation. Writes always use
     * {@link #keyHashingSecret}; reads that find no such key under the current key try these in
     * order (but not past a delete marker), and writes to existing objects (tagging, retention,
     * legal hold, copy source, version deletes) first ask S3 (HEAD) which key exists. A delete
     * without a version ID puts a delete marker on every key of the object ID that exists, so no
     * older copy stays readable. A HEAD that fails with anything but 404 (403 when
     * {@code s3:GetObject} or {@code s3:ListBucket} is not granted: without the latter S3 answers
     * 403 for a missing key; 5xx) fails the call with that {@code S3Exception}, unwrapped, before
     * anything is deleted or changed. Versions must differ from each other and from the current.
     *
     * @param secrets the older secrets
     * @return this builder
     */
    Builder olderKeyHashingSecrets(KeyHashingSecret... secrets);

    /**
     * Whether an object ID that already has the stored-key form ({@code [prefix/]v<version>/}
     * followed by 64 letters of the hashed-key alphabet, for a configured secret version) is used
     * as the stored key as it is, so that keys from listings and responses can be passed back
     * (default true). When false, every object ID is hashed, including one in stored-key form.
     *
     * <p>Turn it off when object IDs come from end users (a URL, a form field): with it on, a
     * user who learns another patient's stored key (from a listing, a log, an audit event) can
     * pass it as an ID and reach that record, bypassing the mapping from your own IDs. Shown in
     * {@link HipaaS3Client#policy()}. No effect in {@link KeyMode#PASS_THROUGH} mode.
     *
     * @param accept whether to accept IDs in stored-key form as stored keys
     * @return this builder
     */
    Builder acceptStoredKeyForm(boolean accept);

    /**
     * A prefix for every hashed key, such as a tenant or a document class
     * ({@code tenant-a/lab-reports}). It is sent in the clear, so it is screened for PHI. Segments
     * separated by {@code /} of letters, digits, {@code .}, {@code _} and {@code -}; at most 256
     * characters.
     *
     * @param prefix the prefix, without leading or trailing slash
     * @return this builder
     */
    Builder keyPrefix(String prefix);

    /**
     * How caller keys become stored keys: {@link KeyMode#HASHED} (the default) or
     * {@link KeyMode#PASS_THROUGH}.
     *
     * @param mode the mode
     * @return this builder
     */
    Builder keyMode(KeyMode mode);

    /**
     * The PHI detectors that screen every name sent in the clear (default
     * {@link PhiDetectors#defaults()}). Add your own with {@link PhiDetectors#with}.
     *
     * @param detectors the detectors
     * @return this builder
     */
    Builder phiDetectors(PhiDetectors detectors);

    /**
     * How every object is encrypted (required: there is no default, so nothing is stored in
     * plaintext by omission). See {@link EncryptionMode}.
     *
     * @param mode the encryption mode
     * @return this builder
     */
    Builder encryption(EncryptionMode mode);

    /**
     * Client-side modes: puts whose body is larger than this many bytes are uploaded in parts
     * through the S3 Encryption Client's multipart pipeline (default 512 MiB, at least 5 MiB).
     * That pipeline writes the encrypted parts to {@code java.io.tmpdir} before uploading them.
     *
     * @param bytes the threshold
     * @return this builder
     */
    Builder multipartThreshold(long bytes);

    /**
     * Client-side modes: objects up to this many bytes (default 64 MiB) are decrypted and
     * authenticated in full, in memory, before any plaintext reaches the caller. Larger objects
     * are authenticated before release too, in bounded memory: their ciphertext (never
     * plaintext) is first written to a temporary file in the
     * {@linkplain #authenticationSpoolDirectory(Path) authentication spool directory} while the
     * AES-GCM tag is checked, and only then decrypted from that file; the file is deleted when
     * the stream is closed and on every failure. Either way a tampered object fails with
     * {@link HipaaS3SecurityException} before any byte is returned. A get of a large object
     * therefore returns its first byte only after the whole object was downloaded, and needs
     * free space for its size in the spool directory.
     *
     * @param bytes the buffer size, 1 KiB to 1 GiB
     * @return this builder
     */
    Builder authenticationBufferSize(long bytes);

    /**
     * Client-side modes: the directory where the ciphertext of objects larger than
     * {@link #authenticationBufferSize(long)} is held while they are authenticated (default
     * {@code java.io.tmpdir}). Each get creates one file with a random name, owner-only
     * permissions where the file system supports POSIX, and the object's ciphertext size; it is
     * deleted when the plaintext stream is closed or the get fails (on Linux and macOS it has
     * no name from the moment it is opened, so it is freed even if the JVM dies). The directory
     * must exist; choose one on a local, encrypted volume with room for the largest objects
     * read at once.
     *
     * @param directory an existing directory
     * @return this builder
     */
    Builder authenticationSpoolDirectory(Path directory);

    /**
     * INSECURE: releases the plaintext of client-side objects larger than
     * {@link #authenticationBufferSize(long)} as it is decrypted, before their AES-GCM tag is
     * checked, instead of authenticating them first. AES-CTR is malleable: whoever can write the
     * stored ciphertext can flip chosen plaintext bits, and a caller that acts on bytes before the
     * end of the stream, or closes the stream early, gets the altered data without an exception
     * (the check fails only when the stream reaches its end). Saves the download-then-decrypt
     * latency and the spool file; logged at WARN at {@link #build()}.
     *
     * @param release whether to release unauthenticated plaintext of large objects
     * @return this builder
     */
    Builder insecureReleaseUnauthenticatedPlaintext(boolean release);

    /**
     * INSECURE: reads objects that fail the read-side encryption check (for example legacy
     * plaintext objects) instead of refusing them, logging a WARN for each. Use once, to bring
     * legacy objects under the client's mode: in server-side modes copy them through hipaa-s3;
     * in client-side modes read them with this opt-in (objects without any client-side envelope
     * are returned as stored) and write them with {@code putObject} through a client without it,
     * because a copy in S3 cannot encrypt client-side.
     *
     * @param allow whether to allow such reads
     * @return this builder
     */
    Builder insecureAllowReadingUnencryptedObjects(boolean allow);

    /**
     * INSECURE: allows ranged and part gets under client-side encryption. The S3 Encryption
     * Client decrypts a range without authenticating it, so tampered bytes are returned as
     * plaintext.
     *
     * @param allow whether to allow them
     * @return this builder
     */
    Builder insecureAllowUnauthenticatedRangedGets(boolean allow);

    /**
     * INSECURE: reads client-side objects that are not bound to their bucket and stored key,
     * logging a WARN for each. hipaa-s3 binds every client-side object it writes (KMS: encryption
     * context {@code hipaa-s3:bucket} and {@code hipaa-s3:key}; AES and RSA: an HMAC tag keyed
     * from the object's data key, in the materials description), and by default refuses an
     * object without a binding with {@code DECRYPTION_FAILED}, because it could be another
     * patient's object copied over this key. Objects written before the binding (or by another
     * client) have none: read them once with this opt-in and rewrite them with
     * {@code putObject} through hipaa-s3 (a copy in S3 cannot bind them).
     *
     * @param allow whether to read unbound objects
     * @return this builder
     */
    Builder insecureAllowUnboundClientSideObjects(boolean allow);

    /**
     * The Object Lock retention every put, copy and multipart upload carries (default
     * {@link ObjectRetention#defaults()}: COMPLIANCE for six years). The bucket must have
     * Object Lock enabled, which {@code createBucket} through hipaa-s3 does.
     *
     * @param retention the retention
     * @return this builder
     */
    Builder retention(ObjectRetention retention);

    /**
     * The checksum every put and part carries: {@code CRC32_C} (the default; the JDK computes
     * it at several GB/s), {@code CRC64_NVME} (needs {@code software.amazon.awssdk.crt:aws-crt}
     * on the class path), or {@code SHA256} (about a third of CRC32C's speed, and multipart
     * uploads then get per-part checksums that a get cannot check). Gets ask for the checksum
     * and the SDK checks the data against it.
     *
     * @param algorithm the algorithm
     * @return this builder
     */
    Builder checksumAlgorithm(ChecksumAlgorithm algorithm);

    /**
     * INSECURE: reads objects that S3 does not show locked as the retention requires (no lock
     * mode and retain-until date, a weaker mode or a shorter period, and no legal hold), with a
     * WARN log, instead of refusing them with {@code RETENTION_NOT_CONFIRMED}.
     *
     * @param allow whether to read such objects
     * @return this builder
     */
    Builder insecureAllowReadingUnretainedObjects(boolean allow);

    /**
     * INSECURE: reads whole objects that carry no full-object checksum, with a WARN log,
     * instead of refusing them with {@code CHECKSUM_MISSING}.
     *
     * @param allow whether to read such objects
     * @return this builder
     */
    Builder insecureAllowReadingWithoutChecksums(boolean allow);

    /**
     * INSECURE: skips the check, on the first object operation on each bucket, that the bucket
     * has Object Lock and versioning enabled. For callers without
     * s3:GetBucketObjectLockConfiguration and s3:GetBucketVersioning whose buckets are checked
     * by another control.
     *
     * @param skip whether to skip the check
     * @return this builder
     */
    Builder insecureSkipBucketProtectionCheck(boolean skip);

    /**
     * Where audit events go (default {@link AuditSinks#slf4j()}): one PHI-free event per call,
     * written off the request path. Combine sinks with {@link AuditSinks#composite}.
     *
     * @param sink the sink; the client closes it when it closes
     * @return this builder
     */
    Builder audit(AuditSink sink);

    /**
     * How many audit events may wait for the writer (default 10,000).
     *
     * @param capacity at least 1
     * @return this builder
     */
    Builder auditQueueCapacity(int capacity);

    /**
     * What a call does when the audit queue is full: wait (BLOCK, the default) or be refused
     * before anything is sent (FAIL). Events are never dropped.
     *
     * @param policy the policy
     * @return this builder
     */
    Builder auditQueueFullPolicy(QueueFullPolicy policy);

    /**
     * Who the calls are made by, as audit events record it (for example the service or user
     * name the application authenticated). Recorded as given.
     *
     * @param actor the actor
     * @return this builder
     */
    Builder auditActor(String actor);

    /**
     * Records the caller's IAM ARN (STS GetCallerIdentity at {@code build()}, with the client's
     * credentials) as the audit actor. If STS cannot be reached, the configured
     * {@link #auditActor(String)} is used and a WARN is logged.
     *
     * @param fromSts whether to ask STS
     * @return this builder
     */
    Builder auditActorFromSts(boolean fromSts);

    /**
     * INSECURE: no audit events at all. HIPAA 164.312(b) requires audit controls; use this
     * only where another layer records every call.
     *
     * @param disable whether to turn auditing off
     * @return this builder
     */
    Builder insecureDisableAudit(boolean disable);

    /**
     * Audits each bucket's posture on first use ({@link BucketPostureAuditor}, against
     * {@link PostureRequirements#forClient} unless {@link #postureRequirements} is set), and
     * again after {@code cacheFor}: ENFORCE refuses calls to a failing bucket
     * ({@code BUCKET_NOT_PROTECTED}), WARN logs the failed controls, OFF (the default) skips it.
     * The caller needs read access to the bucket's settings; unreadable settings are logged.
     *
     * @param mode ENFORCE, WARN or OFF
     * @param cacheFor how long a result is kept (a failure under ENFORCE is not kept)
     * @return this builder
     */
    Builder postureCheck(PostureCheck mode, Duration cacheFor);

    /**
     * The requirements the posture check uses (for example with VPC endpoints), instead of the
     * ones the client's own policy implies.
     *
     * @param requirements the requirements
     * @return this builder
     */
    Builder postureRequirements(PostureRequirements requirements);

    /**
     * INSECURE: allows deleting object versions ({@code deleteObject} or {@code deleteObjects}
     * with a version ID), which destroys records for good. Without it, deletes add a delete
     * marker and the data stays as a noncurrent version. Logged at WARN.
     *
     * @param allow whether to allow version deletion
     * @return this builder
     */
    Builder insecureAllowPermanentVersionDeletion(boolean allow);

    /**
     * INSECURE: allows {@code bypassGovernanceRetention(true)} on requests, which removes
     * governance-mode Object Lock. Logged at WARN.
     *
     * @param allow whether to allow the bypass
     * @return this builder
     */
    Builder insecureAllowBypassGovernanceRetention(boolean allow);

    /**
     * Validates the configuration and builds the client.
     *
     * @return the client
     * @throws HipaaS3ConfigurationException when a required setting is missing or settings
     *     conflict
     * @throws HipaaS3PolicyViolationException when a setting breaks the security policy
     */
    HipaaS3Client build();
  }

  private static final class BuilderImpl implements Builder {
    private static final Logger LOG = LoggerFactory.getLogger(HipaaS3Client.class);
    private static final int MAX_PREFIX_LENGTH = 256;
    private static final long MIN_PART_SIZE = 5L * 1024 * 1024;
    private static final long MIN_AUTHENTICATION_BUFFER_SIZE = 1024;
    private static final long MAX_AUTHENTICATION_BUFFER_SIZE = 1L << 30;
    private static final Pattern PREFIX = Pattern.compile(
        "(?!\\.{1,2}(/|$))[A-Za-z0-9._-]+(/(?!\\.{1,2}(/|$))[A-Za-z0-9._-]+)*");

    private Region region;
    private URI endpointOverride;
    private AwsCredentialsProvider credentialsProvider;
    private TlsTrustManagersProvider trustManagersProvider;
    private SdkHttpClient httpClient;
    private SdkHttpClient.Builder<?> httpClientBuilder;
    private SdkAsyncHttpClient asyncHttpClient;
    private SdkAsyncHttpClient.Builder<?> asyncHttpClientBuilder;
    private ClientOverrideConfiguration overrideConfiguration;
    private boolean forcePathStyle;
    private boolean insecureAllowLongTermStaticCredentials;
    private KeyHashingSecret keyHashingSecret;
    private List<KeyHashingSecret> olderKeyHashingSecrets = List.of();
    private String keyPrefix = "";
    private boolean acceptStoredKeyForm = true;
    private KeyMode keyMode = KeyMode.HASHED;
    private PhiDetectors phiDetectors = PhiDetectors.defaults();
    private EncryptionMode encryption;
    private long multipartThreshold = DEFAULT_MULTIPART_THRESHOLD;
    private long authenticationBufferSize = DEFAULT_AUTHENTICATION_BUFFER_SIZE;
    private Path authenticationSpoolDirectory;
    private boolean insecureReleaseUnauthenticatedPlaintext;
    private boolean insecureAllowReadingUnencryptedObjects;
    private boolean insecureAllowUnauthenticatedRangedGets;
    private boolean insecureAllowUnboundClientSideObjects;
    private boolean insecureAllowPermanentVersionDeletion;
    private ObjectRetention retention = ObjectRetention.defaults();

    @Override
    public Builder retention(ObjectRetention retention) {
      this.retention = Objects.requireNonNull(retention, "retention");
      return this;
    }
    private boolean insecureAllowBypassGovernanceRetention;
    private ChecksumAlgorithm checksumAlgorithm = ChecksumAlgorithm.CRC32_C;
    private boolean insecureAllowReadingUnretainedObjects;
    private boolean insecureAllowReadingWithoutChecksums;
    private boolean insecureSkipBucketProtectionCheck;
    private AuditSink auditSink;
    private int auditQueueCapacity = 10_000;
    private QueueFullPolicy auditQueueFullPolicy = QueueFullPolicy.BLOCK;
    private String auditActor;
    private boolean auditActorFromSts;
    private boolean insecureDisableAudit;
    private PostureCheck postureCheck = PostureCheck.OFF;
    private Duration postureCacheFor = Duration.ofMinutes(15);
    private PostureRequirements postureRequirements;

    @Override
    public Builder postureCheck(PostureCheck mode, Duration cacheFor) {
      this.postureCheck = Objects.requireNonNull(mode, "mode");
      this.postureCacheFor = Objects.requireNonNull(cacheFor, "cacheFor");
      if (cacheFor.isNegative()) {
        throw new HipaaS3ConfigurationException("postureCheck cacheFor must not be negative.");
      }
      return this;
    }

    @Override
    public Builder postureRequirements(PostureRequirements requirements) {
      this.postureRequirements = Objects.requireNonNull(requirements, "requirements");
      return this;
    }

    @Override
    public Builder audit(AuditSink sink) {
      this.auditSink = Objects.requireNonNull(sink, "sink");
      return this;
    }

    @Override
    public Builder auditQueueCapacity(int capacity) {
      if (capacity < 1) {
        throw new HipaaS3ConfigurationException("auditQueueCapacity must be at least 1; it"
            + " was " + capacity + ".");
      }
      this.auditQueueCapacity = capacity;
      return this;
    }

    @Override
    public Builder auditQueueFullPolicy(QueueFullPolicy policy) {
      this.auditQueueFullPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    @Override
    public Builder auditActor(String actor) {
      this.auditActor = Objects.requireNonNull(actor, "actor");
      return this;
    }

    @Override
    public Builder auditActorFromSts(boolean fromSts) {
      this.auditActorFromSts = fromSts;
      return this;
    }

    @Override
    public Builder insecureDisableAudit(boolean disable) {
      this.insecureDisableAudit = disable;
      return this;
    }

    @Override
    public Builder checksumAlgorithm(ChecksumAlgorithm algorithm) {
      this.checksumAlgorithm = Objects.requireNonNull(algorithm, "algorithm");
      return this;
    }

    @Override
    public Builder insecureAllowReadingUnretainedObjects(boolean allow) {
      this.insecureAllowReadingUnretainedObjects = allow;
      return this;
    }

    @Override
    public Builder insecureAllowReadingWithoutChecksums(boolean allow) {
      this.insecureAllowReadingWithoutChecksums = allow;
      return this;
    }

    @Override
    public Builder insecureSkipBucketProtectionCheck(boolean skip) {
      this.insecureSkipBucketProtectionCheck = skip;
      return this;
    }

    @Override
    public Builder insecureAllowPermanentVersionDeletion(boolean allow) {
      this.insecureAllowPermanentVersionDeletion = allow;
      return this;
    }

    @Override
    public Builder insecureAllowBypassGovernanceRetention(boolean allow) {
      this.insecureAllowBypassGovernanceRetention = allow;
      return this;
    }

    @Override
    public Builder encryption(EncryptionMode mode) {
      this.encryption = Objects.requireNonNull(mode, "mode");
      return this;
    }

    @Override
    public Builder multipartThreshold(long bytes) {
      if (bytes < MIN_PART_SIZE) {
        throw new HipaaS3ConfigurationException("multipartThreshold must be at least "
            + MIN_PART_SIZE + " bytes (S3's minimum part size).");
      }
      this.multipartThreshold = bytes;
      return this;
    }

    @Override
    public Builder authenticationBufferSize(long bytes) {
      if (bytes < MIN_AUTHENTICATION_BUFFER_SIZE || bytes > MAX_AUTHENTICATION_BUFFER_SIZE) {
        throw new HipaaS3ConfigurationException("authenticationBufferSize must be between "
            + MIN_AUTHENTICATION_BUFFER_SIZE + " and "
            + MAX_AUTHENTICATION_BUFFER_SIZE + " bytes; it is held in memory per get.");
      }
      this.authenticationBufferSize = bytes;
      return this;
    }

    @Override
    public Builder authenticationSpoolDirectory(Path directory) {
      this.authenticationSpoolDirectory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    @Override
    public Builder insecureReleaseUnauthenticatedPlaintext(boolean release) {
      this.insecureReleaseUnauthenticatedPlaintext = release;
      return this;
    }

    @Override
    public Builder insecureAllowReadingUnencryptedObjects(boolean allow) {
      this.insecureAllowReadingUnencryptedObjects = allow;
      return this;
    }

    @Override
    public Builder insecureAllowUnboundClientSideObjects(boolean allow) {
      this.insecureAllowUnboundClientSideObjects = allow;
      return this;
    }

    @Override
    public Builder insecureAllowUnauthenticatedRangedGets(boolean allow) {
      this.insecureAllowUnauthenticatedRangedGets = allow;
      return this;
    }

    @Override
    public Builder keyHashingSecret(KeyHashingSecret secret) {
      this.keyHashingSecret = Objects.requireNonNull(secret, "secret");
      return this;
    }

    @Override
    public Builder olderKeyHashingSecrets(KeyHashingSecret... secrets) {
      List<KeyHashingSecret> list = new ArrayList<>();
      for (KeyHashingSecret secret : Objects.requireNonNull(secrets, "secrets")) {
        list.add(Objects.requireNonNull(secret, "secrets must not contain null"));
      }
      this.olderKeyHashingSecrets = List.copyOf(list);
      return this;
    }

    @Override
    public Builder acceptStoredKeyForm(boolean accept) {
      this.acceptStoredKeyForm = accept;
      return this;
    }

    @Override
    public Builder keyPrefix(String prefix) {
      Objects.requireNonNull(prefix, "prefix");
      if (!prefix.isEmpty() && (prefix.length() > MAX_PREFIX_LENGTH
          || !PREFIX.matcher(prefix).matches())) {
        throw new HipaaS3ConfigurationException("keyPrefix is not valid. Use segments of"
            + " letters, digits, '.', '_' and '-' separated by single '/', with no leading or"
            + " trailing '/', no '.' or '..' segment, and at most " + MAX_PREFIX_LENGTH
            + " characters.");
      }
      this.keyPrefix = prefix;
      return this;
    }

    @Override
    public Builder keyMode(KeyMode mode) {
      this.keyMode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    @Override
    public Builder phiDetectors(PhiDetectors detectors) {
      this.phiDetectors = Objects.requireNonNull(detectors, "detectors");
      return this;
    }

    @Override
    public Builder region(Region region) {
      this.region = Objects.requireNonNull(region, "region");
      return this;
    }

    @Override
    public Builder endpointOverride(URI endpoint) {
      this.endpointOverride = TransportPolicy.checkEndpoint(
          Objects.requireNonNull(endpoint, "endpoint"));
      return this;
    }

    @Override
    public Builder credentialsProvider(AwsCredentialsProvider credentialsProvider) {
      this.credentialsProvider = Objects.requireNonNull(credentialsProvider,
          "credentialsProvider");
      return this;
    }

    @Override
    public Builder tlsTrustManagersProvider(TlsTrustManagersProvider trustManagersProvider) {
      this.trustManagersProvider = Objects.requireNonNull(trustManagersProvider,
          "trustManagersProvider");
      return this;
    }

    @Override
    public Builder httpClient(SdkHttpClient httpClient) {
      this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
      return this;
    }

    @Override
    public Builder httpClientBuilder(SdkHttpClient.Builder<?> httpClientBuilder) {
      this.httpClientBuilder = Objects.requireNonNull(httpClientBuilder, "httpClientBuilder");
      return this;
    }

    @Override
    public Builder asyncHttpClient(SdkAsyncHttpClient asyncHttpClient) {
      this.asyncHttpClient = Objects.requireNonNull(asyncHttpClient, "asyncHttpClient");
      return this;
    }

    @Override
    public Builder asyncHttpClientBuilder(SdkAsyncHttpClient.Builder<?> asyncHttpClientBuilder) {
      this.asyncHttpClientBuilder = Objects.requireNonNull(asyncHttpClientBuilder,
          "asyncHttpClientBuilder");
      return this;
    }

    @Override
    public Builder overrideConfiguration(ClientOverrideConfiguration overrideConfiguration) {
      this.overrideConfiguration = Objects.requireNonNull(overrideConfiguration,
          "overrideConfiguration");
      return this;
    }

    @Override
    public Builder forcePathStyle(boolean forcePathStyle) {
      this.forcePathStyle = forcePathStyle;
      return this;
    }

    @Override
    public Builder insecureAllowLongTermStaticCredentials(boolean allow) {
      this.insecureAllowLongTermStaticCredentials = allow;
      return this;
    }

    @Override
    public HipaaS3Client build() {
      if (region == null) {
        throw new HipaaS3ConfigurationException("region is not set. Set it explicitly, for"
            + " example .region(Region.US_EAST_1): where PHI is stored is a compliance"
            + " decision, so hipaa-s3 never takes the region from the environment.");
      }
      if (encryption == null) {
        throw new HipaaS3ConfigurationException("encryption is not set. Choose how every object"
            + " is encrypted, for example .encryption(EncryptionMode.sseKms(keyArn)) or"
            + " .encryption(EncryptionMode.clientSideKms(kmsClient, keyArn)); there is no"
            + " default, so nothing is stored in plaintext by omission.");
      }
      IntegrityPolicy.checkAlgorithm(checksumAlgorithm);
      if (insecureDisableAudit && auditSink != null) {
        throw new HipaaS3ConfigurationException("audit(...) sets a sink, but"
            + " insecureDisableAudit(true) turns auditing off. Remove one of them.");
      }
      warnInsecure();
      Path spoolDirectory = authenticationSpoolDirectory != null ? authenticationSpoolDirectory
          : Paths.get(System.getProperty("java.io.tmpdir"));
      if (encryption.kind().clientSide() && !Files.isDirectory(spoolDirectory)) {
        throw new HipaaS3ConfigurationException("The authentication spool directory ("
            + (authenticationSpoolDirectory != null ? "authenticationSpoolDirectory"
                : "java.io.tmpdir") + ") does not exist or is not a directory. Client-side"
            + " gets of objects larger than authenticationBufferSize hold their ciphertext"
            + " there while it is authenticated; create it or set authenticationSpoolDirectory"
            + " to an existing directory.");
      }
      NamePolicy names = new NamePolicy(keyMode, phiDetectors);
      ObjectKeyMapper mapper = buildKeyMapper(names);
      CredentialsPolicy.check(credentialsProvider, insecureAllowLongTermStaticCredentials,
          "the client");
      if (insecureAllowLongTermStaticCredentials) {
        LOG.warn("INSECURE: insecureAllowLongTermStaticCredentials(true) is set. Long-term"
            + " access keys do not expire; use an IAM role or session credentials for PHI.");
      }
      Transport transport = Transport.builder().region(region).endpoint(endpointOverride)
          .forcePathStyle(forcePathStyle).credentials(credentialsProvider)
          .httpClient(httpClient).httpClientBuilder(httpClientBuilder)
          .asyncHttpClient(asyncHttpClient).asyncHttpClientBuilder(asyncHttpClientBuilder)
          .trust(trustManagersProvider).overrides(overrideConfiguration)
          .build(encryption.kind().clientSide());
      HipaaPolicy policy = HipaaPolicy.builder()
          .transport(new HipaaPolicy.Transport(region, endpointOverride, forcePathStyle,
              transport.callerHttpClient()))
          .names(new HipaaPolicy.Names(keyMode, keyPrefix,
              mapper == null ? List.of() : mapper.versions(), acceptStoredKeyForm, phiDetectors))
          .encryption(new HipaaPolicy.Encryption(encryption.kind(),
              encryption.kmsKeyArn().orElse(null), multipartThreshold, authenticationBufferSize,
              authenticationSpoolDirectory))
          .retention(retention)
          .integrity(new HipaaPolicy.Integrity(checksumAlgorithm))
          .audit(new HipaaPolicy.Audit(auditQueueCapacity, auditQueueFullPolicy, auditActor,
              auditActorFromSts))
          .posture(new HipaaPolicy.Posture(postureCheck, postureCacheFor))
          .insecure(Insecure.ALLOW_LONG_TERM_STATIC_CREDENTIALS,
              insecureAllowLongTermStaticCredentials)
          .insecure(Insecure.ALLOW_READING_UNENCRYPTED_OBJECTS,
              insecureAllowReadingUnencryptedObjects)
          .insecure(Insecure.ALLOW_UNAUTHENTICATED_RANGED_GETS,
              insecureAllowUnauthenticatedRangedGets)
          .insecure(Insecure.ALLOW_UNBOUND_CLIENT_SIDE_OBJECTS,
              insecureAllowUnboundClientSideObjects)
          .insecure(Insecure.ALLOW_PERMANENT_VERSION_DELETION,
              insecureAllowPermanentVersionDeletion)
          .insecure(Insecure.ALLOW_BYPASS_GOVERNANCE_RETENTION,
              insecureAllowBypassGovernanceRetention)
          .insecure(Insecure.ALLOW_READING_UNRETAINED_OBJECTS,
              insecureAllowReadingUnretainedObjects)
          .insecure(Insecure.ALLOW_READING_WITHOUT_CHECKSUMS,
              insecureAllowReadingWithoutChecksums)
          .insecure(Insecure.SKIP_BUCKET_PROTECTION_CHECK, insecureSkipBucketProtectionCheck)
          .insecure(Insecure.DISABLE_AUDIT, insecureDisableAudit)
          .insecure(Insecure.RELEASE_UNAUTHENTICATED_PLAINTEXT,
              insecureReleaseUnauthenticatedPlaintext)
          .build();
      S3Client raw = transport.s3(s3WireGate(names));
      S3Client delegate = ClientSideEncryption.wrap(encryption, raw,
          encryption.kind().clientSide() ? transport.s3Async(s3WireGate(names)) : null,
          multipartThreshold,
          authenticationBufferSize, insecureAllowUnauthenticatedRangedGets,
          insecureAllowReadingUnencryptedObjects, insecureAllowUnboundClientSideObjects,
          spoolDirectory, insecureReleaseUnauthenticatedPlaintext);
      EncryptionPolicy encryptionPolicy = new EncryptionPolicy(encryption.kind(),
          encryption.kmsKeyArn().orElse(null), sseCKeys(encryption),
          insecureAllowReadingUnencryptedObjects,
          bucket -> EncryptionPolicy.blocksSseC(raw, bucket));
      AuditTrail trail = insecureDisableAudit ? null : new AuditTrail(
          auditSink != null ? auditSink : AuditSinks.slf4j(), auditQueueCapacity,
          auditQueueFullPolicy, resolveActor(transport, names), encryption.kind(), phiDetectors,
          mapper == null ? null : id -> mapper.keyFor(id, "audit"), Clock.systemUTC());
      return new HipaaS3Client(delegate, new PolicyGate(names, mapper,
          head -> objectExists(delegate, head), encryptionPolicy,
          insecureAllowUnauthenticatedRangedGets, new RetentionPolicy(
              insecureAllowPermanentVersionDeletion, insecureAllowBypassGovernanceRetention,
              retention, insecureAllowReadingUnretainedObjects),
          new IntegrityPolicy(checksumAlgorithm, insecureAllowReadingWithoutChecksums),
          insecureSkipBucketProtectionCheck && postureCheck == PostureCheck.OFF ? null
              : new BucketCheck(raw, !insecureSkipBucketProtectionCheck, postureCheck,
                  postureRequirements != null ? postureRequirements
                      : PostureRequirements.forClient(policy), postureCacheFor,
                  Clock.systemUTC()), delegate::headObject,
          trail), policy, trail);
    }

    /** The last check before transmission on each S3 client (sync and async). */
    private WireGate s3WireGate(NamePolicy names) {
      return new WireGate(WireGate.Service.S3, region, endpointOverride, names,
          encryption.kind().clientSide(), WireInvariants.of(encryption.kind(),
              encryption.kmsKeyArn().orElse(null), retention.mode(),
              insecureAllowBypassGovernanceRetention, insecureAllowPermanentVersionDeletion));
    }

    /** The configured actor, or the caller's IAM ARN when asked for and STS answers. */
    private String resolveActor(Transport transport, NamePolicy names) {
      if (!auditActorFromSts) {
        return auditActor;
      }
      try (StsClient client = transport.sts(new WireGate(WireGate.Service.STS, region,
          endpointOverride, names, false, WireInvariants.NONE))) {
        return client.getCallerIdentity().arn();
      } catch (SdkException e) {
        LOG.warn("auditActorFromSts: STS GetCallerIdentity failed ({}); audit events record {}.",
            e.getClass().getSimpleName(), auditActor == null ? "no actor" : "the configured"
                + " auditActor");
        return auditActor;
      }
    }

    private void warnInsecure() {
      if (insecureDisableAudit) {
        LOG.warn("INSECURE: insecureDisableAudit(true) is set. Calls are not audited.");
      }
      if (insecureAllowReadingUnretainedObjects) {
        LOG.warn("INSECURE: insecureAllowReadingUnretainedObjects(true) is set. Objects that"
            + " are not locked as the retention requires will be read.");
      }
      if (insecureAllowReadingWithoutChecksums) {
        LOG.warn("INSECURE: insecureAllowReadingWithoutChecksums(true) is set. Objects without"
            + " a full-object checksum will be read unverified.");
      }
      if (insecureSkipBucketProtectionCheck) {
        LOG.warn("INSECURE: insecureSkipBucketProtectionCheck(true) is set. Buckets are not"
            + " checked for Object Lock and versioning before use.");
      }
      if (encryption.kind() == EncryptionMode.Kind.SSE_S3) {
        LOG.warn("INSECURE: EncryptionMode.insecureSseS3Only() is set. S3-managed keys have no"
            + " key policy and no key-use audit trail; use SSE-KMS or client-side encryption.");
      }
      if (insecureAllowReadingUnencryptedObjects) {
        LOG.warn("INSECURE: insecureAllowReadingUnencryptedObjects(true) is set. Objects that"
            + " are not encrypted as configured will be read.");
      }
      if (insecureAllowUnboundClientSideObjects) {
        LOG.warn("INSECURE: insecureAllowUnboundClientSideObjects(true) is set. Client-side"
            + " objects not bound to their bucket and key will be read, so an object copied"
            + " over another key outside hipaa-s3 is returned as that key's record.");
      }
      if (insecureAllowPermanentVersionDeletion) {
        LOG.warn("INSECURE: insecureAllowPermanentVersionDeletion(true) is set. Deleting object"
            + " versions destroys records for good.");
      }
      if (insecureAllowBypassGovernanceRetention) {
        LOG.warn("INSECURE: insecureAllowBypassGovernanceRetention(true) is set. Requests may"
            + " remove governance-mode Object Lock.");
      }
      if (insecureReleaseUnauthenticatedPlaintext) {
        LOG.warn("INSECURE: insecureReleaseUnauthenticatedPlaintext(true) is set. Client-side"
            + " objects larger than authenticationBufferSize release plaintext before their"
            + " AES-GCM tag is checked; altered ciphertext yields altered plaintext until the"
            + " stream reaches its end.");
      }
      if (insecureAllowUnauthenticatedRangedGets) {
        LOG.warn("INSECURE: insecureAllowUnauthenticatedRangedGets(true) is set. Ranged gets of"
            + " client-side encrypted objects return unauthenticated plaintext.");
      }
    }

    private static EncryptionPolicy.SseCKeys sseCKeys(EncryptionMode mode) {
      SseCustomerKeyProvider provider =
          mode.sseCustomerKeys(SecretKeyAccess.insecureSecretAccess());
      if (provider == null) {
        return null;
      }
      return new EncryptionPolicy.SseCKeys() {
        @Override
        public EncryptionPolicy.SseCKey writeKey(String bucket, String storedKey) {
          return sseCKey(Objects.requireNonNull(provider.keyFor(bucket, storedKey),
              "the SseCustomerKeyProvider returned null"));
        }

        @Override
        public List<EncryptionPolicy.SseCKey> readKeys(String bucket, String storedKey) {
          List<SseCustomerKey> keys = provider.readKeysFor(bucket, storedKey);
          if (keys == null || keys.isEmpty()) {
            throw new HipaaS3ConfigurationException("The SseCustomerKeyProvider returned no"
                + " read keys; readKeysFor must return at least keyFor's key.");
          }
          List<EncryptionPolicy.SseCKey> out = new ArrayList<>(keys.size());
          for (SseCustomerKey key : keys) {
            out.add(sseCKey(Objects.requireNonNull(key,
                "the SseCustomerKeyProvider returned a null read key")));
          }
          return out;
        }

        @Override
        public String writeKeyId(String bucket, String storedKey) {
          SseCustomerKey key = Objects.requireNonNull(provider.keyFor(bucket, storedKey),
              "the SseCustomerKeyProvider returned null");
          if (key.derivedPerObject()) {
            key.destroy();
          }
          return key.keyId();
        }

        @Override
        public int readKeyCount(String bucket, String storedKey) {
          List<SseCustomerKey> keys = provider.readKeysFor(bucket, storedKey);
          keys.stream().filter(k -> k != null && k.derivedPerObject())
              .forEach(SseCustomerKey::destroy);
          return keys.size();
        }
      };
    }

    private static EncryptionPolicy.SseCKey sseCKey(SseCustomerKey key) {
      // A key derived for one object is zeroed once its header value is made; a key the
      // provider keeps (single, or the caller's own) is left alone.
      return new EncryptionPolicy.SseCKey(key.keyId(), key.keyMd5(), () -> {
        try {
          return key.headerValue(SecretKeyAccess.insecureSecretAccess());
        } finally {
          if (key.derivedPerObject()) {
            key.destroy();
          }
        }
      });
    }

    private ObjectKeyMapper buildKeyMapper(NamePolicy names) {
      if (keyMode == KeyMode.PASS_THROUGH) {
        if (keyHashingSecret != null || !olderKeyHashingSecrets.isEmpty()
            || !keyPrefix.isEmpty()) {
          throw new HipaaS3ConfigurationException("keyHashingSecret, olderKeyHashingSecrets"
              + " and keyPrefix apply to KeyMode.HASHED only, but the key mode is PASS_THROUGH."
              + " Remove them, or use KeyMode.HASHED.");
        }
        return null;
      }
      if (keyHashingSecret == null) {
        throw new HipaaS3ConfigurationException("keyHashingSecret is not set. In the default"
            + " KeyMode.HASHED mode every object key is replaced by its keyed hash, which needs"
            + " a secret: load it with KeyHashingSecret.fromKmsEncryptedBlob(...) (create one"
            + " with KeyHashingSecret.createKmsEncryptedBlob(...)), or KeyHashingSecret"
            + ".fromBytes(...) from your secret store.");
      }
      if (!keyPrefix.isEmpty()) {
        names.screenSetting("keyPrefix", keyPrefix);
      }
      List<Integer> versions = new ArrayList<>();
      List<SecretKey> keys = new ArrayList<>();
      Set<Integer> seen = new HashSet<>();
      for (KeyHashingSecret secret : concat(keyHashingSecret, olderKeyHashingSecrets)) {
        if (!seen.add(secret.version())) {
          throw new HipaaS3ConfigurationException("Two key-hashing secrets have version "
              + secret.version() + ". Each secret needs its own version, because the version"
              + " in a key says which secret made it.");
        }
        versions.add(secret.version());
        keys.add(secret.secretKey(SecretKeyAccess.insecureSecretAccess()));
      }
      return new ObjectKeyMapper(keyPrefix, versions, keys, acceptStoredKeyForm);
    }

    private static List<KeyHashingSecret> concat(KeyHashingSecret first,
        List<KeyHashingSecret> rest) {
      List<KeyHashingSecret> all = new ArrayList<>();
      all.add(first);
      all.addAll(rest);
      return all;
    }

    /**
     * Whether S3 has the object: 200 is present, 404 absent. Any other answer (403 because
     * s3:GetObject is not granted, 5xx, a throttle) is thrown unwrapped, as every service error
     * is: taking it as present or absent would let a delete silently miss a key.
     */
    private static boolean objectExists(S3Client delegate, HeadObjectRequest head) {
      try {
        delegate.headObject(head);
        return true;
      } catch (S3Exception e) {
        if (e.statusCode() == 404) {
          return false;
        }
        if (e.statusCode() == 405 && head.versionId() != null && PolicyGate.isDeleteMarker(e)) {
          return true; // the version asked for exists and is a delete marker
        }
        throw e;
      }
    }
  }
}
