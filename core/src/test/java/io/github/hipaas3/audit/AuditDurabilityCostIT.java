package io.github.hipaas3.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.hipaas3.HipaaS3Client;
import io.github.hipaas3.testing.RecordingHttpClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * A harness, not a check: the cost per call of write-ahead auditing against the default queued
 * mode, both to a sealed JSON-lines file, through a transport that answers at once (so the
 * figures are the client's own work plus the audit's). Prints a table; asserts nothing about
 * time. Figures in src/docs/benchmarks.md.
 */
class AuditDurabilityCostIT {
  static final int WARMUP = 1000;
  static final int CALLS = 3000;

  @Test
  void printsTheCostPerCall(@TempDir Path dir) throws Exception {
    StringBuilder table = new StringBuilder("\n| mode | threads | µs per call (wall) |"
        + " calls/s |\n|---|---|---|---|\n");
    double[][] micros = new double[2][2];
    int[] threadCounts = {1, 4};
    // Twice, alternating, so the second round's figures are past the JIT's warm-up.
    for (int round = 0; round < 2; round++) {
      for (int t = 0; t < threadCounts.length; t++) {
        for (AuditDurability mode : AuditDurability.values()) {
          double us = run(dir.resolve(mode + "-" + round + "-" + t + ".jsonl"), mode,
              threadCounts[t]);
          if (round == 1) {
            micros[mode.ordinal()][t] = us;
            table.append("| ").append(mode).append(" | ").append(threadCounts[t])
                .append(String.format(" | %.1f | %.0f |%n", us, 1e6 / us));
          }
        }
      }
    }
    for (int t = 0; t < threadCounts.length; t++) {
      table.append(String.format("ratio WRITE_AHEAD/QUEUED, %d thread(s): %.2fx%n",
          threadCounts[t], micros[1][t] / micros[0][t]));
    }
    // The sink alone: one event written, with and without forcing the file each time.
    for (int round = 0; round < 2; round++) {
      double plain = sinkOnly(dir.resolve("plain-" + round + ".jsonl"), false);
      double synced = sinkOnly(dir.resolve("synced-" + round + ".jsonl"), true);
      if (round == 1) {
        table.append(String.format("sink only: write %.1f µs, write + sync %.1f µs per event%n",
            plain, synced));
      }
    }
    System.out.println(table);
    assertThat(micros[0][0]).isPositive();
  }

  private static double sinkOnly(Path file, boolean sync) throws Exception {
    AuditEvent event = AuditEvent.builder().time(java.time.Instant.now()).operation("PutObject")
        .bucket("clinic").objectKey("v1/abcdefghijklmnopqrstuvwxyz").callId("0a1b2c3d4e5f-1")
        .outcome(AuditOutcome.INTENT).build();
    try (AuditSink sink = AuditSinks.jsonLines(file, AuditSealingKey.generate())) {
      long start = System.nanoTime();
      for (int i = 0; i < CALLS; i++) {
        sink.write(event);
        if (sync) {
          sink.sync();
        }
      }
      sink.flush();
      return (System.nanoTime() - start) / 1000.0 / CALLS;
    }
  }

  /** Wall-clock microseconds per put, over {@link #CALLS} puts after a warm-up. */
  private static double run(Path file, AuditDurability mode, int threads) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (HipaaS3Client s3 = new RecordingHttpClient().hipaaClientBuilder()
        .audit(AuditSinks.jsonLines(file, AuditSealingKey.generate()))
        .auditDurability(mode).build()) {
      puts(s3, pool, threads, WARMUP);
      long start = System.nanoTime();
      puts(s3, pool, threads, CALLS);
      return (System.nanoTime() - start) / 1000.0 / CALLS;
    } finally {
      pool.shutdownNow();
    }
  }

  private static void puts(HipaaS3Client s3, ExecutorService pool, int threads, int calls)
      throws Exception {
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      done.add(pool.submit(() -> {
        for (int i = 0; i < calls / threads; i++) {
          int n = i;
          s3.putObject(b -> b.bucket("clinic").key("bench-" + thread + "-" + n),
              RequestBody.fromString("x"));
        }
      }));
    }
    for (Future<?> f : done) {
      f.get(5, TimeUnit.MINUTES);
    }
  }
}
