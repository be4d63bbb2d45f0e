package io.github.hipaas3.encryption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.hipaas3.EncryptionMode;
import io.github.hipaas3.HipaaS3Client;
import io.github.hipaas3.HipaaS3SecurityException;
import io.github.hipaas3.SseCustomerKey;
import io.github.hipaas3.SseCustomerKeyProvider;
import io.github.hipaas3.ViolationCode;
import io.github.hipaas3.testing.Capability;
import io.github.hipaas3.testing.S3ServerTest;
import io.github.hipaas3.testing.S3TestServer;
import java.util.List;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/** The server-side modes against the test servers, with a real KMS key where there is one. */
class ServerSideEncryptionIT {
  static final String ID = "patients/123-45-6789/chart.pdf";

  @S3ServerTest
  void sseKms_everyWriteIsEncryptedWithTheKey_andConfirmed(S3TestServer server) {
    server.assumeCapability(Capability.KMS);
    try (S3Client raw = server.rawClient(); KmsClient kms = server.kmsClient()) {
      String arn = kms.createKey().keyMetadata().arn();
      try (HipaaS3Client s3 = server.hipaaClientBuilder(EncryptionMode.sseKms(arn)).build()) {
        String bucket = server.createBucket(raw);
        s3.putObject(b -> b.bucket(bucket).key(ID), RequestBody.fromString("chart"));
        s3.copyObject(b -> b.sourceBucket(bucket).sourceKey(ID).destinationBucket(bucket)
            .destinationKey(ID + ".copy"));
        String upload = s3.createMultipartUpload(b -> b.bucket(bucket).key(ID + ".mp"))
            .uploadId();
        String etag = s3.uploadPart(b -> b.bucket(bucket).key(ID + ".mp").uploadId(upload)
            .partNumber(1), RequestBody.fromString("part")).eTag();
        s3.completeMultipartUpload(b -> b.bucket(bucket).key(ID + ".mp").uploadId(upload)
            .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(etag)
                .build())));
        for (String id : List.of(ID, ID + ".copy", ID + ".mp")) {
          HeadObjectResponse stored = raw.headObject(b -> b.bucket(bucket).key(s3.objectKey(id)));
          assertThat(stored.serverSideEncryption()).isEqualTo(ServerSideEncryption.AWS_KMS);
          assertThat(stored.ssekmsKeyId()).isEqualTo(arn);
          assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key(id)).asUtf8String())
              .isNotEmpty();
        }
        assertThat(raw.headObject(b -> b.bucket(bucket).key(s3.objectKey(ID)))
            .bucketKeyEnabled()).isTrue();

        // An object stored without encryption (by another client) is not read.
        raw.putObject(b -> b.bucket(bucket).key(s3.objectKey("legacy")),
            RequestBody.fromString("legacy plaintext"));
        assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket(bucket).key("legacy")))
            .isInstanceOfSatisfying(HipaaS3SecurityException.class, e -> assertThat(
                e.violationCode()).isEqualTo(ViolationCode.OBJECT_NOT_ENCRYPTED));
        // Nor one encrypted under another key.
        String otherArn = kms.createKey().keyMetadata().arn();
        raw.putObject(b -> b.bucket(bucket).key(s3.objectKey("other")).serverSideEncryption(
            ServerSideEncryption.AWS_KMS).ssekmsKeyId(otherArn), RequestBody.fromString("x"));
        assertThatThrownBy(() -> s3.headObject(b -> b.bucket(bucket).key("other")))
            .isInstanceOfSatisfying(HipaaS3SecurityException.class, e -> assertThat(
                e.violationCode()).isEqualTo(ViolationCode.OBJECT_NOT_ENCRYPTED));
      }
    }
  }

  /**
   * Servers that do not confirm the encryption asked for are caught: moto accepts DSSE-KMS
   * without echoing the key and ignores SSE-C, so both writes raise a security exception.
   */
  @S3ServerTest
  void serversThatDoNotConfirmTheEncryption_areCaught(S3TestServer server) {
    server.assumeCapability(Capability.KMS);
    try (S3Client raw = server.rawClient(); KmsClient kms = server.kmsClient()) {
      String arn = kms.createKey().keyMetadata().arn();
      String bucket = server.createBucket(raw);
      try (HipaaS3Client dsse = server.hipaaClientBuilder(EncryptionMode.dsseKms(arn)).build();
          HipaaS3Client ssec = server.hipaaClientBuilder(EncryptionMode.sseC(
              SseCustomerKeyProvider.single(SseCustomerKey.generate()))).build()) {
        for (HipaaS3Client s3 : List.of(dsse, ssec)) {
          assertThatThrownBy(() -> s3.putObject(b -> b.bucket(bucket).key(ID),
              RequestBody.fromString("x")))
              .isInstanceOfSatisfying(HipaaS3SecurityException.class, e -> assertThat(
                  e.violationCode()).isEqualTo(ViolationCode.ENCRYPTION_NOT_CONFIRMED));
        }
      }
    }
  }

  /** S3Mock accepts only bare KMS key IDs; its refusal of an ARN passes through unwrapped. */
  @S3ServerTest
  void serviceErrors_passThroughUnwrapped(S3TestServer server) {
    try (S3Client raw = server.rawClient(); HipaaS3Client s3 = server.hipaaClientBuilder(
        EncryptionMode.sseKms("arn:aws:kms:us-east-1:111122223333:key/no-such-key")).build()) {
      String bucket = server.createBucket(raw);
      if (server.has(Capability.KMS)) {
        return; // moto accepts any key ARN; covered above
      }
      assertThatThrownBy(() -> s3.putObject(b -> b.bucket(bucket).key(ID),
          RequestBody.fromString("x")))
          .isInstanceOf(AwsServiceException.class)
          .isNotInstanceOf(HipaaS3SecurityException.class);
    }
  }
}
