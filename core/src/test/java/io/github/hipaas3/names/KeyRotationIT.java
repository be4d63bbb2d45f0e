package io.github.hipaas3.names;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.hipaas3.HipaaS3Client;
import io.github.hipaas3.testing.Capability;
import io.github.hipaas3.testing.S3ServerTest;
import io.github.hipaas3.testing.S3TestServer;
import io.github.hipaas3.testing.TestSecrets;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteMarkerEntry;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.Tag;

/** After a secret rotation, objects stored under the old secret stay readable and writable. */
class KeyRotationIT {
  static final String A = "patients/123-45-6789/a.txt";
  static final String B = "patients/123-45-6789/b.txt";
  static final String C = "patients/123-45-6789/c.txt";

  @S3ServerTest
  void olderSecrets_keepOldObjectsReachable(S3TestServer server) {
    try (S3Client raw = server.rawClient();
        HipaaS3Client v1 = server.hipaaClientBuilder()
            .keyHashingSecret(TestSecrets.keyHashing(1, 0)).build();
        HipaaS3Client v2 = server.hipaaClientBuilder()
            .keyHashingSecret(TestSecrets.keyHashing(2, 100))
            .olderKeyHashingSecrets(TestSecrets.keyHashing(1, 0)).build()) {
      String bucket = server.createBucket(raw);
      v1.putObject(b -> b.bucket(bucket).key(A), RequestBody.fromString("old a"));
      v1.putObject(b -> b.bucket(bucket).key(B), RequestBody.fromString("old b"));
      String oldA = v1.objectKey(A);
      assertThat(v2.objectKey(A)).startsWith("v2/").isNotEqualTo(oldA);

      // Reads fall back to the older secret.
      assertThat(v2.getObjectAsBytes(b -> b.bucket(bucket).key(A)).asUtf8String())
          .isEqualTo("old a");
      assertThat(v2.headObject(b -> b.bucket(bucket).key(A)).contentLength()).isEqualTo(5);

      // Writes to existing objects find the key that exists.
      v2.putObjectTagging(b -> b.bucket(bucket).key(A).tagging(t -> t.tagSet(
          Tag.builder().key("class").value("rotated").build())));
      assertThat(raw.getObjectTagging(b -> b.bucket(bucket).key(oldA)).tagSet())
          .extracting(Tag::value).containsExactly("rotated");
      assertThat(v2.getObjectTagging(b -> b.bucket(bucket).key(A)).tagSet())
          .extracting(Tag::value).containsExactly("rotated");
      v2.deleteObject(b -> b.bucket(bucket).key(B));
      assertThatThrownBy(() -> raw.headObject(b -> b.bucket(bucket).key(v1.objectKey(B))))
          .isInstanceOfSatisfying(S3Exception.class,
              e -> assertThat(e.statusCode()).isEqualTo(404));

      // A copy from an old object lands under the new secret (server-side modes; client-side
      // objects are bound to their stored key, so a copy to another ID is refused).
      if (!v2.policy().encryption().kind().clientSide()) {
        v2.copyObject(b -> b.sourceBucket(bucket).sourceKey(A)
            .destinationBucket(bucket).destinationKey(C));
        raw.headObject(b -> b.bucket(bucket).key(v2.objectKey(C)));
        assertThat(v2.getObjectAsBytes(b -> b.bucket(bucket).key(C)).asUtf8String())
            .isEqualTo("old a");
      }

      // New writes use the new secret; a missing object is still NoSuchKey, unwrapped.
      v2.putObject(b -> b.bucket(bucket).key(A), RequestBody.fromString("new a"));
      raw.headObject(b -> b.bucket(bucket).key(v2.objectKey(A)));
      assertThat(v2.getObjectAsBytes(b -> b.bucket(bucket).key(A)).asUtf8String())
          .as("the newest secret's key wins").isEqualTo("new a");
      assertThatThrownBy(() -> v2.getObjectAsBytes(b -> b.bucket(bucket).key("never-stored")))
          .isExactlyInstanceOf(NoSuchKeyException.class);
      // The client without the older secret cannot see the old object.
      assertThatThrownBy(() -> server.hipaaClientBuilder()
          .keyHashingSecret(TestSecrets.keyHashing(2, 100)).build()
          .getObjectAsBytes(b -> b.bucket(bucket).key(B)))
          .isInstanceOf(NoSuchKeyException.class);
    }
  }

  private static HipaaS3Client v1(S3TestServer server) {
    return server.hipaaClientBuilder().keyHashingSecret(TestSecrets.keyHashing(1, 0)).build();
  }

