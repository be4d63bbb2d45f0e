package io.github.hipaas3.encryption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.hipaas3.EncryptionMode;
import io.github.hipaas3.HipaaS3Client;
import io.github.hipaas3.KeyMode;
import io.github.hipaas3.SseCustomerKey;
import io.github.hipaas3.SseCustomerKeyProvider;
import io.github.hipaas3.testing.S3TestServer;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * SSE-C key rotation against a server that checks keys as Amazon S3 does: a read, head or copy
 * source with a key other than the object's is refused with 403, and a copy re-encrypts the
 * destination under the destination key. (S3Mock and moto do not refuse wrong keys.)
 */
class SseCKeyRotationTest {
  private static final String MD5 = "x-amz-server-side-encryption-customer-key-MD5";
  private static final String SRC_MD5 =
      "x-amz-copy-source-server-side-encryption-customer-key-MD5";
  private static final SseCustomerKey A = SseCustomerKey.generate().withKeyId("ssec-a");
  private static final SseCustomerKey B = SseCustomerKey.generate().withKeyId("ssec-b");

  /** An object as the fake S3 keeps it. */
  private static final class Stored {
    final String keyMd5;
    final Map<String, String> metadata;
    final String contentType;

    Stored(String keyMd5, Map<String, String> metadata, String contentType) {
      this.keyMd5 = keyMd5;
      this.metadata = metadata;
      this.contentType = contentType;
    }
  }

  /** Objects by path, and every request's method, path and SSE-C MD5, in order. */
  private final Map<String, Stored> objects = new ConcurrentHashMap<>();
  private final List<String> log = new ArrayList<>();

