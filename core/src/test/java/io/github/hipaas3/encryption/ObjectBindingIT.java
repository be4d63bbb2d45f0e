package io.github.hipaas3.encryption;

import io.github.hipaas3.HipaaPolicy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.github.hipaas3.EncryptionMode;
import io.github.hipaas3.HipaaS3Client;
import io.github.hipaas3.HipaaS3PolicyViolationException;
import io.github.hipaas3.HipaaS3SecurityException;
import io.github.hipaas3.ObjectRetention;
import io.github.hipaas3.ViolationCode;
import io.github.hipaas3.testing.Capability;
import io.github.hipaas3.testing.LogCapture;
import io.github.hipaas3.testing.S3ServerTest;
import io.github.hipaas3.testing.S3TestServer;
import io.github.hipaas3.testing.TestSecrets;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.encryption.s3.S3EncryptionClient;

/**
 * Issue 24, item 2: every client-side object is bound to its bucket and stored key. The attack:
 * with write access to the bucket only, copy patient C's stored object (body and metadata) over
 * patient B's key, or into another bucket, and have a get of B return C's record.
 */
class ObjectBindingIT {
  static final String ID_B = "patients/b/notes.txt";
  static final String ID_C = "patients/c/notes.txt";
  static final byte[] BODY_B = "Patient B: potassium 4.1 mmol/L".getBytes(StandardCharsets.UTF_8);
  static final byte[] BODY_C = "Patient C: HIV viral load undetectable"
      .getBytes(StandardCharsets.UTF_8);

  @S3ServerTest
  void aes_objectCopiedOverAnotherKeyOrIntoAnotherBucket_failsAndReleasesNothing(
      S3TestServer server) {
    try (S3Client raw = server.rawClient(); HipaaS3Client s3 = server.hipaaClientBuilder(
        EncryptionMode.clientSideAes(TestSecrets.aesKey())).build()) {
      attackAndCheck(server, raw, s3, 0);
    }
  }

