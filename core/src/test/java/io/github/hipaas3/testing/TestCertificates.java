package io.github.hipaas3.testing;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import software.amazon.awssdk.http.TlsTrustManagersProvider;

/**
 * Certificates for the local HTTPS test servers. Each server's certificate is trusted alone:
 * never the JDK's trust store plus it, and never "trust all".
 */
public final class TestCertificates {
  private TestCertificates() {}

  /** A self-signed certificate and its key, written as PEM files. */
  public record PemPair(X509Certificate certificate, java.security.PrivateKey privateKey,
      Path certFile, Path keyFile) {}

  /**
   * Generates a self-signed certificate for {@code localhost} and {@code 127.0.0.1} and writes
   * it and its private key as PEM files into {@code dir}. BouncyCastle builds the certificate:
   * the JDK has no public API for it.
   */
  public static PemPair selfSignedLocalhost(Path dir) throws IOException, GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048, new SecureRandom());
    KeyPair keyPair = generator.generateKeyPair();
    X500Name subject = new X500Name("CN=localhost, O=hipaa-s3 tests");
    Instant now = Instant.now();
    JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
        new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofHours(1))),
        Date.from(now.plus(Duration.ofDays(2))), subject, keyPair.getPublic());
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(
        new GeneralName[] {
            new GeneralName(GeneralName.dNSName, "localhost"),
            new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
    X509Certificate certificate;
    try {
      certificate = new JcaX509CertificateConverter().getCertificate(builder.build(
          new JcaContentSignerBuilder("SHA256withRSA").build(keyPair.getPrivate())));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e);
    }
    Path cert = dir.resolve("server.crt");
    Path key = dir.resolve("server.key");
    Files.writeString(cert, pem("CERTIFICATE", certificate.getEncoded()),
        StandardCharsets.US_ASCII);
    Files.writeString(key, pem("PRIVATE KEY", keyPair.getPrivate().getEncoded()),
        StandardCharsets.US_ASCII);
    return new PemPair(certificate, keyPair.getPrivate(), cert, key);
  }

  /** S3Mock's own certificate (valid for {@code localhost}), read from the S3Mock jar. */
  public static X509Certificate s3MockCertificate() throws IOException, GeneralSecurityException {
    KeyStore jks = KeyStore.getInstance("JKS");
    try (InputStream in = TestCertificates.class.getClassLoader()
        .getResourceAsStream("s3mock.jks")) {
      if (in == null) {
        throw new IOException("s3mock.jks is not on the test classpath");
      }
      jks.load(in, "password".toCharArray());
    }
    Certificate certificate = jks.getCertificate("selfsigned");
    return (X509Certificate) certificate;
  }

  /** Trust managers that trust exactly one certificate. */
  public static TlsTrustManagersProvider trustOnly(X509Certificate certificate) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setCertificateEntry("server", certificate);
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      return factory::getTrustManagers;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  /** A server-side TLS context that presents this certificate, for handshake tests. */
  public static javax.net.ssl.SSLContext serverContext(PemPair pem) throws Exception {
    java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry("server", pem.privateKey(), new char[0],
        new java.security.cert.Certificate[] {pem.certificate()});
    javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance(
        javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, new char[0]);
    javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), null, null);
    return ctx;
  }
}
