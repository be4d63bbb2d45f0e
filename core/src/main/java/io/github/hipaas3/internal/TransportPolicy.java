package io.github.hipaas3.internal;

import io.github.hipaas3.HipaaS3ConfigurationException;
import io.github.hipaas3.HipaaS3PolicyViolationException;
import io.github.hipaas3.ViolationCode;
import io.netty.handler.ssl.SslProvider;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import org.apache.http.conn.ssl.DefaultHostnameVerifier;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;
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
  public static ApacheHttpClient.Builder tlsOnlyHttpClient(TlsTrustManagersProvider trustManagers) {
    return ApacheHttpClient.builder().socketFactory(tlsSocketFactory(trustManagers));
  }

  /**
   * The async HTTP client (Netty) that the S3 Encryption Client streams through. Netty's JDK
   * TLS engine offers TLS 1.3 and 1.2 only, and the HTTPS check runs on every request;
   * {@code TransportPolicyTlsTest} pins both.
   *
   * @param trustManagers trust managers to use instead of the JDK's, or {@code null}
   * @return the builder
   */
  public static NettyNioAsyncHttpClient.Builder tlsOnlyAsyncHttpClient(
      TlsTrustManagersProvider trustManagers) {
    NettyNioAsyncHttpClient.Builder builder = NettyNioAsyncHttpClient.builder()
        .sslProvider(SslProvider.JDK);
    if (trustManagers != null) {
      builder.tlsTrustManagersProvider(trustManagers);
    }
    return builder;
  }

  /**
   * The socket factory behind {@link #tlsOnlyHttpClient}.
   *
   * @param trustManagers trust managers to use instead of the JDK's, or {@code null}
   * @return the socket factory
   */
  public static SSLConnectionSocketFactory tlsSocketFactory(
      TlsTrustManagersProvider trustManagers) {
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
