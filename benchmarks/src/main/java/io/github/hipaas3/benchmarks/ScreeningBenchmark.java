package io.github.hipaas3.benchmarks;

import io.github.hipaas3.PhiDetectors;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The cost of one {@link PhiDetectors#firstMatch} call with the default detectors, on ASCII
 * values (which are screened as they are) and on values with non-ASCII characters (which are
 * normalized first: NFKC, invisible characters removed, digits and separators mapped to ASCII).
 * One thread: figures are per core.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ScreeningBenchmark {
  /** Which value to screen; see {@link #setUp()}. */
  @Param({"ascii-word", "ascii-key", "ascii-ssn", "accented-word", "accented-key", "cjk-key",
      "disguised-ssn"})
  public String input;

  private PhiDetectors detectors;
  private String value;

  /** Picks the value. */
  @Setup(Level.Trial)
  public void setUp() {
    detectors = PhiDetectors.defaults();
    switch (input) {
      case "ascii-word":
        value = "radiology"; // no digit, '@' or "://": the built-ins are skipped
        break;
      case "ascii-key":
        value = "tenant-a/lab-reports/2024/q3/summary-v2.pdf"; // prefilters let scanners run
        break;
      case "ascii-ssn":
        value = "patients/123-45-6789/xray.png"; // flagged by the first detector
        break;
      case "accented-word":
        value = "radiolog\u00eda"; // NFKC-stable, one non-ASCII letter
        break;
      case "accented-key":
        value = "informes/radiolog\u00eda/2024/resumen-d\u00e9finitif.pdf";
        break;
      case "cjk-key":
        value = "\u30ec\u30dd\u30fc\u30c8/\uff12\uff10\uff12\uff14\u5e74\u5ea6/\u7b2c3\u56db"
            + "\u534a\u671f.pdf"; // full-width digits: NFKC changes it
        break;
      case "disguised-ssn":
        value = "patients/\uff11\uff12\uff13\u200b-45-6789/xray.png";
        break;
      default:
        throw new IllegalArgumentException(input);
    }
  }

  /**
   * One screening call.
   *
   * @return the result, for the blackhole
   */
  @Benchmark
  public Optional<String> firstMatch() {
    return detectors.firstMatch(value);
  }
}
