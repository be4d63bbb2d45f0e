package io.github.hipaas3.internal;

import io.github.hipaas3.testing.gen.Gen;
import io.github.hipaas3.testing.gen.Gens;
import io.github.hipaas3.testing.gen.PropertyTest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.hipaas3.HipaaS3Client;
import io.github.hipaas3.HipaaS3PolicyViolationException;
import io.github.hipaas3.PhiDetectors;
import io.github.hipaas3.ViolationCode;
import io.github.hipaas3.testing.RecordingHttpClient;
import io.github.hipaas3.testing.WireTamperer;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.regions.Region;

/**
 * Random header and query-parameter names added to a real, signed put are refused by the wire
 * gate unless the name is one the put's own fields, its transport or its metadata use; the
 * untouched request always passes.
 */
class WireGatePropertyTest {
  private static final io.github.hipaas3.internal.NamePolicy NAMES =
      new io.github.hipaas3.internal.NamePolicy(io.github.hipaas3.KeyMode.HASHED,
          io.github.hipaas3.PhiDetectors.defaults());
  private static final WireGate GATE = new WireGate(WireGate.Service.S3, Region.US_EAST_1,
      URI.create("https://s3.test.invalid"),
        NAMES, false, new WireInvariants("aws:kms",
      io.github.hipaas3.testing.TestSecrets.KMS_KEY_ARN, java.util.Set.of("COMPLIANCE"), false,
      false));
  private static final Object[] PUT = capturePut();

  private static Object[] capturePut() {
    RecordingHttpClient http = new RecordingHttpClient();
    try (HipaaS3Client client = http.hipaaClientBuilder().forcePathStyle(true).build()) {
      client.putObject(b -> b.bucket("clinic-records").key("patients/123-45-6789/a.pdf")
          .metadata(Map.of("kind", "lab-report")), RequestBody.fromString("body"));
      return WireTamperer.last();
    } finally {
      WireTamperer.reset();
    }
  }

  private static SdkRequest model() {
    return (SdkRequest) PUT[0];
  }

  private static SdkHttpRequest http() {
    return (SdkHttpRequest) PUT[1];
  }

  Gen<String> names() {
    return Gens.combine(Gens.of("", "x-amz-", "x-amz-meta-", "content-", "amz-sdk-"),
        Gens.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789-_.")
            .ofMinLength(1).ofMaxLength(40)).as((prefix, s) -> prefix + s);
  }

  Gen<String> values() {
    return Gens.oneOf(Gens.of("123-45-6789", "jane.doe@example.com", "true",
        "public-read", "GOVERNANCE", "AES256", ""), Gens.strings().ascii()
        .ofMaxLength(30));
  }

  @PropertyTest(tries = 2000, value = {"names", "values"})
  void anAddedHeader_isRefusedUnlessThePutAlreadyCarriesIt(String name,
      String value) {
    String lower = name.toLowerCase(Locale.ROOT);
    boolean alreadyThere = http().headers().keySet().stream()
        .anyMatch(h -> h.equalsIgnoreCase(lower));
    SdkHttpRequest tampered = http().toBuilder().appendHeader(name, value).build();
    Throwable t = catchThrowable(() -> GATE.check(model(), tampered));
    // A repeated header, an unknown one, or a field's header that the checked request leaves
    // empty: all are refused. (No header can be added to this put and pass.)
    assertThat(t).as(name + (alreadyThere ? " (repeated)" : ""))
        .isInstanceOfSatisfying(HipaaS3PolicyViolationException.class,
            e -> assertThat(e.violationCode()).isEqualTo(ViolationCode.WIRE_REFUSED));
    assertThat(t.getMessage()).doesNotContain("123-45-6789").doesNotContain("jane.doe");
  }

  @PropertyTest(tries = 2000, value = {"names", "values"})
  void anAddedQueryParameter_isRefused(String name,
      String value) {
    SdkHttpRequest tampered = http().toBuilder().appendRawQueryParameter(name, value).build();
    Throwable t = catchThrowable(() -> GATE.check(model(), tampered));
    assertThat(t).as(name).isInstanceOfSatisfying(HipaaS3PolicyViolationException.class,
        e -> assertThat(e.violationCode()).isEqualTo(ViolationCode.WIRE_REFUSED));
    assertThat(t.getMessage()).doesNotContain("123-45-6789").doesNotContain("jane.doe");
  }

  @PropertyTest(tries = 50, value = {})
  void theUntouchedRequest_passes() {
    GATE.check(model(), http());
  }
}