  @S3ServerTest
  void rsa_objectCopiedOverAnotherKeyOrIntoAnotherBucket_failsAndReleasesNothing(
      S3TestServer server) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair pair = generator.generateKeyPair();
    try (S3Client raw = server.rawClient(); HipaaS3Client s3 = server.hipaaClientBuilder(
        EncryptionMode.clientSideRsa(pair)).build()) {
      attackAndCheck(server, raw, s3, 0);
    }
  }

  @S3ServerTest
  void kms_objectCopiedOverAnotherKeyOrIntoAnotherBucket_failsAndReleasesNothing(
      S3TestServer server) {
    server.assumeCapability(Capability.KMS);
    try (S3Client raw = server.rawClient(); KmsClient kms = server.kmsClient()) {
      String arn = kms.createKey().keyMetadata().arn();
      try (HipaaS3Client s3 = server.hipaaClientBuilder(EncryptionMode.clientSideKms(kms, arn))
          .build()) {
        attackAndCheck(server, raw, s3, 0);
        // The binding is in the KMS-authenticated encryption context.
        String bucket = server.createBucket(raw);
        s3.putObject(b -> b.bucket(bucket).key(ID_B), RequestBody.fromBytes(BODY_B));
        assertThat(raw.headObject(b -> b.bucket(bucket).key(s3.objectKey(ID_B))).metadata()
            .get("x-amz-t")).contains("hipaa-s3:bucket").contains("hipaa-s3:key")
            .contains(s3.objectKey(ID_B));
      }
    }
  }

  @S3ServerTest
  void aes_multipartObjectCopiedOverAnotherKey_fails(S3TestServer server) {
    try (S3Client raw = server.rawClient(); HipaaS3Client s3 = server.hipaaClientBuilder(
        EncryptionMode.clientSideAes(TestSecrets.aesKey()))
        .multipartThreshold(5 * 1024 * 1024).build()) {
      attackAndCheck(server, raw, s3, 6 * 1024 * 1024);
    }
  }

  /**
   * Puts C and B, copies C's stored object over B's key and into another bucket with a raw
   * client, and checks that the copies fail and the originals still read.
   *
   * @param padding extra bytes on each body (a large body goes up in parts)
   */
  private static void attackAndCheck(S3TestServer server, S3Client raw, HipaaS3Client s3,
      int padding) {
    String bucket = server.createBucket(raw);
    byte[] bodyB = padded(BODY_B, padding);
    byte[] bodyC = padded(BODY_C, padding);
    s3.putObject(b -> b.bucket(bucket).key(ID_C), RequestBody.fromBytes(bodyC));
    s3.putObject(b -> b.bucket(bucket).key(ID_B), RequestBody.fromBytes(bodyB));
    String storedB = s3.objectKey(ID_B);
    String storedC = s3.objectKey(ID_C);
    assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key(ID_B)).asByteArray())
        .isEqualTo(bodyB);

    // The attacker copies C's object, body and metadata, over B's key.
    raw.copyObject(b -> b.sourceBucket(bucket).sourceKey(storedC)
        .destinationBucket(bucket).destinationKey(storedB)
        .metadataDirective(MetadataDirective.COPY));
    assertThat(raw.headObject(b -> b.bucket(bucket).key(storedB)).metadata())
        .as("the copy carries C's envelope")
        .isEqualTo(raw.headObject(b -> b.bucket(bucket).key(storedC)).metadata());
    assertRefused(s3, bucket, ID_B, storedB);

    // And into another bucket, under the same stored key.
    String other = server.createBucket(raw);
    raw.copyObject(b -> b.sourceBucket(bucket).sourceKey(storedC)
        .destinationBucket(other).destinationKey(storedC)
        .metadataDirective(MetadataDirective.COPY));
    assertRefused(s3, other, ID_C, storedC);

    // The untouched original still reads.
    assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key(ID_C)).asByteArray())
        .isEqualTo(bodyC);
  }

  private static byte[] padded(byte[] body, int padding) {
    byte[] out = java.util.Arrays.copyOf(body, body.length + padding);
    java.util.Arrays.fill(out, body.length, out.length, (byte) '.');
    return out;
  }

  private static void assertRefused(HipaaS3Client s3, String bucket, String id, String stored) {
    AtomicLong released = new AtomicLong();
    assertThatThrownBy(() -> s3.getObject(b -> b.bucket(bucket).key(id),
        (ResponseTransformer<GetObjectResponse, Object>) (response, in) -> {
          byte[] buffer = new byte[8192];
          for (int n; (n = in.read(buffer)) > 0; ) {
            released.addAndGet(n);
          }
          return null;
        }))
        .isInstanceOfSatisfying(HipaaS3SecurityException.class, e -> assertThat(
            e.violationCode()).isEqualTo(ViolationCode.DECRYPTION_FAILED))
        .hasMessageNotContaining(stored).hasMessageNotContaining(id)
        .hasMessageNotContaining(bucket);
    assertThat(released).as("plaintext bytes released").hasValue(0);
  }

  @S3ServerTest
  void aes_strippedBinding_isRefused(S3TestServer server) {
    try (S3Client raw = server.rawClient(); HipaaS3Client s3 = server.hipaaClientBuilder(
        EncryptionMode.clientSideAes(TestSecrets.aesKey())).build()) {
      String bucket = server.createBucket(raw);
      s3.putObject(b -> b.bucket(bucket).key(ID_C), RequestBody.fromBytes(BODY_C));
      String storedC = s3.objectKey(ID_C);
      String storedB = s3.objectKey(ID_B);
      ResponseBytes<GetObjectResponse> c = raw.getObjectAsBytes(b -> b.bucket(bucket)
          .key(storedC));
      assertThat(c.response().metadata().get("x-amz-m")).contains("hipaa-s3:binding");
      // Without the binding the object would pass as a legacy one: refused by default.
      Map<String, String> stripped = new HashMap<>(c.response().metadata());
      stripped.remove("x-amz-m");
      raw.putObject(b -> b.bucket(bucket).key(storedB).metadata(stripped),
          RequestBody.fromBytes(c.asByteArray()));
      assertRefused(s3, bucket, ID_B, storedB);
      // A binding tag from another object, or a forged one, fails as well.
      Map<String, String> forged = new HashMap<>(c.response().metadata());
      forged.put("x-amz-m", "{\"hipaa-s3:binding\":\"1:"
          + java.util.Base64.getEncoder().encodeToString(new byte[32]) + "\"}");
      raw.putObject(b -> b.bucket(bucket).key(storedB).metadata(forged),
          RequestBody.fromBytes(c.asByteArray()));
      assertRefused(s3, bucket, ID_B, storedB);
    }
  }

  @S3ServerTest
  void unboundObject_isRefusedByDefault_andReadWithTheOptIn_andAWarn(S3TestServer server) {
    try (S3Client raw = server.rawClient(); HipaaS3Client s3 = server.hipaaClientBuilder(
        EncryptionMode.clientSideAes(TestSecrets.aesKey())).build();
        S3EncryptionClient stock = S3EncryptionClient.builderV4()
            .wrappedClient(server.rawClient())
            .wrappedAsyncClient(server.rawAsyncClient())
            .aesKey(TestSecrets.aesKey()).build()) {
      String bucket = server.createBucket(raw);
      // An object written without a binding: by the stock client, as hipaa-s3 did before.
      String stored = s3.objectKey(ID_B);
      stock.putObject(b -> b.bucket(bucket).key(stored)
          .objectLockMode(ObjectLockMode.COMPLIANCE)
          .objectLockRetainUntilDate(ObjectRetention.defaults().minimumRetainUntil()),
          RequestBody.fromBytes(BODY_B));
      assertRefused(s3, bucket, ID_B, stored);
      assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket(bucket).key(ID_B)))
          .hasMessageContaining("insecureAllowUnboundClientSideObjects(true)");

      try (LogCapture logs = new LogCapture();
          HipaaS3Client legacy = server.hipaaClientBuilder(
              EncryptionMode.clientSideAes(TestSecrets.aesKey()))
              .insecureAllowUnboundClientSideObjects(true).build()) {
        assertThat(legacy.policy().allows(HipaaPolicy.Insecure.ALLOW_UNBOUND_CLIENT_SIDE_OBJECTS))
            .isTrue();
        assertThat(s3.policy().allows(HipaaPolicy.Insecure.ALLOW_UNBOUND_CLIENT_SIDE_OBJECTS))
            .isFalse();
        assertThat(logs.events()).as("warned at build()").anySatisfy(e -> {
          assertThat(e.getLevel()).isEqualTo(Level.WARN);
          assertThat(e.getFormattedMessage()).contains("INSECURE")
              .contains("insecureAllowUnboundClientSideObjects");
        });
        int atBuild = logs.events().size();
        assertThat(legacy.getObjectAsBytes(b -> b.bucket(bucket).key(ID_B)).asByteArray())
            .isEqualTo(BODY_B);
        // One snapshot: the audit writer's thread logs too, so two calls can differ in size.
        List<ILoggingEvent> afterRead = logs.events();
        assertThat(afterRead.subList(atBuild, afterRead.size()))
            .as("warned on the read").anySatisfy(e -> {
              assertThat(e.getLevel()).isEqualTo(Level.WARN);
              assertThat(e.getFormattedMessage()).contains("not bound to its bucket and key");
            });
        assertThat(logs.lines()).filteredOn(l -> l.startsWith("WARN"))
            .noneMatch(l -> l.contains(stored) || l.contains(ID_B));
        // Bound objects are still checked with the opt-in: a copy over B's key fails.
        legacy.putObject(b -> b.bucket(bucket).key(ID_C), RequestBody.fromBytes(BODY_C));
        raw.copyObject(b -> b.sourceBucket(bucket).sourceKey(legacy.objectKey(ID_C))
            .destinationBucket(bucket).destinationKey(stored)
            .metadataDirective(MetadataDirective.COPY));
        assertRefused(legacy, bucket, ID_B, stored);
      }
    }
  }

  @S3ServerTest
  void stockS3EncryptionClient_readsWhatHipaaS3Writes_aes(S3TestServer server) {
    try (S3Client raw = server.rawClient(); HipaaS3Client s3 = server.hipaaClientBuilder(
        EncryptionMode.clientSideAes(TestSecrets.aesKey())).build();
        S3EncryptionClient stock = S3EncryptionClient.builderV4()
            .wrappedClient(server.rawClient())
            .wrappedAsyncClient(server.rawAsyncClient())
            .aesKey(TestSecrets.aesKey()).build()) {
      String bucket = server.createBucket(raw);
      s3.putObject(b -> b.bucket(bucket).key(ID_B), RequestBody.fromBytes(BODY_B));
      assertThat(stock.getObjectAsBytes(b -> b.bucket(bucket).key(s3.objectKey(ID_B)))
          .asByteArray()).isEqualTo(BODY_B);
    }
  }

  @S3ServerTest
  void kms_stockClientReadsWithTheBindingContext_andCallersCannotSetIt(S3TestServer server) {
    server.assumeCapability(Capability.KMS);
    try (S3Client raw = server.rawClient(); KmsClient kms = server.kmsClient()) {
      String arn = kms.createKey().keyMetadata().arn();
      try (HipaaS3Client s3 = server.hipaaClientBuilder(EncryptionMode.clientSideKms(kms, arn))
          .build();
          S3EncryptionClient stock = S3EncryptionClient.builderV4()
              .wrappedClient(server.rawClient())
              .wrappedAsyncClient(server.rawAsyncClient())
              .keyring(software.amazon.encryption.s3.materials.KmsKeyring.builder()
                  .kmsClient(kms).wrappingKeyId(arn).build()).build()) {
        String bucket = server.createBucket(raw);
        Map<String, String> context = Map.of("document-class", "lab-report");
        s3.putObject(b -> b.bucket(bucket).key(ID_B).overrideConfiguration(
            S3EncryptionClient.withAdditionalConfiguration(context)),
            RequestBody.fromBytes(BODY_B));
        String stored = s3.objectKey(ID_B);
        Map<String, String> expected = new HashMap<>(context);
        expected.put("hipaa-s3:bucket", bucket);
        expected.put("hipaa-s3:key", stored);
        assertThat(stock.getObjectAsBytes(b -> b.bucket(bucket).key(stored)
            .overrideConfiguration(S3EncryptionClient.withAdditionalConfiguration(expected)))
            .asByteArray()).isEqualTo(BODY_B);
        // A caller's context must not set the binding entries, on put or get.
        assertThatThrownBy(() -> s3.putObject(b -> b.bucket(bucket).key(ID_C)
            .overrideConfiguration(S3EncryptionClient.withAdditionalConfiguration(
                Map.of("hipaa-s3:key", stored))), RequestBody.fromBytes(BODY_C)))
            .isInstanceOfSatisfying(HipaaS3PolicyViolationException.class, e -> assertThat(
                e.violationCode()).isEqualTo(ViolationCode.INVALID_VALUE))
            .hasMessageNotContaining(stored);
        assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket(bucket).key(ID_B)
            .overrideConfiguration(S3EncryptionClient.withAdditionalConfiguration(
                Map.of("hipaa-s3:bucket", bucket)))))
            .isInstanceOf(HipaaS3PolicyViolationException.class);
        // Editing the stored context to name another key fails in KMS: the context is
        // authenticated there (this object has no caller context, so only the edit differs).
        String plain = s3.objectKey("patients/b/plain.txt");
        s3.putObject(b -> b.bucket(bucket).key("patients/b/plain.txt"),
            RequestBody.fromBytes(BODY_B));
        ResponseBytes<GetObjectResponse> b0 = raw.getObjectAsBytes(b -> b.bucket(bucket)
            .key(plain));
        String storedC = s3.objectKey(ID_C);
        Map<String, String> edited = new HashMap<>(b0.response().metadata());
        assertThat(edited.get("x-amz-t")).contains(plain);
        edited.put("x-amz-t", edited.get("x-amz-t").replace(plain, storedC));
        raw.putObject(b -> b.bucket(bucket).key(storedC).metadata(edited),
            RequestBody.fromBytes(b0.asByteArray()));
        assertRefused(s3, bucket, ID_C, storedC);
      }
    }
  }
}
