package io.github.hipaas3.examples;

import io.github.hipaas3.EncryptionMode;
import io.github.hipaas3.HipaaS3Client;
import io.github.hipaas3.KeyHashingSecret;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import javax.crypto.KeyGenerator;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Migrating plain {@code S3Client} code: the application code ({@link #storeLabReport}) stays
 * as it is; only the line that builds the client changes. Runs the same code against S3Mock in
 * this JVM, first with a plain {@code S3Client}, then with {@code HipaaS3Client}, and prints
 * what the server stored each time.
 */
public final class MigrateFromS3Client {
  private MigrateFromS3Client() {}

  /** Unchanged application code: it only knows {@code S3Client}. */
  static String storeLabReport(S3Client s3, String bucket) {
    s3.putObject(b -> b.bucket(bucket).key("patients/123-45-6789/lab-report.txt"),
        RequestBody.fromString("potassium 4.1 mmol/L"));
    return s3.getObjectAsBytes(b -> b.bucket(bucket).key("patients/123-45-6789/lab-report.txt"))
        .asString(StandardCharsets.UTF_8);
  }

  public static void main(String[] args) throws Exception {
    try (EmbeddedS3 s3mock = new EmbeddedS3()) {
      run(System.out, s3mock);
    }
    System.exit(0); // S3Mock's embedded Tomcat leaves non-daemon threads behind
  }

  /**
   * Runs the before and after.
   *
   * @param out where the account goes
   * @param s3mock the server
   * @throws Exception if it fails
   */
  public static void run(PrintStream out, EmbeddedS3 s3mock) throws Exception {
    try (S3Client raw = S3Client.builder().region(Region.US_EAST_1)
        .endpointOverride(s3mock.endpoint()).credentialsProvider(s3mock.credentials())
        .forcePathStyle(true)
        .httpClientBuilder(ApacheHttpClient.builder().tlsTrustManagersProvider(s3mock.trust()))
        .build()) {
      raw.createBucket(b -> b.bucket("before"));
      raw.createBucket(b -> b.bucket("after"));

      // Before: S3Client s3 = S3Client.builder()...build();
      storeLabReport(raw, "before");
      out.println("plain S3Client stored:  " + keys(raw, "before")
          + "  <- the SSN is in the key, in plaintext metadata of every listing and log");

      KeyGenerator aes = KeyGenerator.getInstance("AES");
      aes.init(256);
      // After: the one-line change (HipaaS3Client.builder()), plus what it requires.
      try (S3Client s3 = HipaaS3Client.builder().region(Region.US_EAST_1)
          .endpointOverride(s3mock.endpoint()).credentialsProvider(s3mock.credentials())
          .tlsTrustManagersProvider(s3mock.trust()).forcePathStyle(true)
          .encryption(EncryptionMode.clientSideAes(aes.generateKey()))
          .keyHashingSecret(KeyHashingSecret.generate(1))
          // S3Mock keeps no Object Lock settings; never set these against AWS.
          .insecureSkipBucketProtectionCheck(true).insecureAllowReadingUnretainedObjects(true)
          .insecureDisableAudit(true)
          .build()) {
        String read = storeLabReport(s3, "after");
        out.println("HipaaS3Client stored:   " + keys(raw, "after")
            + "  <- a keyed hash; the body is ciphertext");
        out.println("the same application code read back: " + read);
      }
    }
  }

  private static List<String> keys(S3Client raw, String bucket) {
    return raw.listObjectsV2(b -> b.bucket(bucket)).contents().stream().map(S3Object::key)
        .collect(Collectors.toList());
  }
}
