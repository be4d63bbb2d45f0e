package io.github.hipaas3.benchmarks;

import io.github.hipaas3.EncryptionMode;
import io.github.hipaas3.HipaaS3Client;
import io.github.hipaas3.KeyHashingSecret;
import io.github.hipaas3.examples.EmbeddedS3;
import java.io.InputStream;
import java.net.URI;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.TlsTrustManagersProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.encryption.s3.S3EncryptionClient;

/**
 * Client-side encryption throughput: put and get of one object through a raw
 * {@link S3Client} (no encryption), a stock {@link S3EncryptionClient} (v4, AES key, buffered
 * gets) and {@link HipaaS3Client} in client-side AES mode with its defaults, all against the
 * same in-process S3Mock over HTTPS in the same run. Throughput is size divided by the average
 * time per operation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgs = {"-Xmx3g"})
public class ClientSideBenchmark {
  @Param({"1048576", "268435456"})
  public int size;

  private EmbeddedS3 s3mock;
  private S3Client raw;
  private S3EncryptionClient stock;
  private HipaaS3Client hipaa;
  private HipaaS3Client hipaaSha256;
  private byte[] body;
  private final byte[] sink = new byte[1 << 16];
  private static final String BUCKET = "benchmark-bucket";

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    s3mock = new EmbeddedS3();
    URI endpoint = s3mock.endpoint();
    TlsTrustManagersProvider trust = s3mock.trust();
    AwsCredentialsProvider credentials = s3mock.credentials();
    raw = S3MockClients.raw(s3mock);
    raw.createBucket(b -> b.bucket(BUCKET));
    byte[] aes = new byte[32];
    new Random(1).nextBytes(aes);
    SecretKey key = new SecretKeySpec(aes, "AES");
    // Buffered gets of the 256 MiB object.
    stock = S3MockClients.stock(s3mock, key, 300L * 1024 * 1024);
    byte[] secret = new byte[32];
    hipaa = hipaaClient(endpoint, credentials, trust, secret, key)
        .checksumAlgorithm(ChecksumAlgorithm.CRC32_C).build();
    hipaaSha256 = hipaaClient(endpoint, credentials, trust, secret, key)
        .checksumAlgorithm(ChecksumAlgorithm.SHA256).build();
    body = new byte[size];
    new Random(2).nextBytes(body);
    // Objects for the get benchmarks.
    raw.putObject(b -> b.bucket(BUCKET).key("raw"), RequestBody.fromBytes(body));
    stock.putObject(b -> b.bucket(BUCKET).key("stock"), RequestBody.fromBytes(body));
    hipaa.putObject(b -> b.bucket(BUCKET).key("hipaa"), RequestBody.fromBytes(body));
  }

  private static HipaaS3Client.Builder hipaaClient(URI endpoint,
      AwsCredentialsProvider credentials, TlsTrustManagersProvider trust, byte[] secret,
      SecretKey key) {
    return HipaaS3Client.builder().region(Region.US_EAST_1).endpointOverride(endpoint)
        .credentialsProvider(credentials).forcePathStyle(true).tlsTrustManagersProvider(trust)
        .keyHashingSecret(KeyHashingSecret.fromBytes(1, secret))
        .encryption(EncryptionMode.clientSideAes(key))
        // S3Mock keeps no Object Lock settings and reports versioning off.
        .insecureSkipBucketProtectionCheck(true)
        .insecureAllowReadingUnretainedObjects(true);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    hipaa.close();
    hipaaSha256.close();
    stock.close();
    raw.close();
    s3mock.close();
  }

  private long drain(InputStream in) throws Exception {
    long total = 0;
    try (in) {
      for (int n; (n = in.read(sink)) > 0; ) {
        total += n;
      }
    }
    return total;
  }

  @Benchmark
  public Object putRaw() {
    return raw.putObject(b -> b.bucket(BUCKET).key("put-raw"), RequestBody.fromBytes(body));
  }

  @Benchmark
  public Object putStockEncryptionClient() {
    return stock.putObject(b -> b.bucket(BUCKET).key("put-stock"),
        RequestBody.fromBytes(body));
  }

  @Benchmark
  public Object putHipaa() {
    return hipaa.putObject(b -> b.bucket(BUCKET).key("put-hipaa"),
        RequestBody.fromBytes(body));
  }

  /** The same put with SHA-256 instead of the default CRC32C checksum. */
  @Benchmark
  public Object putHipaaSha256() {
    return hipaaSha256.putObject(b -> b.bucket(BUCKET).key("put-hipaa-sha"),
        RequestBody.fromBytes(body));
  }

  @Benchmark
  public long getRaw() throws Exception {
    return drain(raw.getObject(b -> b.bucket(BUCKET).key("raw")));
  }

  @Benchmark
  public long getStockEncryptionClient() throws Exception {
    return drain(stock.getObject(b -> b.bucket(BUCKET).key("stock")));
  }

  @Benchmark
  public long getHipaa() throws Exception {
    return drain(hipaa.getObject(b -> b.bucket(BUCKET).key("hipaa")));
  }
}
