package io.github.hipaas3.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The settings of {@link SmallObjectsHarness}. Each is read from an argument {@code name=value}
 * or else the system property {@code small.name}, else its default; the bare argument
 * {@code quick} (or {@code -Dsmall.quick}) changes the defaults to a one-minute smoke run.
 *
 * <ul>
 *   <li>{@code rounds} measured rounds (5; quick 2); the median is taken across them
 *   <li>{@code seconds} per client and cell in each round (1.2; quick 0.2)
 *   <li>{@code warmupSeconds} per client and cell in one warm-up round that is not counted
 *       (0.5; quick 0: none)
 *   <li>{@code sizes} object sizes in bytes (1024,65536,1048576)
 *   <li>{@code threads} thread counts, all threads sharing one client (1,32)
 *   <li>{@code alternate} the thread counts at which the clients alternate call by call
 *       instead of taking turns for {@code seconds} each (1; {@code none}: never)
 *   <li>{@code groups} which groups run: s3mock, moto, noop (all three)
 *   <li>{@code noopSeconds} per client and round of the no-op transport measurement (2; quick
 *       0.3)
 *   <li>{@code noopJvm} where the no-op transport measurement runs: {@code fresh} (a JVM of
 *       its own, the default) or {@code same} (this JVM, after the server groups)
 *   <li>{@code audit} the audit of the hipaa-s3 clients in the server groups: {@code file} (the
 *       sealed JSON-lines file sink, the default), {@code off}, or {@code slf4j}
 *   <li>{@code report} the markdown report's path (benchmarks/target/small-objects-report.md)
 * </ul>
 */
final class SmallObjectsOptions {
  final boolean quick;
  final int rounds;
  final double seconds;
  final double warmupSeconds;
  final int[] sizes;
  final int[] threads;
  final Set<Integer> alternate;
  final Set<String> groups;
  final double noopSeconds;
  final boolean noopFreshJvm;
  final String audit;
  final Path report;

  private final Map<String, String> args;

  private SmallObjectsOptions(String[] argv) {
    args = new HashMap<>();
    boolean quickArg = false;
    for (String arg : argv) {
      if (arg.isBlank()) {
        continue;
      }
      int eq = arg.indexOf('=');
      if (eq < 0) {
        if (!arg.equals("quick")) {
          throw new IllegalArgumentException("not name=value or quick: " + arg);
        }
        quickArg = true;
      } else {
        args.put(arg.substring(0, eq).trim(), arg.substring(eq + 1).trim());
      }
    }
    String quickProperty = System.getProperty("small.quick");
    quick = quickArg || (quickProperty != null && !quickProperty.equals("false"));
    rounds = Integer.parseInt(value("rounds", quick ? "2" : "5"));
    seconds = Double.parseDouble(value("seconds", quick ? "0.2" : "1.2"));
    warmupSeconds = Double.parseDouble(value("warmupSeconds", quick ? "0" : "0.5"));
    sizes = ints(value("sizes", "1024,65536,1048576"));
    threads = ints(value("threads", "1,32"));
    String alternating = value("alternate", "1");
    alternate = alternating.isBlank() || alternating.equals("none") ? Set.of()
        : Set.copyOf(Arrays.stream(ints(alternating)).boxed().toList());
    groups = Set.copyOf(Arrays.asList(
        value("groups", "s3mock,moto,noop").toLowerCase(Locale.ROOT).split("\\s*,\\s*")));
    noopSeconds = Double.parseDouble(value("noopSeconds", quick ? "0.3" : "2"));
    String noopJvm = value("noopJvm", "fresh");
    if (!List.of("fresh", "same").contains(noopJvm)) {
      throw new IllegalArgumentException("noopJvm must be fresh or same: " + noopJvm);
    }
    noopFreshJvm = noopJvm.equals("fresh");
    audit = value("audit", "file");
    if (!List.of("file", "off", "slf4j").contains(audit)) {
      throw new IllegalArgumentException("audit must be file, off or slf4j: " + audit);
    }
    report = Paths.get(value("report", defaultReport()));
    if (rounds < 1 || seconds <= 0 || warmupSeconds < 0 || noopSeconds <= 0) {
      throw new IllegalArgumentException("rounds >= 1, seconds > 0, warmupSeconds >= 0");
    }
    List<String> unknown = new ArrayList<>(args.keySet());
    unknown.removeAll(List.of("rounds", "seconds", "warmupSeconds", "sizes", "threads",
        "groups", "noopSeconds", "audit", "report", "alternate", "noopJvm"));
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("unknown settings " + unknown);
    }
  }

  /** Reads the settings from the arguments and the {@code small.*} system properties. */
  static SmallObjectsOptions parse(String[] argv) {
    return new SmallObjectsOptions(argv);
  }

  /** The largest thread count. */
  int maxThreads() {
    return Arrays.stream(threads).max().orElse(1);
  }

  /** The settings as one line, for the report. */
  String describe() {
    return String.format(Locale.ROOT, "%srounds=%d seconds=%s warmupSeconds=%s sizes=%s "
        + "threads=%s alternate=%s groups=%s noopSeconds=%s noopJvm=%s audit=%s",
        quick ? "quick " : "", rounds, seconds, warmupSeconds, Arrays.toString(sizes),
        Arrays.toString(threads), new java.util.TreeSet<>(alternate),
        new java.util.TreeSet<>(groups), noopSeconds, noopFreshJvm ? "fresh" : "same", audit);
  }

  private String value(String name, String defaultValue) {
    String arg = args.get(name);
    if (arg != null) {
      return arg;
    }
    return System.getProperty("small." + name, defaultValue);
  }

  private static int[] ints(String list) {
    return Arrays.stream(list.split("\\s*,\\s*")).mapToInt(Integer::parseInt).toArray();
  }

  private static String defaultReport() {
    String target = Files.isRegularFile(Paths.get("benchmarks", "pom.xml"))
        ? "benchmarks/target" : "target";
    return target + "/small-objects-report.md";
  }
}
