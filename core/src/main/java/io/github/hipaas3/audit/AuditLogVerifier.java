package io.github.hipaas3.audit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Checks a JSON-lines audit log written by {@link AuditSinks#jsonLines} (format 2) with its
 * sealing key: every line is parsed strictly (exactly one JSON object in the writer's canonical
 * form, known keys only, no duplicates, nothing after it) and its exact bytes are compared with
 * what the writer would have written; every line's sequence number and chain hash (SHA-256 of
 * the exact bytes of the line before); every seal's file ID, range and HMAC; and that the file
 * ends with a final seal. Reports the first line that breaks, so edited, deleted, reordered,
 * inserted and truncated lines, and lines or seals from another log, are all found.
 *
 * <p>Files written by hipaa-s3 before format 2 are reported as {@link Status#UNKNOWN_FORMAT}:
 * their seals did not cover the file's identity or the exact bytes of their own line, so this
 * version does not vouch for them.
 */
public final class AuditLogVerifier {
  /** The file format this version writes and verifies. */
  static final int FORMAT = 2;

  /** The longest line, in bytes, the writer writes and the verifier reads. */
  static final int MAX_LINE_BYTES = 1 << 20;
  private static final Pattern FILE_ID = Pattern.compile("[0-9a-f]{32}");
  private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

  private AuditLogVerifier() {}

  /** What a log file is, as far as the verifier can tell. */
  public enum Status {
    /** Every line parses, chains and is sealed, and the file ends with a final seal. */
    INTACT,
    /**
     * Every line read is well formed and chained and every seal verifies, but the file does not
     * end with a final seal (or its last line is cut off): it was truncated, its writer
     * stopped without closing, or lines were added after the last seal. Lines after the last
     * verified seal are not vouched for.
     */
    INCOMPLETE,
    /** A line is malformed, out of sequence or off the chain, or a seal does not verify. */
    INVALID,
    /** Not a format this version verifies (for example a log written before format 2). */
    UNKNOWN_FORMAT
  }

  /** What the verifier found. */
  public static final class Result {
    private final Status status;
    private final long firstBrokenLine;
    private final String problem;
    private final long events;
    private final long seals;
    private final @Nullable String fileId;
    private final long lastSealLine;
    private final @Nullable String lastSealMac;
    private final @Nullable Status previousStatus;
    private final @Nullable String previousFileId;
    private final long previousSealLine;
    private final @Nullable String previousSealMac;
    private final long segment;
    // For the writer: the chain state after the last line, when the file is intact.
    final long lines;
    final String lastLineHash;

    private Result(Status status, long firstBrokenLine, String problem, Scan s) {
      this.status = status;
      this.firstBrokenLine = firstBrokenLine;
      this.problem = problem;
      this.events = s.events;
      this.seals = s.seals;
      this.fileId = s.fileId;
      this.lastSealLine = s.lastSealLine;
      this.lastSealMac = s.lastSealLine == 0 ? null : s.lastMac;
      this.previousStatus = s.previousStatus;
      this.previousFileId = s.previousFileId;
      this.previousSealLine = s.previousSealLine;
      this.previousSealMac = s.previousSealMac;
      this.segment = s.segment;
      this.lines = s.lines;
      this.lastLineHash = s.prev;
    }

    /**
     * Whether every line chains, every seal verifies and the file ends with a final seal.
     *
     * @return whether the log is intact
     */
    public boolean intact() {
      return status == Status.INTACT;
    }

    /**
     * What the file is: intact, incomplete, invalid or of an unknown format.
     *
     * @return the status
     */
    public Status status() {
      return status;
    }

    /**
     * The first line (1-based) that breaks the log, or 0 when it is intact. For an incomplete
     * log, the line after the last one read, or the line that is cut off.
     *
     * @return the line number
     */
    public long firstBrokenLine() {
      return firstBrokenLine;
    }

    /**
     * What is wrong at that line, or "intact". Never contains a record's content.
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

    /**
     * The random ID the file was created with (32 hex digits), from its first line, when that
     * line could be read. Record it elsewhere to tell this file from another sealed with the
     * same key.
     *
     * @return the file ID
     */
    public Optional<String> fileId() {
      return Optional.ofNullable(fileId);
    }

    /**
     * The line (1-based) of the last seal that verified, or 0.
     *
     * @return the line number
     */
    public long lastSealLine() {
      return lastSealLine;
    }

    /**
     * The MAC of the last seal that verified: everything up to {@link #lastSealLine()} is
     * vouched for by it.
     *
     * @return the MAC in hex
     */
    public Optional<String> lastSealMac() {
      return Optional.ofNullable(lastSealMac);
    }

    /**
     * When this file was started because the file before it did not verify: what its writer
     * found that file to be.
     *
     * @return the status of the previous file, or empty when none was recorded
     */
    public Optional<Status> previousStatus() {
      return Optional.ofNullable(previousStatus);
    }

    /**
     * The ID of the previous file, as recorded in this file's first line (empty when none was
     * recorded, or the previous file's ID could not be read).
     *
     * @return the previous file's ID
     */
    public Optional<String> previousFileId() {
      return Optional.ofNullable(previousFileId);
    }

    /**
     * The line of the previous file's last verified seal, as recorded (0 when none).
     *
     * @return the line number
     */
    public long previousSealLine() {
      return previousSealLine;
    }

    /**
     * The MAC of the previous file's last verified seal, as recorded.
     *
     * @return the MAC in hex
     */
    public Optional<String> previousSealMac() {
      return Optional.ofNullable(previousSealMac);
    }

    /**
     * The segment index the file's open line names, for a segment of a segmented log
     * ({@link AuditSinks#jsonLinesSegments}); empty for a single-file log.
     *
     * @return the index
     */
    public java.util.OptionalLong segment() {
      return segment < 0 ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(segment);
    }

    /**
     * Whether this file records the given result as its predecessor: same file ID, status, last
     * verified seal line and MAC. Use it to check that a moved-aside file is the one this file's
     * writer found, and not another log sealed with the same key.
     *
     * @param previous the result of verifying the file before this one
     * @return whether this file links to it
     */
    public boolean follows(Result previous) {
      Objects.requireNonNull(previous, "previous");
      return previousStatus != null && previousStatus == previous.status
          && Objects.equals(previousFileId, previous.fileId)
          && previousSealLine == previous.lastSealLine
          && Objects.equals(previousSealMac, previous.lastSealMac);
    }

    @Override
    public String toString() {
      return status == Status.INTACT ? "intact: " + events + " events, " + seals + " seals"
          : status.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ", broken at line "
              + firstBrokenLine + ": " + problem;
    }
  }

  /** The verifier's running state. */
  static final class Scan {
    long lines;
    long events;
    long seals;
    String prev = JsonLinesAuditSink.GENESIS;
    String lastMac = JsonLinesAuditSink.GENESIS;
    long lastSealLine;
    long sealFrom;
    boolean lastWasFinalSeal;
    @Nullable String fileId;
    @Nullable Status previousStatus;
    @Nullable String previousFileId;
    long previousSealLine;
    @Nullable String previousSealMac;
    long segment = -1;
  }

  /**
   * Verifies a segmented log ({@link AuditSinks#jsonLinesSegments}): every segment file
   * {@code <name>.<NNNNNN>.jsonl} in the directory, as {@link #verify} does, and that they are
   * all there and in order: numbered from 0 with none missing, each naming its own index, and
   * each after the first linking to the one before (its file ID, status, last seal line and
   * MAC, with its seals chained to that MAC). A missing, reordered, swapped, replaced or
   * truncated segment, or one from another log, fails. The directory must hold one log's
   * segments.
   *
   * @param directory the directory
   * @param key the sealing key
   * @return the result
   * @throws IOException if the directory or a segment cannot be read
   */
  public static SegmentedLogResult verifyDirectory(Path directory, AuditSealingKey key)
      throws IOException {
    return SegmentedLogs.verifyDirectory(directory, null, key);
  }

  /**
   * Like {@link #verifyDirectory(Path, AuditSealingKey)}, for the log of the given name when
   * the directory holds the segments of more than one.
   *
   * @param directory the directory
   * @param name the log's name (the segment files' names before {@code .<NNNNNN>.jsonl})
   * @param key the sealing key
   * @return the result
   * @throws IOException if the directory or a segment cannot be read
   */
  public static SegmentedLogResult verifyDirectory(Path directory, String name,
      AuditSealingKey key) throws IOException {
    return SegmentedLogs.verifyDirectory(directory, Objects.requireNonNull(name, "name"), key);
  }

  /**
   * Verifies every stream a fleet sink ({@link AuditSinks#fleet()}) shipped under a prefix:
   * lists the prefix through the client, reads every segment and end record through it
   * (decrypted, retention and checksum checked) and checks each stream from segment 0: none
   * missing, each verifying as {@link #verify} does, naming its own number and linking to the
   * one before, all but the last ending with a final seal, and the stream's end record (sealed
   * with the same key) naming the last segment and its last seal as found. A deleted, hidden
   * (delete marker), reordered, swapped, altered or truncated segment, a deleted tail, or a
   * segment or end record from another stream makes that stream {@code INVALID}; a stream
   * without an end record (its writer is running, or died before it was shipped) is
   * {@code INCOMPLETE}.
   *
   * @param client a {@code HipaaS3Client} in pass-through key mode
   * @param bucket the bucket
   * @param prefix the prefix the sinks were built with
   * @param key the sealing key
   * @return a result per stream
   * @throws io.github.hipaas3.HipaaS3ConfigurationException if the client is not a
   *     {@code HipaaS3Client} in pass-through key mode, or the prefix is not allowed
   * @throws IOException if a segment cannot be read
   */
  public static FleetAuditResult verifyBucket(software.amazon.awssdk.services.s3.S3Client client,
      String bucket, String prefix, AuditSealingKey key) throws IOException {
    return FleetVerifier.verify(client, bucket, prefix, key);
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
    try (InputStream in = Files.newInputStream(file)) {
      return verify(in, key);
    }
  }

  /** Verifies a log read from a stream (the caller closes it). */
  static Result verify(InputStream in, AuditSealingKey key) throws IOException {
    Objects.requireNonNull(key, "key");
    Scan s = new Scan();
    byte[] chunk = new byte[1 << 16];
    int len = 0;
    int pos = 0;
    ByteArrayOutputStream buf = new ByteArrayOutputStream(512);
    while (true) {
      buf.reset();
      boolean ended = false;
      boolean tooLong = false;
      while (!ended && !tooLong) {
        if (pos == len) {
          len = in.read(chunk);
          pos = 0;
          if (len <= 0) {
            len = 0;
            break;
          }
        }
        int end = pos;
        while (end < len && chunk[end] != '\n') {
          end++;
        }
        ended = end < len;
        buf.write(chunk, pos, end - pos);
        pos = ended ? end + 1 : end;
        tooLong = buf.size() > MAX_LINE_BYTES;
      }
      if (!ended && !tooLong && buf.size() == 0) {
        break;
      }
      long lineNo = s.lines + 1;
      if (tooLong) {
        return invalid(lineNo, "the line is longer than any the writer writes", s);
      }
      if (!ended) {
        return new Result(Status.INCOMPLETE, lineNo, "the line is cut off (it has no line"
            + " end): the log was truncated after line " + s.lines + " and part of a line,"
            + " or its writer stopped while writing", s);
      }
      Result broken = line(buf.toByteArray(), lineNo, key, s);
      if (broken != null) {
        return broken;
      }
    }
    if (s.lines == 0) {
      return new Result(Status.INCOMPLETE, 1, "the log is empty", s);
    }
    if (!s.lastWasFinalSeal) {
      return new Result(Status.INCOMPLETE, s.lines + 1, "the log does not end with a final"
          + " seal: it was truncated after line " + s.lines + ", its writer did not close, or"
          + " lines were added; lines after line " + s.lastSealLine + " are not sealed", s);
    }
    return new Result(Status.INTACT, 0, "intact", s);
  }

  /** Checks one line; returns the result if it breaks the log, else null. */
  static @Nullable Result line(byte[] raw, long lineNo, AuditSealingKey key, Scan s) {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw))
          .toString();
    } catch (CharacterCodingException e) {
      return invalid(lineNo, "the line is not valid UTF-8", s);
    }
    Map<String, Object> record;
    try {
      record = StrictJson.parseObject(text);
    } catch (StrictJson.ParseException e) {
      return invalid(lineNo, "not an audit record: " + e.getMessage(), s);
    }
    Object type = record.get("type");
    if (lineNo == 1 && "open".equals(type)) {
      Object format = record.get("format");
      if (format == null) {
        return new Result(Status.UNKNOWN_FORMAT, 1, "the log was written in format 1, by an"
            + " earlier hipaa-s3 version; its seals do not cover the file's identity or"
            + " their own lines' bytes, so this version does not verify it", s);
      }
      if (!Long.valueOf(FORMAT).equals(format)) {
        return new Result(Status.UNKNOWN_FORMAT, 1, "the log is in a format this version"
            + " does not know; verify it with the hipaa-s3 version that wrote it", s);
      }
    }
    List<AuditSchema.Key> schema = "open".equals(type) ? AuditSchema.OPEN
        : "resume".equals(type) ? AuditSchema.RESUME
        : "event".equals(type) ? AuditSchema.EVENT
        : "seal".equals(type) ? AuditSchema.SEAL : null;
    if (schema == null) {
      return invalid(lineNo, "not an audit record: no known type", s);
    }
    String wrong = AuditSchema.check(record, schema);
    if (wrong == null && schema == AuditSchema.EVENT) {
      String inEvent = AuditSchema.check(cast(present(record, "event")), AuditSchema.AUDIT_EVENT);
      wrong = inEvent == null ? null : "in its event: " + inEvent;
    }
    if (wrong != null) {
      return invalid(lineNo, "not an audit record: " + wrong, s);
    }
    StringBuilder canonical = new StringBuilder(raw.length);
    StrictJson.render(canonical, record);
    if (!Arrays.equals(canonical.toString().getBytes(StandardCharsets.UTF_8), raw)) {
      return invalid(lineNo, "the line is not in the form its writer writes (added or"
          + " missing text, spacing, escaping, number form or key order differ)", s);
    }
    long seq = (Long) present(record, "seq");
    if (seq != lineNo - 1) {
      return invalid(lineNo, "sequence number " + seq + " where " + (lineNo - 1)
          + " was expected: a line was deleted, inserted or moved", s);
    }
    String prev = (String) present(record, "prev");
    if (!prev.equals(s.prev)) {
      // The sequence numbers line up, so this line follows its predecessor in place: the
      // predecessor's bytes are not what this line's chain hash was computed over.
      return lineNo == 1 ? invalid(1, "the first line does not start the chain", s)
          : invalid(lineNo - 1, "it was altered: the next line's chain hash does not match"
              + " it", s);
    }
    if (lineNo == 1 != "open".equals(type)) {
      return invalid(lineNo, lineNo == 1 ? "the log does not start with an open record"
          : "an open record after the first line", s);
    }
    if (s.lastWasFinalSeal && !"resume".equals(type)) {
      return invalid(lineNo, "only a resume record may follow a final seal", s);
    }
    if ("resume".equals(type) && !s.lastWasFinalSeal) {
      return invalid(lineNo, "a resume record that does not follow a final seal", s);
    }
    if ("open".equals(type)) {
      String broken = open(record, s);
      if (broken != null) {
        return invalid(lineNo, broken, s);
      }
    } else if ("seal".equals(type)) {
      String fileId = Objects.requireNonNull(s.fileId, "the open record sets the file ID");
      if (!fileId.equals(record.get("file"))) {
        return invalid(lineNo, "this seal names another log file: lines or seals were copied"
            + " from another log", s);
      }
      if ((Long) present(record, "from") != s.sealFrom) {
        return invalid(lineNo, "this seal's range does not start after the previous seal", s);
      }
      String mac = (String) present(record, "mac");
      boolean last = (Boolean) present(record, "final");
      String expected = JsonLinesAuditSink.mac(key, fileId, s.sealFrom, seq, prev, s.lastMac,
          last);
      if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
          mac.getBytes(StandardCharsets.UTF_8))) {
        return invalid(lineNo, "its seal does not verify under the key: the seal or the"
            + " chain before it was altered, or the key is wrong", s);
      }
      s.seals++;
      s.lastMac = mac;
      s.lastSealLine = lineNo;
      s.sealFrom = lineNo;
    } else if ("event".equals(type)) {
      s.events++;
    }
    s.lastWasFinalSeal = "seal".equals(type) && (Boolean) present(record, "final");
    s.prev = JsonLinesAuditSink.sha256(raw);
    s.lines = lineNo;
    return null;
  }

  /** A field of a record that passed its schema check, which makes every field present. */
  private static Object present(Map<String, Object> record, String name) {
    return Objects.requireNonNull(record.get(name), name);
  }

  /** Reads the open record's file ID and link; returns what is wrong, or null. */
  private static @Nullable String open(Map<String, Object> record, Scan s) {
    String id = (String) record.get("file");
    if (!FILE_ID.matcher(id).matches()) {
      return "the file ID is not 32 hex digits";
    }
    s.fileId = id;
    Object segmentValue = record.get("segment");
    long segment = segmentValue == null ? -1 : (Long) segmentValue;
    if (segmentValue != null && segment < 0) {
      return "a negative segment index";
    }
    s.segment = segment;
    int base = AuditSchema.OPEN.size() - 5 + (segmentValue == null ? 0 : 1);
    Object status = record.get("previousStatus");
    if (status == null) {
      if (record.size() != base) {
        return "a link to a previous file without its status";
      }
      return segment > 0 ? "a segment after the first without a link to the one before" : null;
    }
    if (record.size() != base + 4) {
      return "an incomplete link to the previous file";
    }
    if (segment == 0) {
      return "the first segment links to a previous file";
    }
    try {
      s.previousStatus = Status.valueOf((String) status);
    } catch (IllegalArgumentException e) {
      return "an unknown status for the previous file";
    }
    String previousFile = (String) present(record, "previousFile");
    String previousMac = (String) present(record, "previousMac");
    long previousSealLine = (Long) present(record, "previousSealLine");
    // A moved-aside file did not verify; a previous segment may have ended intact.
    if ((s.previousStatus == Status.INTACT && segmentValue == null)
        || !(previousFile.isEmpty() || FILE_ID.matcher(previousFile).matches())
        || !(previousMac.isEmpty() || HASH.matcher(previousMac).matches())
        || previousMac.isEmpty() != (previousSealLine == 0) || previousSealLine < 0) {
      return "a malformed link to the previous file";
    }
    if (segmentValue != null && !previousMac.isEmpty()) {
      // A segment's seals chain on from the previous segment's last seal.
      s.lastMac = previousMac;
    }
    s.previousFileId = previousFile.isEmpty() ? null : previousFile;
    s.previousSealMac = previousMac.isEmpty() ? null : previousMac;
    s.previousSealLine = previousSealLine;
    return null;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Object o) {
    return (Map<String, Object>) o;
  }

  static Result result(Status status, long line, String problem, Scan s) {
    return new Result(status, line, problem, s);
  }

  private static Result invalid(long line, String problem, Scan s) {
    return new Result(Status.INVALID, line, problem, s);
  }
}
