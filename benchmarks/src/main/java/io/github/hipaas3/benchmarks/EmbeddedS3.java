package io.github.hipaas3.benchmarks;

import com.adobe.testing.s3mock.S3MockApplication;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.security.KeyStore;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.TrustManagerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.TlsTrustManagersProvider;

/** An in-process S3Mock over HTTPS for the benchmarks, with trust for its certificate only. */
final class EmbeddedS3 implements AutoCloseable {
  final URI endpoint;
  final TlsTrustManagersProvider trust;
  final AwsCredentialsProvider credentials = StaticCredentialsProvider.create(
      AwsSessionCredentials.create("bench", "bench", "bench-session"));
  private final S3MockApplication s3mock;

  EmbeddedS3() throws Exception {
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
    endpoint = URI.create("https://localhost:" + https);
    trust = trustS3Mock();
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static TlsTrustManagersProvider trustS3Mock() throws Exception {
    KeyStore jks = KeyStore.getInstance("JKS");
    try (InputStream in = EmbeddedS3.class.getClassLoader().getResourceAsStream("s3mock.jks")) {
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

  @Override
  public void close() {
    s3mock.stop();
  }
}
