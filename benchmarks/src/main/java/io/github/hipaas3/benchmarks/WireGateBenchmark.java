package io.github.hipaas3.benchmarks;

import io.github.hipaas3.PhiDetectors;
import io.github.hipaas3.internal.WireGate;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * The wire gate's cost per call: {@code WireGate.check} on the signed HTTP request of a put as
 * hipaa-s3 sends it (SSE-KMS with key and Bucket Key, Object Lock mode and date, CRC32C trailer,
 * five metadata entries) and of a get, captured once from an SDK client on a no-op transport.
 * The target in issue 13 is under 10 microseconds per call.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class WireGateBenchmark {
  private static final io.github.hipaas3.internal.NamePolicy NAMES =
      new io.github.hipaas3.internal.NamePolicy(io.github.hipaas3.KeyMode.HASHED,
          io.github.hipaas3.PhiDetectors.defaults());
  private WireGate gate;
  private SdkRequest putModel;
  private SdkHttpRequest putHttp;
  private SdkRequest getModel;
  private SdkHttpRequest getHttp;

  /** Keeps the last request that was about to be sent. */
  private static final class Capture implements ExecutionInterceptor {
    SdkRequest model;
    SdkHttpRequest http;

    @Override
    public void beforeTransmission(Context.BeforeTransmission context,
        ExecutionAttributes executionAttributes) {
      model = context.request();
      http = context.httpRequest();
    }
  }

  @Setup(Level.Trial)
  public void setUp() {
    URI endpoint = URI.create("https://s3.benchmark.invalid");
    Capture capture = new Capture();
    try (S3Client raw = S3Client.builder().region(Region.US_EAST_1).endpointOverride(endpoint)
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsSessionCredentials.create("akid", "secret", "session")))
        .httpClient(new NoOpHttpClient())
        .overrideConfiguration(o -> o.addExecutionInterceptor(capture)).build()) {
      raw.putObject(b -> b.bucket("clinic-records")
          .key("v1/bcdfghjkmnpqrstvbcdfghjkmnpqrstvbcdfghjkmnpqrstvbcdfghjkmnpqrstv")
          .metadata(NamesBenchmark.METADATA)
          .serverSideEncryption(ServerSideEncryption.AWS_KMS)
          .ssekmsKeyId(NamesBenchmark.KMS_KEY_ARN).bucketKeyEnabled(true)
          .objectLockMode(ObjectLockMode.COMPLIANCE)
          .objectLockRetainUntilDate(Instant.now().plus(2190, ChronoUnit.DAYS))
          .checksumAlgorithm(ChecksumAlgorithm.CRC32_C), RequestBody.fromBytes(new byte[1024]));
      putModel = capture.model;
      putHttp = capture.http;
      try {
        raw.getObjectAsBytes(b -> b.bucket("clinic-records")
            .key("v1/bcdfghjkmnpqrstvbcdfghjkmnpqrstvbcdfghjkmnpqrstvbcdfghjkmnpqrstv")
            .versionId("3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrH").checksumMode("ENABLED"));
      } catch (RuntimeException ignored) {
        // the no-op transport's answer is not a get response; the request was captured
      }
      getModel = capture.model;
      getHttp = capture.http;
    }
    gate = new WireGate(WireGate.Service.S3, Region.US_EAST_1, endpoint,
        NAMES, false, new io.github.hipaas3.internal.WireInvariants("aws:kms",
            NamesBenchmark.KMS_KEY_ARN, java.util.Set.of("COMPLIANCE"), false, false));
    gate.check(putModel, putHttp); // fails the setup if the captured put would be refused
    gate.check(getModel, getHttp);
  }

  @TearDown(Level.Trial)
  public void tearDown() {}

  @Benchmark
  public Object checkPut() {
    gate.check(putModel, putHttp);
    return putHttp;
  }

  @Benchmark
  public Object checkGet() {
    gate.check(getModel, getHttp);
    return getHttp;
  }
}
