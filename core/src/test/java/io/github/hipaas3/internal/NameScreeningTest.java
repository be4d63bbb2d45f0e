package io.github.hipaas3.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.hipaas3.HipaaS3Client;
import io.github.hipaas3.HipaaS3PolicyViolationException;
import io.github.hipaas3.KeyMode;
import io.github.hipaas3.ViolationCode;
import io.github.hipaas3.testing.RecordingHttpClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.protocol.MarshallingType;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Request;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.utils.builder.SdkBuilder;

/**
 * Every String field of every allowed request is screened unless it is on the reviewed opaque
 * list. The test is generic over the SDK model, so a field a future SDK adds is covered.
 */
class NameScreeningTest {
  static final String SSN = "123-45-6789";

  private static Set<Class<? extends S3Request>> allowed() {
    Set<Class<? extends S3Request>> classes = new java.util.LinkedHashSet<>();
    OperationTable.rules().forEach((c, rule) -> {
      if (rule.disposition() != Disposition.REFUSE) {
        classes.add(c);
      }
    });
    return classes;
  }

  private static SdkBuilder<?, ?> builderOf(Class<?> requestClass) throws Exception {
    return (SdkBuilder<?, ?>) requestClass.getMethod("builder").invoke(null);
  }

  private static String phiValueFor(String field) {
    if ("Tagging".equals(field)) {
      return "patient-ssn=" + SSN;
    }
    if ("SSEKMSEncryptionContext".equals(field)) {
      return Base64.getEncoder().encodeToString(("{\"patient\":\"" + SSN + "\"}")
          .getBytes(StandardCharsets.UTF_8));
    }
    return "x-" + SSN;
  }

  @Test
  void everyNonOpaqueStringField_isScreened() throws Exception {
    List<String> checked = new ArrayList<>();
    NamePolicy names = new NamePolicy(KeyMode.PASS_THROUGH,
        io.github.hipaas3.PhiDetectors.defaults());
    for (Class<? extends S3Request> c : allowed()) {
      OperationRule rule = OperationTable.ruleFor(c).orElseThrow();
      for (SdkField<?> field : ((SdkPojo) builderOf(c)).sdkFields()) {
        String name = field.memberName();
        boolean acl = RequestChecks.ACL_FIELDS.contains(name);
        if (acl || Formats.fields().contains(name)) {
          continue;
        }
        SdkBuilder<?, ?> builder = builderOf(c);
        if (field.marshallingType() == MarshallingType.STRING) {
          field.set(builder, phiValueFor(name));
        } else if (field.marshallingType() == MarshallingType.MAP) {
          field.set(builder, Map.of("note", SSN));
        } else {
          continue;
        }
        S3Request request = (S3Request) builder.build();
        Throwable t = catchThrowable(() -> names.screen(rule, request));
        assertThat(t).as(c.getSimpleName() + "." + name)
            .isInstanceOfSatisfying(HipaaS3PolicyViolationException.class,
                e -> assertThat(e.violationCode()).isEqualTo(ViolationCode.PHI_DETECTED));
        assertThat(t.getMessage()).as(c.getSimpleName() + "." + name)
            .contains(name).doesNotContain(SSN);
        checked.add(c.getSimpleName() + "." + name);
      }
    }
    assertThat(checked).contains("PutObjectRequest.Key", "PutObjectRequest.Metadata",
        "PutObjectRequest.ContentDisposition", "PutObjectRequest.Tagging",
        "PutObjectRequest.SSEKMSEncryptionContext", "GetObjectRequest.ResponseContentDisposition",
        "CopyObjectRequest.SourceKey", "CopyObjectRequest.CopySource",
        "ListObjectsV2Request.Prefix", "ListObjectsV2Request.StartAfter",
        "CreateBucketRequest.Bucket", "HeadBucketRequest.Bucket");
  }

  @Test
  void everyFieldWithAFormat_refusesPhiInIt() throws Exception {
    List<String> checked = new ArrayList<>();
    NamePolicy names = new NamePolicy(KeyMode.PASS_THROUGH,
        io.github.hipaas3.PhiDetectors.defaults());
    for (Class<? extends S3Request> c : allowed()) {
      OperationRule rule = OperationTable.ruleFor(c).orElseThrow();
      for (SdkField<?> field : ((SdkPojo) builderOf(c)).sdkFields()) {
        String name = field.memberName();
        if (!Formats.fields().contains(name)
            || field.marshallingType() != MarshallingType.STRING) {
          continue;
        }
        for (String phi : List.of(SSN, "x-" + SSN, "jane.doe@example.com",
            "abcdefgh" + SSN + "ijkl", "(212) 555-0143")) {
          SdkBuilder<?, ?> builder = builderOf(c);
          field.set(builder, phi);
          S3Request request = (S3Request) builder.build();
          Throwable t = catchThrowable(() -> names.screen(rule, request));
          assertThat(t).as(c.getSimpleName() + "." + name + " = " + phi)
              .isInstanceOfSatisfying(HipaaS3PolicyViolationException.class,
                  e -> assertThat(e.violationCode()).isIn(ViolationCode.PHI_DETECTED,
                      ViolationCode.INVALID_VALUE));
          assertThat(t.getMessage()).doesNotContain(phi).doesNotContain(SSN);
        }
        checked.add(c.getSimpleName() + "." + name);
      }
    }
    assertThat(checked).contains("DeleteObjectRequest.VersionId",
        "CompleteMultipartUploadRequest.UploadId", "ListObjectsV2Request.ContinuationToken",
        "GetObjectRequest.IfMatch", "HeadObjectRequest.ExpectedBucketOwner",
        "PutObjectRequest.ChecksumCRC32C", "GetObjectRequest.Range");
  }

