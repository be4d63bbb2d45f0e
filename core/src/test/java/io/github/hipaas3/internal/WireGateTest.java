package io.github.hipaas3.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.hipaas3.HipaaS3Client;
import io.github.hipaas3.HipaaS3PolicyViolationException;
import io.github.hipaas3.PhiDetectors;
import io.github.hipaas3.ViolationCode;
import io.github.hipaas3.testing.RecordingHttpClient;
import io.github.hipaas3.testing.WireTamperer;
import java.net.URI;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** The wire gate's checks one by one, on real requests captured just before transmission. */
class WireGateTest {
  private static final io.github.hipaas3.internal.NamePolicy NAMES =
      new io.github.hipaas3.internal.NamePolicy(io.github.hipaas3.KeyMode.HASHED,
          io.github.hipaas3.PhiDetectors.defaults());
  static final WireInvariants KMS = new WireInvariants("aws:kms",
      io.github.hipaas3.testing.TestSecrets.KMS_KEY_ARN, java.util.Set.of("COMPLIANCE"), false,
      false);
  private static final WireGate TEST_ENDPOINT = new WireGate(WireGate.Service.S3,
      Region.US_EAST_1, URI.create("https://s3.test.invalid"),
        NAMES, false, KMS);

  @AfterEach
  void reset() {
    WireTamperer.reset();
  }

  private static Object[] capture(boolean pathStyle, Consumer<S3Client> call) {
    RecordingHttpClient http = new RecordingHttpClient();
    try (HipaaS3Client client = http.hipaaClientBuilder().forcePathStyle(pathStyle).build()) {
      call.accept(client);
      return WireTamperer.last();
    }
  }

  private static Object[] put(boolean pathStyle) {
    return capture(pathStyle, s3 -> s3.putObject(b -> b.bucket("clinic-records").key("a"),
        RequestBody.fromString("body")));
  }

  private static void assertWireRefused(WireGate gate, Object[] pair, SdkHttpRequest changed) {
    assertThatThrownBy(() -> gate.check((SdkRequest) pair[0], changed))
        .isInstanceOfSatisfying(HipaaS3PolicyViolationException.class,
            e -> assertThat(e.violationCode()).isEqualTo(ViolationCode.WIRE_REFUSED));
  }

  @Test
  void pathAndVirtualHostStyle_pass_andAnotherBucketsHost_isRefused() {
    Object[] path = put(true);
    TEST_ENDPOINT.check((SdkRequest) path[0], (SdkHttpRequest) path[1]);
    Object[] virtual = put(false);
    SdkHttpRequest http = (SdkHttpRequest) virtual[1];
    assertThat(http.host()).isEqualTo("clinic-records.s3.test.invalid");
    TEST_ENDPOINT.check((SdkRequest) virtual[0], http);
    assertWireRefused(TEST_ENDPOINT, virtual,
        http.toBuilder().host("other-bucket.s3.test.invalid").build());
    assertWireRefused(TEST_ENDPOINT, virtual,
        http.toBuilder().host("clinic-records.s3.test.invalid.evil.test").build());
  }

  @Test
  void anUnsignedRequest_isRefusedAsAnonymous() {
    Object[] pair = put(true);
    SdkHttpRequest http = (SdkHttpRequest) pair[1];
    assertWireRefused(TEST_ENDPOINT, pair, http.toBuilder().removeHeader("Authorization")
        .build());
    assertWireRefused(TEST_ENDPOINT, pair, http.toBuilder()
        .putHeader("Authorization", "Basic dXNlcjpwYXNz").build());
    String signed = http.firstMatchingHeader("Authorization").orElseThrow();
    for (String forged : new String[] {signed.replace("/s3/aws4_request", "/iam/aws4_request"),
        signed.replace("Signature=", "Signature=123-45-6789"), signed.replace(", Signature=", ""),
        signed.replace("SignedHeaders=", "SignedHeaders=X-Patient;")}) {
      assertWireRefused(TEST_ENDPOINT, pair, http.toBuilder().putHeader("Authorization", forged)
          .build());
    }
  }

