package io.github.hipaas3.benchmarks;

import io.github.hipaas3.EncryptionMode;
import io.github.hipaas3.HipaaS3Client;
import io.github.hipaas3.examples.EmbeddedS3;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.encryption.s3.S3EncryptionClient;

/**
 * Small client-side puts (issue 15, item 2): puts of one body size through a raw
 * {@link S3Client}, a stock {@link S3EncryptionClient} (v4, AES key) and {@link HipaaS3Client}
 * in client-side AES mode, against one in-process S3Mock over HTTPS, in interleaved rounds in
 * one JVM (single-threaded). Prints each round's puts per second and the ratios to raw, then
 * the median ratios. Run (see
 * {@code src/docs/benchmarks.md} for the class path):
 * {@code java -cp ... io.github.hipaas3.benchmarks.SmallPutHarness 1024 2000 5}
 */
public final class SmallPutHarness {
  private static final String BUCKET = "harness-bucket";

  private SmallPutHarness() {}

  /**
   * Runs the rounds.
   *
   * @param args body size in bytes, puts per client per round, rounds
   * @throws Exception when the server cannot start
   */
  public static void main(String[] args) throws Exception {
    int size = args.length > 0 ? Integer.parseInt(args[0]) : 1024;
    int puts = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    byte[] aes = new byte[32];
    new Random(1).nextBytes(aes);
    SecretKey key = new SecretKeySpec(aes, "AES");
    byte[] body = new byte[size];
    new Random(2).nextBytes(body);
    try (EmbeddedS3 s3mock = new EmbeddedS3(); S3Client raw = S3MockClients.raw(s3mock);
        HipaaS3Client hipaa = S3MockClients.hipaa(s3mock)
            .encryption(EncryptionMode.clientSideAes(key)).build();
        S3EncryptionClient stock = S3EncryptionClient.builderV4()
            .wrappedClient(S3MockClients.raw(s3mock))
            .wrappedAsyncClient(S3AsyncClient.builder().region(Region.US_EAST_1)
                .endpointOverride(s3mock.endpoint()).credentialsProvider(s3mock.credentials())
                .forcePathStyle(true)
                .serviceConfiguration(S3Configuration.builder().expectContinueEnabled(false)
                    .build())
                .httpClientBuilder(NettyNioAsyncHttpClient.builder()
                    .tlsTrustManagersProvider(s3mock.trust())).build())
            .aesKey(key).build()) {
      raw.createBucket(b -> b.bucket(BUCKET));
      Runnable stockPut = () -> stock.putObject(b -> b.bucket(BUCKET).key("stock"),
          RequestBody.fromBytes(body));
      Runnable rawPut = () -> raw.putObject(b -> b.bucket(BUCKET).key("raw"),
          RequestBody.fromBytes(body));
      Runnable hipaaPut = () -> hipaa.putObject(b -> b.bucket(BUCKET).key("hipaa"),
          RequestBody.fromBytes(body));
      rate(rawPut, puts); // warm-up
      rate(hipaaPut, puts);
      rate(stockPut, puts);
      List<Double> ratios = new ArrayList<>();
      List<Double> stockRatios = new ArrayList<>();
      for (int r = 1; r <= rounds; r++) {
        double rawRate = rate(rawPut, puts);
        double hipaaRate = rate(hipaaPut, puts);
        double stockRate = rate(stockPut, puts);
        ratios.add(hipaaRate / rawRate);
        stockRatios.add(stockRate / rawRate);
        System.out.printf("round %d: raw %.0f puts/s, hipaa-s3 client-side AES %.0f puts/s"
            + " (%.2fx), stock S3EC %.0f puts/s (%.2fx)%n", r, rawRate, hipaaRate,
            hipaaRate / rawRate, stockRate, stockRate / rawRate);
      }
      System.out.printf("size %d bytes, %d puts per round: median hipaa-s3 %.2fx, stock %.2fx"
          + " (hipaa-s3 all %s)%n", size, puts, median(ratios), median(stockRatios),
          Arrays.toString(ratios.stream().mapToDouble(Double::doubleValue).sorted().toArray()));
    }
  }

  private static double median(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return sorted[sorted.length / 2];
  }

  private static double rate(Runnable put, int count) {
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      put.run();
    }
    return count / ((System.nanoTime() - start) / 1e9);
  }
}
