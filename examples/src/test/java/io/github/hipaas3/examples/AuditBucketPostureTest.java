package io.github.hipaas3.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.adobe.testing.s3mock.S3MockApplication;
import io.github.hipaas3.posture.Control;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
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
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Smoke test: the posture command audits a bucket on the embedded S3Mock (which has few of the
 * settings, so the bucket fails), prints every control, and exits 1; usage errors exit 2.
 */
class AuditBucketPostureTest {
  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void aBucketThatFails_exitsOne_andPrintsEveryControl() throws Exception {
    int port = freePort();
    S3MockApplication server = S3MockApplication.start(new HashMap<>(Map.of(
        S3MockApplication.PROP_HTTPS_PORT, port,
        S3MockApplication.PROP_HTTP_PORT, freePort(),
        S3MockApplication.PROP_ROOT_DIRECTORY, Files.createTempDirectory("posture").toString(),
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
      try (S3Client s3 = S3Client.builder().region(Region.US_EAST_1)
          .endpointOverride(URI.create("https://localhost:" + port)).forcePathStyle(true)
          .credentialsProvider(StaticCredentialsProvider.create(
              AwsSessionCredentials.create("a", "b", "c")))
          .httpClientBuilder(ApacheHttpClient.builder()
              .tlsTrustManagersProvider(tmf::getTrustManagers)).build()) {
        s3.createBucket(b -> b.bucket("clinic-records"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = AuditBucketPosture.run(new String[] {"clinic-records"},
            new PrintStream(out, true, "UTF-8"), s3);
        String table = out.toString(StandardCharsets.UTF_8);
        assertEquals(1, code, table);
        for (Control c : Control.values()) {
          assertTrue(table.contains(c.name()), c + " missing from\n" + table);
        }
        out.reset();
        assertEquals(1, AuditBucketPosture.run(new String[] {"clinic-records", "--json"},
            new PrintStream(out, true, "UTF-8"), s3));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith(
            "{\"bucket\":\"clinic-records\",\"passed\":false"));
        assertEquals(2, AuditBucketPosture.run(new String[] {"--bogus"},
            new PrintStream(out, true, "UTF-8"), s3));
        assertEquals(2, AuditBucketPosture.run(new String[] {"b", "--endpoint",
            "http://plain"}, new PrintStream(out, true, "UTF-8"), s3));
      }
    } finally {
      server.stop();
    }
  }
}
