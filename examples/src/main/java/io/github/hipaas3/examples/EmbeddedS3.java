package io.github.hipaas3.examples;

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

/**
 * Adobe S3Mock started in this JVM over HTTPS, standing in for Amazon S3 so the examples run
 * without an AWS account. Only its own certificate is trusted (never "trust all").
 */
public final class EmbeddedS3 implements AutoCloseable {
  private final S3MockApplication server;
  private final URI endpoint;
  private final TlsTrustManagersProvider trust;

  /**
   * Starts the server on free ports.
   *
   * @throws Exception if it cannot start
   */
  public EmbeddedS3() throws Exception {
    int port = freePort();
    server = S3MockApplication.start(new HashMap<>(Map.of(
        S3MockApplication.PROP_HTTPS_PORT, port,
        S3MockApplication.PROP_HTTP_PORT, freePort(),
        S3MockApplication.PROP_ROOT_DIRECTORY,
        Files.createTempDirectory("hipaas3-example").toString(),
        S3MockApplication.PROP_SILENT, "true",
        "spring.main.banner-mode", "off",
        // Large bodies (the benchmarks put 256 MiB) are read, not cut off.
        "server.tomcat.max-swallow-size", "-1")));
    endpoint = URI.create("https://localhost:" + port);
    KeyStore s3mockStore = KeyStore.getInstance("JKS");
    try (InputStream in = EmbeddedS3.class.getClassLoader().getResourceAsStream("s3mock.jks")) {
      s3mockStore.load(in, "password".toCharArray());
    }
    KeyStore trusted = KeyStore.getInstance("PKCS12");
    trusted.load(null, null);
    trusted.setCertificateEntry("s3mock", s3mockStore.getCertificate("selfsigned"));
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trusted);
    trust = tmf::getTrustManagers;
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /**
   * The HTTPS endpoint.
   *
   * @return the endpoint
   */
  public URI endpoint() {
    return endpoint;
  }

  /**
   * Trust for the server's certificate only.
   *
   * @return the trust provider
   */
  public TlsTrustManagersProvider trust() {
    return trust;
  }

  /**
   * Session credentials the server accepts.
   *
   * @return the credentials
   */
  public AwsCredentialsProvider credentials() {
    return StaticCredentialsProvider.create(
        AwsSessionCredentials.create("demo", "demo", "demo-session"));
  }

  @Override
  public void close() {
    server.stop();
  }
}
