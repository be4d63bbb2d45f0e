package io.github.hipaas3.benchmarks;

import io.github.hipaas3.EncryptionMode;
import io.github.hipaas3.HipaaS3Client;
import io.github.hipaas3.KeyHashingSecret;
import io.github.hipaas3.examples.EmbeddedS3;
import io.github.hipaas3.audit.AuditSealingKey;
import io.github.hipaas3.audit.AuditSinks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The audit trail's cost: 1 KiB puts through hipaa-s3 with auditing off and with the sealed
 * JSON-lines file sink, and through a raw {@link S3Client}, against the same in-process S3Mock
 * over HTTPS in the same run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgs = {"-Xmx1g"})
public class AuditBenchmark {
  private static final String BUCKET = "audit-bench";
  private EmbeddedS3 s3mock;
  private S3Client raw;
  private HipaaS3Client auditOff;
  private HipaaS3Client auditFile;
  private HipaaS3Client memoryAuditOff;
  private HipaaS3Client memoryAuditFile;
  private Path memoryLog;
  private Path log;
  private final byte[] body = new byte[1024];

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    s3mock = new EmbeddedS3();
    raw = S3MockClients.raw(s3mock);
    raw.createBucket(b -> b.bucket(BUCKET));
    new Random(4).nextBytes(body);
    log = Files.createTempFile("hipaas3-audit-bench", ".jsonl");
    Files.delete(log);
    auditOff = client().insecureDisableAudit(true).build();
    auditFile = client().audit(AuditSinks.jsonLines(log, AuditSealingKey.generate())).build();
    memoryLog = Files.createTempFile("hipaas3-audit-bench-memory", ".jsonl");
    Files.delete(memoryLog);
    memoryAuditOff = inMemory().insecureDisableAudit(true).build();
    memoryAuditFile = inMemory().audit(AuditSinks.jsonLines(memoryLog,
        AuditSealingKey.generate())).build();
  }

  /**
   * The same client over a transport that answers at once, so a put costs only hipaa-s3's and
   * the SDK's own work: the audit's share of that is its CPU cost per call.
   */
  private HipaaS3Client.Builder inMemory() {
    return HipaaS3Client.builder().region(Region.US_EAST_1)
        .endpointOverride(java.net.URI.create("https://s3.us-east-1.amazonaws.com"))
        .credentialsProvider(s3mock.credentials()).httpClient(new NoOpHttpClient())
        .keyHashingSecret(KeyHashingSecret.fromBytes(1, new byte[32]))
        .encryption(EncryptionMode.sseKms(NamesBenchmark.KMS_KEY_ARN))
        .insecureSkipBucketProtectionCheck(true);
  }

  private HipaaS3Client.Builder client() {
    return S3MockClients.hipaa(s3mock);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    auditOff.close();
    auditFile.close();
    memoryAuditOff.close();
    memoryAuditFile.close();
    Files.deleteIfExists(memoryLog);
    raw.close();
    s3mock.close();
    Files.deleteIfExists(log);
  }

  @Benchmark
  public Object putRaw() {
    return raw.putObject(b -> b.bucket(BUCKET).key("raw"), RequestBody.fromBytes(body));
  }

  @Benchmark
  public Object putAuditOff() {
    return auditOff.putObject(b -> b.bucket(BUCKET).key("off"), RequestBody.fromBytes(body));
  }

  @Benchmark
  public Object putAuditFile() {
    return auditFile.putObject(b -> b.bucket(BUCKET).key("file"), RequestBody.fromBytes(body));
  }

  @Benchmark
  public Object putInMemoryAuditOff() {
    return memoryAuditOff.putObject(b -> b.bucket(BUCKET).key("off"),
        RequestBody.fromBytes(body));
  }

  @Benchmark
  public Object putInMemoryAuditFile() {
    return memoryAuditFile.putObject(b -> b.bucket(BUCKET).key("file"),
        RequestBody.fromBytes(body));
  }
}
