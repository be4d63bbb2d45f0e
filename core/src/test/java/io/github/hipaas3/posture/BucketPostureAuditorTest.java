package io.github.hipaas3.posture;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.hipaas3.EncryptionMode;
import io.github.hipaas3.ObjectRetention;
import java.time.Period;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;

/**
 * Offline: a bucket answered from canned settings passes every control; each misconfiguration
 * fails exactly its control; a denied read is UNKNOWN, not PASS or FAIL.
 */
class BucketPostureAuditorTest {
  static final PostureRequirements REQUIRED = PostureRequirements.builder()
      .kmsKeyArn(CannedBucket.KEY).vpcEndpointIds("vpce-1a2b3c4d").build();

  static PostureReport audit(Consumer<CannedBucket> change) {
    CannedBucket bucket = new CannedBucket(REQUIRED);
    change.accept(bucket);
    try (S3Client s3 = bucket.client()) {
      return new BucketPostureAuditor(s3, REQUIRED).audit(CannedBucket.BUCKET);
    }
  }

  /** The generated policy without one statement (still valid JSON). */
  static String withoutStatement(String sid) {
    String policy = BucketPolicyGenerator.policy(CannedBucket.BUCKET, REQUIRED);
    String statement = "\\{\\n      \"Sid\": \"" + sid + "\".*?\\n    \\}";
    String cut = policy.replaceFirst("(?s),\\n    " + statement, "")
        .replaceFirst("(?s)" + statement + ",\\n    ", "");
    assertThat(cut).as("statement %s removed", sid).doesNotContain(sid);
    PolicyDocument.parse(cut);
    return cut;
  }

