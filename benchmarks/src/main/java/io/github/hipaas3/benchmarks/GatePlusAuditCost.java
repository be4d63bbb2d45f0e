package io.github.hipaas3.benchmarks;

import io.github.hipaas3.EncryptionMode;
import io.github.hipaas3.HipaaS3Client;
import io.github.hipaas3.KeyHashingSecret;
import io.github.hipaas3.ObjectRetention;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * The gate plus audit per call (issue 15, item 2: under 20 µs): a 1 KiB put on a transport
 * that answers at once ({@link NoOpHttpClient}), through a raw {@link S3Client} carrying the
 * headers hipaa-s3 sends (the same stored key, SSE-KMS key and Bucket Key, Object Lock mode and
 * retain-until date, CRC32C checksum, content type), and through {@link HipaaS3Client} (SSE-KMS,
 * {@code retention(...)} set, bucket check skipped) with its audit off and with the sealed
 * JSON-lines file sink. One thread; in each round the clients take turns in short batches, and
 * the differences of the medians over the rounds are the gate's and the audit's time per call
 * on the caller's thread (the audit writer's own thread works alongside, and takes a core from
 * whichever client runs while it writes when no core is free). The headers both clients sent
 * are compared, and any difference is named in the report.
 */
final class GatePlusAuditCost {
  private static final String BUCKET = "clinic-records";
  private static final String OBJECT_ID = "reports/summary-a.pdf";
  private static final String CONTENT_TYPE = "application/pdf";
  private static final Period PERIOD = Period.ofDays(1);
  private static final int BATCH = 100;
  /** Headers whose values differ on every request (signature, time, invocation). */
  private static final Set<String> PER_CALL = Set.of("authorization", "x-amz-date",
      "amz-sdk-invocation-id", "amz-sdk-request", "x-amz-object-lock-retain-until-date");

  private final int rounds;
  private final double seconds;
  private final boolean warmUp;
  private final byte[] body = new byte[1024];

  GatePlusAuditCost(int rounds, double seconds, boolean warmUp) {
    this.rounds = rounds;
    this.seconds = seconds;
    this.warmUp = warmUp;
  }

