package io.github.hipaas3.internal;

import io.github.hipaas3.EncryptionMode;
import io.github.hipaas3.HipaaPolicy.Insecure;
import io.github.hipaas3.HipaaPolicy;
import io.github.hipaas3.HipaaS3Client;
import io.github.hipaas3.HipaaS3ConfigurationException;
import io.github.hipaas3.KeyHashingSecret;
import io.github.hipaas3.KeyMode;
import io.github.hipaas3.KmsDataKeyCache;
import io.github.hipaas3.ObjectRetention;
import io.github.hipaas3.PhiDetectors;
import io.github.hipaas3.SecretKeyAccess;
import io.github.hipaas3.audit.AuditDurability;
import io.github.hipaas3.audit.AuditSink;
import io.github.hipaas3.audit.AuditSinks;
import io.github.hipaas3.audit.QueueFullPolicy;
import io.github.hipaas3.internal.crypto.ClientSideEncryption;
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
import java.util.function.Function;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.TlsTrustManagersProvider;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;

/**
 * The implementation of {@link HipaaS3Client.Builder}: it collects the settings, validates them
 * at {@link #build()}, turns them into the client's {@link HipaaPolicy}, and assembles the
 * client's parts (transport, gate, stages, audit trail) from that policy and the key material.
 */
public final class ClientBuilder implements HipaaS3Client.Builder {
  private static final int MAX_PREFIX_LENGTH = 256;
  private static final long MIN_PART_SIZE = 5L * 1024 * 1024;
  private static final long MIN_AUTHENTICATION_BUFFER_SIZE = 1024;
  private static final long MAX_AUTHENTICATION_BUFFER_SIZE = 1L << 30;
  private static final Pattern PREFIX = Pattern.compile(
      "(?!\\.{1,2}(/|$))[A-Za-z0-9._-]+(/(?!\\.{1,2}(/|$))[A-Za-z0-9._-]+)*");

  private final Function<ClientParts, HipaaS3Client> factory;
  private @Nullable Region region;
  private @Nullable URI endpointOverride;
  private @Nullable AwsCredentialsProvider credentialsProvider;
  /** The HTTP clients, trust and overrides, kept where the clients are built from them. */
  private final Transport.Builder transport = Transport.builder();
  private boolean forcePathStyle;
  private boolean insecureAllowLongTermStaticCredentials;
  private @Nullable KeyHashingSecret keyHashingSecret;
  private List<KeyHashingSecret> olderKeyHashingSecrets = List.of();
  private String keyPrefix = "";
  private boolean acceptStoredKeyForm = true;
  private KeyMode keyMode = KeyMode.HASHED;
  private PhiDetectors phiDetectors = PhiDetectors.defaults();
  private @Nullable EncryptionMode encryption;
  private long multipartThreshold = HipaaS3Client.DEFAULT_MULTIPART_THRESHOLD;
  private long authenticationBufferSize = HipaaS3Client.DEFAULT_AUTHENTICATION_BUFFER_SIZE;
  private @Nullable Path authenticationSpoolDirectory;
  private @Nullable KmsDataKeyCache kmsDataKeyCache;
  private boolean insecureReleaseUnauthenticatedPlaintext;
  private boolean insecureAllowReadingUnencryptedObjects;
  private boolean insecureAllowUnauthenticatedRangedGets;
  private boolean insecureAllowUnboundClientSideObjects;
  private boolean insecureAllowPermanentVersionDeletion;
  /** The client's retention, or {@code null} for each bucket's default retention rule. */
  private @Nullable ObjectRetention retention;

  /**
   * A builder whose {@link #build()} hands the assembled parts to {@code factory}, which
   * {@link HipaaS3Client#builder()} supplies (the client's constructor is not public).
   *
   * @param factory makes the client from its parts
   */
  public ClientBuilder(Function<ClientParts, HipaaS3Client> factory) {
    this.factory = Objects.requireNonNull(factory, "factory");
  }

