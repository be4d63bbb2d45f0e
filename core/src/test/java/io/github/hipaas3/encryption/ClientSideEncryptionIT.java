package io.github.hipaas3.encryption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.hipaas3.EncryptionMode;
import io.github.hipaas3.HipaaS3Client;
import io.github.hipaas3.HipaaS3PolicyViolationException;
import io.github.hipaas3.HipaaS3SecurityException;
import io.github.hipaas3.ObjectRetention;
import io.github.hipaas3.ViolationCode;
import io.github.hipaas3.testing.Capability;
import io.github.hipaas3.testing.S3ServerTest;
import io.github.hipaas3.testing.S3TestServer;
import io.github.hipaas3.testing.TestSecrets;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.encryption.s3.S3EncryptionClient;

/** Client-side mode against each test server: round trips, tampering, interop, refusals. */
class ClientSideEncryptionIT {
  static final String ID = "patients/123-45-6789/notes.txt";
  static final byte[] BODY = "Lab report: potassium 4.1 mmol/L".getBytes(StandardCharsets.UTF_8);

  private static HipaaS3Client client(S3TestServer server) {
    return server.hipaaClientBuilder(EncryptionMode.clientSideAes(TestSecrets.aesKey())).build();
  }

  @S3ServerTest
  void roundTrip_storesOnlyCiphertext_andReportsPlaintextLengths(S3TestServer server)
      throws Exception {
    try (S3Client raw = server.rawClient(); HipaaS3Client s3 = client(server)) {
      String bucket = server.createBucket(raw);
      s3.putObject(b -> b.bucket(bucket).key(ID).metadata(Map.of("doc", "lab-report")),
          RequestBody.fromBytes(BODY));

      ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(b -> b.bucket(bucket).key(ID));
      assertThat(got.asByteArray()).isEqualTo(BODY);
      assertThat(got.response().contentLength()).isEqualTo(BODY.length);
      assertThat(got.response().metadata()).containsEntry("doc", "lab-report");
      HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key(ID));
      assertThat(head.contentLength()).isEqualTo(BODY.length);
      try (ResponseInputStream<GetObjectResponse> in =
          s3.getObject(b -> b.bucket(bucket).key(ID))) {
        assertThat(in.readAllBytes()).isEqualTo(BODY);
      }
      Path file = Files.createTempFile("hipaas3", ".bin");
      Files.delete(file);
      s3.getObject(b -> b.bucket(bucket).key(ID), file);
      assertThat(Files.readAllBytes(file)).isEqualTo(BODY);
      Files.delete(file);

      // What S3 holds: ciphertext (plaintext + 16-byte tag) and the committing envelope.
      ResponseBytes<GetObjectResponse> stored =
          raw.getObjectAsBytes(b -> b.bucket(bucket).key(s3.objectKey(ID)));
      assertThat(stored.asByteArray()).hasSize(BODY.length + 16);
      assertThat(new String(stored.asByteArray(), StandardCharsets.ISO_8859_1))
          .doesNotContain("potassium");
      assertThat(stored.response().metadata()).containsKeys("x-amz-c", "x-amz-d", "x-amz-i",
          "x-amz-3", "x-amz-w");
      assertThat(stored.response().metadata().get("x-amz-c")).isEqualTo("115");

      // A copy to another ID is refused: the object is bound to its stored key
      // (ObjectBindingIT), and a copy in S3 keeps the source's binding.
      assertThatThrownBy(() -> s3.copyObject(b -> b.sourceBucket(bucket).sourceKey(ID)
          .destinationBucket(bucket).destinationKey(ID + ".copy")))
          .isInstanceOfSatisfying(HipaaS3PolicyViolationException.class, e -> assertThat(
              e.violationCode()).isEqualTo(ViolationCode.OPERATION_REFUSED));
    }
  }

  @S3ServerTest
  void flippedCiphertextByte_failsWithASecurityException_andReleasesNoPlaintext(
      S3TestServer server) throws Exception {
    try (S3Client raw = server.rawClient(); HipaaS3Client s3 = client(server)) {
      String bucket = server.createBucket(raw);
      s3.putObject(b -> b.bucket(bucket).key(ID), RequestBody.fromBytes(BODY));
      String stored = s3.objectKey(ID);
      for (int position : new int[] {0, BODY.length / 2, BODY.length + 15}) {
        ResponseBytes<GetObjectResponse> original =
            raw.getObjectAsBytes(b -> b.bucket(bucket).key(stored));
        byte[] tampered = original.asByteArray().clone();
        tampered[position] ^= 0x01;
        raw.putObject(b -> b.bucket(bucket).key(stored)
            .metadata(original.response().metadata()), RequestBody.fromBytes(tampered));

        AtomicLong released = new AtomicLong();
        assertThatThrownBy(() -> s3.getObject(b -> b.bucket(bucket).key(ID),
            (ResponseTransformer<GetObjectResponse, Object>) (response, in) -> {
              byte[] buffer = new byte[8192];
              for (int n; (n = in.read(buffer)) > 0; ) {
                released.addAndGet(n);
              }
              return null;
            }))
            .isInstanceOfSatisfying(HipaaS3SecurityException.class, e -> assertThat(
                e.violationCode()).isEqualTo(ViolationCode.DECRYPTION_FAILED));
        assertThat(released).as("plaintext bytes released").hasValue(0);
        assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket(bucket).key(ID)))
            .isInstanceOf(HipaaS3SecurityException.class);
        try (ResponseInputStream<GetObjectResponse> in =
            s3.getObject(b -> b.bucket(bucket).key(ID))) {
          assertThatThrownBy(in::read).isInstanceOf(HipaaS3SecurityException.class);
        } catch (HipaaS3SecurityException expectedEarly) {
          // also fine: refused before a stream was handed over
        }
        // Restore for the next position.
        raw.putObject(b -> b.bucket(bucket).key(stored)
            .metadata(original.response().metadata()),
            RequestBody.fromBytes(original.asByteArray()));
      }
      // Tampering with the key commitment in the metadata is caught as well.
      ResponseBytes<GetObjectResponse> original =
          raw.getObjectAsBytes(b -> b.bucket(bucket).key(stored));
      Map<String, String> metadata = new java.util.HashMap<>(original.response().metadata());
      String commitment = metadata.get("x-amz-d");
      metadata.put("x-amz-d", (commitment.charAt(0) == 'A' ? "B" : "A")
          + commitment.substring(1));
      raw.putObject(b -> b.bucket(bucket).key(stored).metadata(metadata),
          RequestBody.fromBytes(original.asByteArray()));
      assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket(bucket).key(ID)))
          .isInstanceOfSatisfying(HipaaS3SecurityException.class, e -> assertThat(
              e.violationCode()).isEqualTo(ViolationCode.DECRYPTION_FAILED));
    }
  }

  @S3ServerTest
  void legacyPlaintextObject_isRefusedOnGetAndHead(S3TestServer server) {
    try (S3Client raw = server.rawClient(); HipaaS3Client s3 = client(server)) {
      String bucket = server.createBucket(raw);
      raw.putObject(b -> b.bucket(bucket).key(s3.objectKey(ID)), RequestBody.fromBytes(BODY));
      assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket(bucket).key(ID)))
          .isInstanceOfSatisfying(HipaaS3SecurityException.class, e -> assertThat(
              e.violationCode()).isEqualTo(ViolationCode.OBJECT_NOT_ENCRYPTED));
      assertThatThrownBy(() -> s3.headObject(b -> b.bucket(bucket).key(ID)))
          .isInstanceOfSatisfying(HipaaS3SecurityException.class, e -> assertThat(
              e.violationCode()).isEqualTo(ViolationCode.OBJECT_NOT_ENCRYPTED));
    }
  }

  @S3ServerTest
  void anEnvelopeInAnInstructionFile_isNotRead(S3TestServer server) {
    try (S3Client raw = server.rawClient(); HipaaS3Client s3 = client(server);
        S3EncryptionClient stock = S3EncryptionClient.builderV4()
            .wrappedClient(server.rawClient())
            .wrappedAsyncClient(server.rawAsyncClient())
            .instructionFileConfig(software.amazon.encryption.s3.internal.InstructionFileConfig
                .builder().instructionFileClient(server.rawClient())
                .enableInstructionFilePutObject(true).build())
            .aesKey(TestSecrets.aesKey()).build()) {
      String bucket = server.createBucket(raw);
      stock.putObject(b -> b.bucket(bucket).key(s3.objectKey(ID))
          .objectLockMode(ObjectLockMode.COMPLIANCE)
          .objectLockRetainUntilDate(ObjectRetention.defaults().minimumRetainUntil()),
          RequestBody.fromBytes(BODY));
      // The stock client decrypts it through its instruction file; hipaa-s3 refuses it.
      assertThat(stock.getObjectAsBytes(b -> b.bucket(bucket).key(s3.objectKey(ID)))
          .asByteArray()).isEqualTo(BODY);
      assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket(bucket).key(ID)))
          .isInstanceOfSatisfying(HipaaS3SecurityException.class, e -> assertThat(
              e.violationCode()).isEqualTo(ViolationCode.OBJECT_NOT_ENCRYPTED));
    }
  }

  @S3ServerTest
  void copyOfAPlaintextSource_isRefused_andStoresNothing(S3TestServer server) {
    try (S3Client raw = server.rawClient(); HipaaS3Client s3 = client(server)) {
      String bucket = server.createBucket(raw);
      // Written before hipaa-s3, in plaintext, under the key the ID maps to.
      raw.putObject(b -> b.bucket(bucket).key(s3.objectKey(ID)), RequestBody.fromBytes(BODY));
      assertThatThrownBy(() -> s3.copyObject(b -> b.sourceBucket(bucket).sourceKey(ID)
          .destinationBucket(bucket).destinationKey(ID + ".copy")))
          .isInstanceOfSatisfying(HipaaS3PolicyViolationException.class, e -> {
            assertThat(e.violationCode()).isEqualTo(ViolationCode.OBJECT_NOT_ENCRYPTED);
            assertThat(e.getMessage()).contains("putObject").doesNotContain("123-45-6789");
          });
      assertThatThrownBy(() -> raw.headObject(b -> b.bucket(bucket)
          .key(s3.objectKey(ID + ".copy"))))
          .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode())
              .isEqualTo(404));
      // The advice works: read once with the opt-in, write through hipaa-s3 (a copy to
      // another ID is refused).
      try (HipaaS3Client migrate = server.hipaaClientBuilder(
          EncryptionMode.clientSideAes(TestSecrets.aesKey()))
          .insecureAllowReadingUnencryptedObjects(true)
          .insecureAllowReadingUnretainedObjects(true)
          .insecureAllowReadingWithoutChecksums(true).build()) {
        byte[] plain = migrate.getObjectAsBytes(b -> b.bucket(bucket).key(ID)).asByteArray();
        s3.putObject(b -> b.bucket(bucket).key(ID + ".encrypted"), RequestBody.fromBytes(plain));
      }
      assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key(ID + ".encrypted"))
          .asByteArray()).isEqualTo(BODY);
    }
  }

  @S3ServerTest
  void interoperatesWithAStockS3EncryptionClient(S3TestServer server) {
    try (S3Client raw = server.rawClient(); HipaaS3Client s3 = client(server);
        S3EncryptionClient stock = S3EncryptionClient.builderV4()
            .wrappedClient(server.rawClient())
            .wrappedAsyncClient(server.rawAsyncClient())
            .aesKey(TestSecrets.aesKey()).build()) {
      String bucket = server.createBucket(raw);
      // hipaa-s3 writes, the stock client reads (by the stored key): a small body (encrypted
      // in memory) and one above the in-memory bound (streamed by the encryption client).
      byte[] large = new byte[1024 * 1024 + 1];
      new java.util.Random(5).nextBytes(large);
      for (byte[] body : new byte[][] {BODY, large}) {
        s3.putObject(b -> b.bucket(bucket).key(ID), RequestBody.fromBytes(body));
        assertThat(stock.getObjectAsBytes(b -> b.bucket(bucket).key(s3.objectKey(ID)))
            .asByteArray()).isEqualTo(body);
      }
      // The in-memory put writes the stock client's envelope, plus the binding (x-amz-m).
      s3.putObject(b -> b.bucket(bucket).key(ID), RequestBody.fromBytes(BODY));
      assertThat(raw.headObject(b -> b.bucket(bucket).key(s3.objectKey(ID))).metadata())
          .containsOnlyKeys("x-amz-c", "x-amz-d", "x-amz-i", "x-amz-3", "x-amz-w", "x-amz-m");
      // The stock client writes (with the Object Lock hipaa-s3 requires), hipaa-s3 reads.
      String other = "patients/123-45-6789/other.txt";
      stock.putObject(b -> b.bucket(bucket).key(s3.objectKey(other))
          .objectLockMode(ObjectLockMode.COMPLIANCE)
          .objectLockRetainUntilDate(ObjectRetention.defaults().minimumRetainUntil()),
          RequestBody.fromString("written by the stock client"));
      // Its object is not bound to its bucket and key (ObjectBindingIT): refused by default,
      // read with the compatibility opt-in.
      assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket(bucket).key(other)))
          .isInstanceOfSatisfying(HipaaS3SecurityException.class, e -> assertThat(
              e.violationCode()).isEqualTo(ViolationCode.DECRYPTION_FAILED));
      try (HipaaS3Client legacy = server.hipaaClientBuilder(
          EncryptionMode.clientSideAes(TestSecrets.aesKey()))
          .insecureAllowUnboundClientSideObjects(true).build()) {
        assertThat(legacy.getObjectAsBytes(b -> b.bucket(bucket).key(other)).asUtf8String())
            .isEqualTo("written by the stock client");
      }
    }
  }

  @S3ServerTest
  void rangedGets_areRefusedUnlessOptedIn(S3TestServer server) {
    try (S3Client raw = server.rawClient(); HipaaS3Client s3 = client(server);
        HipaaS3Client ranged = server.hipaaClientBuilder(
            EncryptionMode.clientSideAes(TestSecrets.aesKey()))
            .insecureAllowUnauthenticatedRangedGets(true).build()) {
      String bucket = server.createBucket(raw);
      s3.putObject(b -> b.bucket(bucket).key(ID), RequestBody.fromBytes(BODY));
      assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket(bucket).key(ID)
          .range("bytes=0-9")))
          .isInstanceOfSatisfying(HipaaS3PolicyViolationException.class, e -> assertThat(
              e.violationCode()).isEqualTo(ViolationCode.UNAUTHENTICATED_RANGE))
          .hasMessageContaining("insecureAllowUnauthenticatedRangedGets");
      assertThat(ranged.getObjectAsBytes(b -> b.bucket(bucket).key(ID).range("bytes=0-9"))
          .asByteArray()).isEqualTo(Arrays.copyOf(BODY, 10));
    }
  }

  @S3ServerTest
  void objectsAboveTheAuthenticationBuffer_streamOnlyWithTheInsecureOptIn_failingAtTheEnd(
      S3TestServer server) throws Exception {
    try (S3Client raw = server.rawClient();
        HipaaS3Client s3 = server.hipaaClientBuilder(
            EncryptionMode.clientSideAes(TestSecrets.aesKey()))
            .authenticationBufferSize(1024).build();
        HipaaS3Client streaming = server.hipaaClientBuilder(
            EncryptionMode.clientSideAes(TestSecrets.aesKey()))
            .authenticationBufferSize(1024).insecureReleaseUnauthenticatedPlaintext(true)
            .build()) {
      String bucket = server.createBucket(raw);
      byte[] big = new byte[300_000];
      new java.util.Random(3).nextBytes(big);
      s3.putObject(b -> b.bucket(bucket).key(ID), RequestBody.fromBytes(big));
      assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key(ID)).asByteArray())
          .isEqualTo(big);

      String stored = s3.objectKey(ID);
      ResponseBytes<GetObjectResponse> original =
          raw.getObjectAsBytes(b -> b.bucket(bucket).key(stored));
      byte[] tampered = original.asByteArray().clone();
      tampered[tampered.length - 100] ^= 0x01;
      raw.putObject(b -> b.bucket(bucket).key(stored)
          .metadata(original.response().metadata())
          .objectLockMode(ObjectLockMode.COMPLIANCE)
          .objectLockRetainUntilDate(ObjectRetention.defaults().minimumRetainUntil()),
          RequestBody.fromBytes(tampered));
      // By default (AuthenticatedFirstIT has more): authenticated before the first byte.
      assertThatThrownBy(() -> s3.getObject(b -> b.bucket(bucket).key(ID)))
          .isInstanceOfSatisfying(HipaaS3SecurityException.class, e -> assertThat(
              e.violationCode()).isEqualTo(ViolationCode.DECRYPTION_FAILED));
      AtomicLong released = new AtomicLong();
      try (ResponseInputStream<GetObjectResponse> in =
          streaming.getObject(b -> b.bucket(bucket).key(ID))) {
        byte[] buffer = new byte[8192];
        assertThatThrownBy(() -> {
          for (int n; (n = in.read(buffer)) > 0; ) {
            released.addAndGet(n);
          }
        }).isInstanceOfSatisfying(HipaaS3SecurityException.class, e -> assertThat(
            e.violationCode()).isEqualTo(ViolationCode.DECRYPTION_FAILED))
            .hasMessageContaining("tag does not match");
      }
      // With the opt-in the body streams above the buffer: all of it (altered byte included)
      // was released, and the failure came at the end of the stream, as documented.
      assertThat(released.get()).as("streamed before the end-of-stream check")
          .isEqualTo(big.length);
    }
  }

  @S3ServerTest
  void largePuts_goUpInParts_andReadBack(S3TestServer server) throws Exception {
    try (S3Client raw = server.rawClient();
        HipaaS3Client s3 = server.hipaaClientBuilder(
            EncryptionMode.clientSideAes(TestSecrets.aesKey()))
            .multipartThreshold(5 * 1024 * 1024).build()) {
      String bucket = server.createBucket(raw);
      byte[] big = new byte[11 * 1024 * 1024 + 7];
      new java.util.Random(7).nextBytes(big);
      s3.putObject(b -> b.bucket(bucket).key(ID), RequestBody.fromBytes(big));
      try (InputStream in = s3.getObject(b -> b.bucket(bucket).key(ID))) {
        assertThat(in.readAllBytes()).isEqualTo(big);
      }
      assertThat(raw.headObject(b -> b.bucket(bucket).key(s3.objectKey(ID))).eTag())
          .as("a multipart ETag").contains("-");
    }
  }

  @S3ServerTest
  void unsafeOperations_areRefusedBeforeSending(S3TestServer server) {
    try (S3Client raw = server.rawClient(); HipaaS3Client s3 = client(server)) {
      String bucket = server.createBucket(raw);
      assertThatThrownBy(() -> s3.createMultipartUpload(b -> b.bucket(bucket).key(ID)))
          .isInstanceOfSatisfying(HipaaS3PolicyViolationException.class, e -> assertThat(
              e.violationCode()).isEqualTo(ViolationCode.OPERATION_REFUSED))
          .hasMessageContaining("putObject");
      assertThatThrownBy(() -> s3.copyObject(b -> b.sourceBucket(bucket).sourceKey(ID)
          .destinationBucket(bucket).destinationKey(ID + "2")
          .metadataDirective(MetadataDirective.REPLACE)))
          .isInstanceOfSatisfying(HipaaS3PolicyViolationException.class, e -> assertThat(
              e.violationCode()).isEqualTo(ViolationCode.ENCRYPTION_CONFLICT));
      assertThatThrownBy(() -> s3.putObject(b -> b.bucket(bucket).key(ID)
          .metadata(Map.of("x-amz-d", "forged")), RequestBody.fromBytes(BODY)))
          .isInstanceOfSatisfying(HipaaS3PolicyViolationException.class, e -> assertThat(
              e.violationCode()).isEqualTo(ViolationCode.ENCRYPTION_CONFLICT));
      assertThatThrownBy(() -> s3.putObject(b -> b.bucket(bucket).key(ID)
          .metadata(Map.of("Hipaa-S3-Binding", "forged")), RequestBody.fromBytes(BODY)))
          .isInstanceOfSatisfying(HipaaS3PolicyViolationException.class, e -> assertThat(
              e.violationCode()).isEqualTo(ViolationCode.ENCRYPTION_CONFLICT));
      assertThat(raw.listObjectsV2(b -> b.bucket(bucket)).contents()).isEmpty();
    }
  }

  @S3ServerTest
  void rsaKeyPair_roundTrips(S3TestServer server) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair pair = generator.generateKeyPair();
    try (S3Client raw = server.rawClient();
        HipaaS3Client s3 = server.hipaaClientBuilder(EncryptionMode.clientSideRsa(pair))
            .build()) {
      String bucket = server.createBucket(raw);
      s3.putObject(b -> b.bucket(bucket).key(ID), RequestBody.fromBytes(BODY));
      assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key(ID)).asByteArray())
          .isEqualTo(BODY);
      assertThat(raw.headObject(b -> b.bucket(bucket).key(s3.objectKey(ID))).metadata())
          .containsEntry("x-amz-w", "22");
    }
  }

  @S3ServerTest
  void kmsKeyring_withEncryptionContext_roundTripsAndScreensTheContext(S3TestServer server) {
    server.assumeCapability(Capability.KMS);
    try (S3Client raw = server.rawClient(); KmsClient kms = server.kmsClient()) {
      String arn = kms.createKey().keyMetadata().arn();
      try (HipaaS3Client s3 = server.hipaaClientBuilder(EncryptionMode.clientSideKms(kms, arn))
          .build()) {
        String bucket = server.createBucket(raw);
        Map<String, String> context = Map.of("document-class", "lab-report");
        s3.putObject(b -> b.bucket(bucket).key(ID).overrideConfiguration(
            S3EncryptionClient.withAdditionalConfiguration(context)), RequestBody.fromBytes(BODY));
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key(ID).overrideConfiguration(
            S3EncryptionClient.withAdditionalConfiguration(context))).asByteArray())
            .isEqualTo(BODY);
        assertThat(raw.headObject(b -> b.bucket(bucket).key(s3.objectKey(ID))).metadata())
            .containsEntry("x-amz-w", "12");
        assertThatThrownBy(() -> s3.putObject(b -> b.bucket(bucket).key(ID)
            .overrideConfiguration(S3EncryptionClient.withAdditionalConfiguration(
                Map.of("patient-ssn", "123-45-6789"))), RequestBody.fromBytes(BODY)))
            .isInstanceOfSatisfying(HipaaS3PolicyViolationException.class, e -> assertThat(
                e.violationCode()).isEqualTo(ViolationCode.PHI_DETECTED))
            .hasMessageContaining("EncryptionContext")
            .hasMessageNotContaining("123-45-6789");
      }
    }
  }
}
