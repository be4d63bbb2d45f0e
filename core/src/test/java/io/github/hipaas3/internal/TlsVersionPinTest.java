package io.github.hipaas3.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.hipaas3.HipaaS3ConfigurationException;
import io.github.hipaas3.testing.TestCertificates;
import java.lang.reflect.Proxy;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The trust managers hipaa-s3 gives the SDK's Netty client (and callers' builders it applies
 * trust to) fail a handshake that negotiated anything but TLS 1.3 or 1.2: the SDK's Netty
 * builder has no setting for the protocol versions. {@code AsyncTransportTlsTest} shows that
 * TLS 1.3 and 1.2 handshakes still succeed through them.
 */
class TlsVersionPinTest {

  private static SSLSession session(String protocol) {
    return (SSLSession) Proxy.newProxyInstance(SSLSession.class.getClassLoader(),
        new Class<?>[] {SSLSession.class}, (proxy, method, args) ->
            "getProtocol".equals(method.getName()) ? protocol : null);
  }

  @ParameterizedTest
  @ValueSource(strings = {"TLSv1.1", "TLSv1", "SSLv3", "NONE"})
  void versionsBelowTls12_failTheCertificateCheck(String protocol) {
    assertThatThrownBy(() -> TransportPolicy.TlsVersionCheck.checkVersion(session(protocol)))
        .isInstanceOf(CertificateException.class).hasMessageContaining(protocol);
  }

  @ParameterizedTest
  @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
  void tls12And13_pass(String protocol) {
    assertThatCode(() -> TransportPolicy.TlsVersionCheck.checkVersion(session(protocol)))
        .doesNotThrowAnyException();
  }

  @Test
  void anUnknownHandshake_fails() {
    assertThatThrownBy(() -> TransportPolicy.TlsVersionCheck.checkVersion(null))
        .isInstanceOf(CertificateException.class);
  }

  @Test
  void everyX509TrustManager_isWrapped() throws Exception {
    TrustManager[] managers = TransportPolicy.pinnedTrust(TestCertificates.trustOnly(
        TestCertificates.s3MockCertificate())).trustManagers();
    assertThat(managers).isNotEmpty().allSatisfy(m -> assertThat(m)
        .isInstanceOf(TransportPolicy.TlsVersionCheck.class));
    assertThat(TransportPolicy.pinnedTrust(null).trustManagers())
        .as("the JDK's default trust, wrapped").isNotEmpty()
        .allSatisfy(m -> assertThat(m).isInstanceOf(X509ExtendedTrustManager.class));
    // Outside a handshake the TLS version is unknown: refused.
    X509ExtendedTrustManager pinned = (X509ExtendedTrustManager) managers[0];
    assertThatThrownBy(() -> pinned.checkServerTrusted(
        new X509Certificate[] {TestCertificates.s3MockCertificate()}, "RSA"))
        .isInstanceOf(CertificateException.class);
  }

  @Test
  void aPlainX509TrustManager_isRefused() {
    X509TrustManager plain = new X509TrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType) {}

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType) {}

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }
    };
    assertThatThrownBy(() -> TransportPolicy.pinnedTrust(() -> new TrustManager[] {plain})
        .trustManagers())
        .isInstanceOf(HipaaS3ConfigurationException.class)
        .hasMessageContaining("TrustManagerFactory");
  }
}
