package io.github.hipaas3.benchmarks;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * Answers every request with 200 and an empty body, after reading the request body, so a
 * benchmark measures the client-side work (SDK pipeline, signing, hipaa-s3's gate) and no
 * network. The last request is kept, so a benchmark can compare what two clients sent.
 */
final class NoOpHttpClient implements SdkHttpClient {
  private volatile SdkHttpRequest last;

  /** The last request prepared (signed, as it would go on the wire), or {@code null}. */
  SdkHttpRequest lastRequest() {
    return last;
  }

  @Override
  public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
    last = request.httpRequest();
    return new ExecutableHttpRequest() {
      @Override
      public HttpExecuteResponse call() throws IOException {
        if (request.contentStreamProvider().isPresent()) {
          try (InputStream in = request.contentStreamProvider().get().newStream()) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
          }
        }
        SdkHttpResponse.Builder response = SdkHttpResponse.builder().statusCode(200)
            .putHeader("Content-Length", "0")
            .putHeader("ETag", "\"d41d8cd98f00b204e9800998ecf8427e\"");
        // Echo the encryption settings, as S3 does, so hipaa-s3's response check passes.
        for (String name : new String[] {"x-amz-server-side-encryption",
            "x-amz-server-side-encryption-aws-kms-key-id"}) {
          request.httpRequest().firstMatchingHeader(name)
              .ifPresent(v -> response.putHeader(name, v));
        }
        return HttpExecuteResponse.builder()
            .response(response.build())
            .responseBody(AbortableInputStream.create(new ByteArrayInputStream(new byte[0])))
            .build();
      }

      @Override
      public void abort() {}
    };
  }

  @Override
  public String clientName() {
    return "noop";
  }

  @Override
  public void close() {}
}
