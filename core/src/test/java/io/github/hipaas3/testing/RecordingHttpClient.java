package io.github.hipaas3.testing;

import io.github.hipaas3.HipaaS3Client;
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
    return HipaaS3Client.builder()
        .region(Region.US_EAST_1)
        .endpointOverride(URI.create("https://s3.test.invalid"))
        .credentialsProvider(S3TestServer.testCredentials())
        .httpClient(this);
  }

  public List<SdkHttpRequest> requests() {
    return requests;
  }

  @Override
  public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
    return new ExecutableHttpRequest() {
      @Override
      public HttpExecuteResponse call() {
        requests.add(request.httpRequest());
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
