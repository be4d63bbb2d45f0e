package io.github.hipaas3.testing;

import io.github.hipaas3.EncryptionMode;
import io.github.hipaas3.HipaaS3Client;
import io.github.hipaas3.KeyMode;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;

/**
 * An offline {@link SdkHttpClient} that records every request that reached the wire and answers
 * each with the same canned response. "Reached the wire" is what the tests assert on: a request
 * recorded here is a request that would have left the process.
 */
public final class RecordingHttpClient implements SdkHttpClient {
  private final List<SdkHttpRequest> requests = new CopyOnWriteArrayList<>();
  private final List<SdkHttpRequest> bucketChecks = new CopyOnWriteArrayList<>();
  private volatile Map<String, String> storedRetention = Map.of(
      "x-amz-object-lock-mode", "COMPLIANCE",
      "x-amz-object-lock-retain-until-date", "2100-01-01T00:00:00Z",
      "Last-Modified", "Sat, 28 Nov 2026 12:00:00 GMT");

  /**
   * The Object Lock configuration every bucket check is answered with: enabled, with the
   * default retention rule {@code BucketProvisioner} sets by default (COMPLIANCE, six years).
   */
  public static final Canned LOCK_ENABLED = lockConfiguration(
      "<Rule><DefaultRetention><Mode>COMPLIANCE</Mode><Years>6</Years></DefaultRetention>"
          + "</Rule>");

  /** An Object Lock configuration that is enabled but has no default retention rule. */
  public static final Canned LOCK_WITHOUT_RULE = lockConfiguration("");

  /** An enabled Object Lock configuration with a default rule of the mode and days. */
  public static Canned lockWithDefaultDays(String mode, int days) {
    return lockConfiguration("<Rule><DefaultRetention><Mode>" + mode + "</Mode><Days>" + days
        + "</Days></DefaultRetention></Rule>");
  }

  private static Canned lockConfiguration(String rule) {
    return new Canned(200, Map.of(), "<ObjectLockConfiguration><ObjectLockEnabled>Enabled"
        + "</ObjectLockEnabled>" + rule + "</ObjectLockConfiguration>");
  }

  /** The versioning status every bucket check is answered with. */
  public static final Canned VERSIONING_ENABLED = new Canned(200, Map.of(),
      "<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>");

  /** Whether a request is hipaa-s3's first-use bucket check (Object Lock or versioning read). */
  public static boolean isBucketCheck(SdkHttpRequest r) {
    return r.method() == software.amazon.awssdk.http.SdkHttpMethod.GET
        && (r.rawQueryParameters().containsKey("object-lock")
            || r.rawQueryParameters().containsKey("versioning"));
  }

  /**
   * Sets the Object Lock (and Last-Modified) headers every response carries, as if every object
   * were stored with them (default: COMPLIANCE until 2100, written 2026-11-28).
   */
  public RecordingHttpClient storedRetention(Map<String, String> headers) {
    this.storedRetention = Map.copyOf(headers);
    return this;
  }

  /**
   * The first-use bucket checks (Object Lock and versioning reads), kept apart from
   * {@link #requests()} so tests count the operations they make. They are answered "Enabled"
   * unless a route answers them.
   */
  public List<SdkHttpRequest> bucketChecks() {
    return bucketChecks;
  }
  private final List<String> bodies = new CopyOnWriteArrayList<>();
  private final int status;
  private final String body;
  private volatile Map<String, String> storedEncryption = kmsEncryption(TestSecrets.KMS_KEY_ARN);

  /** The test KMS key's encryption headers, as S3 returns them for an SSE-KMS object. */
  public static Map<String, String> kmsEncryption(String keyArn) {
    return Map.of("x-amz-server-side-encryption", "aws:kms",
        "x-amz-server-side-encryption-aws-kms-key-id", keyArn);
  }

  private volatile boolean echoEncryption = true;
  private volatile java.util.function.Function<SdkHttpRequest, Canned> route = r -> null;

  /** A canned answer for one request. */
  public record Canned(int status, Map<String, String> headers, String body) {}

  /** Answers requests the function returns non-null for with its canned answer. */
  public RecordingHttpClient route(java.util.function.Function<SdkHttpRequest, Canned> route) {
    this.route = route;
    return this;
  }

  /** Whether responses echo the request's encryption headers, as S3 does (default true). */
  public RecordingHttpClient echoEncryption(boolean echo) {
    this.echoEncryption = echo;
    return this;
  }

  /**
   * Sets the encryption headers every response carries, as if every object were stored with
   * them (default: SSE-KMS with {@link TestSecrets#KMS_KEY_ARN}). SSE-C and SSE-KMS headers of a
   * request are echoed on top, as S3 does.
   */
  public RecordingHttpClient storedEncryption(Map<String, String> headers) {
    this.storedEncryption = Map.copyOf(headers);
    return this;
  }

