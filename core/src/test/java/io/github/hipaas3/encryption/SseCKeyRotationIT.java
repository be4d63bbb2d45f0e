package io.github.hipaas3.encryption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.hipaas3.EncryptionMode;
import io.github.hipaas3.HipaaS3Client;
import io.github.hipaas3.HipaaS3ConfigurationException;
import io.github.hipaas3.HipaaS3PolicyViolationException;
import io.github.hipaas3.HipaaS3SecurityException;
import io.github.hipaas3.SseCustomerKey;
import io.github.hipaas3.SseCustomerKeyProvider;
import io.github.hipaas3.ViolationCode;
import io.github.hipaas3.testing.Capability;
import io.github.hipaas3.testing.S3ServerTest;
import io.github.hipaas3.testing.S3TestServer;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * SSE-C master keys carry an ID stored with each object, and rotate: a client whose current
 * master is B and whose older master is A reads A's objects, writes and copies under B, and a
 * client without A cannot read them. Runs where the server keeps the key MD5 (S3Mock), which
 * answers a read with a wrong key with the object's MD5 rather than S3's 403 ({@code
 * SseCKeyRotationTest} covers the 403, and copies: S3Mock does not answer an SSE-C copy with
 * the destination key's MD5).
 */
class SseCKeyRotationIT {
  private static final String ID = "patients/123-45-6789/note.txt";

  private static final SseCustomerKey A = SseCustomerKey.generate().withKeyId("ssec-2025");
  private static final SseCustomerKey B = SseCustomerKey.generate().withKeyId("ssec-2026");

  private static HipaaS3Client client(S3TestServer server, SseCustomerKeyProvider keys) {
    return server.hipaaClientBuilder(EncryptionMode.sseC(keys)).build();
  }

  private static HeadObjectResponse rawHead(S3Client raw, HipaaS3Client s3, String bucket,
      String id) {
    return raw.headObject(b -> b.bucket(bucket).key(s3.objectKey(id)));
  }

  @S3ServerTest
  void olderMastersStayReadable_writesAndCopiesUseTheCurrentOne(S3TestServer server) {
    server.assumeCapability(Capability.SSE_C);
    try (S3Client raw = server.rawClient();
        HipaaS3Client before = client(server, SseCustomerKeyProvider.derivedFrom(A));
        HipaaS3Client rotated = client(server,
            SseCustomerKeyProvider.derivedFrom(B, List.of(A)));
        HipaaS3Client onlyB = client(server, SseCustomerKeyProvider.derivedFrom(B))) {
      String bucket = server.createBucket(raw);
      before.putObject(b -> b.bucket(bucket).key(ID).contentType("text/plain")
          .metadata(Map.of("kind", "note")), RequestBody.fromString("dose 010"));
      String upload = before.createMultipartUpload(b -> b.bucket(bucket).key(ID + ".mp"))
          .uploadId();
      String etag = before.uploadPart(b -> b.bucket(bucket).key(ID + ".mp").uploadId(upload)
          .partNumber(1), RequestBody.fromString("part one")).eTag();
      before.completeMultipartUpload(b -> b.bucket(bucket).key(ID + ".mp").uploadId(upload)
          .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(etag)
              .build())));

      // The key ID is stored with the object, and the caller's metadata is kept.
      assertThat(rawHead(raw, before, bucket, ID).metadata())
          .containsEntry(SseCustomerKeyProvider.KEY_ID_METADATA, "ssec-2025")
          .containsEntry("kind", "note");
      assertThat(rawHead(raw, before, bucket, ID + ".mp").metadata())
          .containsEntry(SseCustomerKeyProvider.KEY_ID_METADATA, "ssec-2025");

      // Without the older master, the object is not readable: the fallback is what reads it.
      assertThatThrownBy(() -> onlyB.getObjectAsBytes(b -> b.bucket(bucket).key(ID)))
          .isInstanceOfSatisfying(HipaaS3SecurityException.class, e -> assertThat(
              e.violationCode()).isEqualTo(ViolationCode.OBJECT_NOT_ENCRYPTED));
      assertThat(rotated.getObjectAsBytes(b -> b.bucket(bucket).key(ID)).asUtf8String())
          .isEqualTo("dose 010");
      assertThat(rotated.getObjectAsBytes(b -> b.bucket(bucket).key(ID + ".mp"))
          .asUtf8String()).isEqualTo("part one");
      assertThat(rotated.headObject(b -> b.bucket(bucket).key(ID)).sseCustomerKeyMD5())
          .isNotNull();

      // A new write uses the current master and records its ID.
      rotated.putObject(b -> b.bucket(bucket).key(ID + ".new"), RequestBody.fromString("new"));
      assertThat(rawHead(raw, rotated, bucket, ID + ".new").metadata())
          .containsEntry(SseCustomerKeyProvider.KEY_ID_METADATA, "ssec-2026");
      assertThat(onlyB.getObjectAsBytes(b -> b.bucket(bucket).key(ID + ".new"))
          .asUtf8String()).isEqualTo("new");

    }
  }

  @S3ServerTest
  void objectsWrittenBeforeKeyIds_areReadThroughAnUnnamedOlderMaster(S3TestServer server) {
    server.assumeCapability(Capability.SSE_C);
    SseCustomerKey legacy = SseCustomerKey.generate();
    try (S3Client raw = server.rawClient();
        HipaaS3Client before = client(server, SseCustomerKeyProvider.derivedFrom(legacy));
        HipaaS3Client rotated = client(server,
            SseCustomerKeyProvider.derivedFrom(B, List.of(legacy)))) {
      String bucket = server.createBucket(raw);
      before.putObject(b -> b.bucket(bucket).key(ID), RequestBody.fromString("legacy"));
      assertThat(rawHead(raw, before, bucket, ID).metadata())
          .doesNotContainKey(SseCustomerKeyProvider.KEY_ID_METADATA);
      assertThat(rotated.getObjectAsBytes(b -> b.bucket(bucket).key(ID)).asUtf8String())
          .isEqualTo("legacy");
    }
  }

  @S3ServerTest
  void theKeyIdMetadataName_isReserved(S3TestServer server) {
    server.assumeCapability(Capability.SSE_C);
    try (S3Client raw = server.rawClient();
        HipaaS3Client s3 = client(server, SseCustomerKeyProvider.single(B))) {
      String bucket = server.createBucket(raw);
      assertThatThrownBy(() -> s3.putObject(b -> b.bucket(bucket).key(ID)
          .metadata(Map.of(SseCustomerKeyProvider.KEY_ID_METADATA, "ssec-2025")),
          RequestBody.fromString("x")))
          .isInstanceOfSatisfying(HipaaS3PolicyViolationException.class, e -> assertThat(
              e.violationCode()).isEqualTo(ViolationCode.ENCRYPTION_CONFLICT));
    }
  }

  @org.junit.jupiter.api.Test
  void rotationNeedsDistinctKeyIds() {
    assertThatThrownBy(() -> SseCustomerKeyProvider.derivedFrom(SseCustomerKey.generate(),
        List.of(A))).isInstanceOf(HipaaS3ConfigurationException.class)
        .hasMessageContaining("withKeyId");
    assertThatThrownBy(() -> SseCustomerKeyProvider.single(B,
        List.of(SseCustomerKey.generate().withKeyId("ssec-2026"))))
        .isInstanceOf(HipaaS3ConfigurationException.class).hasMessageContaining("same key ID");
    assertThatThrownBy(() -> SseCustomerKeyProvider.single(B,
        List.of(SseCustomerKey.generate(), SseCustomerKey.generate())))
        .isInstanceOf(HipaaS3ConfigurationException.class);
    assertThatThrownBy(() -> SseCustomerKey.generate().withKeyId("123-45-6789"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(B.toString()).isEqualTo("SseCustomerKey{id=ssec-2026, md5=" + B.keyMd5() + "}");
  }
}
