package io.github.hipaas3.examples;

import io.github.hipaas3.EncryptionMode;
import io.github.hipaas3.HipaaS3Client;
import io.github.hipaas3.HipaaS3PolicyViolationException;
import io.github.hipaas3.KeyHashingSecret;
import io.github.hipaas3.audit.AuditEvent;
import io.github.hipaas3.audit.AuditSinks;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Stores and reads a patient document by its record ID through {@link HipaaS3Client}, exactly
 * as plain {@code S3Client} code would, and prints what happened: the hashed key S3 stored,
 * the encryption, the retain-until date and the audit events. It then shows two refused calls.
 *
 * <p>With no arguments it runs against Adobe S3Mock started in this JVM over HTTPS, with a
 * locally generated key: no AWS account needed. With {@code --bucket NAME} it runs against
 * Amazon S3 with the standard AWS configuration (region, profile or role); the bucket must
 * have Object Lock and a default retention rule (create one with
 * {@code ProvisionCompliantBucket}, or use a test bucket whose rule is GOVERNANCE for a day):
 * the demo sets no {@code retention(...)}, so its object is kept as the bucket's rule says.
 * Add {@code --kms-key-arn ARN} to encrypt with a KMS key; otherwise a key generated for this
 * run is used, and the object cannot be decrypted after it.
 */
public final class EmbeddedServerDemo {
  private EmbeddedServerDemo() {}

  public static void main(String[] args) throws Exception {
    String bucket = null;
    String kmsKeyArn = null;
    for (int i = 0; i < args.length; i++) {
      if ("--bucket".equals(args[i]) && i + 1 < args.length) {
        bucket = args[++i];
      } else if ("--kms-key-arn".equals(args[i]) && i + 1 < args.length) {
        kmsKeyArn = args[++i];
      } else {
        System.out.println("usage: EmbeddedServerDemo [--bucket NAME [--kms-key-arn ARN]]");
        System.exit(2);
      }
    }
    if (bucket == null) {
      try (EmbeddedS3 s3mock = new EmbeddedS3()) {
        runEmbedded(System.out, s3mock);
      }
      System.exit(0); // S3Mock's embedded Tomcat leaves non-daemon threads behind
    }
    try {
      runOnAws(System.out, bucket, kmsKeyArn);
    } catch (SdkException e) {
      // Most often: no region or credentials in the standard AWS configuration, or a bucket
      // without Object Lock. hipaa-s3's messages say what to change; SDK messages say what
      // was missing.
      System.out.println("The demo against Amazon S3 failed: " + e.getMessage());
      System.exit(1);
    }
  }

  /**
   * The demo against an embedded S3Mock.
   *
   * @param out where the account of what happened goes
   * @param s3mock the server
   * @throws Exception if the demo fails
   */
  public static void runEmbedded(PrintStream out, EmbeddedS3 s3mock) throws Exception {
    out.println("hipaa-s3 demo against S3Mock at " + s3mock.endpoint()
        + " (in this JVM, over HTTPS)");
    HipaaS3Client.Builder builder = HipaaS3Client.builder()
        .region(Region.US_EAST_1)
        .endpointOverride(s3mock.endpoint())
        .credentialsProvider(s3mock.credentials())
        .tlsTrustManagersProvider(s3mock.trust())
        .forcePathStyle(true)
        .encryption(EncryptionMode.clientSideAes(newAesKey()))
        // S3Mock keeps no Object Lock settings and reports versioning off, so against it the
        // retention checks would refuse every call. Never set these against AWS. (With the
        // bucket check skipped there is no default retention rule to read, so the puts carry
        // no Object Lock headers.)
        .insecureSkipBucketProtectionCheck(true)
        .insecureAllowReadingUnretainedObjects(true);
    run(out, builder, "clinic-records", true);
  }

