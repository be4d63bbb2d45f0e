package io.github.hipaas3.benchmarks;

import io.github.hipaas3.benchmarks.SmallObjectGroups.Group;
import io.github.hipaas3.benchmarks.SmallObjectGroups.Subject;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Issue 15, item 1: puts and gets of small objects (1 KiB, 64 KiB, 1 MiB by default), one
 * thread and 32 threads sharing one client, through each client of a group against the same
 * server in one JVM, interleaved: in every round each cell (operation, size, threads) runs
 * every client of the group for the same time, one after the other, the starting client
 * rotating with the round. The report gives per cell the median throughput over the rounds,
 * its range, and the ratio to the group's raw {@code S3Client}.
 *
 * <p>At the thread counts of {@code alternate} (one thread by default) the clients do not take
 * turns but alternate call by call ({@link #alternating}).
 *
 * <p>Groups ({@link SmallObjectGroups}): {@code s3mock} (in-process S3Mock over HTTPS: raw, raw
 * sending SSE-C's and client-side AES's requests, stock S3 Encryption Client v4, hipaa-s3
 * client-side AES and SSE-C), {@code moto} (moto with
 * KMS over HTTPS, as the core tests start it: raw, hipaa-s3 SSE-KMS and client-side KMS), and
 * {@code noop} ({@link GatePlusAuditCost}: a put's gate and audit on a transport that answers
 * at once). Before a client is measured, one object per thread and size is put and read back
 * through it, and must come back byte for byte; the get cells read those objects.
 *
 * <p>Run: {@code mvn -B -q -pl benchmarks exec:exec@small-objects -Dsmall.args="quick"} after
 * {@code mvn install}, or {@code java -Xmx2g -cp <classpath> \
 * io.github.hipaas3.benchmarks.SmallObjectsHarness [quick] [name=value...]};
 * {@link SmallObjectsOptions} lists the settings. The defaults take 10 to 15 minutes; quick
 * about one. moto needs the project's {@code .venv-moto} (made by the core tests), found in the
 * working directory or its parent unless {@code -Dhipaas3.motoVenv} names it.
 */
public final class SmallObjectsHarness {
  /** The Spring Boot property for the level of the logger of hipaa-s3's retention check. */
  static final String RETENTION_LOG_LEVEL =
      "logging.level.io.github.hipaas3.internal.RetentionPolicy";

  private final SmallObjectsOptions options;
  private final SmallObjectsReport report;
  private final ExecutorService pool;
  private final byte[][] bodies;

  private SmallObjectsHarness(SmallObjectsOptions options) {
    this.options = options;
    this.report = new SmallObjectsReport(options.rounds);
    this.pool = Executors.newFixedThreadPool(options.maxThreads(), r -> {
      Thread t = new Thread(r, "small-objects");
      t.setDaemon(true);
      return t;
    });
    bodies = new byte[options.sizes.length][];
    for (int i = 0; i < bodies.length; i++) {
      bodies[i] = new byte[options.sizes[i]];
      // Pseudorandom bytes: nothing PHI-like, and nothing a server could compress.
      new Random(options.sizes[i]).nextBytes(bodies[i]);
    }
  }

  /**
   * Runs the measurement and writes the report.
   *
   * @param args {@code quick} and {@code name=value} settings (see {@link SmallObjectsOptions})
   * @throws Exception on any failure, including a round trip that does not return its bytes
   */
  public static void main(String[] args) throws Exception {
    SmallObjectsOptions options = SmallObjectsOptions.parse(args);
    // S3Mock shows no Object Lock, so every get through a hipaa-s3 client on it logs a WARN
    // (the opt-in to read unretained objects). Against S3 with Object Lock there is none; the
    // console writes, serialized across 32 threads, are not what is measured. S3Mock's Spring
    // Boot configures logging and reads this level from the system properties.
    if (System.getProperty(RETENTION_LOG_LEVEL) == null) {
      System.setProperty(RETENTION_LOG_LEVEL, "ERROR");
    }
    if (System.getProperty("hipaas3.motoVenv") == null) {
      for (Path candidate : List.of(Paths.get(".venv-moto"), Paths.get("..", ".venv-moto"))) {
        if (Files.isDirectory(candidate)) {
          System.setProperty("hipaas3.motoVenv", candidate.toAbsolutePath().normalize()
              .toString());
          break;
        }
      }
    }
    SmallObjectsHarness harness = new SmallObjectsHarness(options);
    try {
      harness.run();
    } finally {
      harness.pool.shutdownNow();
    }
    // moto runs until this JVM exits (S3Servers' shutdown hook stops it).
    System.exit(0);
  }

  private void run() throws Exception {
    long start = System.nanoTime();
    report.note("Settings: " + options.describe());
    report.note("Machine: " + Runtime.getRuntime().availableProcessors() + " CPUs, Java "
        + System.getProperty("java.version") + ", max heap "
        + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB");
    report.note("Load average before: " + SmallObjectsReport.loadAverage());
    Path auditDirectory = Files.createTempDirectory("hipaas3-small-objects-audit");
    try {
      if (options.groups.contains("s3mock")) {
        try (Group group = SmallObjectGroups.s3mock(options.audit, auditDirectory,
            options.sizes)) {
          measure(group);
        }
      }
      if (options.groups.contains("moto")) {
        try (Group group = SmallObjectGroups.moto(options.audit, auditDirectory)) {
          measure(group);
        }
      }
      if (options.groups.contains("noop")) {
        report.section(options.noopFreshJvm
            ? GatePlusAuditCost.inFreshJvm(options.rounds, options.noopSeconds,
                options.warmupSeconds > 0)
            : new GatePlusAuditCost(options.rounds, options.noopSeconds,
                options.warmupSeconds > 0).measure(auditDirectory));
      }
    } finally {
      deleteTree(auditDirectory);
    }
    report.note("Load average after: " + SmallObjectsReport.loadAverage());
    report.note(String.format(Locale.ROOT, "Run time: %.0f s",
        (System.nanoTime() - start) / 1e9));
    report.write(options.report);
    System.out.println(report.markdown());
    System.out.println("Report written to " + options.report.toAbsolutePath().normalize());
  }

  /** Checks and prepares every client of the group, then runs the rounds. */
  private void measure(Group group) throws Exception {
    report.note("Load average before " + group.name() + ": " + SmallObjectsReport.loadAverage());
    report.setup(group.name(), group.setup());
    for (Subject subject : group.subjects()) {
      prepare(group, subject);
    }
    if (options.warmupSeconds > 0) {
      round(group, -1, options.warmupSeconds);
    }
    for (int round = 0; round < options.rounds; round++) {
      round(group, round, options.seconds);
    }
    report.note("Load average after " + group.name() + ": " + SmallObjectsReport.loadAverage());
  }

  /**
   * Puts, through the client, the objects its get cells read (one per size and thread), and
   * reads the first of each size back: the bytes must be the ones put. (The get cells check the
   * length of every object they read.)
   */
  private void prepare(Group group, Subject subject) throws Exception {
    for (int s = 0; s < options.sizes.length; s++) {
      byte[] body = bodies[s];
      for (int t = 0; t < options.maxThreads(); t++) {
        String key = key(subject, options.sizes[s], "get", t);
        subject.client().putObject(b -> b.bucket(group.bucket()).key(key),
            RequestBody.fromBytes(body));
        if (t > 0) {
          continue;
        }
        byte[] back;
        try (InputStream in = subject.client().getObject(b -> b.bucket(group.bucket())
            .key(key))) {
          back = in.readAllBytes();
        }
        if (subject.getOverhead(body.length) != 0
            ? back.length != body.length + subject.getOverhead(body.length)
            : !Arrays.equals(back, body)) {
          throw new IllegalStateException(subject.name() + " on " + group.name()
              + ": a put and get of " + body.length + " bytes returned " + back.length
              + " different bytes");
        }
      }
    }
    System.out.println("checked " + group.name() + " / " + subject.name()
        + ": put and get round trips return the bytes put");
  }

  /** One round: every cell, every client in turn (round -1 is the uncounted warm-up). */
  private void round(Group group, int round, double seconds) throws Exception {
    long start = System.nanoTime();
    List<Subject> subjects = group.subjects();
    for (int s = 0; s < options.sizes.length; s++) {
      for (int threads : options.threads) {
        for (String op : List.of("put", "get")) {
          SmallObjectsReport.Cell cell =
              new SmallObjectsReport.Cell(group.name(), op, options.sizes[s], threads);
          if (round == 0) {
            // Fix the order of the table's rows: the raw client first.
            for (Subject subject : subjects) {
              report.record(cell, subject.name(), 0, Double.NaN);
            }
          }
          if (options.alternate.contains(threads)) {
            double[][] measured = alternating(group, op, s, threads, round, seconds);
            for (int i = 0; i < subjects.size() && round >= 0; i++) {
              report.record(cell, subjects.get(i).name(), round, measured[0][i]);
              report.recordCpu(cell, subjects.get(i).name(), round, measured[1][i]);
            }
            continue;
          }
          for (int i = 0; i < subjects.size(); i++) {
            Subject subject = subjects.get(Math.floorMod(i + round, subjects.size()));
            double opsPerSecond = cell(group, subject, op, s, threads, seconds);
            if (round >= 0) {
              report.record(cell, subject.name(), round, opsPerSecond);
            }
          }
        }
      }
    }
    System.out.printf(Locale.ROOT, "%s %s done in %.0f s (load %s)%n", group.name(),
        round < 0 ? "warm-up" : "round " + (round + 1) + "/" + options.rounds,
        (System.nanoTime() - start) / 1e9, SmallObjectsReport.loadAverage());
  }

  /**
   * Runs one client in one cell: {@code threads} threads, each on its own key, repeat the
   * operation until {@code seconds} have passed; the throughput is the operations completed
   * over the time until the last thread finished its last one.
   */
  private double cell(Group group, Subject subject, String op, int sizeIndex, int threads,
      double seconds) throws Exception {
    byte[] body = bodies[sizeIndex];
    int size = options.sizes[sizeIndex];
    boolean put = op.equals("put");
    CountDownLatch ready = new CountDownLatch(threads);
    CountDownLatch go = new CountDownLatch(1);
    long[] startAndDeadline = new long[2];
    List<Future<long[]>> futures = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      String key = key(subject, size, put ? "put" : "get", t);
      futures.add(pool.submit(() -> {
        byte[] sink = new byte[1 << 16];
        ready.countDown();
        go.await();
        long deadline = startAndDeadline[1];
        long count = 0;
        while (System.nanoTime() < deadline) {
          once(group.bucket(), subject, put, key, body, sink);
          count++;
        }
        return new long[] {count, System.nanoTime()};
      }));
    }
    ready.await();
    startAndDeadline[0] = System.nanoTime();
    startAndDeadline[1] = startAndDeadline[0] + (long) (seconds * 1e9);
    go.countDown();
    long ops = 0;
    long end = startAndDeadline[0];
    for (Future<long[]> future : futures) {
      try {
        long[] result = future.get();
        ops += result[0];
        end = Math.max(end, result[1]);
      } catch (ExecutionException e) {
        throw new IllegalStateException(group.name() + " / " + subject.name() + " " + op + " "
            + size + " B x " + threads + " threads failed: " + e.getCause(), e.getCause());
      }
    }
    return ops / ((end - startAndDeadline[0]) / 1e9);
  }

  /**
   * Runs every client of the group in one cell at once, call by call: each of {@code threads}
   * threads calls each client in turn (the first client rotating with every call and thread)
   * for about {@code seconds} per client, timing every call. A client's throughput is the
   * thread count over its mean call time. Slow drifts of the machine and the server (garbage
   * collection, page cache, other processes) then fall on every client alike, which taking
   * turns for a second each does not achieve against an in-process server whose throughput
   * varies by half from one second to the next. With more than one thread the clients also
   * share the load, so one client's extra CPU slows the others' calls too: use it where the
   * server, not the client's CPU, is the bottleneck (one thread, by default).
   *
   * @return each client's throughput ({@code [0]}) and its calling thread's CPU time per call
   *     in microseconds ({@code [1]})
   */
  private double[][] alternating(Group group, String op, int sizeIndex, int threads, int round,
      double seconds) throws Exception {
    List<Subject> subjects = group.subjects();
    int n = subjects.size();
    byte[] body = bodies[sizeIndex];
    boolean put = op.equals("put");
    long deadline = System.nanoTime() + (long) (seconds * n * 1e9);
    List<Future<long[]>> futures = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      futures.add(pool.submit(() -> {
        byte[] sink = new byte[1 << 16];
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        long[] nanosCountsCpu = new long[3 * n];
        for (long call = 0; System.nanoTime() < deadline; call++) {
          for (int i = 0; i < n; i++) {
            int c = (int) Math.floorMod(call + i + thread + round, (long) n);
            Subject subject = subjects.get(c);
            String key = key(subject, options.sizes[sizeIndex], put ? "put" : "get", thread);
            long cpuStart = cpu.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            once(group.bucket(), subject, put, key, body, sink);
            nanosCountsCpu[c] += System.nanoTime() - start;
            nanosCountsCpu[2 * n + c] += cpu.getCurrentThreadCpuTime() - cpuStart;
            nanosCountsCpu[n + c]++;
          }
        }
        return nanosCountsCpu;
      }));
    }
    long[] nanos = new long[n];
    long[] counts = new long[n];
    long[] cpuNanos = new long[n];
    for (Future<long[]> future : futures) {
      try {
        long[] result = future.get();
        for (int c = 0; c < n; c++) {
          nanos[c] += result[c];
          counts[c] += result[n + c];
          cpuNanos[c] += result[2 * n + c];
        }
      } catch (ExecutionException e) {
        throw new IllegalStateException(group.name() + " " + op + " " + body.length + " B x "
            + threads + " threads, clients alternating, failed: " + e.getCause(), e.getCause());
      }
    }
    double[][] measured = new double[2][n];
    for (int c = 0; c < n; c++) {
      measured[0][c] = threads / (nanos[c] / 1e9 / counts[c]);
      measured[1][c] = cpuNanos[c] / 1e3 / counts[c];
    }
    return measured;
  }

  /** One put of the body, or one get whose length is checked, through the subject's client. */
  private static void once(String bucket, Subject subject, boolean put, String key,
      byte[] body, byte[] sink) throws IOException {
    int expected = body.length + subject.getOverhead(body.length);
    if (put) {
      subject.client().putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(body));
      return;
    }
    long read = 0;
    try (InputStream in = subject.client().getObject(b -> b.bucket(bucket).key(key))) {
      for (int n; (n = in.read(sink)) > 0; ) {
        read += n;
      }
    }
    if (read != expected) {
      throw new IllegalStateException("got " + read + " of " + expected + " bytes");
    }
  }

  /** A key without PHI: the client's id, the size, the cell kind and the thread. */
  private static String key(Subject subject, int size, String kind, int thread) {
    return String.format(Locale.ROOT, "small/%s/%s/%s-t%02d", subject.id(),
        SmallObjectsReport.size(size).replace(" ", ""), kind, thread);
  }

  static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : (Iterable<Path>) paths.sorted((a, b) -> b.compareTo(a))::iterator) {
        Files.deleteIfExists(path);
      }
    }
  }
}
