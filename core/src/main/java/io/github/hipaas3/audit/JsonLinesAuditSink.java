package io.github.hipaas3.audit;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import javax.crypto.Mac;

/**
 * A JSON-lines file whose lines are hash-chained and periodically sealed. Each line is
 * {@code {"seq":N,"prev":"<SHA-256 of the previous line>","type":...}}: {@code "event"} lines
 * carry one {@link AuditEvent}; {@code "seal"} lines carry an HMAC-SHA256, under the
 * {@link AuditSealingKey}, of their own sequence number, the previous line's hash and whether
 * they are final. A seal is written every {@code sealEvery} events, when {@code sealInterval}
 * has passed since the last one, and (final) at close. A file that does not end with a final
 * seal was truncated or its writer did not close.
 *
 * <p>An existing file is continued: the chain goes on from its last line, and a
 * {@code "resume"} line marks the new writer.
 */
final class JsonLinesAuditSink implements AuditSink {
  static final String GENESIS = "0".repeat(64);

  private final Path file;
  private final AuditSealingKey key;
  private final int sealEvery;
  private final Duration sealInterval;
  private final Clock clock;
  private final BufferedWriter out;
  private long seq;
  private String prev;
  private int sinceSeal;
  private Instant lastSeal;

  JsonLinesAuditSink(Path file, AuditSealingKey key, int sealEvery, Duration sealInterval,
      Clock clock) throws IOException {
    this.file = Objects.requireNonNull(file, "file");
    this.key = Objects.requireNonNull(key, "key");
    if (sealEvery < 1) {
      throw new IllegalArgumentException("sealEvery must be at least 1");
    }
    this.sealEvery = sealEvery;
    this.sealInterval = Objects.requireNonNull(sealInterval, "sealInterval");
    this.clock = Objects.requireNonNull(clock, "clock");
    String last = null;
    if (Files.exists(file)) {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      if (!lines.isEmpty()) {
        last = lines.get(lines.size() - 1);
        seq = lines.size();
      }
    }
    this.prev = last == null ? GENESIS : sha256(last);
    this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    this.lastSeal = clock.instant();
    line(last == null ? "open" : "resume", ",\"time\":\"" + lastSeal + "\"");
  }

  @Override
  public void write(AuditEvent event) throws IOException {
    line("event", ",\"event\":" + event.toJson());
    sinceSeal++;
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

  @Override
  public void close() throws IOException {
    try (BufferedWriter w = out) {
      seal(true);
      w.flush();
    }
  }

  private void seal(boolean last) throws IOException {
    long n = seq;
    line("seal", ",\"final\":" + last + ",\"mac\":\"" + mac(key, n, prev, last) + "\"");
    sinceSeal = 0;
    lastSeal = clock.instant();
  }

  private void line(String type, String rest) throws IOException {
    String text = "{\"seq\":" + seq + ",\"prev\":\"" + prev + "\",\"type\":\"" + type + "\""
        + rest + "}";
    out.write(text);
    out.write('\n');
    prev = sha256(text);
    seq++;
  }

  /** The seal's MAC: HMAC-SHA256 over its sequence number, the previous hash and finality. */
  static String mac(AuditSealingKey key, long seq, String prev, boolean last) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key.secretKey());
      return hex(mac.doFinal((seq + ":" + prev + ":" + last).getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  static String sha256(String line) {
    try {
      return hex(MessageDigest.getInstance("SHA-256")
          .digest(line.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  private static String hex(byte[] bytes) {
    StringBuilder s = new StringBuilder(bytes.length * 2);
    for (byte b : bytes) {
      s.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
    }
    return s.toString();
  }

  @Override
  public String toString() {
    return "JsonLinesAuditSink{" + file.getFileName() + "}";
  }
}
