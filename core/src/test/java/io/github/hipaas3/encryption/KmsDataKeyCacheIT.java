package io.github.hipaas3.encryption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.hipaas3.EncryptionMode;
import io.github.hipaas3.HipaaS3Client;
import io.github.hipaas3.HipaaS3ConfigurationException;
import io.github.hipaas3.HipaaS3PolicyViolationException;
import io.github.hipaas3.HipaaS3SecurityException;
import io.github.hipaas3.KmsDataKeyCache;
import io.github.hipaas3.ViolationCode;
import io.github.hipaas3.testing.Capability;
import io.github.hipaas3.testing.S3ServerTest;
import io.github.hipaas3.testing.S3TestServer;
import io.github.hipaas3.testing.TestSecrets;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.encryption.s3.S3EncryptionClient;
import software.amazon.encryption.s3.materials.KmsKeyring;

/**
 * Issue 15, item 4: the opt-in KMS data key cache. Counts the KMS calls of the mode's KMS
 * client on moto, checks that objects written with a shared data key are still bound to their
 * bucket and key (by the v2 tag over the message ID and key commitment), and that they
 * interoperate with clients without the cache and with the stock S3 Encryption Client.
 */
class KmsDataKeyCacheIT {
  static final String ID_A = "patients/a/notes.txt";
  static final String ID_B = "patients/b/notes.txt";
  static final byte[] BODY_A = "Patient A: potassium 4.1 mmol/L".getBytes(StandardCharsets.UTF_8);
  static final byte[] BODY_B = "Patient B: HIV viral load undetectable"
      .getBytes(StandardCharsets.UTF_8);

  /** Records the operation of every call made on the KMS client. */
  static final class CountingKms implements ExecutionInterceptor {
    final List<String> calls = new CopyOnWriteArrayList<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context,
        ExecutionAttributes attributes) {
      calls.add(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
    }
  }

  static KmsClient countedKms(S3TestServer server, CountingKms counter) {
    return KmsClient.builder().region(server.region()).endpointOverride(server.endpoint())
        .credentialsProvider(server.credentials())
        .httpClientBuilder(ApacheHttpClient.builder().tlsTrustManagersProvider(server.trust()))
        .overrideConfiguration(o -> o.addExecutionInterceptor(counter)).build();
  }

  static HipaaS3Client client(S3TestServer server, KmsClient kms, String arn,
      KmsDataKeyCache cache) {
    HipaaS3Client.Builder builder =
        server.hipaaClientBuilder(EncryptionMode.clientSideKms(kms, arn));
    return (cache == null ? builder : builder.kmsDataKeyCache(cache)).build();
  }