  private static HipaaS3Client v2(S3TestServer server) {
    return server.hipaaClientBuilder().keyHashingSecret(TestSecrets.keyHashing(2, 100))
        .olderKeyHashingSecrets(TestSecrets.keyHashing(1, 0)).build();
  }

  /**
   * Issue 24: a record stored under both secrets' keys (written before and after the rotation)
   * is deleted under both, so the read fallback cannot bring back the pre-rotation copy. On a
   * versioned bucket both copies stay as noncurrent versions (retained), not readable through
   * the client.
   */
  @S3ServerTest
  void deleteAfterRotation_leavesNoOlderCopyReadable(S3TestServer server) {
    try (S3Client raw = server.rawClient(); HipaaS3Client v1 = v1(server);
        HipaaS3Client v2 = v2(server)) {
      String bucket = server.createBucket(raw);
      v1.putObject(b -> b.bucket(bucket).key(A), RequestBody.fromString("old a"));
      v1.putObject(b -> b.bucket(bucket).key(B), RequestBody.fromString("old b"));
      assertThat(v2.getObjectAsBytes(b -> b.bucket(bucket).key(A)).asUtf8String())
          .as("fallback before the delete").isEqualTo("old a");
      v2.putObject(b -> b.bucket(bucket).key(A), RequestBody.fromString("new a"));
      String oldA = v1.objectKey(A);
      String newA = v2.objectKey(A);

      v2.deleteObject(b -> b.bucket(bucket).key(A));
      assertThatThrownBy(() -> v2.getObjectAsBytes(b -> b.bucket(bucket).key(A)))
          .as("the pre-rotation copy must not come back")
          .isExactlyInstanceOf(NoSuchKeyException.class);
      assertThatThrownBy(() -> v2.headObject(b -> b.bucket(bucket).key(A)))
          .isInstanceOfSatisfying(S3Exception.class,
              e -> assertThat(e.statusCode()).isEqualTo(404));
      assertThatThrownBy(() -> v1.getObjectAsBytes(b -> b.bucket(bucket).key(A)))
          .as("nor through a client that has only the old secret")
          .isExactlyInstanceOf(NoSuchKeyException.class);

      // A batch delete does the same for an object only stored under the old secret.
      v2.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(
          o -> o.key(B))));
      assertThatThrownBy(() -> v2.getObjectAsBytes(b -> b.bucket(bucket).key(B)))
          .isExactlyInstanceOf(NoSuchKeyException.class);

      if (server.has(Capability.VERSIONING)) {
        ListObjectVersionsResponse versions = raw.listObjectVersions(b -> b.bucket(bucket));
        assertThat(versions.deleteMarkers()).extracting(DeleteMarkerEntry::key)
            .as("a delete marker on every key form, nothing removed for good")
            .containsExactlyInAnyOrder(oldA, newA, v1.objectKey(B));
        assertThat(versions.versions()).extracting(ObjectVersion::key)
            .as("the records are retained as noncurrent versions")
            .containsExactlyInAnyOrder(oldA, newA, v1.objectKey(B));
        assertThat(versions.versions()).noneMatch(ObjectVersion::isLatest);
      }
    }
  }

  /**
   * A read that finds a delete marker under the current secret's key must not fall back to an
   * older secret's key (S3 answers such a get with 404 and x-amz-delete-marker: true). Here the
   * marker was put on the current key only, as a client without the older secret would.
   */
  @S3ServerTest
  void read_doesNotFallBackPastADeleteMarker(S3TestServer server) {
    server.assumeCapability(Capability.VERSIONING);
    try (S3Client raw = server.rawClient(); HipaaS3Client v1 = v1(server);
        HipaaS3Client v2 = v2(server)) {
      String bucket = server.createBucket(raw);
      v1.putObject(b -> b.bucket(bucket).key(A), RequestBody.fromString("old a"));
      v2.putObject(b -> b.bucket(bucket).key(A), RequestBody.fromString("new a"));
      raw.deleteObject(b -> b.bucket(bucket).key(v2.objectKey(A)));

      assertThatThrownBy(() -> v2.getObjectAsBytes(b -> b.bucket(bucket).key(A)))
          .isExactlyInstanceOf(NoSuchKeyException.class);
      assertThatThrownBy(() -> v2.headObject(b -> b.bucket(bucket).key(A)))
          .isInstanceOfSatisfying(S3Exception.class,
              e -> assertThat(e.statusCode()).isEqualTo(404));
      // Deleting again through the rotated client reaches the old copy too.
      v2.deleteObject(b -> b.bucket(bucket).key(A));
      assertThatThrownBy(() -> v1.getObjectAsBytes(b -> b.bucket(bucket).key(A)))
          .isExactlyInstanceOf(NoSuchKeyException.class);
    }
  }
}
