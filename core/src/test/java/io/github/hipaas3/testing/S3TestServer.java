package io.github.hipaas3.testing;

import io.github.hipaas3.EncryptionMode;
import io.github.hipaas3.HipaaS3Client;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Assumptions;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.TlsTrustManagersProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectLockEnabled;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;

/**
 * A running S3-compatible server that a test was given: its HTTPS endpoint, the trust for its
 * certificate alone, and what it can really do.
 */
public final class S3TestServer {
  private final ServerKind kind;
  private final URI endpoint;
  private final TlsTrustManagersProvider trust;
  private final Region region;
  private final AwsCredentialsProvider credentials;
  private final Path storageRoot;

  S3TestServer(ServerKind kind, URI endpoint, TlsTrustManagersProvider trust, Region region,
      AwsCredentialsProvider credentials) {
    this(kind, endpoint, trust, region, credentials, null);
  }

  S3TestServer(ServerKind kind, URI endpoint, TlsTrustManagersProvider trust, Region region,
      AwsCredentialsProvider credentials, Path storageRoot) {
    this.storageRoot = storageRoot;
    this.kind = kind;
    this.endpoint = endpoint;
    this.trust = trust;
    this.region = region;
    this.credentials = credentials;
  }

  /** Session credentials the test servers accept (temporary-looking, so no opt-in is needed). */
  public static AwsCredentialsProvider testCredentials() {
    return StaticCredentialsProvider.create(
        AwsSessionCredentials.create("testAccessKey", "testSecretKey", "testSessionToken"));
  }

  /** The directory where the server keeps what it stores, when it keeps it on disk. */
  public Optional<Path> storageRoot() {
    return Optional.ofNullable(storageRoot);
  }

  /** A plain async SDK client for this server (stock S3 Encryption Client tests). */
  public software.amazon.awssdk.services.s3.S3AsyncClient rawAsyncClient() {
    return software.amazon.awssdk.services.s3.S3AsyncClient.builder()
        .region(region)
        .endpointOverride(endpoint)
        .credentialsProvider(credentials)
        .forcePathStyle(true)
        .httpClientBuilder(software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient.builder()
            .tlsTrustManagersProvider(trust))
        .build();
  }

  /** A KMS client for this server (moto serves KMS on the same endpoint). */
  public KmsClient kmsClient() {
    return KmsClient.builder()
        .region(region)
        .endpointOverride(endpoint)
        .credentialsProvider(credentials)
        .httpClientBuilder(ApacheHttpClient.builder().tlsTrustManagersProvider(trust))
        .build();
  }

  public ServerKind kind() {
    return kind;
  }

  public URI endpoint() {
    return endpoint;
  }

  public TlsTrustManagersProvider trust() {
    return trust;
  }

  public Region region() {
    return region;
  }

  public AwsCredentialsProvider credentials() {
    return credentials;
  }

  public Set<Capability> capabilities() {
    return kind.capabilities();
  }

  public boolean has(Capability capability) {
    return kind.capabilities().contains(capability);
  }

  /** Skips the running test, with the reason, when this server lacks the capability. */
  public void assumeCapability(Capability capability) {
    Assumptions.assumeTrue(has(capability),
        () -> kind.id() + " lacks " + capability + "; this test needs a server that has it");
  }

  /**
   * A builder for a {@link HipaaS3Client} pointed at this server, with the encryption mode the
   * server can confirm: SSE-KMS (test key ARN) where the server echoes KMS settings, otherwise
   * client-side AES, which needs nothing from the server.
   */
  public HipaaS3Client.Builder hipaaClientBuilder() {
    return hipaaClientBuilder(has(Capability.KMS)
        ? EncryptionMode.sseKms(TestSecrets.KMS_KEY_ARN)
        : EncryptionMode.clientSideAes(TestSecrets.aesKey()));
  }

  /** A builder for a {@link HipaaS3Client} pointed at this server, with the given mode. */
  public HipaaS3Client.Builder hipaaClientBuilder(EncryptionMode mode) {
    return withOptIns(strictClientBuilder(mode));
  }