  /**
   * Runs the measurement in a JVM of its own and returns its section. After the server groups
   * the SDK's call sites have seen a dozen client configurations (HTTP clients, interceptors,
   * encryption clients), and the JIT's code for them is slower for every client: measured in
   * the same JVM after them, a raw put on the no-op transport took about 100 µs instead of
   * about 45. A fresh JVM, as JMH forks one per benchmark, measures what one application with
   * one configuration sees.
   */
  static String inFreshJvm(int rounds, double seconds, boolean warmUp) throws Exception {
    Path out = Files.createTempFile("hipaas3-gate-cost", ".md");
    try {
      String java = ProcessHandle.current().info().command()
          .orElse(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
      Process child = new ProcessBuilder(java, "-Xmx1g", "-cp",
          System.getProperty("java.class.path"), GatePlusAuditCost.class.getName(),
          Integer.toString(rounds), Double.toString(seconds), Boolean.toString(warmUp),
          out.toString()).inheritIO().start();
      int status = child.waitFor();
      if (status != 0) {
        throw new IllegalStateException("the no-op transport measurement's JVM exited with "
            + status);
      }
      return Files.readString(out).replace("(no-op transport)%n".formatted(),
          "(no-op transport, a fresh JVM)%n".formatted());
    } finally {
      Files.deleteIfExists(out);
    }
  }

  /**
   * The measurement alone, in this JVM: {@code rounds seconds warmUp reportFile}.
   *
   * @param args the rounds, the seconds per client and round, whether to warm up first, and
   *     the file the section is written to
   * @throws Exception on any failure
   */
  public static void main(String[] args) throws Exception {
    Path auditDirectory = Files.createTempDirectory("hipaas3-gate-cost-audit");
    try {
      String section = new GatePlusAuditCost(Integer.parseInt(args[0]),
          Double.parseDouble(args[1]), Boolean.parseBoolean(args[2])).measure(auditDirectory);
      Files.writeString(Paths.get(args[3]), section);
    } finally {
      SmallObjectsHarness.deleteTree(auditDirectory);
    }
  }

  /** Runs the measurement; the result is a markdown section of the report. */
  String measure(Path auditDirectory) throws Exception {
    StaticCredentialsProvider credentials = StaticCredentialsProvider.create(
        AwsSessionCredentials.create("akid", "secret", "session"));
    NoOpHttpClient rawHttp = new NoOpHttpClient();
    NoOpHttpClient offHttp = new NoOpHttpClient();
    NoOpHttpClient fileHttp = new NoOpHttpClient();
    try (S3Client raw = S3Client.builder().region(Region.US_EAST_1).endpointOverride(endpoint())
            .credentialsProvider(credentials).httpClient(rawHttp).build();
        HipaaS3Client auditOff = hipaa(credentials, offHttp).insecureDisableAudit(true).build();
        HipaaS3Client auditFile = SmallObjectGroups.withAudit(hipaa(credentials, fileHttp),
            "file", auditDirectory, "noop").build()) {
      String storedKey = auditOff.objectKey(OBJECT_ID);
      PutObjectRequest hipaaPut = PutObjectRequest.builder().bucket(BUCKET).key(OBJECT_ID)
          .contentType(CONTENT_TYPE).build();
      Supplier<PutObjectRequest> rawPut = () -> PutObjectRequest.builder().bucket(BUCKET)
          .key(storedKey).contentType(CONTENT_TYPE)
          .serverSideEncryption(ServerSideEncryption.AWS_KMS)
          .ssekmsKeyId(NamesBenchmark.KMS_KEY_ARN).bucketKeyEnabled(true)
          .objectLockMode(ObjectLockMode.GOVERNANCE)
          .objectLockRetainUntilDate(Instant.now().plus(Duration.ofDays(PERIOD.getDays())))
          .checksumAlgorithm(ChecksumAlgorithm.CRC32_C).build();
      List<String> names = List.of("raw S3Client, same headers", "HipaaS3Client, audit off",
          "HipaaS3Client, sealed file audit");
      List<Runnable> puts = List.of(
          () -> raw.putObject(rawPut.get(), RequestBody.fromBytes(body)),
          () -> auditOff.putObject(hipaaPut, RequestBody.fromBytes(body)),
          () -> auditFile.putObject(hipaaPut, RequestBody.fromBytes(body)));
      for (Runnable put : puts) {
        put.run();
      }
      String headers = compare(rawHttp.lastRequest(), offHttp.lastRequest());
      if (warmUp) {
        interleaved(puts, Math.max(seconds, 1.0));
      }
      double[][] micros = new double[puts.size()][rounds];
      for (int round = 0; round < rounds; round++) {
        double[] perCall = interleaved(puts, seconds);
        for (int c = 0; c < puts.size(); c++) {
          micros[c][round] = perCall[c];
        }
      }
      return section(names, micros, headers);
    }
  }

  private String section(List<String> names, double[][] micros, String headers) {
    StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
        "%n## Gate plus audit per call (no-op transport)%n%n"
        + "1 KiB put, SSE-KMS, retention set, one thread, %d rounds of about %s s per client, "
        + "the clients taking turns in batches of %d puts.%n%n"
        + "| Client | µs per put (median) | min-max |%n|---|---|---|%n",
        rounds, seconds, BATCH));
    double[] median = new double[names.size()];
    for (int i = 0; i < names.size(); i++) {
      median[i] = SmallObjectsReport.median(micros[i]);
      out.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f-%.1f |%n", names.get(i),
          median[i], SmallObjectsReport.min(micros[i]), SmallObjectsReport.max(micros[i])));
    }
    out.append(String.format(Locale.ROOT, "%n| Difference (medians) | µs per call | Target |%n"
        + "|---|---|---|%n"
        + "| gate (audit off minus raw) | %.1f | |%n"
        + "| audit (file audit minus audit off) | %.1f | |%n"
        + "| gate plus audit (file audit minus raw) | %.1f | under 20 |%n",
        median[1] - median[0], median[2] - median[1], median[2] - median[0]));
    return out.append("\nHeaders: ").append(headers).append('\n').toString();
  }

  /**
   * One round: the clients take turns in batches of {@value #BATCH} puts (a few milliseconds)
   * until each has had about {@code seconds}, so that a burst of load from elsewhere on the
   * machine falls on all of them alike. Returns each client's microseconds per call.
   */
  private static double[] interleaved(List<Runnable> puts, double seconds) {
    long[] nanos = new long[puts.size()];
    long[] calls = new long[puts.size()];
    long deadline = System.nanoTime() + (long) (seconds * puts.size() * 1e9);
    while (System.nanoTime() < deadline) {
      for (int c = 0; c < puts.size(); c++) {
        Runnable put = puts.get(c);
        long start = System.nanoTime();
        for (int i = 0; i < BATCH; i++) {
          put.run();
        }
        nanos[c] += System.nanoTime() - start;
        calls[c] += BATCH;
      }
    }
    double[] micros = new double[puts.size()];
    for (int c = 0; c < puts.size(); c++) {
      micros[c] = nanos[c] / 1e3 / calls[c];
    }
    return micros;
  }

  /** Which headers the raw put and hipaa-s3's put did not send alike. */
  private static String compare(SdkHttpRequest raw, SdkHttpRequest hipaa) {
    Map<String, List<String>> rawHeaders = lowerCase(raw.headers());
    Map<String, List<String>> hipaaHeaders = lowerCase(hipaa.headers());
    Set<String> names = new TreeSet<>(rawHeaders.keySet());
    names.addAll(hipaaHeaders.keySet());
    List<String> differences = new ArrayList<>();
    for (String name : names) {
      List<String> r = rawHeaders.get(name);
      List<String> h = hipaaHeaders.get(name);
      if (r == null || h == null) {
        differences.add(name + " only " + (r == null ? "hipaa-s3" : "raw"));
      } else if (!PER_CALL.contains(name) && !r.equals(h)) {
        differences.add(name + " " + r + " (raw) vs " + h + " (hipaa-s3)");
      }
    }
    if (!raw.encodedPath().equals(hipaa.encodedPath())) {
      differences.add("path " + raw.encodedPath() + " vs " + hipaa.encodedPath());
    }
    return differences.isEmpty()
        ? "the raw put and hipaa-s3's put sent the same " + names.size() + " headers (values "
            + "equal except the per-call ones: " + new TreeSet<>(PER_CALL) + ") to the same path."
        : "the raw put and hipaa-s3's put differ: " + String.join("; ", differences) + ".";
  }

  private static Map<String, List<String>> lowerCase(Map<String, List<String>> headers) {
    Map<String, List<String>> out = new TreeMap<>();
    headers.forEach((k, v) -> out.put(k.toLowerCase(Locale.ROOT), v));
    return out;
  }

  private static URI endpoint() {
    return URI.create("https://s3.us-east-1.amazonaws.com");
  }

  private HipaaS3Client.Builder hipaa(StaticCredentialsProvider credentials,
      NoOpHttpClient http) {
    return HipaaS3Client.builder().region(Region.US_EAST_1).endpointOverride(endpoint())
        .credentialsProvider(credentials).httpClient(http)
        .keyHashingSecret(KeyHashingSecret.fromBytes(1, new byte[32]))
        .encryption(EncryptionMode.sseKms(NamesBenchmark.KMS_KEY_ARN))
        .retention(ObjectRetention.of(ObjectLockMode.GOVERNANCE, PERIOD))
        .insecureSkipBucketProtectionCheck(true);
  }
}
