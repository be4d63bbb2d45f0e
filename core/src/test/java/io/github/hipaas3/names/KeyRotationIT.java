package io.github.hipaas3.names;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.hipaas3.HipaaS3Client;
import io.github.hipaas3.testing.S3ServerTest;
import io.github.hipaas3.testing.S3TestServer;
import io.github.hipaas3.testing.TestSecrets;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
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

      // A copy from an old object lands under the new secret.
      v2.copyObject(b -> b.sourceBucket(bucket).sourceKey(A)
          .destinationBucket(bucket).destinationKey(C));
      raw.headObject(b -> b.bucket(bucket).key(v2.objectKey(C)));
      assertThat(v2.getObjectAsBytes(b -> b.bucket(bucket).key(C)).asUtf8String())
          .isEqualTo("old a");

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
}
