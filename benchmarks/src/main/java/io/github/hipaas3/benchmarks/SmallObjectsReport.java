package io.github.hipaas3.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@link SmallObjectsHarness} measured and the markdown report of it: per cell (group,
 * operation, size, threads) and client, the throughput of every round; the median, its range,
 * and the ratio to the group's raw client, both as the ratio of the medians and as the range
 * of the ratios within each round (the interleaving makes those comparable).
 */
final class SmallObjectsReport {
  /** One cell of the table: every client of the group ran it in every round. */
  record Cell(String group, String op, int size, int threads) {}

  private final int rounds;
  private final Map<Cell, Map<String, double[]>> opsPerSecond = new LinkedHashMap<>();
  private final List<String> notes = new ArrayList<>();
  private final StringBuilder extra = new StringBuilder();
  private final Map<String, String> setups = new LinkedHashMap<>();
  /** Per alternating cell and client, each round's calling-thread CPU per call (µs). */
  private final Map<Cell, Map<String, double[]>> cpuMicros = new LinkedHashMap<>();

  SmallObjectsReport(int rounds) {
    this.rounds = rounds;
  }

  /** Records one measurement; the first client recorded for a cell is its baseline. */
  void record(Cell cell, String client, int round, double value) {
    opsPerSecond.computeIfAbsent(cell, c -> new LinkedHashMap<>())
        .computeIfAbsent(client, c -> new double[rounds])[round] = value;
  }

  /** Records the calling thread's CPU time per call of one round of an alternating cell. */
  void recordCpu(Cell cell, String client, int round, double micros) {
    cpuMicros.computeIfAbsent(cell, c -> new LinkedHashMap<>())
        .computeIfAbsent(client, c -> new double[rounds])[round] = micros;
  }

  /** How a group's server and clients are set up, printed under the group's heading. */
  void setup(String group, String setup) {
    setups.put(group, setup);
  }

  /** A line under the heading (settings, load average, server versions). */
  void note(String line) {
    notes.add(line);
  }

  /** A section of markdown appended after the tables. */
  void section(String markdown) {
    extra.append(markdown);
  }

  /** The report as markdown. */
  String markdown() {
    StringBuilder out = new StringBuilder("# Small objects (issue 15)\n\n");
    for (String note : notes) {
      out.append("- ").append(note).append('\n');
    }
    String group = null;
    List<Double> rawSpread = new ArrayList<>();
    for (Map.Entry<Cell, Map<String, double[]>> entry : opsPerSecond.entrySet()) {
      Cell cell = entry.getKey();
      if (!cell.group().equals(group)) {
        group = cell.group();
        out.append("\n## ").append(group).append("\n\n")
            .append(setups.getOrDefault(group, "")).append("\n\n")
            .append("| Op | Size | Threads | Client | ops/s (median) | min-max | MB/s "
                + "| vs raw | vs raw per round (min-max) |\n")
            .append("|---|---|---|---|---|---|---|---|---|\n");
      }
      double[] raw = null;
      for (Map.Entry<String, double[]> client : entry.getValue().entrySet()) {
        double[] values = client.getValue();
        if (raw == null) {
          raw = values;
          rawSpread.add(max(values) / min(values) - 1);
        }
        double median = median(values);
        out.append(String.format(Locale.ROOT, "| %s | %s | %d | %s | %s | %s-%s | %.1f | %s |"
            + " %s |%n", cell.op(), size(cell.size()), cell.threads(), client.getKey(),
            number(median), number(min(values)), number(max(values)),
            median * cell.size() / 1e6,
            values == raw ? "1.00x" : String.format(Locale.ROOT, "%.2fx", median / median(raw)),
            values == raw ? "" : perRound(values, raw)));
      }
    }
    if (!rawSpread.isEmpty()) {
      double[] spread = rawSpread.stream().mapToDouble(Double::doubleValue).toArray();
      out.append(String.format(Locale.ROOT, "%nNoise: the raw client's throughput varied "
          + "between rounds by max/min - 1 = %.0f%% (median over cells), %.0f%% at most.%n",
          100 * median(spread), 100 * max(spread)));
    }
    return out.append(cpuSection()).append(extra).toString();
  }

  /**
   * Where the clients alternated call by call: each client's time per call and its calling
   * thread's CPU time per call (medians over the rounds), and both less the raw client's. On
   * one thread the call waits for the server and then for the client, so a client's extra CPU
   * is extra latency; this table shows how much of the difference it is.
   */
  private String cpuSection() {
    if (cpuMicros.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder("\n## Calling thread per call (clients alternating)"
        + "\n\n| Group | Op | Size | Threads | Client | µs per call | CPU µs per call"
        + " | minus raw: µs per call | minus raw: CPU µs |\n"
        + "|---|---|---|---|---|---|---|---|---|\n");
    for (Map.Entry<Cell, Map<String, double[]>> entry : cpuMicros.entrySet()) {
      Cell cell = entry.getKey();
      Map<String, double[]> ops = opsPerSecond.get(cell);
      double rawCall = Double.NaN;
      double rawCpu = Double.NaN;
      for (Map.Entry<String, double[]> client : entry.getValue().entrySet()) {
        double call = 1e6 * cell.threads() / median(ops.get(client.getKey()));
        double cpu = median(client.getValue());
        boolean raw = Double.isNaN(rawCall);
        if (raw) {
          rawCall = call;
          rawCpu = cpu;
        }
        out.append(String.format(Locale.ROOT,
            "| %s | %s | %s | %d | %s | %.0f | %.0f | %s | %s |%n", cell.group(), cell.op(),
            size(cell.size()), cell.threads(), client.getKey(), call, cpu,
            raw ? "" : String.format(Locale.ROOT, "%+.0f", call - rawCall),
            raw ? "" : String.format(Locale.ROOT, "%+.0f", cpu - rawCpu)));
      }
    }
    return out.toString();
  }

  /** Writes the report (creating its directory). */
  void write(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, markdown(), StandardCharsets.UTF_8);
  }

  private String perRound(double[] values, double[] raw) {
    double[] ratios = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      ratios[i] = values[i] / raw[i];
    }
    return String.format(Locale.ROOT, "%.2f-%.2f", min(ratios), max(ratios));
  }

  /** The machine's load average, from /proc/loadavg. */
  static String loadAverage() {
    try {
      return Files.readString(Paths.get("/proc/loadavg"), StandardCharsets.US_ASCII).trim();
    } catch (IOException e) {
      return "n/a";
    }
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  static double min(double[] values) {
    return Arrays.stream(values).min().orElse(Double.NaN);
  }

  static double max(double[] values) {
    return Arrays.stream(values).max().orElse(Double.NaN);
  }

  static String size(int bytes) {
    if (bytes % (1 << 20) == 0) {
      return (bytes >> 20) + " MiB";
    }
    if (bytes % 1024 == 0) {
      return (bytes >> 10) + " KiB";
    }
    return bytes + " B";
  }

  private static String number(double value) {
    return value >= 100 ? String.format(Locale.ROOT, "%,.0f", value)
        : String.format(Locale.ROOT, "%.1f", value);
  }
}
