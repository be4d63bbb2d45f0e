package io.github.hipaas3;

import io.github.hipaas3.audit.AuditEvent;
import io.github.hipaas3.audit.AuditOutcome;
import io.github.hipaas3.testing.CountingRetryStrategy;
import io.github.hipaas3.testing.FaultyHttp;
import io.github.hipaas3.testing.S3ServerTest;
import io.github.hipaas3.testing.S3TestServer;
import io.github.hipaas3.testing.ServerKind;
import io.github.hipaas3.testing.TestSecrets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Assumptions;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * The concurrent soak under faults (issue 17, item 6): 32 threads share one client per
 * encryption mode (client-side AES, SSE-KMS, client-side KMS) against moto, each making a
 * random mix of puts (bytes, files, multipart-sized), gets (bytes, streams read whole or closed
 * early, files), heads, copies, deletes and version listings on its own object IDs, while
 * {@link SoakFaults} injects faults into a share of all requests. Each thread keeps an exact
 * model of its IDs ({@link SoakLedger}).
 *
 * <p>Asserted, and reported in {@code target/soak-report.txt}: no corrupt or stale read (every
 * read returns what the model allows: the last confirmed write, or a write that failed but may
 * have landed), no lost write; exactly one audit event per call, matched call by call; every
 * failure a clear, PHI-free SDK or hipaa-s3 exception explained by the faults that hit its
 * call (a body fault, or as many faults as the retry strategy has attempts); no plaintext
 * stored; no multipart upload left open (except one whose CreateMultipartUpload answer was
 * lost, which no client can abort); no response body or async request left open.
 *
 * <p>Not run by default: {@code mvn -pl core verify -Pfault-soak -Dit.test=ConcurrentSoak
 * -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false}. Properties: {@code
 * hipaas3.soak.seconds} per mode (default 180), {@code hipaas3.soak.threads} (32), {@code
 * hipaas3.soak.faultProbability} per request (0.05), {@code hipaas3.soak.seed} (printed),
 * {@code hipaas3.soak.modes} (aes,sse-kms,kms).
 */
class ConcurrentSoak {
  static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(3);
  static final Duration SLOW = Duration.ofSeconds(4);
  static final int SAMPLES = 100;

  @S3ServerTest
  void threadsShareOneClient_underFaults(S3TestServer server) throws Exception {
    Assumptions.assumeTrue(server.kind() == ServerKind.MOTO,
        "moto only: the soak needs versioning, Object Lock and KMS");
    int seconds = Integer.getInteger("hipaas3.soak.seconds", 180);
    int threads = Integer.getInteger("hipaas3.soak.threads", 32);
    double p = Double.parseDouble(System.getProperty("hipaas3.soak.faultProbability", "0.05"));
    long seed = Long.getLong("hipaas3.soak.seed", System.nanoTime());
    List<String> modes = List.of(System.getProperty("hipaas3.soak.modes", "aes,sse-kms,kms")
        .split(","));
    StringBuilder report = new StringBuilder();
    report.append(String.format("ConcurrentSoak on %s: %d threads, %d s per mode, fault"
        + " probability %.3f per request, seed %d (-Dhipaas3.soak.seed=%d)%n", server.kind().id(),
        threads, seconds, p, seed, seed));
    System.out.print(report);
    SoftAssertions softly = new SoftAssertions();
    try (S3Client raw = server.rawClient(); KmsClient kms = server.kmsClient()) {
      for (int m = 0; m < modes.size(); m++) {
        EncryptionMode mode = mode(modes.get(m).trim(), kms);
        String part = runMode(server, raw, mode, threads, seconds, p, seed + m, softly);
        System.out.print(part);
        report.append(part);
      }
    } finally {
      Path file = Paths.get("target", "soak-report.txt");
      Files.createDirectories(file.getParent());
      Files.writeString(file, report);
    }
    softly.assertAll();
  }

  private static EncryptionMode mode(String name, KmsClient kms) {
    switch (name) {
      case "aes":
        return EncryptionMode.clientSideAes(TestSecrets.aesKey());
      case "sse-kms":
        return EncryptionMode.sseKms(TestSecrets.KMS_KEY_ARN);
      case "kms":
        return EncryptionMode.clientSideKms(kms, kms.createKey().keyMetadata().arn());
      default:
        throw new IllegalArgumentException("hipaas3.soak.modes: aes, sse-kms or kms: " + name);
    }
  }

