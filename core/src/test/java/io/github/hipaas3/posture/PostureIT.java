package io.github.hipaas3.posture;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.hipaas3.testing.Capability;
import io.github.hipaas3.testing.S3ServerTest;
import io.github.hipaas3.testing.S3TestServer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiConsumer;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.ObjectLockEnabled;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;
import software.amazon.awssdk.services.s3.model.ObjectOwnership;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * Against a server with the bucket-configuration APIs (moto): the provisioned bucket passes
 * every control the server can store, provisioning again changes nothing, and breaking one
 * control fails exactly that control (and provisioning fixes it).
 */
class PostureIT {
  /** What moto 5.2.5 does not store, so the control is shown with canned answers instead. */
  static final List<Control> MOTO_GAPS = List.of(Control.SSE_C_BLOCKED);

  static String name(String prefix) {
    StringBuilder s = new StringBuilder(prefix);
    for (int i = 0; i < 10; i++) {
      s.append((char) ('a' + ThreadLocalRandom.current().nextInt(26)));
    }
    return s.toString();
  }

  /** Records the configuration writes a client sends. */
  static final class Writes implements ExecutionInterceptor {
    final List<String> sent = new CopyOnWriteArrayList<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
      String op = context.request().getClass().getSimpleName();
      if (op.startsWith("Put") || op.startsWith("Create") || op.startsWith("Delete")) {
        sent.add(op);
      }
    }
  }

  private static final class Setup {
    final S3Client s3;
    final Writes writes = new Writes();
    final PostureRequirements requirements;
    final BucketProvisioner provisioner;
    final String bucket = name("it-posture-");

    Setup(S3TestServer server) {
      s3 = S3Client.builder().region(server.region()).endpointOverride(server.endpoint())
          .credentialsProvider(server.credentials()).forcePathStyle(true)
          .overrideConfiguration(o -> o.addExecutionInterceptor(writes))
          .httpClientBuilder(ApacheHttpClient.builder().tlsTrustManagersProvider(server.trust()))
          .build();
      String key;
      try (KmsClient kms = server.kmsClient()) {
        key = kms.createKey().keyMetadata().arn();
      }
      String logs = name("it-logs-");
      s3.createBucket(b -> b.bucket(logs));
      s3.putBucketPolicy(b -> b.bucket(logs).policy(
          BucketPolicyGenerator.logDeliveryPolicy(logs, "records/", bucket)));
      String replica = name("it-replica-");
      s3.createBucket(b -> b.bucket(replica).createBucketConfiguration(c -> c
          .locationConstraint(BucketLocationConstraint.US_WEST_2)));
      s3.putBucketVersioning(b -> b.bucket(replica).versioningConfiguration(v -> v
          .status("Enabled")));
      requirements = PostureRequirements.builder().kmsKeyArn(key)
          .vpcEndpointIds("vpce-0a1b2c3d").build();
      provisioner = BucketProvisioner.builder(s3, requirements).logBucket(logs, "records/")
          .replication("arn:aws:iam::123456789012:role/replication",
              "arn:aws:s3:::" + replica).build();
    }
  }

  private static void assertPassesAllBut(PostureReport report, List<Control> gaps) {
    for (Finding f : report.findings()) {
      if (!gaps.contains(f.control())) {
        assertThat(f.status()).as(report.toTable()).isEqualTo(FindingStatus.PASS);
      }
    }
  }

  @S3ServerTest
  void theProvisionedBucket_passes_andProvisioningAgainChangesNothing(S3TestServer server) {
    server.assumeCapability(Capability.KMS);
    server.assumeCapability(Capability.OBJECT_LOCK);
    Setup setup = new Setup(server);
    try (S3Client s3 = setup.s3) {
      PostureReport report = setup.provisioner.provision(setup.bucket);
      assertPassesAllBut(report, MOTO_GAPS);
      // moto drops BlockedEncryptionTypes; if it starts storing it, move the control back.
      assertThat(report.finding(Control.SSE_C_BLOCKED).status()).isEqualTo(FindingStatus.FAIL);
      // The settings really round-trip through the server.
      assertThat(s3.getBucketOwnershipControls(b -> b.bucket(setup.bucket)).ownershipControls()
          .rules().get(0).objectOwnership()).isEqualTo(ObjectOwnership.BUCKET_OWNER_ENFORCED);
      assertThat(s3.getObjectLockConfiguration(b -> b.bucket(setup.bucket))
          .objectLockConfiguration().objectLockEnabled()).isEqualTo(ObjectLockEnabled.ENABLED);
      assertThat(s3.getObjectLockConfiguration(b -> b.bucket(setup.bucket))
          .objectLockConfiguration().rule().defaultRetention().mode())
          .isEqualTo(ObjectLockRetentionMode.COMPLIANCE);
      assertThat(s3.getBucketEncryption(b -> b.bucket(setup.bucket))
          .serverSideEncryptionConfiguration().rules().get(0)
          .applyServerSideEncryptionByDefault().sseAlgorithm())
          .isEqualTo(ServerSideEncryption.AWS_KMS);

      setup.writes.sent.clear();
      PostureReport again = setup.provisioner.provision(setup.bucket);
      assertThat(again.findings()).isEqualTo(report.findings());
      // Only the controls the server cannot store are written again.
      assertThat(setup.writes.sent).allMatch(op -> op.equals("PutBucketEncryptionRequest"));
    }
  }

  /** One way to break each control on a provisioned bucket. */
  static final Map<Control, BiConsumer<S3Client, String>> BREAK = Map.ofEntries(
      Map.entry(Control.ACLS_DISABLED, (s3, b) -> s3.putBucketOwnershipControls(r -> r
          .bucket(b).ownershipControls(o -> o.rules(x -> x.objectOwnership(
              ObjectOwnership.OBJECT_WRITER))))),
      Map.entry(Control.PUBLIC_ACCESS_BLOCKED, (s3, b) -> s3.putPublicAccessBlock(r -> r
          .bucket(b).publicAccessBlockConfiguration(p -> p.blockPublicAcls(true)
              .ignorePublicAcls(true).blockPublicPolicy(true).restrictPublicBuckets(false)))),
      Map.entry(Control.TLS_ONLY, (s3, b) -> s3.putBucketPolicy(r -> r.bucket(b).policy(
          s3.getBucketPolicy(g -> g.bucket(b)).policy()
              .replace("\"aws:SecureTransport\": [\"false\"]",
                  "\"aws:SecureTransport\": [\"true\"]")))),
      Map.entry(Control.TLS_1_2_MINIMUM, (s3, b) -> s3.putBucketPolicy(r -> r.bucket(b).policy(
          s3.getBucketPolicy(g -> g.bucket(b)).policy().replace("[\"1.2\"]", "[\"1.0\"]")))),
      Map.entry(Control.ENCRYPTED_PUTS_REQUIRED, (s3, b) -> s3.putBucketPolicy(r -> r.bucket(b)
          .policy(s3.getBucketPolicy(g -> g.bucket(b)).policy()
              .replace("\"Sid\": \"DenyPutsNotKmsEncrypted\",\n      \"Effect\": \"Deny\"",
                  "\"Sid\": \"DenyPutsNotKmsEncrypted\",\n      \"Effect\": \"Allow\"")))),
      Map.entry(Control.DEFAULT_ENCRYPTION_KMS, (s3, b) -> s3.putBucketEncryption(r -> r
          .bucket(b).serverSideEncryptionConfiguration(c -> c.rules(x -> x
              .applyServerSideEncryptionByDefault(d -> d.sseAlgorithm(
                  ServerSideEncryption.AES256)))))),
      Map.entry(Control.OBJECT_LOCK, (s3, b) -> s3.putObjectLockConfiguration(r -> r.bucket(b)
          .objectLockConfiguration(c -> c.objectLockEnabled(ObjectLockEnabled.ENABLED)
              .rule(x -> x.defaultRetention(d -> d.mode(ObjectLockRetentionMode.COMPLIANCE)
                  .days(30)))))),
      Map.entry(Control.ACCESS_LOGGING, (s3, b) -> s3.putBucketLogging(r -> r.bucket(b)
          .bucketLoggingStatus(l -> l.loggingEnabled((software.amazon.awssdk.services.s3.model
              .LoggingEnabled) null)))),
      Map.entry(Control.CROSS_REGION_REPLICATION, (s3, b) -> s3.deleteBucketReplication(r -> r
          .bucket(b))),
      Map.entry(Control.NONCURRENT_VERSION_LIFECYCLE, (s3, b) -> s3.deleteBucketLifecycle(r -> r
          .bucket(b))),
      Map.entry(Control.VPC_ENDPOINT_ONLY, (s3, b) -> s3.putBucketPolicy(r -> r.bucket(b)
          .policy(s3.getBucketPolicy(g -> g.bucket(b)).policy()
              .replace("vpce-0a1b2c3d", "vpce-99999999")))));

  @S3ServerTest
  void breakingOneControl_failsExactlyThatControl_andProvisioningFixesIt(S3TestServer server) {
    server.assumeCapability(Capability.KMS);
    server.assumeCapability(Capability.OBJECT_LOCK);
    Setup setup = new Setup(server);
    try (S3Client s3 = setup.s3) {
      setup.provisioner.provision(setup.bucket);
      BucketPostureAuditor auditor = new BucketPostureAuditor(s3, setup.requirements);
      for (Map.Entry<Control, BiConsumer<S3Client, String>> e : BREAK.entrySet()) {
        e.getValue().accept(s3, setup.bucket);
        PostureReport broken = auditor.audit(setup.bucket);
        List<Control> failed = broken.failures().stream().map(Finding::control)
            .filter(c -> !MOTO_GAPS.contains(c)).collect(java.util.stream.Collectors.toList());
        assertThat(failed).as("after breaking %s:%n%s", e.getKey(), broken.toTable())
            .containsExactly(e.getKey());
        assertPassesAllBut(setup.provisioner.provision(setup.bucket), MOTO_GAPS);
      }
    }
  }
}
