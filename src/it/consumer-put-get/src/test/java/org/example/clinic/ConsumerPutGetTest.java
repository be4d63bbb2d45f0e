package org.example.clinic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.adobe.testing.s3mock.S3MockApplication;
import io.github.hipaas3.EncryptionMode;
import io.github.hipaas3.HipaaS3Client;
import io.github.hipaas3.HipaaS3PolicyViolationException;
import io.github.hipaas3.KeyHashingSecret;
import io.github.hipaas3.ViolationCode;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyStore;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** What a clinic's code does: plain S3Client calls, on a HipaaS3Client. */
class ConsumerPutGetTest {

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void putAndGet_throughHipaaS3Client() throws Exception {
    int port = freePort();
    S3MockApplication server = S3MockApplication.start(new HashMap<>(Map.of(
        S3MockApplication.PROP_HTTPS_PORT, port,
        S3MockApplication.PROP_HTTP_PORT, freePort(),
        S3MockApplication.PROP_ROOT_DIRECTORY, Files.createTempDirectory("s3mock").toString(),
        S3MockApplication.PROP_SILENT, "true")));
    try {
      KeyStore jks = KeyStore.getInstance("JKS");
      try (InputStream in = getClass().getClassLoader().getResourceAsStream("s3mock.jks")) {
        jks.load(in, "password".toCharArray());
      }
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("s3mock", jks.getCertificate("selfsigned"));
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);

      try (S3Client s3 = HipaaS3Client.builder()
          .region(Region.US_EAST_1)
          .endpointOverride(URI.create("https://localhost:" + port))
          .credentialsProvider(StaticCredentialsProvider.create(
              AwsSessionCredentials.create("a", "b", "c")))
          .tlsTrustManagersProvider(tmf::getTrustManagers)
          .forcePathStyle(true)
          .encryption(EncryptionMode.clientSideAes(newAesKey()))
          .keyHashingSecret(KeyHashingSecret.generate(1))
          // S3Mock keeps no Object Lock settings and reports versioning off.
          .insecureSkipBucketProtectionCheck(true)
          .insecureAllowReadingUnretainedObjects(true)
          .build()) {
        s3.createBucket(b -> b.bucket("clinic"));
        byte[] body = "discharge summary".getBytes(StandardCharsets.UTF_8);
        s3.putObject(b -> b.bucket("clinic").key("summaries/1"), RequestBody.fromBytes(body));
        assertArrayEquals(body,
            s3.getObjectAsBytes(b -> b.bucket("clinic").key("summaries/1")).asByteArray());
        HipaaS3PolicyViolationException refused = assertThrows(
            HipaaS3PolicyViolationException.class,
            () -> s3.putBucketAcl(b -> b.bucket("clinic").acl("public-read")));
        assertEquals(ViolationCode.ACL_REFUSED, refused.violationCode());
      }
    } finally {
      server.stop();
    }
  }

  /** A fresh AES-256 wrapping key. A real application keeps it in KMS or an HSM. */
  private static javax.crypto.SecretKey newAesKey() throws java.security.GeneralSecurityException {
    javax.crypto.KeyGenerator generator = javax.crypto.KeyGenerator.getInstance("AES");
    generator.init(256);
    return generator.generateKey();
  }
}
