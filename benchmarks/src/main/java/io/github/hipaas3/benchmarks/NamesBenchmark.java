package io.github.hipaas3.benchmarks;

import io.github.hipaas3.EncryptionMode;
import io.github.hipaas3.HipaaS3Client;
import io.github.hipaas3.KeyHashingSecret;
import io.github.hipaas3.KeyMode;
import io.github.hipaas3.PhiDetectors;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * PHI-free names: the cost of hashing a key, of screening a typical put, and of a whole put
 * through hipaa-s3 compared with a raw {@link S3Client} in the same run (both on an HTTP client
 * that answers at once, so only client-side work is measured). One thread: figures are per core.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class NamesBenchmark {
  static final String OBJECT_ID = "patients/123-45-6789/lab-reports/2024/r-000123.pdf";
  static final String PASS_THROUGH_KEY = "docs/3f1c2a9e-4b7d-4e21-9c55-0d8e7f6a1b2c";
  static final Map<String, String> METADATA = new LinkedHashMap<>();
  static final String KMS_KEY_ARN =
      "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

  static {
    METADATA.put("document-type", "lab-report");
    METADATA.put("department", "radiology");
    METADATA.put("content-version", "3");
    METADATA.put("source-system", "epic");
    METADATA.put("uploaded-by", "svc-ingest");
  }

  private HipaaS3Client hipaa;
  private HipaaS3Client passThrough;
  private S3Client raw;
  private PhiDetectors detectors;
  private Mac mac;
  private byte[] objectIdBytes;
  private PutObjectRequest hipaaPut;
  private PutObjectRequest rawPut;
  private byte[] body;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    byte[] secret = new byte[32];
    for (int i = 0; i < secret.length; i++) {
      secret[i] = (byte) i;
    }
    URI endpoint = URI.create("https://s3.benchmark.invalid");
    StaticCredentialsProvider credentials = StaticCredentialsProvider.create(
        AwsSessionCredentials.create("akid", "secret", "session"));
    hipaa = HipaaS3Client.builder().region(Region.US_EAST_1).endpointOverride(endpoint)
        .credentialsProvider(credentials).httpClient(new NoOpHttpClient())
        .encryption(EncryptionMode.sseKms(KMS_KEY_ARN))
        .keyHashingSecret(KeyHashingSecret.fromBytes(1, secret))
        // Steady-state puts: the bucket check runs once per bucket, not per call. The audit
        // trail is measured on its own in AuditBenchmark.
        .insecureSkipBucketProtectionCheck(true).insecureDisableAudit(true).build();
    passThrough = HipaaS3Client.builder().region(Region.US_EAST_1).endpointOverride(endpoint)
        .credentialsProvider(credentials).httpClient(new NoOpHttpClient())
        .encryption(EncryptionMode.sseKms(KMS_KEY_ARN))
        .keyMode(KeyMode.PASS_THROUGH)
        // Steady-state puts: the bucket check runs once per bucket, not per call. The audit
        // trail is measured on its own in AuditBenchmark.
        .insecureSkipBucketProtectionCheck(true).insecureDisableAudit(true).build();
    raw = S3Client.builder().region(Region.US_EAST_1).endpointOverride(endpoint)
        .credentialsProvider(credentials).httpClient(new NoOpHttpClient()).build();
    detectors = PhiDetectors.defaults();
    mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret, "HmacSHA256"));
    objectIdBytes = OBJECT_ID.getBytes(StandardCharsets.UTF_8);
    hipaaPut = PutObjectRequest.builder().bucket("clinic-records").key(OBJECT_ID)
        .contentType("application/pdf").metadata(METADATA).build();
    // The raw client sends the same SSE-KMS settings hipaa-s3 adds, for a fair comparison.
    rawPut = hipaaPut.toBuilder().key(hipaa.objectKey(OBJECT_ID))
        .serverSideEncryption("aws:kms").ssekmsKeyId(KMS_KEY_ARN).bucketKeyEnabled(true).build();
    body = new byte[1024];
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    hipaa.close();
    passThrough.close();
    raw.close();
  }

  /** The JDK's HMAC-SHA256 of the object ID alone: the floor for key hashing. */
  @Benchmark
  public byte[] hmacOnly() {
    return mac.doFinal(objectIdBytes);
  }

  /** The public {@code objectKey}: UTF-8 checks, HMAC and encoding. Target over 1,000,000/s. */
  @Benchmark
  public String keyHash() {
    return hipaa.objectKey(OBJECT_ID);
  }

  /**
   * Screening a typical put: the key (as in pass-through mode) plus five metadata names and
   * values, with the default detectors. Target under 5 microseconds.
   */
  @Benchmark
  public void screenTypicalPut(Blackhole bh) {
    bh.consume(detectors.firstMatch(PASS_THROUGH_KEY));
    for (Map.Entry<String, String> e : METADATA.entrySet()) {
      bh.consume(detectors.firstMatch(e.getKey()));
      bh.consume(detectors.firstMatch(e.getValue()));
    }
  }

  /** A 1 KiB put through a raw S3Client, for the ratio. */
  @Benchmark
  public Object putRaw() {
    return raw.putObject(rawPut, RequestBody.fromBytes(body));
  }

  /** The same put through hipaa-s3: gate, screening, key hashing, then the same SDK work. */
  @Benchmark
  public Object putHipaaHashedKey() {
    return hipaa.putObject(hipaaPut, RequestBody.fromBytes(body));
  }

  /** The same put in pass-through mode (the key is screened instead of hashed). */
  @Benchmark
  public Object putHipaaPassThrough() {
    return passThrough.putObject(hipaaPut.toBuilder().key(PASS_THROUGH_KEY).build(),
        RequestBody.fromBytes(body));
  }
}
