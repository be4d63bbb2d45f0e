package io.github.hipaas3.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.hipaas3.HipaaS3Client;
import io.github.hipaas3.HipaaS3PolicyViolationException;
import io.github.hipaas3.testing.Capability;
import io.github.hipaas3.testing.S3ServerTest;
import io.github.hipaas3.testing.S3TestServer;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** On a versioned bucket, a delete through hipaa-s3 keeps the record as a noncurrent version. */
class DeleteMarkerIT {

  @S3ServerTest
  void delete_addsAMarker_andTheVersionSurvives(S3TestServer server) {
    server.assumeCapability(Capability.VERSIONING);
    try (S3Client raw = server.rawClient(); HipaaS3Client s3 = server.hipaaClientBuilder()
        .build()) {
      String bucket = server.createBucket(raw);
      String version = s3.putObject(b -> b.bucket(bucket).key("record"),
          RequestBody.fromString("chart")).versionId();
      assertThat(version).isNotBlank();
      s3.deleteObject(b -> b.bucket(bucket).key("record"));
      assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket(bucket).key("record")))
          .isInstanceOf(NoSuchKeyException.class);
      ListObjectVersionsResponse versions = raw.listObjectVersions(b -> b.bucket(bucket));
      assertThat(versions.versions()).extracting(v -> v.versionId()).contains(version);
      assertThat(versions.deleteMarkers()).hasSize(1);
      assertThatThrownBy(() -> s3.deleteObject(b -> b.bucket(bucket).key("record")
          .versionId(version))).isInstanceOf(HipaaS3PolicyViolationException.class);
      assertThat(raw.listObjectVersions(b -> b.bucket(bucket)).versions())
          .extracting(v -> v.versionId()).contains(version);
    }
  }
}
