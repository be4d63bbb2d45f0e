package io.github.hipaas3.audit;

import io.github.hipaas3.EncryptionMode;
import io.github.hipaas3.HipaaS3Client;
import io.github.hipaas3.KeyMode;
import io.github.hipaas3.testing.S3TestServer;
import io.github.hipaas3.testing.TestSecrets;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32C;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;

/**
 * An in-memory S3 bucket behind an {@link SdkHttpClient}, for offline tests of the fleet sink:
 * puts, gets (answered with the SSE-KMS, Object Lock and checksum headers a real bucket
 * returns), ListObjectsV2 and ListObjectVersions (delete markers). Tests edit the stored
 * objects directly to play the attacker, and can make puts fail.
 */
final class FakeBucket implements SdkHttpClient {
  /** Stored objects by key. */
  final Map<String, byte[]> objects = new TreeMap<>();
  /** Keys hidden by a delete marker. */
  final List<String> deleteMarkers = new ArrayList<>();
  /** Object keys in the order they were put (successfully). */
  final List<String> putOrder = new ArrayList<>();
  /** While positive, each put attempt fails with HTTP 503 and counts down. */
  final AtomicInteger failingPuts = new AtomicInteger();
  /** Put attempts that failed. */
  final AtomicInteger failedPuts = new AtomicInteger();
  volatile boolean down;

  /** A pass-through client with COMPLIANCE retention (the default) sending to this bucket. */
  HipaaS3Client.Builder clientBuilder() {
    return HipaaS3Client.builder()
        .region(Region.US_EAST_1)
        .endpointOverride(URI.create("https://s3.test.invalid"))
        .credentialsProvider(S3TestServer.testCredentials())
        .httpClient(this)
        .forcePathStyle(true)
        .encryption(EncryptionMode.sseKms(TestSecrets.KMS_KEY_ARN))
        .retention(io.github.hipaas3.ObjectRetention.defaults())
        .keyMode(KeyMode.PASS_THROUGH);
  }

  synchronized byte[] get(String key) {
    return objects.get(key);
  }

  synchronized void put(String key, byte[] bytes) {
    objects.put(key, bytes);
  }

  synchronized void remove(String key) {
    objects.remove(key);
  }

  synchronized List<String> keys() {
    return new ArrayList<>(objects.keySet());
  }