  @Override
  public HipaaS3Client.Builder retention(ObjectRetention retention) {
    this.retention = Objects.requireNonNull(retention, "retention");
    return this;
  }
  private boolean insecureAllowBypassGovernanceRetention;
  private ChecksumAlgorithm checksumAlgorithm = ChecksumAlgorithm.CRC32_C;
  private boolean insecureAllowReadingUnretainedObjects;
  private boolean insecureAllowReadingWithoutChecksums;
  private boolean insecureSkipBucketProtectionCheck;
  private @Nullable AuditSink auditSink;
  private int auditQueueCapacity = 10_000;
  private QueueFullPolicy auditQueueFullPolicy = QueueFullPolicy.BLOCK;
  private @Nullable String auditActor;
  private boolean auditActorFromSts;
  private AuditDurability auditDurability = AuditDurability.QUEUED;
  private boolean insecureDisableAudit;
  private PostureCheck postureCheck = PostureCheck.OFF;
  private Duration postureCacheFor = Duration.ofMinutes(15);
  private @Nullable PostureRequirements postureRequirements;

  @Override
  public HipaaS3Client.Builder postureCheck(PostureCheck mode, Duration cacheFor) {
    this.postureCheck = Objects.requireNonNull(mode, "mode");
    this.postureCacheFor = Objects.requireNonNull(cacheFor, "cacheFor");
    if (cacheFor.isNegative()) {
      throw new HipaaS3ConfigurationException("postureCheck cacheFor must not be negative.");
    }
    return this;
  }

  @Override
  public HipaaS3Client.Builder postureRequirements(PostureRequirements requirements) {
    this.postureRequirements = Objects.requireNonNull(requirements, "requirements");
    return this;
  }

  @Override
  public HipaaS3Client.Builder audit(AuditSink sink) {
    this.auditSink = Objects.requireNonNull(sink, "sink");
    return this;
  }

  @Override
  public HipaaS3Client.Builder auditQueueCapacity(int capacity) {
    if (capacity < 1) {
      throw new HipaaS3ConfigurationException("auditQueueCapacity must be at least 1; it"
          + " was " + capacity + ".");
    }
    this.auditQueueCapacity = capacity;
    return this;
  }

  @Override
  public HipaaS3Client.Builder auditQueueFullPolicy(QueueFullPolicy policy) {
    this.auditQueueFullPolicy = Objects.requireNonNull(policy, "policy");
    return this;
  }

  @Override
  public HipaaS3Client.Builder auditDurability(AuditDurability durability) {
    this.auditDurability = Objects.requireNonNull(durability, "durability");
    return this;
  }

  @Override
  public HipaaS3Client.Builder auditActor(String actor) {
    this.auditActor = Objects.requireNonNull(actor, "actor");
    return this;
  }

  @Override
  public HipaaS3Client.Builder auditActorFromSts(boolean fromSts) {
    this.auditActorFromSts = fromSts;
    return this;
  }

  @Override
  public HipaaS3Client.Builder insecureDisableAudit(boolean disable) {
    this.insecureDisableAudit = disable;
    return this;
  }

  @Override
  public HipaaS3Client.Builder checksumAlgorithm(ChecksumAlgorithm algorithm) {
    this.checksumAlgorithm = Objects.requireNonNull(algorithm, "algorithm");
    return this;
  }

  @Override
  public HipaaS3Client.Builder insecureAllowReadingUnretainedObjects(boolean allow) {
    this.insecureAllowReadingUnretainedObjects = allow;
    return this;
  }

  @Override
  public HipaaS3Client.Builder insecureAllowReadingWithoutChecksums(boolean allow) {
    this.insecureAllowReadingWithoutChecksums = allow;
    return this;
  }

  @Override
  public HipaaS3Client.Builder insecureSkipBucketProtectionCheck(boolean skip) {
    this.insecureSkipBucketProtectionCheck = skip;
    return this;
  }

  @Override
  public HipaaS3Client.Builder insecureAllowPermanentVersionDeletion(boolean allow) {
    this.insecureAllowPermanentVersionDeletion = allow;
    return this;
  }

