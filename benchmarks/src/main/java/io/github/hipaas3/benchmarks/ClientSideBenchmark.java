package io.github.hipaas3.benchmarks;

import com.adobe.testing.s3mock.S3MockApplication;
import io.github.hipaas3.EncryptionMode;
import io.github.hipaas3.HipaaS3Client;
import io.github.hipaas3.KeyHashingSecret;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.security.KeyStore;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.TrustManagerFactory;
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
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.TlsTrustManagersProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
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

  private S3MockApplication s3mock;
  private S3Client raw;
  private S3EncryptionClient stock;
  private HipaaS3Client hipaa;
  private byte[] body;
  private final byte[] sink = new byte[1 << 16];
  private static final String BUCKET = "benchmark-bucket";

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    int https = freePort();
    Map<String, Object> props = new HashMap<>();
    props.put(S3MockApplication.PROP_HTTPS_PORT, https);
    props.put(S3MockApplication.PROP_HTTP_PORT, freePort());
    props.put(S3MockApplication.PROP_ROOT_DIRECTORY,
        Files.createTempDirectory("hipaas3-bench").toString());
    props.put(S3MockApplication.PROP_SILENT, "true");
    props.put("spring.main.banner-mode", "off");
    props.put("server.tomcat.max-swallow-size", "-1");
    s3mock = S3MockApplication.start(props);
    URI endpoint = URI.create("https://localhost:" + https);
    TlsTrustManagersProvider trust = trustS3Mock();
    StaticCredentialsProvider credentials = StaticCredentialsProvider.create(
        AwsSessionCredentials.create("bench", "bench", "bench-session"));
    raw = S3Client.builder().region(Region.US_EAST_1).endpointOverride(endpoint)
        .credentialsProvider(credentials).forcePathStyle(true)
        .httpClientBuilder(ApacheHttpClient.builder().tlsTrustManagersProvider(trust)).build();
    raw.createBucket(b -> b.bucket(BUCKET));
    S3AsyncClient rawAsync = S3AsyncClient.builder().region(Region.US_EAST_1)
        .endpointOverride(endpoint).credentialsProvider(credentials).forcePathStyle(true)
        .serviceConfiguration(S3Configuration.builder().expectContinueEnabled(false).build())
        .httpClientBuilder(NettyNioAsyncHttpClient.builder().tlsTrustManagersProvider(trust))
        .build();
    byte[] aes = new byte[32];
    new Random(1).nextBytes(aes);
    SecretKey key = new SecretKeySpec(aes, "AES");
    stock = S3EncryptionClient.builderV4()
        .wrappedClient(S3Client.builder().region(Region.US_EAST_1).endpointOverride(endpoint)
            .credentialsProvider(credentials).forcePathStyle(true)
            .httpClientBuilder(ApacheHttpClient.builder().tlsTrustManagersProvider(trust))
            .build())
        .wrappedAsyncClient(rawAsync)
        .aesKey(key)
        .setBufferSize(300L * 1024 * 1024) // buffered gets of the 256 MiB object
        .build();
    byte[] secret = new byte[32];
    hipaa = HipaaS3Client.builder().region(Region.US_EAST_1).endpointOverride(endpoint)
        .credentialsProvider(credentials).forcePathStyle(true).tlsTrustManagersProvider(trust)
        .keyHashingSecret(KeyHashingSecret.fromBytes(1, secret))
        .encryption(EncryptionMode.clientSideAes(key)).build();
    body = new byte[size];
    new Random(2).nextBytes(body);
    // Objects for the get benchmarks.
    raw.putObject(b -> b.bucket(BUCKET).key("raw"), RequestBody.fromBytes(body));
    stock.putObject(b -> b.bucket(BUCKET).key("stock"), RequestBody.fromBytes(body));
    hipaa.putObject(b -> b.bucket(BUCKET).key("hipaa"), RequestBody.fromBytes(body));
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    hipaa.close();
    stock.close();
    raw.close();
    s3mock.stop();
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static TlsTrustManagersProvider trustS3Mock() throws Exception {
    KeyStore jks = KeyStore.getInstance("JKS");
    try (InputStream in = ClientSideBenchmark.class.getClassLoader()
        .getResourceAsStream("s3mock.jks")) {
      jks.load(in, "password".toCharArray());
    }
    KeyStore trusted = KeyStore.getInstance("PKCS12");
    trusted.load(null, null);
    trusted.setCertificateEntry("s3mock", jks.getCertificate("selfsigned"));
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trusted);
    return tmf::getTrustManagers;
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
