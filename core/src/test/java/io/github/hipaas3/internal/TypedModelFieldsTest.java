package io.github.hipaas3.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.hipaas3.EncryptionMode.Kind;
import io.github.hipaas3.ObjectRetention;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectAttributesRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.ListPartsRequest;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Request;
import software.amazon.awssdk.services.s3.model.UploadPartCopyRequest;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.utils.builder.SdkBuilder;

/**
 * Model fields fail closed: setting a member a model type lacks throws, and the Object Lock and
 * encryption fields go through each request type's typed builder methods.
 */
class TypedModelFieldsTest {
  private static final List<Class<? extends S3Request>> CREATE_OBJECT = List.of(
      PutObjectRequest.class, CopyObjectRequest.class, CreateMultipartUploadRequest.class);

  private static final List<Class<? extends S3Request>> SSE_C_TYPES = List.of(
      PutObjectRequest.class, CopyObjectRequest.class, CreateMultipartUploadRequest.class,
      UploadPartRequest.class, UploadPartCopyRequest.class, CompleteMultipartUploadRequest.class,
      GetObjectRequest.class, HeadObjectRequest.class, GetObjectAttributesRequest.class,
      ListPartsRequest.class);

  // ModelFields.set

  @Test
  void settingAMemberTheModelLacks_throws() {
    DeleteObjectRequest request = DeleteObjectRequest.builder().bucket("b").key("k").build();
    DeleteObjectRequest.Builder builder = request.toBuilder();
    assertThatThrownBy(() -> ModelFields.set(request, builder, "ObjectLockMode", "COMPLIANCE"))
        .isExactlyInstanceOf(IllegalStateException.class)
        .hasMessage("No member ObjectLockMode on " + DeleteObjectRequest.class.getName());
    assertThat(builder.build()).isEqualTo(request);
  }

  @Test
  void settingAMemberTheModelHas_setsIt() {
    CompletedPart part = CompletedPart.builder().partNumber(1).build();
    CompletedPart.Builder builder = part.toBuilder();
    ModelFields.set(part, builder, "ChecksumCRC32C", "AAAAAA==");
    assertThat(builder.build().checksumCRC32C()).isEqualTo("AAAAAA==");
  }

  @Test
  void completedPartsHaveEveryChecksumMemberTheIntegrityPolicySets() {
    assertThat(memberNames(CompletedPart.builder().build()))
        .containsAll(IntegrityPolicy.VALUE_FIELDS.values());
  }

  // TypedSetters

