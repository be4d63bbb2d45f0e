package io.github.hipaas3.posture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.hipaas3.HipaaS3ConfigurationException;
import java.net.URI;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** Offline: the provisioner changes nothing on a compliant bucket and fixes only what fails. */
class BucketProvisionerTest {
  static final PostureRequirements REQUIRED = PostureRequirements.builder()
      .kmsKeyArn(CannedBucket.KEY).build();

  private static BucketProvisioner provisioner(S3Client s3) {
    return BucketProvisioner.builder(s3, REQUIRED).logBucket("clinic-logs", "records/")
        .replication("arn:aws:iam::111122223333:role/repl", "arn:aws:s3:::clinic-replica")
        .build();
  }

  @Test
  void aCompliantBucket_isLeftAlone() {
    CannedBucket bucket = new CannedBucket(REQUIRED);
    try (S3Client s3 = bucket.client()) {
      PostureReport report = provisioner(s3).provision(CannedBucket.BUCKET);
      assertThat(report.passed()).isTrue();
    }
    assertThat(bucket.http.requests()).extracting(r -> r.method().name())
        .containsOnly("GET", "HEAD");
  }

  @Test
  void onlyTheFailingControls_areWritten() {
    CannedBucket bucket = new CannedBucket(REQUIRED)
        .error("lifecycle", 404, "NoSuchLifecycleConfiguration")
        .error("publicAccessBlock", 404, "NoSuchPublicAccessBlockConfiguration");
    try (S3Client s3 = bucket.client()) {
      provisioner(s3).provision(CannedBucket.BUCKET);
    }
    assertThat(bucket.http.requests()).filteredOn(r -> r.method().name().equals("PUT"))
        .extracting(r -> r.rawQueryParameters().keySet().iterator().next())
        .containsExactlyInAnyOrder("lifecycle", "publicAccessBlock");
  }

  @Test
  void aPlainHttpEndpoint_orAMissingLogBucket_isRefused() {
    try (S3Client http = S3Client.builder().region(Region.US_EAST_1)
        .endpointOverride(URI.create("http://s3.test.invalid")).build()) {
      assertThatThrownBy(() -> provisioner(http))
          .isInstanceOf(HipaaS3ConfigurationException.class).hasMessageContaining("HTTPS");
    }
    try (S3Client s3 = new CannedBucket(REQUIRED).client()) {
      assertThatThrownBy(() -> BucketProvisioner.builder(s3, REQUIRED).build())
          .isInstanceOf(HipaaS3ConfigurationException.class).hasMessageContaining("log bucket");
    }
  }
}
