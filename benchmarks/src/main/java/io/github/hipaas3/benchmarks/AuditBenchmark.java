package io.github.hipaas3.benchmarks;

import io.github.hipaas3.EncryptionMode;
import io.github.hipaas3.HipaaS3Client;
import io.github.hipaas3.KeyHashingSecret;
import io.github.hipaas3.audit.AuditSealingKey;
import io.github.hipaas3.audit.AuditSinks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.crypto.spec.SecretKeySpec;
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
import software.amazon.awssdk.http.apache.ApacheHttpClient;
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
  private Path log;
  private final byte[] body = new byte[1024];

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    s3mock = new EmbeddedS3();
    raw = S3Client.builder().region(Region.US_EAST_1).endpointOverride(s3mock.endpoint)
        .credentialsProvider(s3mock.credentials).forcePathStyle(true)
        .httpClientBuilder(ApacheHttpClient.builder().tlsTrustManagersProvider(s3mock.trust))
        .build();
    raw.createBucket(b -> b.bucket(BUCKET));
    new Random(4).nextBytes(body);
    log = Files.createTempFile("hipaas3-audit-bench", ".jsonl");
    Files.delete(log);
    auditOff = client().insecureDisableAudit(true).build();
    auditFile = client().audit(AuditSinks.jsonLines(log, AuditSealingKey.generate())).build();
  }

  private HipaaS3Client.Builder client() {
    byte[] aes = new byte[32];
    new Random(1).nextBytes(aes);
    return HipaaS3Client.builder().region(Region.US_EAST_1).endpointOverride(s3mock.endpoint)
        .credentialsProvider(s3mock.credentials).forcePathStyle(true)
        .tlsTrustManagersProvider(s3mock.trust)
        .keyHashingSecret(KeyHashingSecret.fromBytes(1, new byte[32]))
        .encryption(EncryptionMode.clientSideAes(new SecretKeySpec(aes, "AES")))
        // S3Mock keeps no Object Lock settings and reports versioning off.
        .insecureSkipBucketProtectionCheck(true)
        .insecureAllowReadingUnretainedObjects(true);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    auditOff.close();
    auditFile.close();
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
}