  static Stream<Arguments> misconfigurations() {
    String generated = BucketPolicyGenerator.policy(CannedBucket.BUCKET, REQUIRED);
    return Stream.of(
        Arguments.of(Control.ACLS_DISABLED, (Consumer<CannedBucket>) b -> b.ok(
            "ownershipControls", "<OwnershipControls><Rule><ObjectOwnership>ObjectWriter"
                + "</ObjectOwnership></Rule></OwnershipControls>")),
        Arguments.of(Control.ACLS_DISABLED, (Consumer<CannedBucket>) b -> b.error(
            "ownershipControls", 404, "OwnershipControlsNotFoundError")),
        Arguments.of(Control.PUBLIC_ACCESS_BLOCKED, (Consumer<CannedBucket>) b -> b.ok(
            "publicAccessBlock", "<PublicAccessBlockConfiguration><BlockPublicAcls>true"
                + "</BlockPublicAcls><IgnorePublicAcls>true</IgnorePublicAcls>"
                + "<BlockPublicPolicy>true</BlockPublicPolicy><RestrictPublicBuckets>false"
                + "</RestrictPublicBuckets></PublicAccessBlockConfiguration>")),
        Arguments.of(Control.PUBLIC_ACCESS_BLOCKED, (Consumer<CannedBucket>) b -> b.error(
            "publicAccessBlock", 404, "NoSuchPublicAccessBlockConfiguration")),
        Arguments.of(Control.TLS_ONLY, (Consumer<CannedBucket>) b -> b.policy(
            withoutStatement("DenyInsecureTransport"))),
        // The words are there, but it is an Allow: string matching would pass this.
        Arguments.of(Control.TLS_ONLY, (Consumer<CannedBucket>) b -> b.policy(
            generated.replaceFirst("\"Effect\": \"Deny\"", "\"Effect\": \"Allow\""))),
        // A second condition narrows the deny (both must hold): it no longer covers all.
        Arguments.of(Control.TLS_ONLY, (Consumer<CannedBucket>) b -> b.policy(
            generated.replace("{\"Bool\": {\"aws:SecureTransport\": [\"false\"]}}",
                "{\"Bool\": {\"aws:SecureTransport\": [\"false\"]}, \"StringEquals\":"
                    + " {\"aws:PrincipalAccount\": [\"111122223333\"]}}"))),
        Arguments.of(Control.TLS_1_2_MINIMUM, (Consumer<CannedBucket>) b -> b.policy(
            generated.replace("[\"1.2\"]", "[\"1.1\"]"))),
        Arguments.of(Control.ENCRYPTED_PUTS_REQUIRED, (Consumer<CannedBucket>) b -> b.policy(
            withoutStatement("DenyPutsWithAnotherKmsKey"))),
        Arguments.of(Control.ENCRYPTED_PUTS_REQUIRED, (Consumer<CannedBucket>) b -> b.policy(
            generated.replace("[\"aws:kms\"]", "[\"aws:kms\", \"AES256\"]"))),
        Arguments.of(Control.DEFAULT_ENCRYPTION_KMS, (Consumer<CannedBucket>) b -> b.ok(
            "encryption", "<ServerSideEncryptionConfiguration><Rule>"
                + "<ApplyServerSideEncryptionByDefault><SSEAlgorithm>AES256</SSEAlgorithm>"
                + "</ApplyServerSideEncryptionByDefault><BlockedEncryptionTypes>"
                + "<EncryptionType>SSE-C</EncryptionType></BlockedEncryptionTypes></Rule>"
                + "</ServerSideEncryptionConfiguration>")),
        Arguments.of(Control.DEFAULT_ENCRYPTION_KMS, (Consumer<CannedBucket>) b -> b.ok(
            "encryption", "<ServerSideEncryptionConfiguration><Rule>"
                + "<ApplyServerSideEncryptionByDefault><SSEAlgorithm>aws:kms</SSEAlgorithm>"
                + "<KMSMasterKeyID>" + CannedBucket.KEY + "</KMSMasterKeyID>"
                + "</ApplyServerSideEncryptionByDefault><BucketKeyEnabled>false"
                + "</BucketKeyEnabled><BlockedEncryptionTypes><EncryptionType>SSE-C"
                + "</EncryptionType></BlockedEncryptionTypes></Rule>"
                + "</ServerSideEncryptionConfiguration>")),
        Arguments.of(Control.SSE_C_BLOCKED, (Consumer<CannedBucket>) b -> b.ok(
            "encryption", "<ServerSideEncryptionConfiguration><Rule>"
                + "<ApplyServerSideEncryptionByDefault><SSEAlgorithm>aws:kms</SSEAlgorithm>"
                + "<KMSMasterKeyID>" + CannedBucket.KEY + "</KMSMasterKeyID>"
                + "</ApplyServerSideEncryptionByDefault><BucketKeyEnabled>true"
                + "</BucketKeyEnabled></Rule></ServerSideEncryptionConfiguration>")),
        Arguments.of(Control.VERSIONING, (Consumer<CannedBucket>) b -> b.ok("versioning",
            "<VersioningConfiguration><Status>Suspended</Status></VersioningConfiguration>")),
        Arguments.of(Control.OBJECT_LOCK, (Consumer<CannedBucket>) b -> b.ok("object-lock",
            "<ObjectLockConfiguration><ObjectLockEnabled>Enabled</ObjectLockEnabled><Rule>"
                + "<DefaultRetention><Mode>GOVERNANCE</Mode><Years>6</Years></DefaultRetention>"
                + "</Rule></ObjectLockConfiguration>")),
        Arguments.of(Control.OBJECT_LOCK, (Consumer<CannedBucket>) b -> b.ok("object-lock",
            "<ObjectLockConfiguration><ObjectLockEnabled>Enabled</ObjectLockEnabled><Rule>"
                + "<DefaultRetention><Mode>COMPLIANCE</Mode><Days>365</Days></DefaultRetention>"
                + "</Rule></ObjectLockConfiguration>")),
        Arguments.of(Control.OBJECT_LOCK, (Consumer<CannedBucket>) b -> b.error("object-lock",
            404, "ObjectLockConfigurationNotFoundError")),
        Arguments.of(Control.ACCESS_LOGGING, (Consumer<CannedBucket>) b -> b.ok("logging",
            "<BucketLoggingStatus/>")),
        Arguments.of(Control.ACCESS_LOGGING, (Consumer<CannedBucket>) b -> b.ok("logging",
            "<BucketLoggingStatus><LoggingEnabled><TargetBucket>" + CannedBucket.BUCKET
                + "</TargetBucket><TargetPrefix>l/</TargetPrefix></LoggingEnabled>"
                + "</BucketLoggingStatus>")),
        Arguments.of(Control.CROSS_REGION_REPLICATION, (Consumer<CannedBucket>) b -> b.error(
            "replication", 404, "ReplicationConfigurationNotFoundError")),
        Arguments.of(Control.CROSS_REGION_REPLICATION, (Consumer<CannedBucket>) b -> b.ok(
            "replication", "<ReplicationConfiguration><Role>arn:aws:iam::111122223333:role/r"
                + "</Role><Rule><ID>all</ID><Priority>1</Priority><Status>Enabled</Status>"
                + "<Filter><Prefix></Prefix></Filter><Destination><Bucket>"
                + "arn:aws:s3:::clinic-same-region</Bucket></Destination></Rule>"
                + "</ReplicationConfiguration>")),
        Arguments.of(Control.NONCURRENT_VERSION_LIFECYCLE, (Consumer<CannedBucket>) b ->
            b.error("lifecycle", 404, "NoSuchLifecycleConfiguration")),
        Arguments.of(Control.VPC_ENDPOINT_ONLY, (Consumer<CannedBucket>) b -> b.policy(
            withoutStatement("DenyOutsideVpcEndpoints"))),
        Arguments.of(Control.VPC_ENDPOINT_ONLY, (Consumer<CannedBucket>) b -> b.policy(
            generated.replace("vpce-1a2b3c4d", "vpce-other"))));
  }