  /**
   * The demo against Amazon S3, with the standard AWS configuration.
   *
   * @param out where the account goes
   * @param bucket an existing bucket with Object Lock and versioning
   * @param kmsKeyArn a KMS key ARN for client-side encryption, or null for a one-run key
   * @throws Exception if the demo fails
   */
  public static void runOnAws(PrintStream out, String bucket, String kmsKeyArn)
      throws Exception {
    Region region = new DefaultAwsRegionProviderChain().getRegion();
    out.println("hipaa-s3 demo against Amazon S3 in " + region + ", bucket " + bucket);
    EncryptionMode mode;
    if (kmsKeyArn != null) {
      mode = EncryptionMode.clientSideKms(KmsClient.builder().region(region).build(), kmsKeyArn);
    } else {
      out.println("  (no --kms-key-arn: encrypting with a key generated for this run only)");
      mode = EncryptionMode.clientSideAes(newAesKey());
    }
    // No retention(...): every write gets the bucket's default retention rule.
    HipaaS3Client.Builder builder = HipaaS3Client.builder().region(region).encryption(mode)
        .auditActorFromSts(true);
    run(out, builder, bucket, false);
  }

  private static void run(PrintStream out, HipaaS3Client.Builder builder, String bucket,
      boolean createBucket) {
    // The secret that turns record IDs into object keys. Generated here for the demo; a real
    // application loads it with KeyHashingSecret.fromKmsEncryptedBlob(...).
    KeyHashingSecret keySecret = KeyHashingSecret.generate(1);
    List<AuditEvent> events = new CopyOnWriteArrayList<>();
    List<String> account = new ArrayList<>();
    // The one-line change from S3Client.builder(), plus the settings hipaa-s3 requires.
    try (HipaaS3Client s3 = builder.keyHashingSecret(keySecret)
        .audit(AuditSinks.composite(AuditSinks.slf4j(), events::add))
        .build()) {
      if (createBucket) {
        s3.createBucket(b -> b.bucket(bucket));
        account.add("createBucket: created (hipaa-s3 asked for Object Lock and"
            + " bucket-owner-enforced ownership)");
      }
      // Application code keeps its natural record IDs, PHI and all: hipaa-s3 hashes them.
      String recordId = "patients/123-45-6789/lab-reports/r1";
      String body = "Lab report: potassium 4.1 mmol/L";
      s3.putObject(b -> b.bucket(bucket).key(recordId).contentType("text/plain"),
          RequestBody.fromString(body));
      account.add("putObject: stored " + body.length() + " bytes over HTTPS");
      account.add("  hashed key:   " + s3.objectKey(recordId)
          + " (HMAC of the record ID; the ID never left the process)");
      account.add("  encryption:   " + s3.policy().encryption().kind() + " (AES-256-GCM with key"
          + " commitment, S3 Encryption Client v4, before upload), checksum "
          + s3.policy().integrity().checksumAlgorithm());
      account.add("  retain-until: (from the audit event, below)");
      String back = s3.getObjectAsBytes(b -> b.bucket(bucket).key(recordId))
          .asString(StandardCharsets.UTF_8);
      account.add("getObject: read back " + back.length() + " bytes, identical: "
          + back.equals(body));
      try {
        s3.putObjectAcl(b -> b.bucket(bucket).key(recordId).acl("public-read"));
      } catch (HipaaS3PolicyViolationException e) {
        account.add("putObjectAcl: refused with " + e.violationCode()
            + "; nothing was sent to S3");
      }
      try {
        s3.putObject(b -> b.bucket(bucket).key(recordId)
            .metadata(Map.of("patient-phone", "212-555-0143")), RequestBody.fromString(body));
      } catch (HipaaS3PolicyViolationException e) {
        account.add("putObject with a phone number in metadata: refused with "
            + e.violationCode() + " (metadata is stored unencrypted)");
      }
    }
    // Closing the client wrote every queued audit event; the put's has the exact date.
    String retainUntil = events.stream().filter(e -> e.operation().equals("PutObject"))
        .findFirst().flatMap(AuditEvent::retainUntil).map(until -> until
            + " (the Object Lock date sent with the put, from the bucket's default rule)")
        .orElse("none sent (the bucket check is skipped, so there is no default retention"
            + " rule to read; S3 would apply the bucket's own)");
    account.replaceAll(line -> line.startsWith("  retain-until: ") ? "  retain-until: "
        + retainUntil : line);
    account.forEach(out::println);
    out.println("audit events (" + events.size() + ", one per call, no PHI):");
    events.forEach(e -> out.println("  " + e.toJson()));
  }

  /** A fresh AES-256 wrapping key. A real application keeps it in KMS or an HSM. */
  private static SecretKey newAesKey() throws java.security.GeneralSecurityException {
    KeyGenerator generator = KeyGenerator.getInstance("AES");
    generator.init(256);
    return generator.generateKey();
  }
}
