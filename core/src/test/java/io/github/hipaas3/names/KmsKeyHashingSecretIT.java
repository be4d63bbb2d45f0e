package io.github.hipaas3.names;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.hipaas3.HipaaS3Client;
import io.github.hipaas3.HipaaS3PolicyViolationException;
import io.github.hipaas3.KeyHashingSecret;
import io.github.hipaas3.ViolationCode;
import io.github.hipaas3.testing.Capability;
import io.github.hipaas3.testing.S3ServerTest;
import io.github.hipaas3.testing.S3TestServer;
import java.net.URI;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.s3.S3Client;

/** The key-hashing secret kept KMS-encrypted, against moto's KMS. */
class KmsKeyHashingSecretIT {

  @S3ServerTest
  void kmsEncryptedBlob_roundTripsAndHashesKeys(S3TestServer server) {
    server.assumeCapability(Capability.KMS);
    try (KmsClient kms = server.kmsClient(); S3Client raw = server.rawClient()) {
      String keyId = kms.createKey().keyMetadata().keyId();
      byte[] blob = KeyHashingSecret.createKmsEncryptedBlob(kms, keyId);
      assertThat(blob).hasSizeGreaterThan(32);
      KeyHashingSecret a = KeyHashingSecret.fromKmsEncryptedBlob(1, kms, keyId, blob);
      KeyHashingSecret b = KeyHashingSecret.fromKmsEncryptedBlob(1, kms, keyId, blob);
      assertThat(a).isEqualTo(b);

      String bucket = server.createBucket(raw);
      try (HipaaS3Client s3 = server.hipaaClientBuilder().keyHashingSecret(a).build();
          HipaaS3Client again = server.hipaaClientBuilder().keyHashingSecret(b).build()) {
        s3.putObject(r -> r.bucket(bucket).key("patients/123-45-6789/x"),
            RequestBody.fromString("x"));
        assertThat(again.getObjectAsBytes(r -> r.bucket(bucket).key("patients/123-45-6789/x"))
            .asUtf8String()).isEqualTo("x");
      }

      // A blob bound to another purpose (no hipaa-s3 encryption context) does not decrypt.
      byte[] other = kms.encrypt(r -> r.keyId(keyId).plaintext(
          software.amazon.awssdk.core.SdkBytes.fromByteArray(new byte[32])))
          .ciphertextBlob().asByteArray();
      assertThatThrownBy(() -> KeyHashingSecret.fromKmsEncryptedBlob(1, kms, keyId, other))
          .as("KMS errors pass through unwrapped").isInstanceOf(KmsException.class);
    }
  }

  @Test
  void plainHttpKmsEndpoint_isRefusedBeforeAnyCall() {
    try (KmsClient kms = KmsClient.builder().region(Region.US_EAST_1)
        .endpointOverride(URI.create("http://kms.example.invalid"))
        .credentialsProvider(io.github.hipaas3.testing.S3TestServer.testCredentials())
        .build()) {
      assertThatThrownBy(() -> KeyHashingSecret.fromKmsEncryptedBlob(1, kms, "k", new byte[8]))
          .isInstanceOfSatisfying(HipaaS3PolicyViolationException.class,
              e -> assertThat(e.violationCode()).isEqualTo(ViolationCode.INSECURE_TRANSPORT));
      assertThatThrownBy(() -> KeyHashingSecret.createKmsEncryptedBlob(kms, "k"))
          .isInstanceOf(HipaaS3PolicyViolationException.class);
    }
  }
}
