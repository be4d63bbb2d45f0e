package io.github.hipaas3.examples;

import com.adobe.testing.s3mock.S3MockApplication;
import io.github.hipaas3.EncryptionMode;
import io.github.hipaas3.HipaaS3Client;
import io.github.hipaas3.HipaaS3PolicyViolationException;
import io.github.hipaas3.KeyHashingSecret;
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
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Starts Adobe S3Mock in this JVM over HTTPS, then stores and reads a record through
 * {@link HipaaS3Client} exactly as plain {@code S3Client} code would, and shows a refused call.
 * Only hipaa-s3's public API is used; S3Mock stands in for Amazon S3.
 */
public final class EmbeddedServerDemo {
  private EmbeddedServerDemo() {}

  public static void main(String[] args) throws Exception {
    PrintStream out = System.out;
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    int httpPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      httpPort = socket.getLocalPort();
    }
    S3MockApplication server = S3MockApplication.start(new HashMap<>(Map.of(
        S3MockApplication.PROP_HTTPS_PORT, port,
        S3MockApplication.PROP_HTTP_PORT, httpPort,
        S3MockApplication.PROP_ROOT_DIRECTORY,
        Files.createTempDirectory("hipaas3-demo").toString(),
        S3MockApplication.PROP_SILENT, "true")));
    try {
      run(out, URI.create("https://localhost:" + port));
    } finally {
      server.stop();
    }
    System.exit(0); // S3Mock's embedded Tomcat leaves non-daemon threads behind
  }

  private static void run(PrintStream out, URI endpoint) throws Exception {
    // Trust S3Mock's own certificate and nothing else (never "trust all").
    KeyStore s3mockStore = KeyStore.getInstance("JKS");
    try (InputStream in = EmbeddedServerDemo.class.getClassLoader()
        .getResourceAsStream("s3mock.jks")) {
      s3mockStore.load(in, "password".toCharArray());
    }
    KeyStore trusted = KeyStore.getInstance("PKCS12");
    trusted.load(null, null);
    trusted.setCertificateEntry("s3mock", s3mockStore.getCertificate("selfsigned"));
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trusted);

    // The secret that turns object IDs into object keys. Generated here for the demo; a real
    // application loads it with KeyHashingSecret.fromKmsEncryptedBlob(...).
    KeyHashingSecret keySecret = KeyHashingSecret.generate(1);

    // The one-line change: HipaaS3Client.builder() instead of S3Client.builder().
    try (HipaaS3Client s3 = HipaaS3Client.builder()
        .region(Region.US_EAST_1)
        .endpointOverride(endpoint)
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsSessionCredentials.create("demo", "demo", "demo-session")))
        .tlsTrustManagersProvider(tmf::getTrustManagers)
        .forcePathStyle(true)
        .encryption(EncryptionMode.clientSideAes(newAesKey()))
        .keyHashingSecret(keySecret)
        // S3Mock keeps no Object Lock settings and reports versioning off, so against it the
        // retention checks would refuse every call. Never set these against AWS.
        .insecureSkipBucketProtectionCheck(true)
        .insecureAllowReadingUnretainedObjects(true)
        .build()) {
      out.println("hipaa-s3 demo against S3Mock at " + endpoint);
      s3.createBucket(b -> b.bucket("clinic-records"));
      out.println("createBucket: created (hipaa-s3 asked for Object Lock and"
          + " bucket-owner-enforced ownership)");

      // Application code keeps its natural keys, PHI and all: hipaa-s3 hashes them.
      String recordId = "patients/123-45-6789/lab-reports/r1";
      String body = "Lab report: potassium 4.1 mmol/L";
      var put = s3.putObject(b -> b.bucket("clinic-records").key(recordId)
          .contentType("text/plain"), RequestBody.fromString(body));
      out.println("putObject: stored " + body.length() + " bytes over HTTPS, ETag " + put.eTag());
      out.println("  encrypted before upload (" + s3.policy().encryption()
          + ": AES-256-GCM with key commitment, S3 Encryption Client v4); S3 holds ciphertext");
      out.println("  S3 stored the key " + s3.objectKey(recordId)
          + " (a keyed hash of the record ID; the ID never left the process)");
      out.println("  with Object Lock " + s3.policy().retention().mode() + " until about "
          + s3.policy().retention().minimumRetainUntil().truncatedTo(
              java.time.temporal.ChronoUnit.DAYS) + " and a " + s3.policy().checksumAlgorithm()
          + " checksum (S3Mock drops the lock; AWS and moto keep it)");

      String back = s3.getObjectAsBytes(b -> b.bucket("clinic-records").key(recordId))
          .asString(StandardCharsets.UTF_8);
      out.println("getObject: read back " + back.length() + " bytes, identical: "
          + back.equals(body));

      try {
        s3.putObjectAcl(b -> b.bucket("clinic-records").key(recordId)
            .acl("public-read"));
      } catch (HipaaS3PolicyViolationException e) {
        out.println("putObjectAcl: refused with " + e.violationCode()
            + "; nothing was sent to S3");
      }
      try {
        s3.putObject(b -> b.bucket("clinic-records").key(recordId)
            .metadata(java.util.Map.of("patient-phone", "212-555-0143")),
            RequestBody.fromString(body));
      } catch (HipaaS3PolicyViolationException e) {
        out.println("putObject with a phone number in metadata: refused with "
            + e.violationCode() + " (metadata is stored unencrypted)");
      }
    }
  }

  /** A fresh AES-256 wrapping key. A real application keeps it in KMS or an HSM. */
  private static javax.crypto.SecretKey newAesKey() throws java.security.GeneralSecurityException {
    javax.crypto.KeyGenerator generator = javax.crypto.KeyGenerator.getInstance("AES");
    generator.init(256);
    return generator.generateKey();
  }
}
