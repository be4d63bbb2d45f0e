package io.github.hipaas3.encryption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.hipaas3.EncryptionMode;
import io.github.hipaas3.HipaaS3Client;
import io.github.hipaas3.HipaaS3SecurityException;
import io.github.hipaas3.KeyMode;
import io.github.hipaas3.ViolationCode;
import io.github.hipaas3.testing.S3TestServer;
import io.github.hipaas3.testing.TestSecrets;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;

/**
 * A server that lies on the response side: it repeats a header that vouches for encryption,
 * retention or integrity with two values, or leaves the encryption headers out. The response is
 * refused and nothing of it reaches the caller.
 */
class LyingServerTest {
  private static final String KMS = TestSecrets.KMS_KEY_ARN;

  /** Answers every request with 200, the body, and the headers the test adds. */
  private static SdkHttpClient lying(BiConsumer<SdkHttpRequest, SdkHttpResponse.Builder> lie) {
    return new SdkHttpClient() {
      @Override
      public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return new ExecutableHttpRequest() {
          @Override
          public HttpExecuteResponse call() {
            byte[] body = "lab result".getBytes(StandardCharsets.UTF_8);
            SdkHttpResponse.Builder r = SdkHttpResponse.builder().statusCode(200)
                .putHeader("Content-Length", Integer.toString(body.length))
                .putHeader("x-amz-object-lock-mode", "COMPLIANCE")
                .putHeader("x-amz-object-lock-retain-until-date", "2100-01-01T00:00:00Z")
                .putHeader("Last-Modified", "Sat, 28 Nov 2026 12:00:00 GMT");
            lie.accept(request.httpRequest(), r);
            return HttpExecuteResponse.builder().response(r.build()).responseBody(
                AbortableInputStream.create(new ByteArrayInputStream(body))).build();
          }

          @Override
          public void abort() {}
        };
      }

      @Override
      public void close() {}
    };
  }

  private static HipaaS3Client client(SdkHttpClient http) {
    return HipaaS3Client.builder().region(Region.US_EAST_1)
        .endpointOverride(URI.create("https://s3.test.invalid")).forcePathStyle(true)
        .credentialsProvider(S3TestServer.testCredentials()).httpClient(http)
        .encryption(EncryptionMode.sseKms(KMS)).keyMode(KeyMode.PASS_THROUGH)
        .insecureSkipBucketProtectionCheck(true).insecureAllowReadingWithoutChecksums(true)
        .build();
  }

  @Test
  void aRepeatedVouchingHeader_isRefused_onPutsAndGets() {
    for (Map.Entry<String, List<String>> lie : Map.of(
        "x-amz-server-side-encryption", List.of("aws:kms", "AES256"),
        "x-amz-server-side-encryption-aws-kms-key-id", List.of(KMS,
            "arn:aws:kms:us-east-1:444455556666:key/attacker"),
        "x-amz-object-lock-retain-until-date", List.of("2100-01-01T00:00:00Z",
            "2026-12-03T00:00:00Z"),
        "x-amz-checksum-crc32c", List.of("mnG7TA==", "AAAAAA==")).entrySet()) {
      SdkHttpClient http = lying((request, r) -> {
        r.putHeader("x-amz-server-side-encryption", "aws:kms")
            .putHeader("x-amz-server-side-encryption-aws-kms-key-id", KMS);
        r.removeHeader(lie.getKey());
        lie.getValue().forEach(v -> r.appendHeader(lie.getKey(), v));
      });
      try (HipaaS3Client s3 = client(http)) {
        assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket("b").key("k")))
            .as(lie.getKey())
            .isInstanceOfSatisfying(HipaaS3SecurityException.class, e -> assertThat(
                e.violationCode()).isEqualTo(ViolationCode.AMBIGUOUS_RESPONSE));
        assertThatThrownBy(() -> s3.putObject(b -> b.bucket("b").key("k"),
            RequestBody.fromString("x")))
            .as(lie.getKey())
            .isInstanceOfSatisfying(HipaaS3SecurityException.class, e -> assertThat(
                e.violationCode()).isEqualTo(ViolationCode.AMBIGUOUS_RESPONSE));
      }
    }
  }

  @Test
  void missingEncryptionHeaders_areRefused_andAnHonestServerIsRead() {
    try (HipaaS3Client s3 = client(lying((request, r) -> { }))) {
      assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket("b").key("k")))
          .isInstanceOfSatisfying(HipaaS3SecurityException.class, e -> assertThat(
              e.violationCode()).isEqualTo(ViolationCode.OBJECT_NOT_ENCRYPTED));
      assertThatThrownBy(() -> s3.putObject(b -> b.bucket("b").key("k"),
          RequestBody.fromString("x")))
          .isInstanceOfSatisfying(HipaaS3SecurityException.class, e -> assertThat(
              e.violationCode()).isEqualTo(ViolationCode.ENCRYPTION_NOT_CONFIRMED));
    }
    try (HipaaS3Client s3 = client(lying((request, r) -> r
        .putHeader("x-amz-server-side-encryption", "aws:kms")
        .putHeader("x-amz-server-side-encryption-aws-kms-key-id", KMS)))) {
      assertThat(s3.getObjectAsBytes(b -> b.bucket("b").key("k")).asUtf8String())
          .isEqualTo("lab result");
    }
  }
}
