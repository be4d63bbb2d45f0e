package io.github.hipaas3.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.hipaas3.EncryptionMode;
import io.github.hipaas3.HipaaS3Client;
import io.github.hipaas3.testing.Capability;
import io.github.hipaas3.testing.ConnectProxy;
import io.github.hipaas3.testing.LogCapture;
import io.github.hipaas3.testing.S3ServerTest;
import io.github.hipaas3.testing.S3TestServer;
import io.github.hipaas3.testing.ServerKind;
import io.github.hipaas3.testing.TestSecrets;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Assumptions;
import software.amazon.awssdk.core.metrics.CoreMetric;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.HttpMetric;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.apache.ProxyConfiguration;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.metrics.MetricCollection;
import software.amazon.awssdk.metrics.MetricPublisher;
import software.amazon.awssdk.metrics.SdkMetric;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The caller's HTTP transport carries every request, client-side puts included (issue 14): a
 * proxy on the caller's builders sees puts, gets and heads, and with it stopped they fail
 * instead of going direct; trust set only on the caller's builders reaches a server whose
 * certificate the JDK does not trust; the SDK's Apache 5 client works as the caller's client.
 */
class CallerTransportIT {
  private static final String TEXT = "glucose 5.4 mmol/L";

  /** The caller's sync and async builders, each sending through its own proxy. */
  private static HipaaS3Client.Builder proxied(S3TestServer server, ConnectProxy sync,
      ConnectProxy async) {
    return server.untrustedClientBuilder(EncryptionMode.clientSideAes(TestSecrets.aesKey()))
        .multipartThreshold(5L * 1024 * 1024)
        .httpClientBuilder(ApacheHttpClient.builder()
            .tlsTrustManagersProvider(server.trust())
            .proxyConfiguration(ProxyConfiguration.builder()
                .endpoint(URI.create("http://127.0.0.1:" + sync.port()))
                .useSystemPropertyValues(false).useEnvironmentVariableValues(false)
                .nonProxyHosts(Set.of()).build()))
        .asyncHttpClientBuilder(NettyNioAsyncHttpClient.builder()
            .tlsTrustManagersProvider(server.trust())
            .proxyConfiguration(software.amazon.awssdk.http.nio.netty.ProxyConfiguration.builder()
                .scheme("http").host("127.0.0.1").port(async.port())
                .useSystemPropertyValues(false).useEnvironmentVariableValues(false)
                .nonProxyHosts(Set.of()).build()));
  }