  @Override
  public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
    return new ExecutableHttpRequest() {
      @Override
      public HttpExecuteResponse call() throws IOException {
        SdkHttpRequest r = request.httpRequest();
        byte[] body = request.contentStreamProvider().isPresent()
            ? request.contentStreamProvider().get().newStream().readAllBytes() : new byte[0];
        return answer(r, body);
      }

      @Override
      public void abort() {}
    };
  }

  private synchronized HttpExecuteResponse answer(SdkHttpRequest r, byte[] body) {
    Map<String, List<String>> q = r.rawQueryParameters();
    String path = URLDecoder.decode(r.encodedPath(), StandardCharsets.UTF_8);
    String[] parts = path.substring(1).split("/", 2);
    String key = parts.length > 1 ? parts[1] : "";
    if (r.method() == SdkHttpMethod.GET && q.containsKey("object-lock")) {
      return xml(200, "<ObjectLockConfiguration><ObjectLockEnabled>Enabled</ObjectLockEnabled>"
          + "</ObjectLockConfiguration>");
    }
    if (r.method() == SdkHttpMethod.GET && q.containsKey("versioning")) {
      return xml(200, "<VersioningConfiguration><Status>Enabled</Status>"
          + "</VersioningConfiguration>");
    }
    if (r.method() == SdkHttpMethod.PUT && !key.isEmpty()) {
      if (down || failingPuts.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        failedPuts.incrementAndGet();
        return xml(503, "<Error><Code>SlowDown</Code><Message>down</Message></Error>");
      }
      byte[] data = r.firstMatchingHeader("x-amz-trailer").isPresent() ? unchunk(body) : body;
      objects.put(key, data);
      putOrder.add(key);
      SdkHttpResponse.Builder ok = SdkHttpResponse.builder().statusCode(200)
          .putHeader("ETag", "\"e\"").putHeader("x-amz-version-id", "v" + putOrder.size());
      for (String echoed : List.of("x-amz-server-side-encryption",
          "x-amz-server-side-encryption-aws-kms-key-id")) {
        r.firstMatchingHeader(echoed).ifPresent(v -> ok.putHeader(echoed, v));
      }
      return respond(ok, new byte[0]);
    }
    if (r.method() == SdkHttpMethod.GET && key.isEmpty() && q.containsKey("versions")) {
      StringBuilder x = new StringBuilder("<ListVersionsResult><IsTruncated>false</IsTruncated>");
      String prefix = first(q, "prefix");
      for (String k : deleteMarkers) {
        if (k.startsWith(prefix)) {
          x.append("<DeleteMarker><Key>").append(k).append("</Key><VersionId>d</VersionId>"
              + "<IsLatest>true</IsLatest></DeleteMarker>");
        }
      }
      return xml(200, x.append("</ListVersionsResult>").toString());
    }
    if (r.method() == SdkHttpMethod.GET && key.isEmpty()) {
      String prefix = first(q, "prefix");
      StringBuilder x = new StringBuilder("<ListBucketResult><IsTruncated>false</IsTruncated>");
      int n = 0;
      for (Map.Entry<String, byte[]> e : objects.entrySet()) {
        if (e.getKey().startsWith(prefix)) {
          n++;
          x.append("<Contents><Key>").append(e.getKey()).append("</Key><Size>")
              .append(e.getValue().length).append("</Size></Contents>");
        }
      }
      return xml(200, x.append("<KeyCount>").append(n).append("</KeyCount>")
          .append("</ListBucketResult>").toString());
    }
    if (r.method() == SdkHttpMethod.GET) {
      byte[] data = objects.get(key);
      if (data == null) {
        return xml(404, "<Error><Code>NoSuchKey</Code><Message>none</Message></Error>");
      }
      CRC32C crc = new CRC32C();
      crc.update(data);
      SdkHttpResponse.Builder ok = SdkHttpResponse.builder().statusCode(200)
          .putHeader("x-amz-server-side-encryption", "aws:kms")
          .putHeader("x-amz-server-side-encryption-aws-kms-key-id", TestSecrets.KMS_KEY_ARN)
          .putHeader("x-amz-object-lock-mode", "COMPLIANCE")
          .putHeader("x-amz-object-lock-retain-until-date", "2100-01-01T00:00:00Z")
          .putHeader("Last-Modified", "Sat, 28 Nov 2026 12:00:00 GMT")
          .putHeader("x-amz-checksum-crc32c", Base64.getEncoder().encodeToString(
              java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array()))
          .putHeader("x-amz-checksum-type", "FULL_OBJECT");
      return respond(ok, data);
    }
    return xml(501, "<Error><Code>NotImplemented</Code><Message>fake</Message></Error>");
  }

  private static String first(Map<String, List<String>> q, String name) {
    List<String> v = q.get(name);
    return v == null || v.isEmpty() ? "" : v.get(0);
  }

  /** The data of an aws-chunked body (the trailer, with the checksum, dropped). */
  private static byte[] unchunk(byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int at = 0;
    while (true) {
      int eol = indexOf(body, at);
      String header = new String(body, at, eol - at, StandardCharsets.US_ASCII);
      int size = Integer.parseInt(header.split(";")[0].trim(), 16);
      at = eol + 2;
      if (size == 0) {
        return out.toByteArray();
      }
      out.write(body, at, size);
      at += size + 2;
    }
  }

  private static int indexOf(byte[] b, int from) {
    for (int i = from; i + 1 < b.length; i++) {
      if (b[i] == '\r' && b[i + 1] == '\n') {
        return i;
      }
    }
    throw new IllegalStateException("a malformed aws-chunked body");
  }

  private static HttpExecuteResponse xml(int status, String body) {
    return respond(SdkHttpResponse.builder().statusCode(status)
        .putHeader("Content-Type", "application/xml"), body.getBytes(StandardCharsets.UTF_8));
  }

  private static HttpExecuteResponse respond(SdkHttpResponse.Builder r, byte[] body) {
    InputStream in = new ByteArrayInputStream(body);
    return HttpExecuteResponse.builder().response(r.putHeader("Content-Length",
        Integer.toString(body.length)).putHeader("x-amz-request-id", "FAKE").build())
        .responseBody(AbortableInputStream.create(in)).build();
  }

  @Override
  public String clientName() {
    return "fake-bucket";
  }

  @Override
  public void close() {}
}
