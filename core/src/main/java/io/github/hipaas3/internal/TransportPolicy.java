package io.github.hipaas3.internal;

import io.github.hipaas3.HipaaS3ConfigurationException;
import io.github.hipaas3.HipaaS3PolicyViolationException;
import io.github.hipaas3.ViolationCode;
import io.netty.handler.ssl.SslProvider;
import java.net.Socket;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import org.apache.http.conn.ssl.DefaultHostnameVerifier;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.http.TlsTrustManagersProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;

/** Transport rules: HTTPS endpoints only, and TLS 1.2 or 1.3 on the HTTP client hipaa-s3 builds. */
public final class TransportPolicy {

  /** The only protocol versions the HTTP client that hipaa-s3 builds will negotiate. */
  public static final List<String> TLS_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

  private TransportPolicy() {}

  /**
   * Checks an endpoint override. The message never repeats the endpoint, which could carry
   * credentials or other sensitive text.
   *
   * @param endpoint the endpoint to check
   * @return the endpoint
   */
  public static URI checkEndpoint(URI endpoint) {
    if (endpoint.getScheme() == null || !"https".equalsIgnoreCase(endpoint.getScheme())) {
      throw new HipaaS3PolicyViolationException(ViolationCode.INSECURE_TRANSPORT,
          "endpointOverride must use https://; plaintext http:// is refused because PHI may"
              + " only travel over TLS. Use the https:// form of the endpoint (every S3 and"
              + " S3-compatible endpoint offers it), or omit endpointOverride to use AWS's.");
    }
    if (endpoint.getHost() == null) {
      throw new HipaaS3ConfigurationException("endpointOverride has no host name. Give an"
          + " absolute URI such as https://s3.us-east-1.amazonaws.com.");
    }
    if (endpoint.getRawUserInfo() != null || endpoint.getRawQuery() != null
        || endpoint.getRawFragment() != null) {
      throw new HipaaS3ConfigurationException("endpointOverride must not contain user"
          + " information, a query or a fragment. Give only scheme, host, port and path, and"
          + " pass credentials with credentialsProvider.");
    }
    return endpoint;
  }

  /**
   * An Apache HTTP client builder that negotiates only TLS 1.3 and 1.2 and verifies host
   * names.
   *
   * @param trustManagers trust managers to use instead of the JDK's, or {@code null}
   * @return the builder; the SDK client that receives it owns and closes the client
   */
  // the Apache 4 client is deprecated in the SDK; this public API returns its builder
  @SuppressWarnings("deprecation")
  public static ApacheHttpClient.Builder tlsOnlyHttpClient(
      @Nullable TlsTrustManagersProvider trustManagers) {
    return ApacheHttpClient.builder().socketFactory(tlsSocketFactory(trustManagers));
  }

  /**
   * The async HTTP client (Netty) that the S3 Encryption Client streams through when the caller
   * gives none. The SDK's Netty builder cannot restrict TLS versions, so its trust managers are
   * {@linkplain #pinnedTrust wrapped}: a handshake that negotiated anything but TLS 1.3 or 1.2
   * fails at the certificate check. The HTTPS check runs on every request.
   *
   * @param trustManagers trust managers to use instead of the JDK's, or {@code null}
   * @return the builder
   */
  public static NettyNioAsyncHttpClient.Builder tlsOnlyAsyncHttpClient(
      @Nullable TlsTrustManagersProvider trustManagers) {
    return NettyNioAsyncHttpClient.builder()
        .sslProvider(SslProvider.JDK)
        .tlsTrustManagersProvider(pinnedTrust(trustManagers));
  }