  /**
   * Like {@link #hipaaClientBuilder(EncryptionMode)} without any trust for the server's
   * certificate: the test sets the HTTP transport (and its trust) itself.
   */
  public HipaaS3Client.Builder untrustedClientBuilder(EncryptionMode mode) {
    return withOptIns(HipaaS3Client.builder()
        .encryption(mode)
        .region(region)
        .endpointOverride(endpoint)
        .credentialsProvider(credentials)
        .forcePathStyle(true)
        .keyHashingSecret(TestSecrets.keyHashing()));
  }

  private HipaaS3Client.Builder withOptIns(HipaaS3Client.Builder builder) {
    if (!has(Capability.OBJECT_LOCK)) {
      // S3Mock stores no Object Lock settings and reports versioning off: without these
      // opt-ins every call would be refused. RetentionReadCheckIT shows the refusals.
      builder.insecureSkipBucketProtectionCheck(true)
          .insecureAllowReadingUnretainedObjects(true);
    }
    if (!has(Capability.FULL_OBJECT_CHECKSUMS)) {
      // S3Mock keeps multipart checksums per part, which a get cannot check.
      builder.insecureAllowReadingWithoutChecksums(true);
    }
    return builder;
  }

  /**
   * Like {@link #hipaaClientBuilder(EncryptionMode)} with no opt-in for what this server lacks,
   * so every check runs as it would against AWS.
   */
  public HipaaS3Client.Builder strictClientBuilder(EncryptionMode mode) {
    return HipaaS3Client.builder()
        .encryption(mode)
        .region(region)
        .endpointOverride(endpoint)
        .credentialsProvider(credentials)
        .tlsTrustManagersProvider(trust)
        .forcePathStyle(true)
        .keyHashingSecret(TestSecrets.keyHashing());
  }

  /**
   * A plain SDK client for this server, for test setup and for inspecting what the server
   * stored. It is the "attacker's view" of the bucket: no hipaa-s3 in the way.
   */
  public S3Client rawClient() {
    return S3Client.builder()
        .region(region)
        .endpointOverride(endpoint)
        .credentialsProvider(credentials)
        .forcePathStyle(true)
        .httpClientBuilder(ApacheHttpClient.builder().tlsTrustManagersProvider(trust))
        .build();
  }

  /**
   * Creates a fresh bucket, with Object Lock and a default retention rule of GOVERNANCE for one
   * day (as an administrator or {@code BucketProvisioner} would set one) when the server
   * supports Object Lock: clients without {@code retention(...)} write with that rule.
   */
  public String createBucket(S3Client raw) {
    String bucket = createBucketWithoutDefaultRule(raw);
    if (has(Capability.OBJECT_LOCK)) {
      setDefaultRule(raw, bucket, ObjectLockRetentionMode.GOVERNANCE, 1);
    }
    return bucket;
  }

  /** Sets (or replaces) the bucket's Object Lock default retention rule, in days. */
  public static void setDefaultRule(S3Client raw, String bucket, ObjectLockRetentionMode mode,
      int days) {
    raw.putObjectLockConfiguration(b -> b.bucket(bucket).objectLockConfiguration(c -> c
        .objectLockEnabled(ObjectLockEnabled.ENABLED)
        .rule(r -> r.defaultRetention(d -> d.mode(mode).days(days)))));
  }

  /** Creates a fresh bucket, with Object Lock (but no default rule) when the server has it. */
  public String createBucketWithoutDefaultRule(S3Client raw) {
    // Letters only: bucket names are screened for PHI, and random digits could form a run
    // that looks like a record number.
    StringBuilder suffix = new StringBuilder();
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int i = 0; i < 12; i++) {
      suffix.append((char) ('a' + random.nextInt(26)));
    }
    String bucket = "it-" + kind.id() + "-" + suffix;
    raw.createBucket(b -> b.bucket(bucket).objectLockEnabledForBucket(
        has(Capability.OBJECT_LOCK) ? Boolean.TRUE : null));
    return bucket;
  }

  @Override
  public String toString() {
    return kind.id() + "@" + endpoint;
  }
}