  @Test
  void awsEndpoints_areTheRegionsS3Hosts() {
    WireGate aws = new WireGate(WireGate.Service.S3, Region.EU_WEST_1, null,
        NAMES, false, KMS);
    Object[] pair = put(true);
    SdkHttpRequest http = (SdkHttpRequest) pair[1];
    aws.check((SdkRequest) pair[0], http.toBuilder().host("s3.eu-west-1.amazonaws.com")
        .port(443).build());
    aws.check((SdkRequest) pair[0], http.toBuilder().host("s3-fips.eu-west-1.amazonaws.com")
        .port(443).build());
    assertWireRefused(aws, pair, http.toBuilder().host("s3.us-east-1.amazonaws.com").port(443)
        .build());
    assertWireRefused(aws, pair, http.toBuilder().host("s3.eu-west-1.amazonaws.com.evil.test")
        .port(443).build());
  }

  @Test
  void aChangedLockDate_orAnEncryptionValueNotOnTheModel_isRefused() {
    Object[] pair = put(true);
    SdkHttpRequest http = (SdkHttpRequest) pair[1];
    assertWireRefused(TEST_ENDPOINT, pair, http.toBuilder()
        .putHeader("x-amz-object-lock-retain-until-date", "2027-01-01T00:00:00Z").build());
    assertWireRefused(TEST_ENDPOINT, pair, http.toBuilder()
        .removeHeader("x-amz-object-lock-mode").build());
    assertWireRefused(TEST_ENDPOINT, pair, http.toBuilder()
        .putHeader("x-amz-server-side-encryption", "AES256").build());
  }

  @Test
  void theChecksumTheSdkAdds_mustHaveItsLength() {
    Object[] pair = capture(true, s3 -> s3.putObjectLegalHold(b -> b.bucket("clinic-records")
        .key("a").legalHold(h -> h.status("ON"))));
    SdkHttpRequest http = (SdkHttpRequest) pair[1];
    TEST_ENDPOINT.check((SdkRequest) pair[0], http);
    assertWireRefused(TEST_ENDPOINT, pair, http.toBuilder()
        .putHeader("x-amz-checksum-crc32", "MTIzLTQ1LTY3ODk=").build());
  }

  @Test
  void requestBodies_areScreenedFromTheModelTheyAreMarshalledFrom() {
    Object[] tagging = capture(true, s3 -> s3.putObjectTagging(b -> b.bucket("clinic-records")
        .key("a").tagging(t -> t.tagSet(software.amazon.awssdk.services.s3.model.Tag.builder()
            .key("kind").value("lab-report").build()))));
    TEST_ENDPOINT.check((SdkRequest) tagging[0], (SdkHttpRequest) tagging[1]);
    software.amazon.awssdk.services.s3.model.PutObjectTaggingRequest changed =
        ((software.amazon.awssdk.services.s3.model.PutObjectTaggingRequest) tagging[0])
            .toBuilder().tagging(t -> t.tagSet(software.amazon.awssdk.services.s3.model.Tag
                .builder().key("ssn").value("123-45-6789").build())).build();
    assertThatThrownBy(() -> TEST_ENDPOINT.check(changed, (SdkHttpRequest) tagging[1]))
        .isInstanceOfSatisfying(HipaaS3PolicyViolationException.class, e -> {
          assertThat(e.violationCode()).isEqualTo(ViolationCode.PHI_DETECTED);
          assertThat(e.getMessage()).doesNotContain("123-45-6789");
        });

    Object[] delete = capture(true, s3 -> s3.deleteObjects(b -> b.bucket("clinic-records")
        .delete(d -> d.objects(software.amazon.awssdk.services.s3.model.ObjectIdentifier
            .builder().key("a").build()))));
    TEST_ENDPOINT.check((SdkRequest) delete[0], (SdkHttpRequest) delete[1]);
    software.amazon.awssdk.services.s3.model.DeleteObjectsRequest versions =
        ((software.amazon.awssdk.services.s3.model.DeleteObjectsRequest) delete[0]).toBuilder()
            .delete(d -> d.objects(software.amazon.awssdk.services.s3.model.ObjectIdentifier
                .builder().key("a").versionId("3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrH").build()))
            .build();
    assertWireRefused(TEST_ENDPOINT, new Object[] {versions, delete[1]},
        (SdkHttpRequest) delete[1]);
  }