  /**
   * Trust managers that also fail a handshake that negotiated a TLS version other than 1.3 or
   * 1.2, for HTTP clients whose protocol versions cannot be set (the SDK's Netty client, and
   * callers' builders that hipaa-s3 applies trust to).
   *
   * @param trustManagers the trust managers to wrap, or {@code null} for the JDK's default
   * @return the wrapping provider; it fails with {@link HipaaS3ConfigurationException} for an
   *     X.509 trust manager that does not extend {@link X509ExtendedTrustManager} (which the
   *     JDK's {@code TrustManagerFactory} always returns), because its host name check could not
   *     be kept
   */
  public static TlsTrustManagersProvider pinnedTrust(
      @Nullable TlsTrustManagersProvider trustManagers) {
    return () -> {
      TrustManager[] managers;
      try {
        if (trustManagers != null) {
          managers = trustManagers.trustManagers();
        } else {
          TrustManagerFactory factory =
              TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
          factory.init((KeyStore) null);
          managers = factory.getTrustManagers();
        }
      } catch (GeneralSecurityException e) {
        throw new HipaaS3ConfigurationException("The JDK could not load its default trust"
            + " managers (" + e.getClass().getSimpleName() + "). Check the JDK's trust store.");
      }
      if (managers == null) {
        throw new HipaaS3ConfigurationException("tlsTrustManagersProvider returned no trust"
            + " managers. Return the managers of a TrustManagerFactory.");
      }
      TrustManager[] wrapped = new TrustManager[managers.length];
      for (int i = 0; i < managers.length; i++) {
        TrustManager manager = managers[i];
        if (manager instanceof X509ExtendedTrustManager extended) {
          wrapped[i] = new TlsVersionCheck(extended);
        } else if (manager instanceof X509TrustManager) {
          throw new HipaaS3ConfigurationException("tlsTrustManagersProvider returned an"
              + " X509TrustManager that is not an X509ExtendedTrustManager. Return the managers"
              + " of a TrustManagerFactory (TrustManagerFactory.getInstance(...).init(keyStore)),"
              + " which check host names and TLS parameters.");
        } else {
          wrapped[i] = manager;
        }
      }
      return wrapped;
    };
  }

  /** Fails the server certificate check of a handshake below TLS 1.2, then delegates. */
  static final class TlsVersionCheck extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager delegate;

    TlsVersionCheck(X509ExtendedTrustManager delegate) {
      this.delegate = delegate;
    }

    static void checkVersion(@Nullable SSLSession handshake) throws CertificateException {
      String protocol = handshake == null ? null : handshake.getProtocol();
      if (protocol == null || !TLS_PROTOCOLS.contains(protocol)) {
        throw new CertificateException("hipaa-s3 accepts only TLS 1.3 and 1.2; the handshake"
            + " negotiated " + (protocol == null ? "an unknown version" : protocol) + ".");
      }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      checkVersion(socket instanceof SSLSocket ssl ? ssl.getHandshakeSession()
          : null);
      delegate.checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      checkVersion(engine == null ? null : engine.getHandshakeSession());
      delegate.checkServerTrusted(chain, authType, engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      // Only reached outside a handshake (JSSE always passes the socket or engine).
      throw new CertificateException("hipaa-s3 checks server certificates only during a TLS"
          + " handshake, where the TLS version is known.");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      delegate.checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      delegate.checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      delegate.checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return delegate.getAcceptedIssuers();
    }
  }

  /**
   * The socket factory behind {@link #tlsOnlyHttpClient}.
   *
   * @param trustManagers trust managers to use instead of the JDK's, or {@code null}
   * @return the socket factory
   */
  public static SSLConnectionSocketFactory tlsSocketFactory(
      @Nullable TlsTrustManagersProvider trustManagers) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      TrustManager[] managers = trustManagers == null ? null : trustManagers.trustManagers();
      context.init(null, managers, null);
      return new SSLConnectionSocketFactory(context, TLS_PROTOCOLS.toArray(new String[0]),
          null, new DefaultHostnameVerifier());
    } catch (GeneralSecurityException e) {
      throw new HipaaS3ConfigurationException("The JDK could not create a TLS context ("
          + e.getClass().getSimpleName() + "). Check the JDK's security providers.");
    }
  }
}