  @Override
  public HipaaS3Client.Builder insecureAllowBypassGovernanceRetention(boolean allow) {
    this.insecureAllowBypassGovernanceRetention = allow;
    return this;
  }

  @Override
  public HipaaS3Client.Builder encryption(EncryptionMode mode) {
    this.encryption = Objects.requireNonNull(mode, "mode");
    return this;
  }

  @Override
  public HipaaS3Client.Builder multipartThreshold(long bytes) {
    if (bytes < MIN_PART_SIZE) {
      throw new HipaaS3ConfigurationException("multipartThreshold must be at least "
          + MIN_PART_SIZE + " bytes (S3's minimum part size).");
    }
    this.multipartThreshold = bytes;
    return this;
  }

  @Override
  public HipaaS3Client.Builder authenticationBufferSize(long bytes) {
    if (bytes < MIN_AUTHENTICATION_BUFFER_SIZE || bytes > MAX_AUTHENTICATION_BUFFER_SIZE) {
      throw new HipaaS3ConfigurationException("authenticationBufferSize must be between "
          + MIN_AUTHENTICATION_BUFFER_SIZE + " and "
          + MAX_AUTHENTICATION_BUFFER_SIZE + " bytes; it is held in memory per get.");
    }
    this.authenticationBufferSize = bytes;
    return this;
  }

  @Override
  public HipaaS3Client.Builder kmsDataKeyCache(KmsDataKeyCache cache) {
    this.kmsDataKeyCache = Objects.requireNonNull(cache, "cache");
    return this;
  }

  @Override
  public HipaaS3Client.Builder authenticationSpoolDirectory(Path directory) {
    this.authenticationSpoolDirectory = Objects.requireNonNull(directory, "directory");
    return this;
  }

  @Override
  public HipaaS3Client.Builder insecureReleaseUnauthenticatedPlaintext(boolean release) {
    this.insecureReleaseUnauthenticatedPlaintext = release;
    return this;
  }

  @Override
  public HipaaS3Client.Builder insecureAllowReadingUnencryptedObjects(boolean allow) {
    this.insecureAllowReadingUnencryptedObjects = allow;
    return this;
  }

  @Override
  public HipaaS3Client.Builder insecureAllowUnboundClientSideObjects(boolean allow) {
    this.insecureAllowUnboundClientSideObjects = allow;
    return this;
  }

  @Override
  public HipaaS3Client.Builder insecureAllowUnauthenticatedRangedGets(boolean allow) {
    this.insecureAllowUnauthenticatedRangedGets = allow;
    return this;
  }

  @Override
  public HipaaS3Client.Builder keyHashingSecret(KeyHashingSecret secret) {
    this.keyHashingSecret = Objects.requireNonNull(secret, "secret");
    return this;
  }

  @Override
  public HipaaS3Client.Builder olderKeyHashingSecrets(KeyHashingSecret... secrets) {
    List<KeyHashingSecret> list = new ArrayList<>();
    for (KeyHashingSecret secret : Objects.requireNonNull(secrets, "secrets")) {
      list.add(Objects.requireNonNull(secret, "secrets must not contain null"));
    }
    this.olderKeyHashingSecrets = List.copyOf(list);
    return this;
  }

  @Override
  public HipaaS3Client.Builder acceptStoredKeyForm(boolean accept) {
    this.acceptStoredKeyForm = accept;
    return this;
  }

