package io.github.hipaas3.audit;

import io.github.hipaas3.EncryptionMode;
import io.github.hipaas3.HipaaS3Client;
import io.github.hipaas3.testing.S3TestServer;
import io.github.hipaas3.testing.TestCertificates;
import io.github.hipaas3.testing.TestSecrets;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;

/**
 * The child process of {@link AuditDurabilityIT}: puts objects with distinct IDs in a loop,
 * audited to a JSON-lines file, until it is killed. Arguments: the S3Mock endpoint, the audit
 * file, the sealing key file, the bucket, the run number, the durability, a file to create
 * once the client is built, and optionally {@code segments} for a segmented log (16 KiB
 * segments in the audit file's directory).
 */
public final class CrashingWriter {
  private CrashingWriter() {}

  public static void main(String[] args) throws Exception {
    URI endpoint = URI.create(args[0]);
    Path auditFile = Paths.get(args[1]);
    AuditSealingKey key = AuditSealingKey.fromBytes(Files.readAllBytes(Paths.get(args[2])));
    String bucket = args[3];
    String run = args[4];
    AuditDurability durability = AuditDurability.valueOf(args[5]);
    Path ready = Paths.get(args[6]);
    boolean segmented = args.length > 7 && "segments".equals(args[7]);
    AuditSink sink = segmented
        ? AuditSinks.jsonLinesSegments(auditFile.getParent(), "audit", key, 16 * 1024,
            java.time.Duration.ofHours(1))
        : AuditSinks.jsonLines(auditFile, key);
    AwsCredentialsProvider credentials = S3TestServer.testCredentials();
    try (HipaaS3Client s3 = HipaaS3Client.builder()
        .encryption(EncryptionMode.clientSideAes(TestSecrets.aesKey()))
        .region(Region.US_EAST_1)
        .endpointOverride(endpoint)
        .credentialsProvider(credentials)
        .tlsTrustManagersProvider(TestCertificates.trustOnly(
            TestCertificates.s3MockCertificate()))
        .forcePathStyle(true)
        .keyHashingSecret(TestSecrets.keyHashing())
        // S3Mock keeps no Object Lock settings (as in S3TestServer's opt-ins).
        .insecureSkipBucketProtectionCheck(true)
        .audit(sink)
        .auditDurability(durability)
        .build()) {
      // One put first so the SDK's lazy setup is done before the parent starts its clock.
      s3.putObject(b -> b.bucket(bucket).key("crash/" + run + "/warmup"),
          RequestBody.fromString("x"));
      Files.createFile(ready);
      for (int i = 0; ; i++) {
        String id = "crash/" + run + "/n" + i;
        s3.putObject(b -> b.bucket(bucket).key(id), RequestBody.fromString("x"));
      }
    }
  }
}
