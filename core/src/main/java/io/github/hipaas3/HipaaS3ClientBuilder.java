package io.github.hipaas3;

import io.github.hipaas3.audit.AuditDurability;
import io.github.hipaas3.audit.AuditSink;
import io.github.hipaas3.audit.AuditSinks;
import io.github.hipaas3.audit.QueueFullPolicy;
import io.github.hipaas3.posture.BucketPostureAuditor;
import io.github.hipaas3.posture.PostureCheck;
import io.github.hipaas3.posture.PostureRequirements;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.TlsTrustManagersProvider;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The settings of {@link HipaaS3Client.Builder}, the builder {@link HipaaS3Client#builder()}
 * returns (declared here, as the SDK declares {@code S3Client.Builder}'s in {@code
 * S3ClientBuilder}). Each setter checks its own argument; {@link #build()} checks how the
 * settings fit together and fails with a message that says how to fix it.
 */
public interface HipaaS3ClientBuilder {
  /**
   * The AWS Region (required: where PHI is stored is a compliance decision, so it is never
   * guessed from the environment).
   *
   * @param region the region
   * @return this builder
   */
  HipaaS3Client.Builder region(Region region);

  /**
   * An HTTPS endpoint to use instead of AWS's (S3-compatible servers, VPC interface
   * endpoints, FIPS endpoints). {@code http://} is refused.
   *
   * @param endpoint the endpoint
   * @return this builder
   */
  HipaaS3Client.Builder endpointOverride(URI endpoint);

  /**
   * Credentials. Unset, the SDK's default chain is used (instance profile, container and
   * web-identity roles, SSO, ...). Long-term static access keys are refused unless
   * {@link #insecureAllowLongTermStaticCredentials(boolean)} is set; anonymous credentials
   * are always refused.
   *
   * @param credentialsProvider the provider
   * @return this builder
   */
  HipaaS3Client.Builder credentialsProvider(AwsCredentialsProvider credentialsProvider);

  /**
   * Trust managers for every HTTP client hipaa-s3 builds, for a private certificate authority
   * or a local test server: its own (sync and async), or those it builds from
   * {@link #httpClientBuilder} and {@link #asyncHttpClientBuilder} (set on them through their
   * {@code tlsTrustManagersProvider(...)} method). They must be the managers of a
   * {@code TrustManagerFactory}; they are wrapped so that a handshake below TLS 1.2 fails, and
   * host names are verified. Cannot be combined with a client that is already built
   * ({@link #httpClient(SdkHttpClient)}, {@link #asyncHttpClient(SdkAsyncHttpClient)}).
   *
   * @param trustManagersProvider the trust managers
   * @return this builder
   */
  HipaaS3Client.Builder tlsTrustManagersProvider(TlsTrustManagersProvider trustManagersProvider);

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
  HipaaS3Client.Builder httpClient(SdkHttpClient httpClient);

  /**
   * Like {@link #httpClient(SdkHttpClient)}, with a builder (Apache, Apache 5, URL
   * connection, ...): each SDK client hipaa-s3 makes builds, owns and closes its own HTTP
   * client from it, and {@link #tlsTrustManagersProvider} is applied to it when set (which
   * also fails handshakes below TLS 1.2; otherwise its TLS versions are yours to set).
   *
   * @param httpClientBuilder the builder
   * @return this builder
   */
  HipaaS3Client.Builder httpClientBuilder(SdkHttpClient.Builder<?> httpClientBuilder);

  /**
   * The caller's async HTTP client, for the puts the S3 Encryption Client makes in
   * client-side modes (unused in server-side modes). Requires {@link #httpClient} or
   * {@link #httpClientBuilder}, so that every request follows the caller's transport. The
   * caller keeps ownership and must close it; its TLS versions and trust are the caller's.
   *
   * @param asyncHttpClient the async HTTP client
   * @return this builder
   */
  HipaaS3Client.Builder asyncHttpClient(SdkAsyncHttpClient asyncHttpClient);

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
  HipaaS3Client.Builder asyncHttpClientBuilder(
      SdkAsyncHttpClient.Builder<?> asyncHttpClientBuilder);

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
  HipaaS3Client.Builder overrideConfiguration(ClientOverrideConfiguration overrideConfiguration);

  /**
   * Like {@link #overrideConfiguration(ClientOverrideConfiguration)}, from a fresh builder.
   *
   * @param overrideConfiguration fills in the settings
   * @return this builder
   */
  default HipaaS3Client.Builder overrideConfiguration(
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
  HipaaS3Client.Builder forcePathStyle(boolean forcePathStyle);

  /**
   * INSECURE: allows long-term static access keys (an access key without a session token).
   * Such keys do not expire and are the most common source of S3 data breaches. Setting this
   * logs a WARN at {@link #build()}.
   *
   * @param allow whether to allow them
   * @return this builder
   */
  HipaaS3Client.Builder insecureAllowLongTermStaticCredentials(boolean allow);

  /**
   * The secret that hashes object IDs into object keys (required in the default
   * {@link KeyMode#HASHED} mode). Its version appears in every key it makes.
   *
   * @param secret the current secret
   * @return this builder
   */
  HipaaS3Client.Builder keyHashingSecret(KeyHashingSecret secret);

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
  HipaaS3Client.Builder olderKeyHashingSecrets(KeyHashingSecret... secrets);

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
  HipaaS3Client.Builder acceptStoredKeyForm(boolean accept);

  /**
   * A prefix for every hashed key, such as a tenant or a document class
   * ({@code tenant-a/lab-reports}). It is sent in the clear, so it is screened for PHI. Segments
   * separated by {@code /} of letters, digits, {@code .}, {@code _} and {@code -}; at most 256
   * characters.
   *
   * @param prefix the prefix, without leading or trailing slash
   * @return this builder
   */
  HipaaS3Client.Builder keyPrefix(String prefix);

  /**
   * How caller keys become stored keys: {@link KeyMode#HASHED} (the default) or
   * {@link KeyMode#PASS_THROUGH}.
   *
   * @param mode the mode
   * @return this builder
   */
  HipaaS3Client.Builder keyMode(KeyMode mode);

  /**
   * The PHI detectors that screen every name sent in the clear (default
   * {@link PhiDetectors#defaults()}). Add your own with {@link PhiDetectors#with}.
   *
   * @param detectors the detectors
   * @return this builder
   */
  HipaaS3Client.Builder phiDetectors(PhiDetectors detectors);

  /**
   * How every object is encrypted (required: there is no default, so nothing is stored in
   * plaintext by omission). See {@link EncryptionMode}.
   *
   * @param mode the encryption mode
   * @return this builder
   */
  HipaaS3Client.Builder encryption(EncryptionMode mode);

  /**
   * Client-side modes: puts whose body is larger than this many bytes are uploaded in parts
   * through the S3 Encryption Client's multipart pipeline (default 512 MiB, at least 5 MiB).
   * That pipeline writes the encrypted parts to {@code java.io.tmpdir} before uploading them.
   *
   * @param bytes the threshold
   * @return this builder
   */
  HipaaS3Client.Builder multipartThreshold(long bytes);

  /**
   * Client-side KMS mode: caches KMS data keys within the given bounds (off by default), so
   * that small objects do not each cost a KMS call. Puts of bodies up to 1 MiB reuse one data
   * key per bucket and encryption context for up to {@code maxObjectsPerKey} objects, {@code
   * maxBytesPerKey} bytes and {@code maxAge}; gets reuse a data key unwrapped from the same
   * encrypted data key and context within the same bounds. Larger puts keep a data key per
   * object.
   *
   * <p>The trade-off: fewer KMS calls (cost, latency, throttling) and fewer CloudTrail entries
   * (one per data key, not per object), against a plaintext data key held in memory for up to
   * {@code maxAge}, and a compromise of one data key exposing up to {@code maxObjectsPerKey}
   * objects. Objects written with the cache are bound to their bucket and key by a tag in the
   * user metadata entry {@code hipaa-s3-binding} (the KMS context names only the bucket and
   * marks the tag as required); ranged gets of them are refused. They stay readable by clients
   * without the cache and by the stock S3 Encryption Client (with the encryption context
   * {@code hipaa-s3:bucket} = the bucket and {@code hipaa-s3:binding} = {@code v2}). Refused
   * at {@link #build()} in every other mode.
   *
   * @param cache the bounds, for example {@link KmsDataKeyCache#defaults()}
   * @return this builder
   */
  HipaaS3Client.Builder kmsDataKeyCache(KmsDataKeyCache cache);

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
  HipaaS3Client.Builder authenticationBufferSize(long bytes);

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
  HipaaS3Client.Builder authenticationSpoolDirectory(Path directory);

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
  HipaaS3Client.Builder insecureReleaseUnauthenticatedPlaintext(boolean release);

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
  HipaaS3Client.Builder insecureAllowReadingUnencryptedObjects(boolean allow);

  /**
   * INSECURE: allows ranged and part gets under client-side encryption. The S3 Encryption
   * Client decrypts a range without authenticating it, so tampered bytes are returned as
   * plaintext.
   *
   * @param allow whether to allow them
   * @return this builder
   */
  HipaaS3Client.Builder insecureAllowUnauthenticatedRangedGets(boolean allow);

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
  HipaaS3Client.Builder insecureAllowUnboundClientSideObjects(boolean allow);

  /**
   * The Object Lock retention every put, copy and multipart upload carries, and every get and
   * head must show. Not set (the default), each bucket's Object Lock default retention rule is
   * the retention: read on the first object operation on the bucket with the bucket check, and
   * read again after the posture check's {@code cacheFor}; a bucket without a rule is refused
   * ({@code BUCKET_NOT_PROTECTED}). Set, it is sent instead, and a bucket whose default rule
   * is stronger (a stronger mode or a longer period) is refused on first use
   * ({@code RETENTION_REFUSED}). COMPLIANCE objects cannot be deleted or shortened by anyone,
   * the account root included, until their date; {@code build()} logs that once.
   *
   * <p>With {@link #insecureSkipBucketProtectionCheck(boolean)} and no retention set there is
   * no rule to read: writes carry no lock headers (S3 applies the bucket's rule, if any) and
   * reads only check that some lock is shown.
   *
   * @param retention the retention
   * @return this builder
   */
  HipaaS3Client.Builder retention(ObjectRetention retention);

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
  HipaaS3Client.Builder checksumAlgorithm(ChecksumAlgorithm algorithm);

  /**
   * INSECURE: reads objects that S3 does not show locked as the retention requires (no lock
   * mode and retain-until date, a weaker mode or a shorter period, and no legal hold), with a
   * WARN log, instead of refusing them with {@code RETENTION_NOT_CONFIRMED}.
   *
   * @param allow whether to read such objects
   * @return this builder
   */
  HipaaS3Client.Builder insecureAllowReadingUnretainedObjects(boolean allow);

  /**
   * INSECURE: reads whole objects that carry no full-object checksum, with a WARN log,
   * instead of refusing them with {@code CHECKSUM_MISSING}.
   *
   * @param allow whether to read such objects
   * @return this builder
   */
  HipaaS3Client.Builder insecureAllowReadingWithoutChecksums(boolean allow);

  /**
   * INSECURE: skips the check, on the first object operation on each bucket, that the bucket
   * has Object Lock and versioning enabled. For callers without
   * s3:GetBucketObjectLockConfiguration and s3:GetBucketVersioning whose buckets are checked
   * by another control.
   *
   * @param skip whether to skip the check
   * @return this builder
   */
  HipaaS3Client.Builder insecureSkipBucketProtectionCheck(boolean skip);

  /**
   * Where audit events go (default {@link AuditSinks#slf4j()}): one PHI-free event per call,
   * written off the request path. Combine sinks with {@link AuditSinks#composite}.
   *
   * @param sink the sink; the client closes it when it closes
   * @return this builder
   */
  HipaaS3Client.Builder audit(AuditSink sink);

  /**
   * How many audit events may wait for the writer (default 10,000).
   *
   * @param capacity at least 1
   * @return this builder
   */
  HipaaS3Client.Builder auditQueueCapacity(int capacity);

  /**
   * What a call does when the audit queue is full: wait (BLOCK, the default) or be refused
   * before anything is sent (FAIL). Events are never dropped.
   *
   * @param policy the policy
   * @return this builder
   */
  HipaaS3Client.Builder auditQueueFullPolicy(QueueFullPolicy policy);

  /**
   * When each call's audit record is made durable. {@link AuditDurability#QUEUED} (the
   * default) queues one event per call and writes it off the request path: a process that dies
   * loses the events still queued or not yet on disk, including those of calls that reached S3.
   * {@link AuditDurability#WRITE_AHEAD} writes an intent record and waits until the sink has
   * made it durable before each call is sent (concurrent calls share one disk sync), so every
   * call that reached S3 has a record; it needs a durable sink ({@link AuditSink#durable()},
   * such as {@link AuditSinks#jsonLines}), and {@code build()} refuses it with any other sink,
   * including the default SLF4J one.
   *
   * @param durability the durability
   * @return this builder
   */
  HipaaS3Client.Builder auditDurability(AuditDurability durability);

  /**
   * Who the calls are made by, as audit events record it (for example the service or user
   * name the application authenticated). Recorded as given.
   *
   * @param actor the actor
   * @return this builder
   */
  HipaaS3Client.Builder auditActor(String actor);

  /**
   * Records the caller's IAM ARN (STS GetCallerIdentity at {@code build()}, with the client's
   * credentials) as the audit actor. If STS cannot be reached, the configured
   * {@link #auditActor(String)} is used and a WARN is logged.
   *
   * @param fromSts whether to ask STS
   * @return this builder
   */
  HipaaS3Client.Builder auditActorFromSts(boolean fromSts);

  /**
   * INSECURE: no audit events at all. HIPAA 164.312(b) requires audit controls; use this
   * only where another layer records every call.
   *
   * @param disable whether to turn auditing off
   * @return this builder
   */
  HipaaS3Client.Builder insecureDisableAudit(boolean disable);

  /**
   * Audits each bucket's posture on first use ({@link BucketPostureAuditor}, against
   * {@link PostureRequirements#forClient} unless {@link #postureRequirements} is set), and
   * again after {@code cacheFor}: ENFORCE refuses calls to a failing bucket
   * ({@code BUCKET_NOT_PROTECTED}), WARN logs the failed controls, OFF (the default) skips it.
   * The caller needs read access to the bucket's settings; unreadable settings are logged.
   *
   * <p>{@code cacheFor} is also how long the Object Lock and versioning check of a bucket, with
   * its default retention rule, is kept before it is read again, whatever the mode.
   *
   * @param mode ENFORCE, WARN or OFF
   * @param cacheFor how long a result is kept (a failure under ENFORCE is not kept)
   * @return this builder
   */
  HipaaS3Client.Builder postureCheck(PostureCheck mode, Duration cacheFor);

  /**
   * The requirements the posture check uses (for example with VPC endpoints), instead of the
   * ones the client's own policy implies.
   *
   * @param requirements the requirements
   * @return this builder
   */
  HipaaS3Client.Builder postureRequirements(PostureRequirements requirements);

  /**
   * INSECURE: allows deleting object versions ({@code deleteObject} or {@code deleteObjects}
   * with a version ID), which destroys records for good. Without it, deletes add a delete
   * marker and the data stays as a noncurrent version. Logged at WARN.
   *
   * @param allow whether to allow version deletion
   * @return this builder
   */
  HipaaS3Client.Builder insecureAllowPermanentVersionDeletion(boolean allow);

  /**
   * INSECURE: allows {@code bypassGovernanceRetention(true)} on requests, which removes
   * governance-mode Object Lock. Logged at WARN.
   *
   * @param allow whether to allow the bypass
   * @return this builder
   */
  HipaaS3Client.Builder insecureAllowBypassGovernanceRetention(boolean allow);

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