  @Override
  public HipaaS3Client.Builder keyPrefix(String prefix) {
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
  public HipaaS3Client.Builder keyMode(KeyMode mode) {
    this.keyMode = Objects.requireNonNull(mode, "mode");
    return this;
  }

  @Override
  public HipaaS3Client.Builder phiDetectors(PhiDetectors detectors) {
    this.phiDetectors = Objects.requireNonNull(detectors, "detectors");
    return this;
  }

  @Override
  public HipaaS3Client.Builder region(Region region) {
    this.region = Objects.requireNonNull(region, "region");
    return this;
  }

  @Override
  public HipaaS3Client.Builder endpointOverride(URI endpoint) {
    this.endpointOverride = TransportPolicy.checkEndpoint(
        Objects.requireNonNull(endpoint, "endpoint"));
    return this;
  }

  @Override
  public HipaaS3Client.Builder credentialsProvider(AwsCredentialsProvider credentialsProvider) {
    this.credentialsProvider = Objects.requireNonNull(credentialsProvider,
        "credentialsProvider");
    return this;
  }

  @Override
  public HipaaS3Client.Builder tlsTrustManagersProvider(
      TlsTrustManagersProvider trustManagersProvider) {
    transport.trust(Objects.requireNonNull(trustManagersProvider, "trustManagersProvider"));
    return this;
  }

  @Override
  public HipaaS3Client.Builder httpClient(SdkHttpClient httpClient) {
    transport.httpClient(Objects.requireNonNull(httpClient, "httpClient"));
    return this;
  }

  @Override
  public HipaaS3Client.Builder httpClientBuilder(SdkHttpClient.Builder<?> httpClientBuilder) {
    transport.httpClientBuilder(Objects.requireNonNull(httpClientBuilder, "httpClientBuilder"));
    return this;
  }

  @Override
  public HipaaS3Client.Builder asyncHttpClient(SdkAsyncHttpClient asyncHttpClient) {
    transport.asyncHttpClient(Objects.requireNonNull(asyncHttpClient, "asyncHttpClient"));
    return this;
  }

  @Override
  public HipaaS3Client.Builder asyncHttpClientBuilder(
      SdkAsyncHttpClient.Builder<?> asyncHttpClientBuilder) {
    transport.asyncHttpClientBuilder(Objects.requireNonNull(asyncHttpClientBuilder,
        "asyncHttpClientBuilder"));
    return this;
  }

  @Override
  public HipaaS3Client.Builder overrideConfiguration(
      ClientOverrideConfiguration overrideConfiguration) {
    transport.overrides(Objects.requireNonNull(overrideConfiguration,
        "overrideConfiguration"));
    return this;
  }

  @Override
  public HipaaS3Client.Builder forcePathStyle(boolean forcePathStyle) {
    this.forcePathStyle = forcePathStyle;
    return this;
  }

  @Override
  public HipaaS3Client.Builder insecureAllowLongTermStaticCredentials(boolean allow) {
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
    ClientSideEncryption.checkDataKeyCache(encryption.kind(), kmsDataKeyCache);
    if (insecureDisableAudit && auditSink != null) {
      throw new HipaaS3ConfigurationException("audit(...) sets a sink, but"
          + " insecureDisableAudit(true) turns auditing off. Remove one of them.");
    }
    if (auditDurability == AuditDurability.WRITE_AHEAD && !insecureDisableAudit
        && (auditSink == null || !auditSink.durable())) {
      throw new HipaaS3ConfigurationException("auditDurability(WRITE_AHEAD) needs a durable"
          + " audit sink, one that can force each intent record to disk before the call is"
          + " sent, but the sink is " + (auditSink == null ? "the default SLF4J logger"
          : auditSink.toString()) + ", which is not (AuditSink.durable() is false). Set"
          + " .audit(AuditSinks.jsonLines(...)), or use AuditDurability.QUEUED.");
    }
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
    KeyMapper mapper = buildKeyMapper(names);
    CredentialsPolicy.check(credentialsProvider, insecureAllowLongTermStaticCredentials,
        "the client");
    Transport transport = this.transport.region(region).endpoint(endpointOverride)
        .forcePathStyle(forcePathStyle).credentials(credentialsProvider)
        .build(encryption.kind().clientSide());
    HipaaPolicy policy = HipaaPolicy.builder()
        .transport(new HipaaPolicy.Transport(region, endpointOverride, forcePathStyle,
            transport.callerHttpClient()))
        .names(new HipaaPolicy.Names(keyMode, keyPrefix,
            mapper == null ? List.of() : mapper.versions(),
            acceptStoredKeyForm && keyMode == KeyMode.HASHED, phiDetectors))
        .encryption(new HipaaPolicy.Encryption(encryption.kind(),
            encryption.kmsKeyArn().orElse(null), multipartThreshold, authenticationBufferSize,
            authenticationSpoolDirectory, kmsDataKeyCache))
        .retention(retention == null ? HipaaPolicy.Retention.bucketDefault()
            : HipaaPolicy.Retention.client(retention))
        .integrity(new HipaaPolicy.Integrity(checksumAlgorithm))
        .audit(new HipaaPolicy.Audit(auditQueueCapacity, auditQueueFullPolicy, auditActor,
            auditActorFromSts, auditDurability))
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
    InsecureWarnings.log(policy);
    return assemble(policy, transport, names, mapper);
  }

  /**
   * Assembles the client's parts. Every setting is read from {@code policy} (so what {@code
   * policy()} shows is what is enforced); only key material, sinks and transport objects come
   * from the builder.
   */
  private HipaaS3Client assemble(HipaaPolicy policy, Transport transport, NamePolicy names,
      @Nullable KeyMapper mapper) {
    HipaaPolicy.Encryption crypto = policy.encryption();
    // One wire gate (immutable) for every S3 client of this client.
    // The wire gate holds writes to the mode of each bucket's rule, which the bucket check
    // (built on the gated client) reads.
    java.util.concurrent.atomic.AtomicReference<BucketCheck> rules =
        new java.util.concurrent.atomic.AtomicReference<>();
    WireGate wireGate = s3WireGate(policy, names, mapper, bucket -> rules.get() == null
        ? null : rules.get().knownRuleMode(bucket));
    S3Client raw = transport.s3(wireGate);
    boolean clientSide = crypto.kind().clientSide();
    S3Client delegate = ClientSideEncryption.wrap(
        Objects.requireNonNull(encryption, "the policy's build checked it"), raw,
        clientSide ? transport.s3Async(wireGate) : null,
        clientSide ? transport.s3AsyncWithoutRetries(wireGate) : null,
        transport.retryStrategy(),
        crypto.multipartThreshold(), crypto.authenticationBufferSize(),
        policy.allows(Insecure.ALLOW_UNAUTHENTICATED_RANGED_GETS),
        policy.allows(Insecure.ALLOW_READING_UNENCRYPTED_OBJECTS),
        policy.allows(Insecure.ALLOW_UNBOUND_CLIENT_SIDE_OBJECTS),
        crypto.authenticationSpoolDirectory() != null ? crypto.authenticationSpoolDirectory()
            : Paths.get(System.getProperty("java.io.tmpdir")),
        policy.allows(Insecure.RELEASE_UNAUTHENTICATED_PLAINTEXT), crypto.kmsDataKeyCache());
    EncryptionPolicy encryptionPolicy = new EncryptionPolicy(crypto.kind(), crypto.kmsKeyArn(),
        SseCKeySource.of(encryption), policy.allows(Insecure.ALLOW_READING_UNENCRYPTED_OBJECTS),
        bucket -> EncryptionPolicy.blocksSseC(raw, bucket));
    HipaaPolicy.Audit audit = policy.audit();
    AuditTrail trail = policy.allows(Insecure.DISABLE_AUDIT) ? null : new AuditTrail(
        auditSink != null ? auditSink : AuditSinks.slf4j(), audit.queueCapacity(),
        audit.queueFullPolicy(), audit.durability(), transport.auditActor(policy.audit(), names),
        crypto.kind(), policy.names().phiDetectors(),
        mapper == null ? null : id -> mapper.keyFor(id, "audit"), Clock.systemUTC());
    boolean skipLockCheck = policy.allows(Insecure.SKIP_BUCKET_PROTECTION_CHECK);
    HipaaPolicy.Posture posture = policy.posture();
    ObjectRetention clientRetention = policy.retention().client();
    BucketCheck bucketCheck = skipLockCheck && posture.check() == PostureCheck.OFF ? null
        : new BucketCheck(raw, !skipLockCheck, clientRetention, posture.check(),
            postureRequirements != null ? postureRequirements
                : PostureRequirements.forClient(policy), posture.cacheFor(), Clock.systemUTC());
    rules.set(bucketCheck);
    return factory.apply(new ClientParts(delegate, new PolicyGate(names, mapper,
        head -> PolicyGate.objectExists(delegate, head), encryptionPolicy,
        policy.allows(Insecure.ALLOW_UNAUTHENTICATED_RANGED_GETS), new RetentionPolicy(
            policy.allows(Insecure.ALLOW_PERMANENT_VERSION_DELETION),
            policy.allows(Insecure.ALLOW_BYPASS_GOVERNANCE_RETENTION), clientRetention,
            policy.allows(Insecure.ALLOW_READING_UNRETAINED_OBJECTS), bucketCheck),
        new IntegrityPolicy(policy.integrity().checksumAlgorithm(),
            policy.allows(Insecure.ALLOW_READING_WITHOUT_CHECKSUMS)),
        bucketCheck, delegate::headObject, trail), policy, trail));
  }

  private static WireGate s3WireGate(HipaaPolicy policy, NamePolicy names,
      @Nullable KeyMapper mapper, Function<String, ObjectLockMode> bucketLockMode) {
    HipaaPolicy.Encryption crypto = policy.encryption();
    return new WireGate(WireGate.Service.S3, policy.transport().region(),
        policy.transport().endpointOverride(), names, crypto.kind().clientSide(),
        // Without a client retention each bucket's rule decides which modes may be sent.
        WireInvariants.of(crypto.kind(), crypto.kmsKeyArn(), policy.retention().client() == null
            ? null : policy.retention().client().mode(),
            policy.allows(Insecure.ALLOW_BYPASS_GOVERNANCE_RETENTION),
            policy.allows(Insecure.ALLOW_PERMANENT_VERSION_DELETION), bucketLockMode), mapper);
  }


  private @Nullable KeyMapper buildKeyMapper(NamePolicy names) {
    if (keyMode == KeyMode.PASS_THROUGH) {
      if (keyHashingSecret != null || !olderKeyHashingSecrets.isEmpty()
          || !keyPrefix.isEmpty()) {
        throw new HipaaS3ConfigurationException("keyHashingSecret, olderKeyHashingSecrets"
            + " and keyPrefix apply to KeyMode.HASHED and ENCRYPTED_PATHS only, but the key"
            + " mode is PASS_THROUGH. Remove them, or use KeyMode.HASHED.");
      }
      return null;
    }
    if (keyHashingSecret == null) {
      throw new HipaaS3ConfigurationException("keyHashingSecret is not set. In the default"
          + " KeyMode.HASHED mode every object key is replaced by its keyed hash (in"
          + " ENCRYPTED_PATHS mode, by its encryption under a key derived from it), which needs"
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
    List<KeyHashingSecret> all = new ArrayList<>(List.of(keyHashingSecret));
    all.addAll(olderKeyHashingSecrets);
    for (KeyHashingSecret secret : all) {
      if (!seen.add(secret.version())) {
        throw new HipaaS3ConfigurationException("Two key-hashing secrets have version "
            + secret.version() + ". Each secret needs its own version, because the version"
            + " in a key says which secret made it.");
      }
      versions.add(secret.version());
      keys.add(secret.secretKey(SecretKeyAccess.insecureSecretAccess()));
    }
    if (keyMode == KeyMode.ENCRYPTED_PATHS) {
      if (versions.size() > 1) {
        throw new HipaaS3ConfigurationException("olderKeyHashingSecrets is not supported with"
            + " KeyMode.ENCRYPTED_PATHS yet: a listing would have to merge one tree per secret."
            + " Rotate by copying the objects to a client with the new secret, then remove"
            + " the older secret.");
      }
      return new EncryptedPathMapper(keyPrefix, versions, keys);
    }
    return new ObjectKeyMapper(keyPrefix, versions, keys, acceptStoredKeyForm);
  }

}