  private SdkHttpClient strictSseC() {
    return new SdkHttpClient() {
      @Override
      public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return new ExecutableHttpRequest() {
          @Override
          public HttpExecuteResponse call() {
            return answer(request.httpRequest());
          }

          @Override
          public void abort() {}
        };
      }

      @Override
      public void close() {}
    };
  }

  private synchronized HttpExecuteResponse answer(SdkHttpRequest r) {
    String path = r.encodedPath();
    String md5 = r.firstMatchingHeader(MD5).orElse(null);
    log.add(r.method() + " " + path + " " + md5);
    SdkHttpResponse.Builder out = SdkHttpResponse.builder().statusCode(200)
        .putHeader("x-amz-object-lock-mode", "COMPLIANCE")
        .putHeader("x-amz-object-lock-retain-until-date", "2100-01-01T00:00:00Z")
        .putHeader("Last-Modified", "Sat, 28 Nov 2026 12:00:00 GMT")
        .putHeader("ETag", "\"e\"");
    byte[] body = new byte[0];
    if (r.method() == SdkHttpMethod.PUT) {
      Map<String, String> metadata = new LinkedHashMap<>();
      r.forEachHeader((name, values) -> {
        if (name.toLowerCase(java.util.Locale.ROOT).startsWith("x-amz-meta-")) {
          metadata.put(name.substring("x-amz-meta-".length()).toLowerCase(java.util.Locale.ROOT),
              values.get(0));
        }
      });
      String contentType = r.firstMatchingHeader("Content-Type").orElse(null);
      String source = r.firstMatchingHeader("x-amz-copy-source").orElse(null);
      if (source != null) {
        String sourcePath = "/" + URLDecoder.decode(source, StandardCharsets.UTF_8)
            .replaceFirst("^/", "").replaceFirst("\\?versionId=.*$", "");
        Stored from = objects.get(sourcePath);
        if (from == null || !from.keyMd5.equals(r.firstMatchingHeader(SRC_MD5).orElse(null))) {
          return error(403, "AccessDenied");
        }
        if (!"REPLACE".equals(r.firstMatchingHeader("x-amz-metadata-directive").orElse(null))) {
          metadata.clear();
          metadata.putAll(from.metadata);
          contentType = from.contentType;
        }
        body = ("<CopyObjectResult><ETag>\"e\"</ETag><LastModified>2026-11-28T12:00:00Z"
            + "</LastModified></CopyObjectResult>").getBytes(StandardCharsets.UTF_8);
      }
      objects.put(path, new Stored(md5, metadata, contentType));
    } else if (r.method() == SdkHttpMethod.GET || r.method() == SdkHttpMethod.HEAD) {
      Stored s = objects.get(path);
      if (s == null) {
        return error(404, "NoSuchKey");
      }
      if (!s.keyMd5.equals(md5)) {
        return error(403, "AccessDenied");
      }
      s.metadata.forEach((k, v) -> out.putHeader("x-amz-meta-" + k, v));
      if (s.contentType != null) {
        out.putHeader("Content-Type", s.contentType);
      }
      if (r.method() == SdkHttpMethod.GET) {
        body = "dose 010".getBytes(StandardCharsets.UTF_8);
      }
    } else if (r.method() == SdkHttpMethod.DELETE) {
      objects.remove(path);
      out.statusCode(204);
    }
    if (md5 != null) {
      out.putHeader("x-amz-server-side-encryption-customer-algorithm", "AES256")
          .putHeader(MD5, md5);
    }
    out.putHeader("Content-Length", Integer.toString(r.method() == SdkHttpMethod.HEAD ? 8
        : body.length));
    return HttpExecuteResponse.builder().response(out.build())
        .responseBody(AbortableInputStream.create(new ByteArrayInputStream(body))).build();
  }

  private static HttpExecuteResponse error(int status, String code) {
    byte[] body = ("<Error><Code>" + code + "</Code><Message>refused</Message></Error>")
        .getBytes(StandardCharsets.UTF_8);
    return HttpExecuteResponse.builder().response(SdkHttpResponse.builder().statusCode(status)
            .putHeader("Content-Length", Integer.toString(body.length)).build())
        .responseBody(AbortableInputStream.create(new ByteArrayInputStream(body))).build();
  }

  private HipaaS3Client client(SseCustomerKeyProvider keys) {
    return HipaaS3Client.builder().region(Region.US_EAST_1)
        .endpointOverride(URI.create("https://s3.test.invalid")).forcePathStyle(true)
        .credentialsProvider(S3TestServer.testCredentials()).httpClient(strictSseC())
        .encryption(EncryptionMode.sseC(keys)).keyMode(KeyMode.PASS_THROUGH)
        .insecureSkipBucketProtectionCheck(true).insecureAllowReadingWithoutChecksums(true)
        .build();
  }

  private synchronized List<String> takeLog() {
    List<String> copy = new ArrayList<>(log);
    log.clear();
    return copy;
  }

  @Test
  void readsTryTheOlderMasterAfterS3RefusesTheCurrentOne() {
    try (HipaaS3Client before = client(SseCustomerKeyProvider.derivedFrom(A));
        HipaaS3Client rotated = client(SseCustomerKeyProvider.derivedFrom(B, List.of(A)));
        HipaaS3Client onlyB = client(SseCustomerKeyProvider.derivedFrom(B))) {
      before.putObject(b -> b.bucket("b").key("k"), RequestBody.fromString("dose 010"));
      assertThat(objects.get("/b/k").metadata).containsEntry("hipaa-s3-sse-c-key-id", "ssec-a");
      takeLog();

      assertThat(rotated.getObjectAsBytes(b -> b.bucket("b").key("k")).asUtf8String())
          .isEqualTo("dose 010");
      List<String> gets = takeLog();
      assertThat(gets).hasSize(2).allMatch(line -> line.startsWith("GET /b/k "));
      assertThat(gets.get(0)).isNotEqualTo(gets.get(1)); // B's key first, then A's

      assertThat(rotated.headObject(b -> b.bucket("b").key("k")).metadata())
          .containsEntry("hipaa-s3-sse-c-key-id", "ssec-a");
      assertThat(takeLog()).hasSize(2);

      // Without the older master: S3's 403 passes through unwrapped, after one request.
      assertThatThrownBy(() -> onlyB.getObjectAsBytes(b -> b.bucket("b").key("k")))
          .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode())
              .isEqualTo(403));
      assertThat(takeLog()).hasSize(1);
    }
  }

  @Test
  void aCopyReadsTheSourceWithItsMaster_andReencryptsUnderTheCurrentOne() {
    try (HipaaS3Client before = client(SseCustomerKeyProvider.derivedFrom(A));
        HipaaS3Client rotated = client(SseCustomerKeyProvider.derivedFrom(B, List.of(A)));
        HipaaS3Client onlyB = client(SseCustomerKeyProvider.derivedFrom(B))) {
      before.putObject(b -> b.bucket("b").key("k").contentType("text/plain")
          .metadata(Map.of("kind", "note")), RequestBody.fromString("dose 010"));
      rotated.copyObject(b -> b.sourceBucket("b").sourceKey("k").destinationBucket("b")
          .destinationKey("k2"));
      Stored copy = objects.get("/b/k2");
      assertThat(copy.metadata).containsEntry("hipaa-s3-sse-c-key-id", "ssec-b")
          .containsEntry("kind", "note");
      assertThat(copy.contentType).isEqualTo("text/plain");
      assertThat(onlyB.getObjectAsBytes(b -> b.bucket("b").key("k2")).asUtf8String())
          .isEqualTo("dose 010");

      // Rotating an object in place: a copy onto itself.
      rotated.copyObject(b -> b.sourceBucket("b").sourceKey("k").destinationBucket("b")
          .destinationKey("k"));
      assertThat(objects.get("/b/k").metadata).containsEntry("hipaa-s3-sse-c-key-id", "ssec-b");
      assertThat(onlyB.getObjectAsBytes(b -> b.bucket("b").key("k")).asUtf8String())
          .isEqualTo("dose 010");
    }
  }

  @Test
  void aCallerReplacingTheMetadata_getsTheKeyIdAdded_withoutAHead() {
    try (HipaaS3Client s3 = client(SseCustomerKeyProvider.single(B, List.of(A)))) {
      s3.putObject(b -> b.bucket("b").key("k"), RequestBody.fromString("x"));
      takeLog();
      s3.copyObject(b -> b.sourceBucket("b").sourceKey("k").destinationBucket("b")
          .destinationKey("k2").metadataDirective("REPLACE").metadata(Map.of("kind", "x")));
      assertThat(takeLog()).hasSize(1).allMatch(line -> line.startsWith("PUT /b/k2"));
      assertThat(objects.get("/b/k2").metadata).containsEntry("hipaa-s3-sse-c-key-id", "ssec-b")
          .containsEntry("kind", "x");
    }
  }

  /**
   * A key ID is stored in the clear, so a PHI-shaped one (the shape check lets a letter-led one
   * through) is refused by the final check of the HTTP request: nothing is sent, and the
   * message does not repeat it.
   */
  @Test
  void aPhiShapedKeyId_neverLeaves() {
    SseCustomerKey phi = SseCustomerKey.generate().withKeyId("id123-45-6789");
    try (HipaaS3Client s3 = client(SseCustomerKeyProvider.single(phi))) {
      assertThatThrownBy(() -> s3.putObject(b -> b.bucket("b").key("k"),
          RequestBody.fromString("dose 010")))
          .isInstanceOf(io.github.hipaas3.HipaaS3PolicyViolationException.class)
          .hasMessageNotContaining("123-45-6789");
    }
    assertThat(takeLog()).isEmpty();
    assertThat(objects).isEmpty();
  }
}
