package io.github.hipaas3.benchmarks;

import io.github.hipaas3.EncryptionMode;
import io.github.hipaas3.HipaaS3Client;
import io.github.hipaas3.KeyHashingSecret;
import io.github.hipaas3.examples.EmbeddedS3;
import javax.crypto.SecretKey;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.encryption.s3.S3EncryptionClient;

/**
 * The clients the benchmarks compare against one in-process S3Mock over HTTPS: a raw
 * {@link S3Client}, a stock {@link S3EncryptionClient} and a hipaa-s3 builder.
 */
final class S3MockClients {
  private S3MockClients() {}

  /** A raw {@link S3Client} for the server, trusting its certificate. */
  static S3Client raw(EmbeddedS3 s3mock) {
    return S3Client.builder().region(Region.US_EAST_1).endpointOverride(s3mock.endpoint())
        .credentialsProvider(s3mock.credentials()).forcePathStyle(true)
        .httpClientBuilder(ApacheHttpClient.builder().tlsTrustManagersProvider(s3mock.trust()))
        .build();
  }

  /**
   * A {@link HipaaS3Client} builder for the server: SSE-S3 (the cheapest mode S3Mock can
   * confirm, so hipaa-s3's own share is not hidden), and the opt-ins for what S3Mock lacks (no
   * Object Lock settings, versioning reported off).
   */
  static HipaaS3Client.Builder hipaa(EmbeddedS3 s3mock) {
    return HipaaS3Client.builder().region(Region.US_EAST_1).endpointOverride(s3mock.endpoint())
        .credentialsProvider(s3mock.credentials()).forcePathStyle(true)
        .tlsTrustManagersProvider(s3mock.trust())
        .keyHashingSecret(KeyHashingSecret.fromBytes(1, new byte[32]))
        .encryption(EncryptionMode.insecureSseS3Only())
        .insecureSkipBucketProtectionCheck(true)
        .insecureAllowReadingUnretainedObjects(true);
  }

  /**
   * A stock {@link S3EncryptionClient} (v4, AES key) for the server, on a raw synchronous client
   * and an async one (Netty, no 100-continue), as an application would build it.
   *
   * @param bufferSize the buffer for buffered gets, at least the largest object got
   */
  static S3EncryptionClient stock(EmbeddedS3 s3mock, SecretKey aes, long bufferSize) {
    S3AsyncClient rawAsync = S3AsyncClient.builder().region(Region.US_EAST_1)
        .endpointOverride(s3mock.endpoint()).credentialsProvider(s3mock.credentials())
        .forcePathStyle(true)
        .serviceConfiguration(S3Configuration.builder().expectContinueEnabled(false).build())
        .httpClientBuilder(
            NettyNioAsyncHttpClient.builder().tlsTrustManagersProvider(s3mock.trust()))
        .build();
    return S3EncryptionClient.builderV4()
        .wrappedClient(raw(s3mock))
        .wrappedAsyncClient(rawAsync)
        .aesKey(aes)
        .setBufferSize(bufferSize)
        .build();
  }
}