  private static String runMode(S3TestServer server, S3Client raw, EncryptionMode mode,
      int threads, int seconds, double p, long seed, SoftAssertions softly) throws Exception {
    boolean clientSide = mode.kind().clientSide();
    long t0 = System.nanoTime();
    String bucket = server.createBucket(raw);
    SoakFaults chooser = new SoakFaults(seed, p);
    SoakLedger ledger = new SoakLedger();
    Queue<AuditEvent> events = new ConcurrentLinkedQueue<>();
    CountingRetryStrategy retries = new CountingRetryStrategy(AwsRetryStrategy
        .standardRetryStrategy().toBuilder().circuitBreakerEnabled(false).build());
    Path dir = Files.createTempDirectory("hipaas3-soak");
    long elapsed;
    int openBodies;
    List<String> openRequests;
    int inFlight;
    boolean ended;
    try (FaultyHttp faults = new FaultyHttp(SLOW).injectRandomly(chooser);
        SdkHttpClient sync = faults.sync(ApacheHttpClient.builder().maxConnections(threads * 2)
            .tlsTrustManagersProvider(server.trust()).build());
        SdkAsyncHttpClient async = faults.async(NettyNioAsyncHttpClient.builder()
            .maxConcurrency(threads * 4).tlsTrustManagersProvider(server.trust()).build())) {
      try (HipaaS3Client s3 = server.untrustedClientBuilder(mode).httpClient(sync)
          .asyncHttpClient(async).audit(events::add)
          .multipartThreshold(SoakWorker.MULTIPART_SIZE - 1)
          .overrideConfiguration(o -> o.apiCallAttemptTimeout(ATTEMPT_TIMEOUT)
              .retryStrategy(retries)).build()) {
        long started = System.nanoTime();
        lap(mode, "threads start", t0);
        long deadline = started + TimeUnit.SECONDS.toNanos(seconds);
        List<SoakWorker> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          workers.add(new SoakWorker(t, seed, s3, bucket, clientSide, chooser, ledger, deadline,
              retries, dir));
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        workers.forEach(pool::execute);
        pool.shutdown();
        ended = pool.awaitTermination(seconds + 120L, TimeUnit.SECONDS);
        if (!ended) {
          pool.shutdownNow();
        }
        elapsed = System.nanoTime() - started;
        System.out.printf("ConcurrentSoak %s: threads done after %.1f s%n", mode.kind(),
            elapsed / 1e9);
        chooser.enabled(false);
        openBodies = faults.openResponseBodies();
        openRequests = faults.openResponseBodyRequests();
        inFlight = faults.asyncRequestsInFlight();
        // One listing of the whole bucket (moto lists a prefix no faster than the bucket).
        Set<String> listed = new HashSet<>();
        for (ListObjectVersionsResponse page : s3.listObjectVersionsPaginator(b -> b
            .bucket(bucket))) {
          ledger.expect(null, new SoakLedger.Expected("ListObjectVersions", AuditOutcome.ALLOWED,
              null, null));
          page.versions().forEach(v -> listed.add(v.versionId()));
        }
        for (SoakWorker w : workers) {
          w.verifyAll(listed);
        }
        lap(mode, "verified every ID", t0);
      }
      lap(mode, "client closed", t0);
    } finally {
      deleteTree(dir);
    }
    // The client is closed: every queued audit event has reached the sink.
    lap(mode, "HTTP clients closed", t0);
    long[] audit = ledger.matchAudit(List.copyOf(events));
    lap(mode, "audit matched", t0);
    int[] stored = checkStored(raw, bucket, clientSide, seed);
    lap(mode, "stored objects sampled", t0);
    int[] uploads = checkUploads(raw, bucket, chooser);

    System.out.printf("ConcurrentSoak %s: checks done, %.1f s in all%n", mode.kind(),
        (System.nanoTime() - t0) / 1e9);
    Map<String, Long> counters = ledger.counters();
    long calls = counters.entrySet().stream().filter(e -> e.getKey().matches("calls [A-Z_]+"))
        .mapToLong(Map.Entry::getValue).sum();
    double secs = elapsed / 1e9;
    StringBuilder r = new StringBuilder();
    r.append(String.format("%n== %s: %d calls in %.1f s (%.1f calls/s), %d threads%n",
        mode.kind(), calls, secs, calls / secs, threads));
    r.append("operations:\n");
    for (SoakWorker.Op op : SoakWorker.Op.values()) {
      long n = counters.getOrDefault("calls " + op, 0L);
      if (n > 0) {
        r.append(String.format("  %-14s %7d  ok %7d  failed %6d%s%n", op, n,
            counters.getOrDefault("calls " + op + " ok", 0L),
            counters.getOrDefault("calls " + op + " failed", 0L),
            counters.containsKey("calls " + op + " read failed") ? "  stream read failed "
                + counters.get("calls " + op + " read failed") : ""));
      }
    }
    r.append(String.format("requests: %d %s%n", chooser.requests().values().stream()
        .mapToLong(Long::longValue).sum(), chooser.requests()));
    r.append(String.format("faults injected: %d%n", chooser.injectedTotal()));
    chooser.injected().forEach((k, v) -> r.append(String.format("  %-34s %6d%n", k, v)));
    r.append(String.format("retries (SDK and hipaa-s3's own, one strategy): %d; failed attempts"
        + " not retried %d (not retryable, such as 404 NoSuchKey, or attempts used up)%n",
        retries.refreshed.get() - retries.denied.get(), retries.denied.get()));
    r.append("failed calls by exception:\n");
    counters.forEach((k, v) -> {
      if (k.startsWith("failures by type: ")) {
        r.append(String.format("  %-60s %6d%n", k.substring(18), v));
      }
    });
    r.append(String.format("  of which with no fault injected (every attempt failed: the"
        + " server was too slow or erred): %d%n",
        counters.getOrDefault("failures with no fault injected (attempts used up)", 0L)));
    r.append("  first failures:\n");
    ledger.notes().forEach(x -> r.append("    ").append(x).append('\n'));
    counters.forEach((k, v) -> {
      if (k.startsWith("reads verified")) {
        r.append(String.format("%s: %d%n", k, v));
      }
    });
    r.append(String.format("audit: calls %d, events %d, lost %d, extra %d, mismatched %d%n",
        audit[0], audit[1], audit[2], audit[3], audit[4]));
    r.append(String.format("corrupt reads %d, stale reads %d, lost writes %d%n",
        ledger.problems("corrupt read") + ledger.problems("corrupt head"),
        ledger.problems("stale read"), ledger.problems("lost write")));
    r.append(String.format("stored objects sampled %d, with plaintext %d%n", stored[0],
        stored[1]));
    r.append(String.format("multipart uploads open %d (answer of their create lost: %d)%n",
        uploads[0], uploads[1]));
    r.append(String.format("response bodies left open %d, async requests in flight %d%n",
        openBodies, inFlight));
    if (!openRequests.isEmpty()) {
      r.append(String.format("  left open: %s%n", openRequests.stream().collect(
          java.util.stream.Collectors.groupingBy(x -> x, java.util.TreeMap::new,
              java.util.stream.Collectors.counting()))));
    }
    r.append(String.format("problems: %s%n", ledger.problemCounts()));
    ledger.problemList().stream().limit(30).forEach(x -> r.append("  ").append(x).append('\n'));

    String m = mode.kind().toString();
    softly.assertThat(ended).as("%s: every thread ended", m).isTrue();
    softly.assertThat(ledger.problemCounts()).as("%s: problems (see the report)", m).isEmpty();
    softly.assertThat(audit[2]).as("%s: lost audit events", m).isZero();
    softly.assertThat(audit[3]).as("%s: audit events without a call", m).isZero();
    softly.assertThat(audit[4]).as("%s: audit events not their call's", m).isZero();
    softly.assertThat(stored[1]).as("%s: stored objects with plaintext", m).isZero();
    softly.assertThat(uploads[0] - uploads[1]).as("%s: multipart uploads left open", m).isZero();
    softly.assertThat(openBodies).as("%s: response bodies left open", m).isZero();
    softly.assertThat(inFlight).as("%s: async requests left in flight", m).isZero();
    // The soak must have done something: faults, reads checked, writes confirmed.
    softly.assertThat(chooser.injectedTotal()).as("%s: faults injected", m).isPositive();
    softly.assertThat(counters.getOrDefault("reads verified (whole)", 0L))
        .as("%s: reads verified", m).isPositive();
    softly.assertThat(counters.getOrDefault("calls PUT ok", 0L)).as("%s: puts", m).isPositive();
    return r.toString();
  }