  @Test
  void aCompliantBucket_passesEveryControl() {
    PostureReport report = audit(b -> { });
    assertThat(report.findings()).extracting(Finding::control)
        .containsExactly(Control.values());
    assertThat(report.findings()).allSatisfy(f ->
        assertThat(f.status()).as(f.toString()).isEqualTo(FindingStatus.PASS));
    assertThat(report.passed()).isTrue();
  }

  @ParameterizedTest(name = "{0} #{index}")
  @MethodSource("misconfigurations")
  void eachMisconfiguration_failsExactlyItsControl(Control control,
      Consumer<CannedBucket> change) {
    PostureReport report = audit(change);
    assertThat(report.failures()).extracting(Finding::control).as(report.toTable())
        .containsExactly(control);
    assertThat(report.unknowns()).isEmpty();
  }

  @Test
  void everyControl_hasAMisconfigurationTest() {
    List<Control> tested = misconfigurations().map(a -> (Control) a.get()[0]).distinct()
        .collect(Collectors.toList());
    assertThat(tested).containsExactlyInAnyOrder(Control.values());
  }

  @Test
  void aDeniedRead_isUnknown_withTheReason() {
    PostureReport report = audit(b -> b.error("policy", 403, "AccessDenied"));
    assertThat(report.unknowns()).extracting(Finding::control).containsExactly(
        Control.TLS_ONLY, Control.TLS_1_2_MINIMUM, Control.ENCRYPTED_PUTS_REQUIRED,
        Control.VPC_ENDPOINT_ONLY);
    assertThat(report.unknowns().get(0).detail()).contains("access denied");
    assertThat(report.passed()).as("unknown is not a failure").isTrue();
  }

  @Test
  void sseC_mayBeAllowedDeliberately_andVpcIsOptional() {
    PostureRequirements sseC = PostureRequirements.builder()
        .encryption(EncryptionMode.Kind.SSE_C).build();
    CannedBucket bucket = new CannedBucket(sseC).ok("encryption",
        "<ServerSideEncryptionConfiguration><Rule><ApplyServerSideEncryptionByDefault>"
            + "<SSEAlgorithm>aws:kms</SSEAlgorithm></ApplyServerSideEncryptionByDefault>"
            + "<BucketKeyEnabled>true</BucketKeyEnabled></Rule>"
            + "</ServerSideEncryptionConfiguration>");
    try (S3Client s3 = bucket.client()) {
      PostureReport report = new BucketPostureAuditor(s3, sseC).audit(CannedBucket.BUCKET);
      assertThat(report.finding(Control.SSE_C_BLOCKED).status()).isEqualTo(FindingStatus.PASS);
      assertThat(report.finding(Control.ENCRYPTED_PUTS_REQUIRED).status())
          .isEqualTo(FindingStatus.PASS);
      assertThat(report.finding(Control.VPC_ENDPOINT_ONLY).status())
          .isEqualTo(FindingStatus.NOT_REQUIRED);
      assertThat(report.passed()).as(report.toTable()).isTrue();
    }
  }

