package io.github.hipaas3.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.hipaas3.testing.TestCertificates;
import java.io.OutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.reactivestreams.Publisher;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.http.TlsTrustManagersProvider;
import software.amazon.awssdk.http.async.AsyncExecuteRequest;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.async.SdkAsyncHttpResponseHandler;
import software.amazon.awssdk.http.async.SdkHttpContentPublisher;

/**
 * The async (Netty) client that client-side encryption streams through: TLS 1.3 and 1.2 are
 * negotiated, the server's certificate must be trusted and name the host.
 */
class AsyncTransportTlsTest {
  @TempDir static Path dir;
  static TestCertificates.PemPair pem;

  @BeforeAll
  static void certificate() throws Exception {
    pem = TestCertificates.selfSignedLocalhost(dir);
  }

  /** A one-shot HTTPS server that answers 200 and reports the negotiated protocol. */
  private static final class Server implements AutoCloseable {
    final SSLServerSocket socket;
    final CompletableFuture<String> protocol = new CompletableFuture<>();

    Server(String... protocols) throws Exception {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry("server", pem.privateKey(), new char[0],
          new Certificate[] {pem.certificate()});
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, new char[0]);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf.getKeyManagers(), null, null);
      // All interfaces, so that 127.0.0.2 (a name the certificate lacks) reaches it too.
      socket = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0, 1);
      socket.setEnabledProtocols(protocols);
      // A thread of its own: on a 2-core machine the common pool has one thread, and a server
      // of an earlier test still blocked in a handshake would keep this one from accepting.
      Thread serverThread = new Thread(() -> {
        try (SSLSocket s = (SSLSocket) socket.accept()) {
          s.setSoTimeout(10_000);
          s.startHandshake();
          protocol.complete(s.getSession().getProtocol());
          byte[] buffer = new byte[4096];
          s.getInputStream().read(buffer);
          OutputStream out = s.getOutputStream();
          out.write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
              .getBytes(StandardCharsets.US_ASCII));
          out.flush();
        } catch (Exception e) {
          protocol.completeExceptionally(e);
        }
      }, "tls-test-server");
      serverThread.setDaemon(true);
      serverThread.start();
    }

    @Override
    public void close() throws Exception {
      socket.close();
    }
  }

  private static int get(TlsTrustManagersProvider trust, String host, int port)
      throws Exception {
    try (SdkAsyncHttpClient client = TransportPolicy.tlsOnlyAsyncHttpClient(trust).build()) {
      CompletableFuture<Integer> status = new CompletableFuture<>();
      SdkHttpFullRequest request = SdkHttpFullRequest.builder().method(SdkHttpMethod.GET)
          .uri(URI.create("https://" + host + ":" + port + "/")).build();
      client.execute(AsyncExecuteRequest.builder().request(request)
          .requestContentPublisher(new EmptyPublisher())
          .responseHandler(new SdkAsyncHttpResponseHandler() {
            @Override
            public void onHeaders(SdkHttpResponse headers) {
              status.complete(headers.statusCode());
            }

            @Override
            public void onStream(Publisher<ByteBuffer> stream) {
              stream.subscribe(new org.reactivestreams.Subscriber<ByteBuffer>() {
                @Override
                public void onSubscribe(org.reactivestreams.Subscription s) {
                  s.request(Long.MAX_VALUE);
                }

                @Override
                public void onNext(ByteBuffer b) {}

                @Override
                public void onError(Throwable t) {}

                @Override
                public void onComplete() {}
              });
            }

            @Override
            public void onError(Throwable error) {
              status.completeExceptionally(error);
            }
          }).build()).exceptionally(t -> {
            status.completeExceptionally(t);
            return null;
          });
      return status.get(20, TimeUnit.SECONDS);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
  void negotiates_tls12And13(String protocol) throws Exception {
    try (Server server = new Server(protocol)) {
      assertThat(get(TestCertificates.trustOnly(pem.certificate()), "localhost",
          server.socket.getLocalPort())).isEqualTo(200);
      assertThat(server.protocol.get(10, TimeUnit.SECONDS)).isEqualTo(protocol);
    }
  }

  @Test
  void refuses_anUntrustedCertificate() throws Exception {
    try (Server server = new Server("TLSv1.3")) {
      // The JDK's default trust does not include the test certificate: the handshake fails
      // (as a certificate-path error or, depending on timing, a handshake timeout).
      assertThatThrownBy(() -> get(null, "localhost", server.socket.getLocalPort()))
          .isInstanceOf(java.util.concurrent.ExecutionException.class)
          .hasCauseInstanceOf(javax.net.ssl.SSLException.class);
    }
  }

  @Test
  void refuses_aCertificateForAnotherHost() throws Exception {
    try (Server server = new Server("TLSv1.3")) {
      // The certificate names localhost and 127.0.0.1, not 127.0.0.2: the request must not
      // complete (Netty aborts the handshake; the failure surfaces as a handshake error or
      // timeout, depending on timing).
      assertThatThrownBy(() -> get(TestCertificates.trustOnly(pem.certificate()), "127.0.0.2",
          server.socket.getLocalPort()))
          .isInstanceOf(java.util.concurrent.ExecutionException.class)
          .hasCauseInstanceOf(javax.net.ssl.SSLException.class);
    }
  }

  /** A request body with no bytes. */
  private static final class EmptyPublisher implements SdkHttpContentPublisher {
    @Override
    public java.util.Optional<Long> contentLength() {
      return java.util.Optional.of(0L);
    }

    @Override
    public void subscribe(org.reactivestreams.Subscriber<? super ByteBuffer> s) {
      s.onSubscribe(new org.reactivestreams.Subscription() {
        @Override
        public void request(long n) {
          s.onComplete();
        }

        @Override
        public void cancel() {}
      });
    }
  }
}