  @S3ServerTest
  void everyRequest_travelsThroughTheCallersProxy_clientSidePutsIncluded(S3TestServer server)
      throws Exception {
    S3Client raw = server.rawClient();
    String bucket = server.createBucket(raw);
    String target = server.endpoint().getHost() + ":" + server.endpoint().getPort();
    try (ConnectProxy syncProxy = new ConnectProxy();
        ConnectProxy asyncProxy = new ConnectProxy()) {
      try (HipaaS3Client s3 = proxied(server, syncProxy, asyncProxy).build()) {
        // A small body is encrypted in memory and sent on the sync client.
        s3.putObject(b -> b.bucket(bucket).key("lab-result"), RequestBody.fromString(TEXT));
        assertThat(syncProxy.connects()).as("the small client-side put went through the sync"
            + " proxy").isPositive();
        int beforeStreamed = asyncProxy.connects();
        // Above the multipart threshold: the encryption client's multipart pipeline.
        byte[] scan = new byte[6 * 1024 * 1024];
        s3.putObject(b -> b.bucket(bucket).key("scan"), RequestBody.fromBytes(scan));
        assertThat(asyncProxy.connects()).as("the multipart put went through the async proxy")
            .isGreaterThan(beforeStreamed);
        int afterPut = asyncProxy.connects();
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("lab-result")).asUtf8String())
            .isEqualTo(TEXT);
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("scan")).asByteArray())
            .isEqualTo(scan);
        s3.headObject(b -> b.bucket(bucket).key("lab-result"));
        assertThat(syncProxy.connects()).as("gets and heads went through the sync proxy")
            .isPositive();
        assertThat(asyncProxy.connects()).isGreaterThanOrEqualTo(afterPut);
        assertThat(syncProxy.targets()).allMatch(target::equals);
        assertThat(asyncProxy.targets()).allMatch(target::equals);
        assertThat(syncProxy.refused() + asyncProxy.refused()).isZero();
      }

      // With the async proxy stopped, a streamed put (above the 1 MiB in-memory bound) fails
      // instead of going around it.
      asyncProxy.close();
      try (HipaaS3Client s3 = proxied(server, syncProxy, asyncProxy).build()) {
        Throwable put = catchThrowable(() -> s3.putObject(b -> b.bucket(bucket)
            .key("after-stop"), RequestBody.fromBytes(new byte[2 * 1024 * 1024])));
        assertThat(put).as("the put failed").isNotNull();
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("lab-result")).asUtf8String())
            .as("gets still travel through the sync proxy").isEqualTo(TEXT);
        assertNotStored(raw, bucket, s3.objectKey("after-stop"));
      }

      // With the sync proxy stopped too, a get fails instead of going around it.
      int before = syncProxy.connects();
      syncProxy.close();
      try (HipaaS3Client s3 = proxied(server, syncProxy, asyncProxy).build()) {
        Throwable get = catchThrowable(() -> s3.getObjectAsBytes(b -> b.bucket(bucket)
            .key("lab-result")));
        assertThat(get).as("the get failed").isNotNull().isNotInstanceOf(S3Exception.class);
        assertThat(syncProxy.connects()).isEqualTo(before);
      }
    }
  }

  @S3ServerTest
  void theStsCallAtBuild_travelsThroughTheCallersProxy(S3TestServer server) throws Exception {
    Assumptions.assumeTrue(server.kind() == ServerKind.MOTO, "only moto serves STS");
    try (ConnectProxy syncProxy = new ConnectProxy(); ConnectProxy asyncProxy = new ConnectProxy();
        LogCapture logs = new LogCapture();
        HipaaS3Client s3 = proxied(server, syncProxy, asyncProxy).auditActorFromSts(true)
            .build()) {
      assertThat(syncProxy.connects()).as("GetCallerIdentity went through the sync proxy")
          .isPositive();
      assertThat(logs.lines()).noneMatch(l -> l.contains("STS GetCallerIdentity failed"));
    }
  }

  private static void assertNotStored(S3Client raw, String bucket, String key) {
    Throwable head = catchThrowable(() -> raw.headObject(b -> b.bucket(bucket).key(key)));
    assertThat(head).as("nothing was stored around the proxy")
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(404));
  }

  /** Client-side AES on every server; SSE-KMS too where the server supports it. */
  private static List<EncryptionMode> modes(S3TestServer server) {
    List<EncryptionMode> modes = new ArrayList<>();
    modes.add(EncryptionMode.clientSideAes(TestSecrets.aesKey()));
    if (server.has(Capability.KMS)) {
      modes.add(EncryptionMode.sseKms(TestSecrets.KMS_KEY_ARN));
    }
    return modes;
  }

  private static void roundTrip(S3TestServer server, HipaaS3Client s3, String bucket) {
    s3.putObject(b -> b.bucket(bucket).key("visit-note"), RequestBody.fromString(TEXT));
    assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("visit-note")).asUtf8String())
        .isEqualTo(TEXT);
  }

  @S3ServerTest
  void trustSetOnlyOnTheCallersBuilders_reachesTheServer(S3TestServer server) {
    S3Client raw = server.rawClient();
    String bucket = server.createBucket(raw);
    for (EncryptionMode mode : modes(server)) {
      try (HipaaS3Client s3 = server.untrustedClientBuilder(mode)
          .httpClientBuilder(ApacheHttpClient.builder().tlsTrustManagersProvider(server.trust()))
          .asyncHttpClientBuilder(NettyNioAsyncHttpClient.builder()
              .tlsTrustManagersProvider(server.trust()))
          .build()) {
        roundTrip(server, s3, bucket);
      }
    }
  }

  @S3ServerTest
  void withoutTrust_theCallersBuildersRefuseTheServersCertificate(S3TestServer server) {
    S3Client raw = server.rawClient();
    String bucket = server.createBucket(raw);
    try (HipaaS3Client s3 = server.untrustedClientBuilder(
        EncryptionMode.clientSideAes(TestSecrets.aesKey()))
        .httpClientBuilder(ApacheHttpClient.builder())
        .asyncHttpClientBuilder(NettyNioAsyncHttpClient.builder())
        .build()) {
      assertThat(catchThrowable(() -> s3.putObject(b -> b.bucket(bucket).key("visit-note"),
          RequestBody.fromString(TEXT)))).as("the put").isNotNull();
      assertThat(catchThrowable(() -> s3.headObject(b -> b.bucket(bucket).key("visit-note"))))
          .as("the head").isNotNull().isNotInstanceOf(S3Exception.class);
    }
  }

  @S3ServerTest
  void tlsTrustManagersProvider_isAppliedToTheCallersBuilders(S3TestServer server) {
    S3Client raw = server.rawClient();
    String bucket = server.createBucket(raw);
    for (EncryptionMode mode : modes(server)) {
      try (HipaaS3Client s3 = server.untrustedClientBuilder(mode)
          .tlsTrustManagersProvider(server.trust())
          .httpClientBuilder(ApacheHttpClient.builder())
          .asyncHttpClientBuilder(NettyNioAsyncHttpClient.builder())
          .build()) {
        roundTrip(server, s3, bucket);
      }
    }
  }

  /** Records the HTTP client that carried each operation. */
  private static final class ClientNames implements MetricPublisher {
    final List<String> seen = new CopyOnWriteArrayList<>();

    @Override
    public void publish(MetricCollection metrics) {
      String operation = first(metrics, CoreMetric.OPERATION_NAME);
      String client = first(metrics, HttpMetric.HTTP_CLIENT_NAME);
      seen.add(operation + "=" + client);
    }

    private static <T> T first(MetricCollection metrics, SdkMetric<T> metric) {
      List<T> values = metrics.metricValues(metric);
      if (!values.isEmpty()) {
        return values.get(0);
      }
      for (MetricCollection child : metrics.children()) {
        T value = first(child, metric);
        if (value != null) {
          return value;
        }
      }
      return null;
    }

    @Override
    public void close() {}
  }

  @S3ServerTest
  void apache5_asTheCallersClient_carriesGetsAndHeads(S3TestServer server) {
    S3Client raw = server.rawClient();
    String bucket = server.createBucket(raw);
    ClientNames names = new ClientNames();
    try (SdkHttpClient apache5 = Apache5HttpClient.builder()
            .tlsTrustManagersProvider(server.trust()).build();
        SdkAsyncHttpClient netty = NettyNioAsyncHttpClient.builder()
            .tlsTrustManagersProvider(server.trust()).build();
        HipaaS3Client s3 = server.untrustedClientBuilder(
            EncryptionMode.clientSideAes(TestSecrets.aesKey()))
            .httpClient(apache5).asyncHttpClient(netty)
            .overrideConfiguration(o -> o.addMetricPublisher(names))
            .build()) {
      roundTrip(server, s3, bucket);
      s3.headObject(b -> b.bucket(bucket).key("visit-note"));
      // Small puts travel on the sync client, larger ones on the async one.
      s3.putObject(b -> b.bucket(bucket).key("scan"),
          RequestBody.fromBytes(new byte[1024 * 1024 + 1]));
      assertThat(names.seen).contains("PutObject=Apache5", "PutObject=NettyNio",
          "GetObject=Apache5", "HeadObject=Apache5");
    }
  }

  @S3ServerTest
  void apache5Builder_getsTlsTrustManagersProviderApplied(S3TestServer server) {
    S3Client raw = server.rawClient();
    String bucket = server.createBucket(raw);
    ClientNames names = new ClientNames();
    try (HipaaS3Client s3 = server.untrustedClientBuilder(
        EncryptionMode.clientSideAes(TestSecrets.aesKey()))
        .tlsTrustManagersProvider(server.trust())
        .httpClientBuilder(Apache5HttpClient.builder())
        .asyncHttpClientBuilder(NettyNioAsyncHttpClient.builder())
        .overrideConfiguration(o -> o.addMetricPublisher(names))
        .build()) {
      roundTrip(server, s3, bucket);
      s3.putObject(b -> b.bucket(bucket).key("scan"),
          RequestBody.fromBytes(new byte[1024 * 1024 + 1]));
      assertThat(names.seen).contains("PutObject=Apache5", "PutObject=NettyNio",
          "GetObject=Apache5");
    }
  }
}