  @Test
  void envelopeJson_isScreenedAsRandomText_onlyForClientSideClients() {
    Object[] pair = put(true);
    String json = "{\"hipaa-s3:binding\":\"1:q4rwJhsB6e3/K29+UGtSpYFXC0KrIYR2VV0X\"}";
    software.amazon.awssdk.services.s3.model.PutObjectRequest model =
        ((software.amazon.awssdk.services.s3.model.PutObjectRequest) pair[0]).toBuilder()
            .metadata(java.util.Map.of("x-amz-m", json)).build();
    SdkHttpRequest http = ((SdkHttpRequest) pair[1]).toBuilder()
        .putHeader("x-amz-meta-x-amz-m", json).build();
    WireGate clientSide = new WireGate(WireGate.Service.S3, Region.US_EAST_1,
        URI.create("https://s3.test.invalid"), NAMES, true, KMS);
    clientSide.check(model, http); // K29 inside random base64 is not a diagnosis
    assertThatThrownBy(() -> TEST_ENDPOINT.check(model, http))
        .isInstanceOfSatisfying(HipaaS3PolicyViolationException.class,
            e -> assertThat(e.getMessage()).contains("ICD10_CM"));
    String phi = "{\"patient\":\"123-45-6789\"}";
    software.amazon.awssdk.services.s3.model.PutObjectRequest withPhi = model.toBuilder()
        .metadata(java.util.Map.of("x-amz-m", phi)).build();
    assertWireRefused(clientSide, new Object[] {withPhi, pair[1]}, ((SdkHttpRequest) pair[1])
        .toBuilder().putHeader("x-amz-meta-x-amz-m", phi).build());
  }

  @Test
  void bindingTagWithEightDigitsInARow_passes_butTheSameDigitsInAnotherEntryDoNot() {
    Object[] pair = put(true);
    WireGate clientSide = new WireGate(WireGate.Service.S3, Region.US_EAST_1,
        URI.create("https://s3.test.invalid"), NAMES, true, KMS);
    // A real tag the benchmark met: 32 random bytes whose base64 holds "63765834".
    String tag = "Afi63765834vQygTUYSAyPT/0zEtjSjJ4vOxFPd5qw8=";
    for (String json : new String[] {"{\"hipaa-s3:binding\":\"1:" + tag + "\"}",
        "{\"kms_cmk_id\":\"alias/records\",\"hipaa-s3:binding\":\"1:" + tag + "\"}"}) {
      software.amazon.awssdk.services.s3.model.PutObjectRequest model =
          ((software.amazon.awssdk.services.s3.model.PutObjectRequest) pair[0]).toBuilder()
              .metadata(java.util.Map.of("x-amz-m", json)).build();
      clientSide.check(model, ((SdkHttpRequest) pair[1]).toBuilder()
          .putHeader("x-amz-meta-x-amz-m", json).build());
    }
    // Only the binding tag's exact shape is exempt: the digits elsewhere are still screened.
    for (String json : new String[] {"{\"mrn\":\"63765834\"}",
        "{\"hipaa-s3:binding\":\"1:" + tag + "\",\"mrn\":\"63765834\"}",
        "{\"hipaa-s3:binding\":\"1:63765834\"}"}) {
      software.amazon.awssdk.services.s3.model.PutObjectRequest model =
          ((software.amazon.awssdk.services.s3.model.PutObjectRequest) pair[0]).toBuilder()
              .metadata(java.util.Map.of("x-amz-m", json)).build();
      assertWireRefused(clientSide, new Object[] {model, pair[1]}, ((SdkHttpRequest) pair[1])
          .toBuilder().putHeader("x-amz-meta-x-amz-m", json).build());
    }
  }
}