  @Test
  void formats_nameOnlyFieldsThatExist() throws Exception {
    Set<String> stringFields = new TreeSet<>();
    for (Class<? extends S3Request> c : allowed()) {
      collect(((SdkPojo) builderOf(c)).sdkFields(), stringFields, new java.util.HashSet<>());
    }
    assertThat(stringFields).containsAll(Formats.fields());
  }

  private static void collect(List<SdkField<?>> fields, Set<String> out, Set<Class<?>> seen) {
    for (SdkField<?> f : fields) {
      MarshallingType<?> t = f.marshallingType();
      Object nested = null;
      if (t == MarshallingType.STRING) {
        out.add(f.memberName());
      } else if (t == MarshallingType.SDK_POJO) {
        nested = f.constructor().get();
      } else if (t == MarshallingType.LIST) {
        SdkField<?> member = f.getTrait(ListTrait.class).memberFieldInfo();
        if (member.marshallingType() == MarshallingType.STRING) {
          out.add(f.memberName());
        } else if (member.marshallingType() == MarshallingType.SDK_POJO) {
          nested = member.constructor().get();
        }
      }
      if (nested instanceof SdkPojo && seen.add(nested.getClass())) {
        collect(((SdkPojo) nested).sdkFields(), out, seen);
      }
    }
  }

  private static void refused(Consumer<HipaaS3Client> call, String field) {
    RecordingHttpClient http = new RecordingHttpClient();
    try (HipaaS3Client s3 = http.hipaaClientBuilder().build()) {
      assertThatThrownBy(() -> call.accept(s3))
          .isInstanceOfSatisfying(HipaaS3PolicyViolationException.class,
              e -> assertThat(e.violationCode()).isEqualTo(ViolationCode.PHI_DETECTED))
          .hasMessageContaining(field)
          .message().doesNotContain(SSN).doesNotContain("6789");
      assertThat(http.requests()).as("nothing sent").isEmpty();
    }
  }

  @Test
  void nestedAndEncodedNames_areScreenedInHashedMode() {
    refused(s3 -> s3.putObjectTagging(b -> b.bucket("b").key("doc").tagging(t -> t.tagSet(
        Tag.builder().key("class").value("ssn " + SSN).build()))), "Tagging.TagSet.Value");
    refused(s3 -> s3.putObjectTagging(b -> b.bucket("b").key("doc").tagging(t -> t.tagSet(
        Tag.builder().key(SSN).value("v").build()))), "Tagging.TagSet.Key");
    refused(s3 -> s3.putObject(b -> b.bucket("b").key("doc")
        .tagging("class=lab&patient=" + SSN.replace("-", "%2D")),
        RequestBody.fromString("x")), "Tagging (a tag value)");
    refused(s3 -> s3.putObject(b -> b.bucket("b").key("doc")
        .metadata(Map.of("ssn-" + SSN, "x")), RequestBody.fromString("x")),
        "Metadata (a name)");
    refused(s3 -> s3.putObject(b -> b.bucket("b").key("doc")
        .metadata(Map.of("note", "call 212-555-0143")), RequestBody.fromString("x")),
        "NANP_PHONE");
    refused(s3 -> s3.putObject(b -> b.bucket("b").key("doc")
        .contentDisposition("attachment; filename=\"" + SSN + ".pdf\""),
        RequestBody.fromString("x")), "ContentDisposition");
    refused(s3 -> s3.listObjectsV2(b -> b.bucket("b").prefix("patients/" + SSN)), "Prefix");
    refused(s3 -> s3.headBucket(b -> b.bucket("clinic-" + SSN)), "Bucket");
    refused(s3 -> s3.createBucket(b -> b.bucket("mrn-4242424242")), "Bucket");
  }

  @Test
  void businessNames_pass() {
    RecordingHttpClient http = new RecordingHttpClient();
    try (HipaaS3Client s3 = http.hipaaClientBuilder().build()) {
      s3.putObject(b -> b.bucket("clinic-records-prod").key("patients/" + SSN + "/xray.png")
          .contentType("image/png")
          .contentDisposition("attachment; filename=\"xray.png\"")
          .tagging("class=lab-report&department=radiology")
          .metadata(Map.of("document-type", "lab-report", "department", "radiology",
              "content-version", "3", "source-system", "epic", "uploaded-by", "svc-ingest")),
          RequestBody.fromString("x"));
      s3.deleteObjects(b -> b.bucket("clinic-records-prod").delete(d -> d.objects(
          ObjectIdentifier.builder().key("patients/" + SSN).build())));
      assertThat(http.requests()).hasSize(2);
      assertThat(http.wireText()).doesNotContain(SSN);
    }
  }
}