  private static void lap(EncryptionMode mode, String what, long t0) {
    System.out.printf("ConcurrentSoak %s: %s at %.1f s%n", mode.kind(), what,
        (System.nanoTime() - t0) / 1e9);
  }

  /**
   * Samples stored object versions with the plain client: client-side, no canary in the
   * ciphertext; SSE-KMS, the server confirms the encryption. Returns sampled, failing.
   */
  private static int[] checkStored(S3Client raw, String bucket, boolean clientSide, long seed) {
    List<ObjectVersion> all = new ArrayList<>();
    raw.listObjectVersionsPaginator(b -> b.bucket(bucket)).versions().forEach(all::add);
    all.sort(Comparator.comparing(ObjectVersion::versionId));
    Collections.shuffle(all, new Random(seed));
    int bad = 0;
    List<ObjectVersion> sample = all.subList(0, Math.min(SAMPLES, all.size()));
    for (ObjectVersion v : sample) {
      if (clientSide) {
        byte[] stored = raw.getObjectAsBytes(b -> b.bucket(bucket).key(v.key())
            .versionId(v.versionId())).asByteArray();
        bad += new String(stored, StandardCharsets.ISO_8859_1).contains(SoakLedger.CANARY)
            ? 1 : 0;
      } else {
        bad += raw.headObject(b -> b.bucket(bucket).key(v.key()).versionId(v.versionId()))
            .serverSideEncryption() == ServerSideEncryption.AWS_KMS ? 0 : 1;
      }
    }
    return new int[] {sample.size(), bad};
  }

  /** Open uploads, and how many of them a lost CreateMultipartUpload answer explains. */
  private static int[] checkUploads(S3Client raw, String bucket, SoakFaults chooser) {
    List<MultipartUpload> open = raw.listMultipartUploads(b -> b.bucket(bucket)).uploads();
    int explained = 0;
    for (MultipartUpload u : open) {
      explained += chooser.createAnswerLost(u.key()) ? 1 : 0;
      raw.abortMultipartUpload(b -> b.bucket(bucket).key(u.key()).uploadId(u.uploadId()));
    }
    return new int[] {open.size(), explained};
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