  @Test
  void aLongerOrStricterDefaultRetention_passes() {
    PostureRequirements governance = PostureRequirements.builder().kmsKeyArn(CannedBucket.KEY)
        .retention(ObjectRetention.of(ObjectLockMode.GOVERNANCE, Period.ofYears(7))).build();
    CannedBucket bucket = new CannedBucket(governance).ok("object-lock",
        "<ObjectLockConfiguration><ObjectLockEnabled>Enabled</ObjectLockEnabled><Rule>"
            + "<DefaultRetention><Mode>COMPLIANCE</Mode><Days>2600</Days></DefaultRetention>"
            + "</Rule></ObjectLockConfiguration>");
    try (S3Client s3 = bucket.client()) {
      assertThat(new BucketPostureAuditor(s3, governance).audit(CannedBucket.BUCKET)
          .finding(Control.OBJECT_LOCK).status()).isEqualTo(FindingStatus.PASS);
    }
  }

  @Test
  void theReport_rendersAsJsonAndAsATable() {
    PostureReport report = audit(b -> b.error("lifecycle", 404, "NoSuchLifecycleConfiguration"));
    assertThat(report.toJson()).startsWith("{\"bucket\":\"clinic-records\",\"passed\":false,")
        .contains("{\"control\":\"TLS_1_2_MINIMUM\",\"status\":\"PASS\",\"seedSection\":"
            + "\"AWS Service Endpoints\",\"configRule\":null,\"securityHubControl\":null")
        .contains("\"control\":\"NONCURRENT_VERSION_LIFECYCLE\",\"status\":\"FAIL\"")
        .contains("\"configRule\":\"s3-bucket-ssl-requests-only\",\"securityHubControl\":\"S3.5\"");
    String table = report.toTable();
    assertThat(table).startsWith("Bucket clinic-records: 1 FAILED");
    assertThat(table.lines().count()).isEqualTo(2 + Control.values().length);
    assertThat(Arrays.stream(Control.values())).allMatch(c -> table.contains(c.name()));
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(EncryptionMode.Kind.class)
  void theGeneratedPolicy_passesThePolicyControls_forEveryMode(EncryptionMode.Kind kind) {
    PostureRequirements r = PostureRequirements.builder().encryption(kind)
        .vpcEndpointIds("vpce-1", "vpce-2").build();
    String policy = BucketPolicyGenerator.policy(CannedBucket.BUCKET, r);
    PolicyDocument.parse(policy);
    CannedBucket bucket = new CannedBucket(r);
    try (S3Client s3 = bucket.client()) {
      PostureReport report = new BucketPostureAuditor(s3, r).audit(CannedBucket.BUCKET);
      for (Control c : List.of(Control.TLS_ONLY, Control.TLS_1_2_MINIMUM,
          Control.ENCRYPTED_PUTS_REQUIRED, Control.VPC_ENDPOINT_ONLY)) {
        assertThat(report.finding(c).status()).as(kind + " " + c + "\n" + policy)
            .isEqualTo(FindingStatus.PASS);
      }
    }
  }

  @Test
  void anUnparseablePolicy_isUnknown() {
    PostureReport report = audit(b -> b.policy("{\"Statement\": [ oops"));
    assertThat(report.finding(Control.TLS_ONLY).status()).isEqualTo(FindingStatus.UNKNOWN);
    assertThat(report.finding(Control.TLS_ONLY).detail()).contains("cannot be parsed");
  }
}
