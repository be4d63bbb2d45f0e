package io.github.hipaas3.audit;

import io.github.hipaas3.internal.Json;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import javax.crypto.Mac;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JSON-lines file (format 2) whose lines are hash-chained and periodically sealed. Every line
 * is one JSON object, {@code {"seq":N,"prev":"<SHA-256 of the exact bytes of the line
 * before>","type":...}}:
 *
 * <ul>
 *   <li>{@code "open"} (the first line): the format, a random 128-bit file ID, the time and,
 *       when the file replaced one that did not verify, a link to that file (its status, ID,
 *       last verified seal line and MAC);
 *   <li>{@code "event"}: one {@link AuditEvent};
 *   <li>{@code "seal"}: the file ID, the first line of the range it closes ({@code from}),
 *       whether it is final, and an HMAC-SHA256 under the {@link AuditSealingKey} of the file
 *       ID, the range, the chain hash before it (which covers the exact bytes of every line
 *       before it) and the previous seal's MAC;
 *   <li>{@code "resume"}: a later writer continuing a file that ended in a final seal.
 * </ul>
 *
 * <p>In a segmented log ({@link SegmentedAuditSink}) the open line also names the segment's
 * index ({@code "segment"}) and, after the first, links to the previous segment (status, file
 * ID, last seal line and MAC); the segment's seals chain on from that MAC, and the open line
 * is sealed at once. Every seal forces the file to disk, and {@link #sync()} does too.
 *
 * <p>A seal is written every {@code sealEvery} events, when {@code sealInterval} has passed
 * since the last one, and (final) at close. Every string is escaped so the bytes hashed are the
 * bytes written.
 *
 * <p>An existing file is verified with the key first. If it is intact and ends in a final seal,
 * it is continued; an empty file is started as a new one. Otherwise it is not written to: under
 * {@link AuditLogRecovery#START_NEW_FILE} it is renamed to
 * {@code <name>.<status>-<yyyyMMdd'T'HHmmssSSS'Z'>} (status {@code incomplete}, {@code invalid}
 * or {@code unknown-format}; {@code -1}, {@code -2}, ... appended if taken) in the same
 * directory, and a new file is started at the original path whose open line links to it (and
 * is sealed at once); under {@link AuditLogRecovery#REFUSE} the sink is not built.
 */
final class JsonLinesAuditSink implements AuditSink {
  static final String GENESIS = "0".repeat(64);
  /** Not under {@link AuditSinks#LOGGER_NAME}, which carries only audit events. */
  static final String LOGGER_NAME = "io.github.hipaas3.AuditLogFile";
  private static final Logger LOG = LoggerFactory.getLogger(LOGGER_NAME);
  private static final DateTimeFormatter ASIDE = DateTimeFormatter
      .ofPattern("yyyyMMdd'T'HHmmssSSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final ThreadLocal<MessageDigest> DIGESTS = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  });


  private final Path file;
  private final AuditSealingKey key;
  private final int sealEvery;
  private final Duration sealInterval;
  private final Clock clock;
  private final FileChannel channel;
  private final OutputStream out;
  private final String fileId;
  private long seq;
  private String prev;
  private String lastMac;
  private long sealFrom;
  private int sinceSeal;
  private Instant lastSeal;
  private boolean broken;
  private long bytes;
  private long events;

  /**
   * How a new segment links to the one before it: that segment's status (as its tail was
   * found), file ID, last verified seal line and MAC. The new segment's seals chain to that MAC.
   */
  record Link(AuditLogVerifier.Status status, String fileId, long sealLine, String mac) {}

  /**
   * Starts a new segment file of a segmented log ({@link SegmentedAuditSink}): its open line
   * names its index and, after the first, links to the segment before; it is sealed (and forced
   * to disk) at once, and its first seal chains to the previous segment's last MAC.
   */
  JsonLinesAuditSink(Path file, AuditSealingKey key, int sealEvery, Duration sealInterval,
      Clock clock, long segment, @Nullable Link link) throws IOException {
    this.file = Objects.requireNonNull(file, "file");
    this.key = Objects.requireNonNull(key, "key");
    if (sealEvery < 1) {
      throw new IllegalArgumentException("sealEvery must be at least 1");
    }
    if (segment < 0 || (segment == 0) != (link == null)) {
      throw new IllegalArgumentException("segment 0 has no link; every later one has one");
    }
    this.sealEvery = sealEvery;
    this.sealInterval = Objects.requireNonNull(sealInterval, "sealInterval");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.lastSeal = clock.instant();
    byte[] id = new byte[16];
    RANDOM.nextBytes(id);
    this.fileId = HexFormat.of().formatHex(id);
    this.prev = GENESIS;
    this.lastMac = link == null || link.mac().isEmpty() ? GENESIS : link.mac();
    this.channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE);
    this.out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
    try {
      String linked = link == null ? "" : ",\"previousStatus\":" + Json.quote(link.status().name())
          + ",\"previousFile\":" + Json.quote(link.fileId() == null ? "" : link.fileId())
          + ",\"previousSealLine\":" + link.sealLine()
          + ",\"previousMac\":" + Json.quote(link.mac());
      line("open", ",\"format\":" + AuditLogVerifier.FORMAT + ",\"file\":\"" + fileId
          + "\",\"time\":" + Json.quote(lastSeal.toString()) + ",\"segment\":" + segment
          + linked);
      seal(false);
    } catch (IOException | RuntimeException e) {
      closeAfter(e);
      throw e;
    }
  }

  JsonLinesAuditSink(Path file, AuditSealingKey key, int sealEvery, Duration sealInterval,
      Clock clock, AuditLogRecovery recovery) throws IOException {
    this.file = Objects.requireNonNull(file, "file");
    this.key = Objects.requireNonNull(key, "key");
    if (sealEvery < 1) {
      throw new IllegalArgumentException("sealEvery must be at least 1");
    }
    this.sealEvery = sealEvery;
    this.sealInterval = Objects.requireNonNull(sealInterval, "sealInterval");
    this.clock = Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(recovery, "recovery");
    this.lastSeal = clock.instant();
    // An empty file (for example one logrotate's "create" left) holds nothing to keep.
    boolean empty = Files.exists(file) && Files.size(file) == 0;
    AuditLogVerifier.Result found = Files.exists(file) && !empty
        ? AuditLogVerifier.verify(file, key) : null;
    if (found != null && found.intact()) {
      // Continue: the chain and the seals go on from the final seal.
      this.fileId = found.fileId().orElseThrow();
      this.seq = found.lines;
      this.prev = found.lastLineHash;
      this.lastMac = found.lastSealMac().orElseThrow();
      this.sealFrom = seq;
      this.bytes = Files.size(file);
      this.channel = FileChannel.open(file, StandardOpenOption.APPEND,
          StandardOpenOption.WRITE);
      this.out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
      try {
        line("resume", ",\"time\":" + Json.quote(lastSeal.toString()));
      } catch (IOException | RuntimeException e) {
        closeAfter(e);
        throw e;
      }
      LOG.info("Continuing audit log file {} (ID {}) after its final seal",
          file.getFileName(), fileId);
      return;
    }
    String link = "";
    if (found != null) {
      String status = found.status().name().toLowerCase(Locale.ROOT).replace('_', '-');
      if (recovery == AuditLogRecovery.REFUSE) {
        LOG.error("The existing audit log file {} is {} ({}); refusing to continue it",
            file.getFileName(), status, found);
        throw new AuditLogException("The existing audit log file is " + status + " ("
            + found.problem() + "), so it cannot be continued. Keep a copy for investigation,"
            + " check it with AuditLogVerifier, then move it away, or build the sink with"
            + " AuditLogRecovery.START_NEW_FILE to have it moved aside and linked.");
      }
      Path aside = moveAside(file, status);
      if (found.status() == AuditLogVerifier.Status.INCOMPLETE) {
        LOG.warn("The audit log file {} was {} ({}); it was moved to {} and a new file that"
            + " links to it was started", file.getFileName(), status, found,
            aside.getFileName());
      } else {
        LOG.error("The audit log file {} was {} ({}); it was moved to {} and a new file that"
            + " links to it was started", file.getFileName(), status, found,
            aside.getFileName());
      }
      link = ",\"previousStatus\":" + Json.quote(found.status().name())
          + ",\"previousFile\":" + Json.quote(found.fileId().orElse(""))
          + ",\"previousSealLine\":" + found.lastSealLine()
          + ",\"previousMac\":" + Json.quote(found.lastSealMac().orElse(""));
    }
    byte[] id = new byte[16];
    RANDOM.nextBytes(id);
    this.fileId = HexFormat.of().formatHex(id);
    this.prev = GENESIS;
    this.lastMac = GENESIS;
    this.channel = FileChannel.open(file,
        empty ? StandardOpenOption.APPEND : StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE);
    this.out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
    try {
      line("open", ",\"format\":" + AuditLogVerifier.FORMAT + ",\"file\":\"" + fileId
          + "\",\"time\":" + Json.quote(lastSeal.toString()) + link);
      if (found != null) {
        // Seal the link to the file that did not verify at once, and make it durable.
        seal(false);
      }
    } catch (IOException | RuntimeException e) {
      closeAfter(e);
      throw e;
    }
    LOG.info("Started audit log file {} with ID {}", file.getFileName(), fileId);
  }

  /** The bytes in the file (those written by earlier writers included, when continued). */
  long bytes() {
    return bytes;
  }

  /** The events this sink wrote. */
  long events() {
    return events;
  }

  /** The file's random ID. */
  String fileId() {
    return fileId;
  }

  /** The lines in the file; after {@link #close()}, the line of its final seal (1-based). */
  long lines() {
    return seq;
  }

  /** The MAC of the last seal written. */
  String lastMac() {
    return lastMac;
  }

  /** Closes the file after the constructor failed, keeping the first failure. */
  private void closeAfter(Exception failure) {
    try {
      out.close();
    } catch (IOException e) {
      failure.addSuppressed(e);
    }
  }

  /** Renames a file that will not be continued; returns its new path. */
  private Path moveAside(Path file, String status) throws IOException {
    String base = file.getFileName() + "." + status + "-" + ASIDE.format(clock.instant());
    for (int n = 0; ; n++) {
      Path aside = file.resolveSibling(n == 0 ? base : base + "-" + n);
      try {
        if (!Files.exists(aside)) {
          return Files.move(file, aside);
        }
      } catch (FileAlreadyExistsException raced) {
        // taken in between; try the next name
      }
      if (n > 1000) {
        throw new AuditLogException("Could not find a free name to move the audit log file"
            + " aside; remove old moved-aside files from its directory.");
      }
    }
  }

  private static Mac newMac() {
    try {
      return Mac.getInstance("HmacSHA256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }

  @Override
  public void write(AuditEvent event) throws IOException {
    line("event", ",\"event\":" + event.toJson());
    sinceSeal++;
    events++;
    if (sinceSeal >= sealEvery || !clock.instant().isBefore(lastSeal.plus(sealInterval))) {
      seal(false);
    }
  }

  @Override
  public void flush() throws IOException {
    if (sinceSeal > 0 && !clock.instant().isBefore(lastSeal.plus(sealInterval))) {
      seal(false);
    }
    out.flush();
  }

  /** A file on local disk: {@link #sync()} forces it to stable storage. */
  @Override
  public boolean durable() {
    return true;
  }

  /** Writes what is buffered and forces the file to disk ({@code fsync}). */
  @Override
  public void sync() throws IOException {
    if (broken) {
      throw new IOException("The audit log file could not be written earlier; close this sink"
          + " and build a new one.");
    }
    try {
      out.flush();
      channel.force(true);
    } catch (IOException e) {
      broken = true;
      throw e;
    }
  }

  @Override
  public void close() throws IOException {
    try (OutputStream w = out) {
      if (!broken) {
        seal(true);
      }
      w.flush();
    }
  }

  /** Seals the lines since the last seal, then forces the file to disk. */
  private void seal(boolean last) throws IOException {
    String mac = mac(key, fileId, sealFrom, seq, prev, lastMac, last);
    line("seal", ",\"file\":\"" + fileId + "\",\"from\":" + sealFrom + ",\"final\":" + last
        + ",\"mac\":\"" + mac + "\"");
    lastMac = mac;
    sealFrom = seq;
    sinceSeal = 0;
    lastSeal = clock.instant();
    sync();
  }

  /** Writes one whole line; the chain hash is over exactly the bytes written. */
  private void line(String type, String rest) throws IOException {
    if (broken) {
      throw new IOException("The audit log file could not be written earlier, so its chain"
          + " is broken; close this sink and build a new one, which starts a new linked file.");
    }
    String text = "{\"seq\":" + seq + ",\"prev\":\"" + prev + "\",\"type\":\"" + type + "\""
        + rest + "}";
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8); // exact: every string is escaped
    if (bytes.length > AuditLogVerifier.MAX_LINE_BYTES) {
      throw new IOException("An audit record of more than " + AuditLogVerifier.MAX_LINE_BYTES
          + " bytes cannot be written (the verifier rejects longer lines); nothing was written."
          + " Check what put such long values into the audit event.");
    }
    try {
      out.write(bytes);
      out.write('\n');
    } catch (IOException e) {
      broken = true;
      throw e;
    }
    prev = sha256(bytes);
    seq++;
    this.bytes += bytes.length + 1;
  }

  /**
   * A seal's MAC: HMAC-SHA256 over the format, the file ID, the range of lines it closes, the
   * chain hash before it, the previous seal's MAC and finality.
   */
  static String mac(AuditSealingKey key, String fileId, long from, long seq, String prev,
      String previousMac, boolean last) {
    try {
      // A new MAC per seal (seals are rare): none keeps the sealing key past its call.
      Mac mac = newMac();
      mac.init(key.secretKey());
      String input = "hipaa-s3 audit seal\n" + AuditLogVerifier.FORMAT + "\n" + fileId + "\n"
          + from + "\n" + seq + "\n" + prev + "\n" + previousMac + "\n" + last;
      return HexFormat.of().formatHex(mac.doFinal(input.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  static String sha256(byte[] line) {
    return HexFormat.of().formatHex(DIGESTS.get().digest(line));
  }

  @Override
  public String toString() {
    return "JsonLinesAuditSink{" + file.getFileName() + "}";
  }
}
