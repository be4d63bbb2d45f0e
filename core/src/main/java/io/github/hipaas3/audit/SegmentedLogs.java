package io.github.hipaas3.audit;

import io.github.hipaas3.audit.AuditLogVerifier.Result;
import io.github.hipaas3.audit.AuditLogVerifier.Scan;
import io.github.hipaas3.audit.AuditLogVerifier.Status;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/** Segment files of a segmented log: naming, listing, tail checks and directory verification. */
final class SegmentedLogs {
  private static final Pattern SEGMENT = Pattern.compile("(.+)\\.(\\d{6,})\\.jsonl");
  private static final byte[] SEAL_TYPE = ",\"type\":\"seal\",".getBytes(StandardCharsets.UTF_8);
  private static final int CHUNK = 1 << 16;

  private SegmentedLogs() {}

  /** The file of segment {@code index}. */
  static Path segment(Path directory, String name, long index) {
    return directory.resolve(String.format(java.util.Locale.ROOT, "%s.%06d.jsonl", name, index));
  }

  /** The segments in the directory, by index, per log name. */
  @SuppressWarnings("NonApiType") // package-private: callers rely on the index order (TreeMap)
  static Map<String, TreeMap<Long, Path>> list(Path directory) throws IOException {
    Map<String, TreeMap<Long, Path>> logs = new TreeMap<>();
    try (Stream<Path> files = Files.list(directory)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Matcher m = SEGMENT.matcher(f.getFileName().toString());
        if (m.matches() && Files.isRegularFile(f)) {
          long index;
          try {
            index = Long.parseLong(m.group(2));
          } catch (NumberFormatException tooLong) {
            continue;
          }
          logs.computeIfAbsent(m.group(1), n -> new TreeMap<>()).put(index, f);
        }
      }
    }
    return logs;
  }

  static SegmentedLogResult verifyDirectory(Path directory, @Nullable String name,
      AuditSealingKey key)
      throws IOException {
    Objects.requireNonNull(key, "key");
    Map<String, TreeMap<Long, Path>> logs = list(directory);
    List<Result> done = new ArrayList<>();
    if (name == null && logs.size() > 1) {
      return new SegmentedLogResult(Status.INVALID, "the directory holds the segments of more"
          + " than one log " + logs.keySet() + "; name the log to verify", null, done);
    }
    TreeMap<Long, Path> segments = name == null
        ? (logs.isEmpty() ? new TreeMap<>() : logs.values().iterator().next())
        : logs.getOrDefault(name, new TreeMap<>());
    if (segments.isEmpty()) {
      return new SegmentedLogResult(Status.INCOMPLETE, "no segment files", null, done);
    }
    Result before = null;
    long expected = 0;
    for (Map.Entry<Long, Path> e : segments.entrySet()) {
      Path file = e.getValue();
      if (e.getKey() != expected) {
        return new SegmentedLogResult(Status.INVALID, "segment " + expected + " is missing"
            + (expected == 0 ? " (the log must start at segment 0)" : ""), file, done);
      }
      Result r = AuditLogVerifier.verify(file, key);
      if (r.status() == Status.INVALID || r.status() == Status.UNKNOWN_FORMAT) {
        return new SegmentedLogResult(Status.INVALID, "segment " + expected + " is "
            + r, file, done);
      }
      // A writer killed while starting a segment leaves it empty or with its open line cut:
      // nothing to check but that the next segment records it so (no file ID, no seal).
      boolean unopened = r.status() == Status.INCOMPLETE && r.fileId().isEmpty();
      if (!unopened && (r.segment().isEmpty() || r.segment().getAsLong() != expected)) {
        return new SegmentedLogResult(Status.INVALID, "the file of segment " + expected
            + " holds " + (r.segment().isEmpty() ? "no segment" : "segment "
            + r.segment().getAsLong()) + ": segments were renamed, swapped or replaced",
            file, done);
      }
      if (before != null && !unopened && !r.follows(before)) {
        return new SegmentedLogResult(Status.INVALID, "segment " + expected + " does not"
            + " link to segment " + (expected - 1) + " as found (another file ID, status, last"
            + " seal or MAC): a segment was replaced, truncated, swapped or comes from another"
            + " log", file, done);
      }
      done.add(r);
      before = r;
      expected++;
    }
    Result last = Objects.requireNonNull(before, "the loop ran: segments is not empty");
    if (last.status() != Status.INTACT) {
      return new SegmentedLogResult(Status.INCOMPLETE, "every segment verifies and links, but"
          + " the last does not end with a final seal (its writer is open, stopped without"
          + " closing, or the segment was cut): " + last, segments.lastEntry().getValue(),
          done);
    }
    return new SegmentedLogResult(Status.INTACT, "intact", null, done);
  }

  /**
   * Checks a segment from its tail: its first line (file ID, index, link) and the lines from
   * its second-to-last seal to its end, so the last seal's MAC is verified without reading the
   * whole file. The result's counts cover only what was read; its status, file ID, last seal
   * line and MAC are those a writer continuing the log links to.
   */
  static Result verifyTail(Path file, AuditSealingKey key) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      // Read backward until two whole seal lines are in hand, or the file's start.
      byte[] tail = new byte[0];
      long pos = size;
      int seals;
      int firstWhole;
      do {
        int n = (int) Math.min(CHUNK, pos);
        pos -= n;
        byte[] grown = new byte[n + tail.length];
        ByteBuffer b = ByteBuffer.wrap(grown, 0, n);
        while (b.hasRemaining()) {
          if (ch.read(b, pos + b.position()) < 0) {
            throw new IOException("the file shrank while it was read");
          }
        }
        System.arraycopy(tail, 0, grown, n, tail.length);
        tail = grown;
        firstWhole = 0;
        if (pos > 0) {
          while (firstWhole < tail.length && tail[firstWhole] != '\n') {
            firstWhole++;
          }
          firstWhole++;
        }
        seals = countSeals(tail, firstWhole);
      } while (pos > 0 && seals < 2 && tail.length <= 64 * AuditLogVerifier.MAX_LINE_BYTES);
      if (pos == 0) {
        try (InputStream in = new java.io.ByteArrayInputStream(tail)) {
          return AuditLogVerifier.verify(in, key);
        }
      }
      // The first line, for the file ID, the segment index and the link.
      Scan s = new Scan();
      byte[] first = firstLine(ch);
      Result broken = first == null ? AuditLogVerifier.result(Status.INVALID, 1,
          "the first line is too long", s) : AuditLogVerifier.line(first, 1, key, s);
      if (broken != null) {
        return broken;
      }
      // Start from the second-to-last seal: the chain state it leaves.
      List<byte[]> lines = split(tail, firstWhole);
      boolean cutOff = tail.length > 0 && tail[tail.length - 1] != '\n';
      int whole = cutOff ? lines.size() - 1 : lines.size();
      int start = -1;
      int found = 0;
      for (int i = whole - 1; i >= 0; i--) {
        if (isSeal(lines.get(i)) && ++found == 2) {
          start = i;
          break;
        }
      }
      if (start < 0) {
        return AuditLogVerifier.result(Status.INVALID, 0, "no two seals in the segment's"
            + " last " + tail.length + " bytes", s);
      }
      Map<String, Object> seal;
      try {
        seal = StrictJson.parseObject(new String(lines.get(start), StandardCharsets.UTF_8));
      } catch (StrictJson.ParseException e) {
        return AuditLogVerifier.result(Status.INVALID, 0, "a seal line does not parse", s);
      }
      if (!(seal.get("seq") instanceof Long) || !(seal.get("mac") instanceof String)
          || !(seal.get("final") instanceof Boolean)) {
        return AuditLogVerifier.result(Status.INVALID, 0, "a malformed seal line", s);
      }
      long lineNo = (Long) seal.get("seq") + 1;
      s.lines = lineNo;
      s.sealFrom = lineNo;
      s.lastSealLine = lineNo;
      s.lastMac = (String) seal.get("mac");
      s.lastWasFinalSeal = (Boolean) seal.get("final");
      s.prev = JsonLinesAuditSink.sha256(lines.get(start));
      for (int i = start + 1; i < whole; i++) {
        broken = AuditLogVerifier.line(lines.get(i), s.lines + 1, key, s);
        if (broken != null) {
          return broken;
        }
      }
      if (cutOff) {
        return AuditLogVerifier.result(Status.INCOMPLETE, s.lines + 1, "the last line is cut"
            + " off", s);
      }
      if (!s.lastWasFinalSeal) {
        return AuditLogVerifier.result(Status.INCOMPLETE, s.lines + 1, "the segment does not"
            + " end with a final seal", s);
      }
      return AuditLogVerifier.result(Status.INTACT, 0, "intact", s);
    }
  }

  private static byte @Nullable [] firstLine(FileChannel ch) throws IOException {
    ByteBuffer b = ByteBuffer.allocate((int) Math.min(ch.size(),
        AuditLogVerifier.MAX_LINE_BYTES + 1L));
    while (b.hasRemaining() && ch.read(b, b.position()) >= 0) {
      // read on
    }
    byte[] bytes = b.array();
    for (int i = 0; i < b.position(); i++) {
      if (bytes[i] == '\n') {
        return java.util.Arrays.copyOf(bytes, i);
      }
    }
    return null;
  }

  private static List<byte[]> split(byte[] tail, int from) {
    List<byte[]> lines = new ArrayList<>();
    int start = from;
    for (int i = from; i < tail.length; i++) {
      if (tail[i] == '\n') {
        lines.add(java.util.Arrays.copyOfRange(tail, start, i));
        start = i + 1;
      }
    }
    if (start < tail.length) {
      lines.add(java.util.Arrays.copyOfRange(tail, start, tail.length));
    }
    return lines;
  }

  private static int countSeals(byte[] tail, int from) {
    int n = 0;
    for (byte[] line : split(tail, from)) {
      if (isSeal(line)) {
        n++;
      }
    }
    return n;
  }

  private static boolean isSeal(byte[] line) {
    outer:
    for (int i = 0; i + SEAL_TYPE.length <= line.length && i < 120; i++) {
      for (int j = 0; j < SEAL_TYPE.length; j++) {
        if (line[i + j] != SEAL_TYPE[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