  @S3ServerTest
  void thousandSmallPutsAndGets_makeAtMostTenKmsCallsWithTheCache_andOnePerObjectWithout(
      S3TestServer server) {
    server.assumeCapability(Capability.KMS);
    CountingKms counter = new CountingKms();
    try (S3Client raw = server.rawClient(); KmsClient kms = countedKms(server, counter)) {
      String arn = kms.createKey().keyMetadata().arn();
      String bucket = server.createBucket(raw);
      int objects = 1000;
      try (HipaaS3Client s3 = client(server, kms, arn, KmsDataKeyCache.defaults())) {
        counter.calls.clear();
        for (int i = 0; i < objects; i++) {
          int n = i;
          s3.putObject(b -> b.bucket(bucket).key("cached/" + n), RequestBody.fromBytes(BODY_A));
        }
        for (int i = 0; i < objects; i++) {
          int n = i;
          assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("cached/" + n))
              .asByteArray()).isEqualTo(BODY_A);
        }
        System.out.printf("KmsDataKeyCacheIT: %d puts and %d gets with the cache: KMS calls %s%n",
            objects, objects, counter.calls);
        assertThat(counter.calls).as("KMS calls for %d puts and %d gets", objects, objects)
            .hasSizeLessThanOrEqualTo(10).contains("GenerateDataKey", "Decrypt");
      }
      int uncached = 20;
      try (HipaaS3Client s3 = client(server, kms, arn, null)) {
        counter.calls.clear();
        for (int i = 0; i < uncached; i++) {
          int n = i;
          s3.putObject(b -> b.bucket(bucket).key("plain/" + n), RequestBody.fromBytes(BODY_A));
          assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("plain/" + n))
              .asByteArray()).isEqualTo(BODY_A);
        }
        assertThat(counter.calls).as("one GenerateDataKey and one Decrypt per object")
            .hasSize(2 * uncached)
            .containsOnly("GenerateDataKey", "Decrypt");
      }
    }
  }

  @S3ServerTest
  void substitutedOrStrippedTags_failAndReleaseNothing(S3TestServer server) {
    server.assumeCapability(Capability.KMS);
    try (S3Client raw = server.rawClient(); KmsClient kms = server.kmsClient()) {
      String arn = kms.createKey().keyMetadata().arn();
      try (HipaaS3Client s3 = client(server, kms, arn, KmsDataKeyCache.defaults())) {
        String bucket = server.createBucket(raw);
        s3.putObject(b -> b.bucket(bucket).key(ID_A), RequestBody.fromBytes(BODY_A));
        s3.putObject(b -> b.bucket(bucket).key(ID_B), RequestBody.fromBytes(BODY_B));
        String storedA = s3.objectKey(ID_A);
        String storedB = s3.objectKey(ID_B);
        ResponseBytes<GetObjectResponse> a = raw.getObjectAsBytes(b -> b.bucket(bucket)
            .key(storedA));
        ResponseBytes<GetObjectResponse> b0 = raw.getObjectAsBytes(b -> b.bucket(bucket)
            .key(storedB));
        Map<String, String> metaA = a.response().metadata();
        Map<String, String> metaB = b0.response().metadata();
        // One data key for both; the KMS context names the bucket, not the key.
        assertThat(metaA.get("x-amz-3")).isEqualTo(metaB.get("x-amz-3"));
        assertThat(metaA.get("x-amz-t")).contains("hipaa-s3:binding").doesNotContain(storedA);
        assertThat(metaA.get("hipaa-s3-binding")).matches("[bcdfghjkmnpqrstv]{64}")
            .isNotEqualTo(metaB.get("hipaa-s3-binding"));

        // A's body and envelope at B's key, with B's tag.
        Map<String, String> forged = new HashMap<>(metaA);
        forged.put("hipaa-s3-binding", metaB.get("hipaa-s3-binding"));
        raw.putObject(b -> b.bucket(bucket).key(storedB).metadata(forged),
            RequestBody.fromBytes(a.asByteArray()));
        assertDecryptionFailed(s3, bucket, ID_B);
        // A's body and envelope at B's key, with A's own tag (a plain copy).
        raw.putObject(b -> b.bucket(bucket).key(storedB).metadata(metaA),
            RequestBody.fromBytes(a.asByteArray()));
        assertDecryptionFailed(s3, bucket, ID_B);
        // B's envelope with A's tag, in place.
        Map<String, String> swapped = new HashMap<>(metaB);
        swapped.put("hipaa-s3-binding", metaA.get("hipaa-s3-binding"));
        raw.putObject(b -> b.bucket(bucket).key(storedB).metadata(swapped),
            RequestBody.fromBytes(b0.asByteArray()));
        assertDecryptionFailed(s3, bucket, ID_B);
        // B's tag stripped: the marker in the authenticated KMS context requires it.
        Map<String, String> stripped = new HashMap<>(metaB);
        stripped.remove("hipaa-s3-binding");
        raw.putObject(b -> b.bucket(bucket).key(storedB).metadata(stripped),
            RequestBody.fromBytes(b0.asByteArray()));
        assertDecryptionFailed(s3, bucket, ID_B);
        try (HipaaS3Client noCache = client(server, kms, arn, null)) {
          assertDecryptionFailed(noCache, bucket, ID_B);
        }
        // Restored, B reads again; A was never touched.
        raw.putObject(b -> b.bucket(bucket).key(storedB).metadata(metaB),
            RequestBody.fromBytes(b0.asByteArray()));
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key(ID_B)).asByteArray())
            .isEqualTo(BODY_B);
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key(ID_A)).asByteArray())
            .isEqualTo(BODY_A);
      }
    }
  }

  static void assertDecryptionFailed(HipaaS3Client s3, String bucket, String id) {
    assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket(bucket).key(id)))
        .isInstanceOfSatisfying(HipaaS3SecurityException.class, e -> assertThat(
            e.violationCode()).isEqualTo(ViolationCode.DECRYPTION_FAILED))
        .hasMessageNotContaining(id);
  }

  @S3ServerTest
  void cachedAndUncachedObjects_readEitherWay_andWithTheStockClient(S3TestServer server) {
    server.assumeCapability(Capability.KMS);
    try (S3Client raw = server.rawClient(); KmsClient kms = server.kmsClient()) {
      String arn = kms.createKey().keyMetadata().arn();
      Map<String, String> context = Map.of("document-class", "lab-report");
      try (HipaaS3Client cached = client(server, kms, arn, KmsDataKeyCache.defaults());
          HipaaS3Client plain = client(server, kms, arn, null);
          S3EncryptionClient stock = S3EncryptionClient.builderV4()
              .wrappedClient(server.rawClient())
              .wrappedAsyncClient(server.rawAsyncClient())
              .keyring(KmsKeyring.builder().kmsClient(kms).wrappingKeyId(arn).build())
              .build()) {
        String bucket = server.createBucket(raw);
        cached.putObject(b -> b.bucket(bucket).key(ID_A).overrideConfiguration(
            S3EncryptionClient.withAdditionalConfiguration(context)),
            RequestBody.fromBytes(BODY_A));
        plain.putObject(b -> b.bucket(bucket).key(ID_B), RequestBody.fromBytes(BODY_B));
        // Cache-written (v2) by both clients; context-bound (v1) by both clients.
        for (HipaaS3Client reader : List.of(cached, plain)) {
          assertThat(reader.getObjectAsBytes(b -> b.bucket(bucket).key(ID_A)
              .overrideConfiguration(S3EncryptionClient.withAdditionalConfiguration(context)))
              .asByteArray()).isEqualTo(BODY_A);
          assertThat(reader.getObjectAsBytes(b -> b.bucket(bucket).key(ID_B)).asByteArray())
              .isEqualTo(BODY_B);
        }
        // The stock client reads the cache-written object with the caller's context, the
        // bucket and the marker.
        Map<String, String> expected = new HashMap<>(context);
        expected.put("hipaa-s3:bucket", bucket);
        expected.put("hipaa-s3:binding", "v2");
        assertThat(stock.getObjectAsBytes(b -> b.bucket(bucket).key(cached.objectKey(ID_A))
            .overrideConfiguration(S3EncryptionClient.withAdditionalConfiguration(expected)))
            .asByteArray()).isEqualTo(BODY_A);
        // A ranged get of a cache-written object cannot check its tag: refused.
        try (HipaaS3Client ranged = server.hipaaClientBuilder(
            EncryptionMode.clientSideKms(kms, arn)).kmsDataKeyCache(KmsDataKeyCache.defaults())
            .insecureAllowUnauthenticatedRangedGets(true).build()) {
          assertThatThrownBy(() -> ranged.getObjectAsBytes(b -> b.bucket(bucket).key(ID_A)
              .range("bytes=0-4").overrideConfiguration(
                  S3EncryptionClient.withAdditionalConfiguration(context))))
              .isInstanceOfSatisfying(HipaaS3PolicyViolationException.class, e -> assertThat(
                  e.violationCode()).isEqualTo(ViolationCode.OPERATION_REFUSED))
              .hasMessageContaining("whole object");
          assertThat(ranged.getObjectAsBytes(b -> b.bucket(bucket).key(ID_B)
              .range("bytes=0-6")).asUtf8String()).isEqualTo("Patient");
        }
      }
    }
  }

  @S3ServerTest
  void theSettingsShowInPolicy_andOtherModesRefuseThem(S3TestServer server) {
    server.assumeCapability(Capability.KMS);
    try (KmsClient kms = server.kmsClient()) {
      String arn = kms.createKey().keyMetadata().arn();
      KmsDataKeyCache bounds = new KmsDataKeyCache(java.time.Duration.ofMinutes(2), 50,
          1024 * 1024, 7);
      try (HipaaS3Client s3 = client(server, kms, arn, bounds);
          HipaaS3Client off = client(server, kms, arn, null)) {
        assertThat(s3.policy().encryption().kmsDataKeyCache()).isEqualTo(bounds);
        assertThat(s3.policy().toString()).contains("maxObjectsPerKey=50");
        assertThat(off.policy().encryption().kmsDataKeyCache()).isNull();
        assertThat(off.policy().toString()).contains("kmsDataKeyCache=off");
      }
    }
    assertThatThrownBy(() -> server.hipaaClientBuilder(
        EncryptionMode.clientSideAes(TestSecrets.aesKey()))
        .kmsDataKeyCache(KmsDataKeyCache.defaults()).build())
        .isInstanceOf(HipaaS3ConfigurationException.class)
        .hasMessageContaining("clientSideKms");
  }
}