  @Test
  void typedSetterOfAnUnlistedMember_throws() {
    DeleteObjectRequest request = DeleteObjectRequest.builder().bucket("b").key("k").build();
    assertThatThrownBy(() -> EncryptionPolicy.SETTERS.set(request, request.toBuilder(),
        EncryptionPolicy.SSE, "AES256"))
        .isExactlyInstanceOf(IllegalStateException.class)
        .hasMessage("No typed setter of ServerSideEncryption on "
            + DeleteObjectRequest.class.getName());
    GetObjectRequest get = GetObjectRequest.builder().bucket("b").key("k").build();
    assertThatThrownBy(() -> RetentionPolicy.SETTERS.set(get, get.toBuilder(),
        RetentionPolicy.MODE, "COMPLIANCE"))
        .isExactlyInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> EncryptionPolicy.SETTERS.set(get, get.toBuilder(),
        EncryptionPolicy.SSE, "AES256"))
        .isExactlyInstanceOf(IllegalStateException.class);
  }

  @Test
  void encryptionTable_listsEveryOwnedFieldOfEachRequestTypeThatGetsOne() throws Exception {
    assertThat(EncryptionPolicy.SETTERS.types()).containsExactlyInAnyOrderElementsOf(SSE_C_TYPES);
    for (Class<? extends S3Request> type : SSE_C_TYPES) {
      Set<String> owned = new TreeSet<>(memberNames(empty(type)));
      owned.retainAll(EncryptionPolicy.OWNED_FIELDS);
      assertThat(new TreeSet<>(EncryptionPolicy.SETTERS.members(type)))
          .as(type.getSimpleName()).isEqualTo(owned);
    }
  }

  @Test
  void retentionTable_listsTheObjectLockFieldsOfEachWriteThatCreatesAnObject() {
    assertThat(RetentionPolicy.SETTERS.types()).containsExactlyInAnyOrderElementsOf(CREATE_OBJECT);
    for (Class<? extends S3Request> type : CREATE_OBJECT) {
      assertThat(RetentionPolicy.SETTERS.members(type)).as(type.getSimpleName())
          .containsExactlyInAnyOrder(RetentionPolicy.MODE, RetentionPolicy.UNTIL,
              RetentionPolicy.HOLD);
    }
  }

  @Test
  void eachTypedSetter_setsTheMemberItIsListedFor() throws Exception {
    for (TypedSetters table : List.of(EncryptionPolicy.SETTERS, RetentionPolicy.SETTERS)) {
      for (Class<?> type : table.types()) {
        for (String member : table.members(type)) {
          S3Request request = empty(type);
          S3Request.Builder builder = request.toBuilder();
          Object value = sample(member);
          table.set(request, builder, member, value);
          S3Request built = builder.build();
          assertThat(built.getValueForField(member, Object.class))
              .as(type.getSimpleName() + "." + member).contains(value);
          assertThat(changedMembers(request, built)).as(type.getSimpleName() + "." + member)
              .containsExactly(member);
        }
      }
    }
  }

  // The policies

  @Test
  void sseKms_setsTheServerSideFieldsOnEachWriteThatCreatesAnObject() throws Exception {
    EncryptionPolicy policy = new EncryptionPolicy(Kind.SSE_KMS, "arn:aws:kms:k", null, false,
        bucket -> false);
    for (Class<? extends S3Request> type : CREATE_OBJECT) {
      S3Request sent = policy.apply(rule(type), addressed(type));
      assertThat(sent.getValueForField(EncryptionPolicy.SSE, String.class))
          .as(type.getSimpleName()).contains("aws:kms");
      assertThat(sent.getValueForField(EncryptionPolicy.KMS_KEY, String.class))
          .as(type.getSimpleName()).contains("arn:aws:kms:k");
      assertThat(sent.getValueForField(EncryptionPolicy.BUCKET_KEY, Boolean.class))
          .as(type.getSimpleName()).contains(true);
    }
  }

  @Test
  void sseC_setsTheKeyOnEachRequestThatAddressesAnObject() throws Exception {
    EncryptionPolicy.SseCKey key = new EncryptionPolicy.SseCKey(null, "bWQ1", () -> "a2V5");
    EncryptionPolicy.SseCKeys keys = new EncryptionPolicy.SseCKeys() {
      @Override
      public EncryptionPolicy.SseCKey writeKey(String bucket, String storedKey) {
        return key;
      }

      @Override
      public EncryptionPolicy.SseCKey readKey(String bucket, String storedKey, int attempt) {
        return key;
      }

      @Override
      public int readKeyCount(String bucket, String storedKey) {
        return 1;
      }
    };
    EncryptionPolicy policy = new EncryptionPolicy(Kind.SSE_C, null, keys, false,
        bucket -> false);
    for (Class<? extends S3Request> type : SSE_C_TYPES) {
      S3Request sent = policy.apply(rule(type), addressed(type));
      Map<String, Object> expected = new java.util.TreeMap<>(Map.of(
          EncryptionPolicy.SSEC_ALG, "AES256", EncryptionPolicy.SSEC_KEY, "a2V5",
          EncryptionPolicy.SSEC_MD5, "bWQ1"));
      if (type == CopyObjectRequest.class || type == UploadPartCopyRequest.class) {
        expected.putAll(Map.of(EncryptionPolicy.SRC_ALG, "AES256",
            EncryptionPolicy.SRC_KEY, "a2V5", EncryptionPolicy.SRC_MD5, "bWQ1"));
      }
      for (Map.Entry<String, Object> e : expected.entrySet()) {
        assertThat(sent.getValueForField(e.getKey(), Object.class))
            .as(type.getSimpleName() + "." + e.getKey()).contains(e.getValue());
      }
    }
  }

  @Test
  void retention_setsTheObjectLockFieldsOnEachWriteThatCreatesAnObject() throws Exception {
    ObjectRetention retention = ObjectRetention.defaults().withLegalHold(true);
    RetentionPolicy policy = new RetentionPolicy(false, false, retention, false, null);
    for (Class<? extends S3Request> type : CREATE_OBJECT) {
      S3Request sent = policy.apply(rule(type), addressed(type));
      assertThat(sent.getValueForField(RetentionPolicy.MODE, String.class))
          .as(type.getSimpleName()).contains(retention.mode().toString());
      assertThat(sent.getValueForField(RetentionPolicy.UNTIL, Instant.class))
          .as(type.getSimpleName()).isPresent();
      assertThat(sent.getValueForField(RetentionPolicy.HOLD, String.class))
          .as(type.getSimpleName()).contains("ON");
    }
    S3Request stronger = policy.apply(rule(PutObjectRequest.class),
        PutObjectRequest.builder().bucket("b").key("k").objectLockMode(ObjectLockMode.COMPLIANCE)
            .build());
    assertThat(stronger.getValueForField(RetentionPolicy.MODE, String.class))
        .contains("COMPLIANCE");
  }

  // Helpers

  private static OperationRule rule(Class<?> type) {
    return OperationTable.ruleFor(type).orElseThrow();
  }

  private static S3Request empty(Class<?> type) throws Exception {
    Object builder = type.getMethod("builder").invoke(null);
    return (S3Request) ((SdkBuilder<?, ?>) builder).build();
  }

  /** A request of the type that names a bucket and key (and a copy source). */
  private static S3Request addressed(Class<? extends S3Request> type) throws Exception {
    S3Request request = empty(type);
    S3Request.Builder builder = request.toBuilder();
    for (String member : List.of("Bucket", "Key", "DestinationBucket", "DestinationKey",
        "SourceBucket", "SourceKey", "UploadId")) {
      if (ModelFields.field(request, member).isPresent()) {
        ModelFields.set(request, builder, member, member.toLowerCase(java.util.Locale.ROOT));
      }
    }
    if (ModelFields.field(request, "PartNumber").isPresent()) {
      ModelFields.set(request, builder, "PartNumber", 1);
    }
    return builder.build();
  }

  private static Object sample(String member) {
    if (member.equals(EncryptionPolicy.BUCKET_KEY)) {
      return Boolean.TRUE;
    }
    if (member.equals(RetentionPolicy.UNTIL)) {
      return Instant.parse("2040-01-01T00:00:00Z");
    }
    return "value-of-" + member;
  }

  private static Set<String> memberNames(SdkPojo pojo) {
    return pojo.sdkFields().stream().map(SdkField::memberName).collect(Collectors.toSet());
  }

  private static Set<String> changedMembers(SdkPojo before, SdkPojo after) {
    return before.sdkFields().stream()
        .filter(f -> !Objects.equals(f.getValueOrDefault(before), f.getValueOrDefault(after)))
        .map(SdkField::memberName).collect(Collectors.toSet());
  }
}
