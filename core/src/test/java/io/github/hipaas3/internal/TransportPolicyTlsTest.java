package io.github.hipaas3.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.hipaas3.testing.TestCertificates;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.apache.http.HttpHost;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;
import org.apache.http.protocol.BasicHttpContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The HTTP client hipaa-s3 builds negotiates TLS 1.2 or 1.3 only and verifies host names. */
class TransportPolicyTlsTest {
  @TempDir static Path dir;
  static TestCertificates.PemPair pem;

  @BeforeAll
  static void certificate() throws Exception {
    pem = TestCertificates.selfSignedLocalhost(dir);
  }

  private static SSLServerSocket server(String... protocols) throws Exception {
    SSLContext ctx = TestCertificates.serverContext(pem);
    SSLServerSocket socket = (SSLServerSocket) ctx.getServerSocketFactory()
        .createServerSocket(0, 1, InetAddress.getLoopbackAddress());
    socket.setEnabledProtocols(protocols);
    CompletableFuture.runAsync(() -> {
      try (SSLSocket s = (SSLSocket) socket.accept()) {
        s.startHandshake();
        s.getInputStream().read();
      } catch (Exception ignored) {
        // the client side asserts the outcome
      }
    });
    return socket;
  }

  private static SSLSocket connect(SSLConnectionSocketFactory factory, String host,
      SSLServerSocket server) throws Exception {
    Socket plain = factory.createSocket(new BasicHttpContext());
    return (SSLSocket) factory.connectSocket(5_000, plain, new HttpHost(host, server.getLocalPort(),
        "https"), new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()),
        null, new BasicHttpContext());
  }

  @ParameterizedTest
  @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
  void negotiates_tls12And13(String protocol) throws Exception {
    try (SSLServerSocket server = server(protocol);
        SSLSocket socket = connect(TransportPolicy.tlsSocketFactory(
            TestCertificates.trustOnly(pem.certificate())), "localhost", server)) {
      assertThat(socket.getSession().getProtocol()).isEqualTo(protocol);
      assertThat(socket.getEnabledProtocols()).containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
    }
  }

  @Test
  void enablesOnlyTls12And13_evenWhenTheJdkSupportsOlderVersions() throws Exception {
    SSLContext jdk = SSLContext.getInstance("TLS");
    jdk.init(null, null, null);
    assertThat(Arrays.asList(jdk.getSupportedSSLParameters().getProtocols()))
        .as("the JDK itself still supports older protocols").contains("TLSv1.1");
    assertThat(TransportPolicy.TLS_PROTOCOLS).containsExactly("TLSv1.3", "TLSv1.2");
  }

  @Test
  void offersNothingBelowTls12() throws Exception {
    // A TLS 1.1-only server cannot be started on a JDK that disables TLS 1.1, so the refusal is
    // shown through the enabled list: the client offers nothing below 1.2.
    try (SSLServerSocket server = server("TLSv1.2");
        SSLSocket socket = connect(TransportPolicy.tlsSocketFactory(
            TestCertificates.trustOnly(pem.certificate())), "localhost", server)) {
      assertThat(socket.getEnabledProtocols()).doesNotContain("TLSv1.1", "TLSv1", "SSLv3");
    }
  }

  @Test
  void refuses_aCertificateForAnotherHost() throws Exception {
    try (SSLServerSocket server = server("TLSv1.3")) {
      assertThatThrownBy(() -> connect(TransportPolicy.tlsSocketFactory(
          TestCertificates.trustOnly(pem.certificate())), "not-localhost.test", server))
          .isInstanceOf(javax.net.ssl.SSLPeerUnverifiedException.class);
    }
  }

  @Test
  void refuses_anUntrustedCertificate() throws Exception {
    try (SSLServerSocket server = server("TLSv1.3")) {
      assertThatThrownBy(() -> connect(TransportPolicy.tlsSocketFactory(null), "localhost",
          server)).isInstanceOf(SSLHandshakeException.class);
    }
  }
}
