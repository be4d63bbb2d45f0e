package io.github.hipaas3.audit;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a JSON-lines audit log written by {@link AuditSinks#jsonLines}: every line's
 * sequence number and chain hash, every seal's MAC, and that the file ends with a final seal.
 * Reports the first line that breaks, so edited, deleted, reordered, inserted and truncated
 * lines are all found.
 */
public final class AuditLogVerifier {
  private static final Pattern HEAD = Pattern.compile(
      "^\\{\"seq\":(\\d+),\"prev\":\"([0-9a-f]{64})\",\"type\":\"(open|resume|event|seal)\"");
  private static final Pattern SEAL = Pattern.compile(
      ",\"final\":(true|false),\"mac\":\"([0-9a-f]{64})\"}$");

  private AuditLogVerifier() {}

  /** What the verifier found. */
  public static final class Result {
    private final boolean intact;
    private final long firstBrokenLine;
    private final String problem;
    private final long events;
    private final long seals;

    private Result(boolean intact, long firstBrokenLine, String problem, long events,
        long seals) {
      this.intact = intact;
      this.firstBrokenLine = firstBrokenLine;
      this.problem = problem;
      this.events = events;
      this.seals = seals;
    }

    /**
     * Whether every line chains, every seal verifies and the file ends with a final seal.
     *
     * @return whether the log is intact
     */
    public boolean intact() {
      return intact;
    }

    /**
     * The first line (1-based) that breaks the log, or 0 when it is intact.
     *
     * @return the line number
     */
    public long firstBrokenLine() {
      return firstBrokenLine;
    }

    /**
     * What is wrong at that line, or "intact".
     *
     * @return the description
     */
    public String problem() {
      return problem;
    }

    /**
     * The event lines read before the first break (all of them when intact).
     *
     * @return the count
     */
    public long events() {
      return events;
    }

    /**
     * The seals verified before the first break.
     *
     * @return the count
     */
    public long seals() {
      return seals;
    }

    @Override
    public String toString() {
      return intact ? "intact: " + events + " events, " + seals + " seals"
          : "broken at line " + firstBrokenLine + ": " + problem;
    }
  }

  /**
   * Verifies a log file.
   *
   * @param file the log
   * @param key the sealing key it was written with
   * @return the result
   * @throws IOException if the file cannot be read
   */
  public static Result verify(Path file, AuditSealingKey key) throws IOException {
    Objects.requireNonNull(key, "key");
    long lineNo = 0;
    long events = 0;
    long seals = 0;
    String prev = JsonLinesAuditSink.GENESIS;
    boolean lastWasFinalSeal = false;
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (String line; (line = in.readLine()) != null; ) {
        lineNo++;
        Matcher head = HEAD.matcher(line);
        if (!head.find()) {
          return broken(lineNo, "not an audit record", events, seals);
        }
        if (Long.parseLong(head.group(1)) != lineNo - 1) {
          return broken(lineNo, "sequence number " + head.group(1) + " where " + (lineNo - 1)
              + " was expected: a line was deleted, inserted or moved", events, seals);
        }
        if (!head.group(2).equals(prev)) {
          // The sequence numbers line up, so this line follows its predecessor in place: the
          // predecessor's text is not what this line's chain hash was computed over.
          return lineNo == 1 ? broken(1, "the first line does not start the chain", 0, 0)
              : broken(lineNo - 1, "it was altered: the next line's chain hash does not match"
                  + " it", events, seals);
        }
        String type = head.group(3);
        if (lineNo == 1 && !type.equals("open")) {
          return broken(lineNo, "the log does not start with an open record", events, seals);
        }
        if (type.equals("seal")) {
          Matcher seal = SEAL.matcher(line);
          if (!seal.find()) {
            return broken(lineNo, "malformed seal", events, seals);
          }
          boolean last = Boolean.parseBoolean(seal.group(1));
          String expected = JsonLinesAuditSink.mac(key, lineNo - 1, prev, last);
          if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
              seal.group(2).getBytes(StandardCharsets.US_ASCII))) {
            return broken(lineNo, "its seal does not verify under the key: the seal or the"
                + " chain before it was altered, or the key is wrong", events, seals);
          }
          seals++;
          lastWasFinalSeal = last;
        } else {
          if (type.equals("event")) {
            events++;
          }
          lastWasFinalSeal = false;
        }
        prev = JsonLinesAuditSink.sha256(line);
      }
    }
    if (lineNo == 0) {
      return broken(1, "the log is empty", 0, 0);
    }
    if (!lastWasFinalSeal) {
      return broken(lineNo + 1, "the log does not end with a final seal: it was truncated"
          + " after line " + lineNo + ", or its writer did not close", events, seals);
    }
    return new Result(true, 0, "intact", events, seals);
  }

  private static Result broken(long line, String problem, long events, long seals) {
    return new Result(false, line, problem, events, seals);
  }
}