  public RecordingHttpClient() {
    this(200, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Result/>");
  }

  public RecordingHttpClient(int status, String body) {
    this.status = status;
    this.body = body;
  }

  /**
   * A {@link HipaaS3Client} builder that sends through this recording client to an endpoint
   * that is never contacted, with session credentials; tests add what they exercise.
   */
  public HipaaS3Client.Builder hipaaClientBuilder() {
    return passThroughClientBuilder().keyMode(KeyMode.HASHED)
        .keyHashingSecret(TestSecrets.keyHashing());
  }

  /** Like {@link #hipaaClientBuilder()}, in {@link KeyMode#PASS_THROUGH} mode (no secret). */
  public HipaaS3Client.Builder passThroughClientBuilder() {
    return HipaaS3Client.builder()
        .region(Region.US_EAST_1)
        .endpointOverride(URI.create("https://s3.test.invalid"))
        .credentialsProvider(S3TestServer.testCredentials())
        .httpClient(this)
        // Client-side puts travel on an async client; it never gets past the wire gate here.
        .asyncHttpClientBuilder(
            software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient.builder())
        .encryption(EncryptionMode.sseKms(TestSecrets.KMS_KEY_ARN))
        .keyMode(KeyMode.PASS_THROUGH);
  }

  public List<SdkHttpRequest> requests() {
    return requests;
  }

  /** The request bodies (ISO-8859-1, so every byte maps to one char), in request order. */
  public List<String> bodies() {
    return bodies;
  }

  /** Everything that reached the wire as text: URIs, headers and bodies of every request. */
  public String wireText() {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < requests.size(); i++) {
      SdkHttpRequest r = requests.get(i);
      text.append(r.method()).append(' ').append(r.getUri()).append('\n');
      r.headers().forEach((k, v) -> text.append(k).append(": ").append(v).append('\n'));
      text.append(bodies.get(i)).append('\n');
    }
    for (SdkHttpRequest r : bucketChecks) {
      text.append(r.method()).append(' ').append(r.getUri()).append('\n');
      r.headers().forEach((k, v) -> text.append(k).append(": ").append(v).append('\n'));
    }
    return text.toString();
  }

  private static String readAll(java.io.InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Override
  public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
    return new ExecutableHttpRequest() {
      @Override
      public HttpExecuteResponse call() {
        boolean check = isBucketCheck(request.httpRequest());
        Canned canned = route.apply(request.httpRequest());
        if (check) {
          bucketChecks.add(request.httpRequest());
          if (canned == null) {
            canned = request.httpRequest().rawQueryParameters().containsKey("object-lock")
                ? LOCK_ENABLED : VERSIONING_ENABLED;
          }
        } else {
          requests.add(request.httpRequest());
          bodies.add(request.contentStreamProvider().map(p -> readAll(p.newStream()))
              .orElse(""));
        }
        if (canned != null) {
          byte[] cannedBytes = canned.body().getBytes(StandardCharsets.UTF_8);
          SdkHttpResponse.Builder r = SdkHttpResponse.builder().statusCode(canned.status())
              .putHeader("Content-Length", Integer.toString(cannedBytes.length));
          canned.headers().forEach(r::putHeader);
          return HttpExecuteResponse.builder().response(r.build())
              .responseBody(AbortableInputStream.create(new ByteArrayInputStream(cannedBytes)))
              .build();
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        SdkHttpResponse.Builder response = SdkHttpResponse.builder().statusCode(status)
            .putHeader("Content-Length", Integer.toString(bytes.length))
            .putHeader("x-amz-request-id", "TESTREQUESTID");
        storedEncryption.forEach(response::putHeader);
        storedRetention.forEach(response::putHeader);
        if (request.httpRequest().firstMatchingHeader("x-amz-checksum-mode").isPresent()) {
          java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
          crc.update(bytes);
          response.putHeader("x-amz-checksum-crc32c", java.util.Base64.getEncoder().encodeToString(
              java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array()));
        }
        for (String echoed : !echoEncryption ? List.<String>of() : List.of(
            "x-amz-server-side-encryption",
            "x-amz-server-side-encryption-aws-kms-key-id",
            "x-amz-server-side-encryption-customer-algorithm",
            "x-amz-server-side-encryption-customer-key-MD5")) {
          request.httpRequest().firstMatchingHeader(echoed)
              .ifPresent(v -> response.putHeader(echoed, v));
        }
        return HttpExecuteResponse.builder()
            .response(response.build())
            .responseBody(AbortableInputStream.create(new ByteArrayInputStream(bytes)))
            .build();
      }

      @Override
      public void abort() {}
    };
  }

  @Override
  public String clientName() {
    return "recording";
  }

  @Override
  public void close() {}

  /** The last request, if any. */
  public Optional<SdkHttpRequest> last() {
    return requests.isEmpty() ? Optional.empty() : Optional.of(requests.get(requests.size() - 1));
  }
}
