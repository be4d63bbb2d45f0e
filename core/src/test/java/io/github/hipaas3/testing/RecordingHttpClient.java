package io.github.hipaas3.testing;

import io.github.hipaas3.HipaaS3Client;
import io.github.hipaas3.KeyMode;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
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
  private final List<String> bodies = new CopyOnWriteArrayList<>();
  private final int status;
  private final String body;

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
        requests.add(request.httpRequest());
        bodies.add(request.contentStreamProvider().map(p -> readAll(p.newStream())).orElse(""));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return HttpExecuteResponse.builder()
            .response(SdkHttpResponse.builder().statusCode(status)
                .putHeader("Content-Length", Integer.toString(bytes.length))
                .putHeader("x-amz-request-id", "TESTREQUESTID")
                .build())
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
