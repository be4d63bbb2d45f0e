package io.github.hipaas3.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.hipaas3.ViolationCode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded fuzzing of a sealed log of 300 events written by two runs (the second resumes after
 * the first's final seal): single-byte edits, line deletions, insertions (duplicates
 * included), swaps and truncations must all fail verification, except the one truncation back
 * to the first run's final seal (a documented limitation). Every mutation is
 * checked to change the file, so a test case cannot pass by doing nothing.
 */
class AuditLogFuzzTest {
  static final AuditSealingKey KEY = AuditLogVerifierTest.KEY;
  static final long SEED = 0x24_03L;
  static byte[] log;
  static List<byte[]> lines;
  static int firstRunLines;

  @TempDir
  static Path dir;

  @BeforeAll
  static void writeLog() throws IOException {
    Path file = dir.resolve("audit.jsonl");
    for (int run = 0; run < 2; run++) { // two runs: the second resumes after the final seal
      try (AuditSink sink = AuditSinks.jsonLines(file, KEY, 7, Duration.ofHours(1))) {
        for (int i = run * 150; i < run * 150 + 150; i++) {
          sink.write(AuditEvent.builder()
              .time(Instant.parse("2026-11-28T12:00:00Z").plusMillis(i))
              .operation(i % 5 == 0 ? "DeleteObject" : "PutObject").bucket("clinic")
              .objectKey("v1/k" + i).versionId(i % 11 == 0 ? "v\uD800\"\\" + i : null)
              .outcome(i % 3 == 0 ? AuditOutcome.REFUSED : AuditOutcome.ALLOWED)
              .violationCode(i % 3 == 0 ? ViolationCode.PHI_DETECTED : null)
              .bytes((long) i * 1000).duration(Duration.ofMillis(i))
              .actor("svc-\u00e9\uD83D\uDE00").build());
        }
      }
      if (run == 0) {
        firstRunLines = split(Files.readAllBytes(file)).size();
      }
    }
    log = Files.readAllBytes(file);
    lines = split(log);
    assertThat(verify(log).intact()).as(verify(log).toString()).isTrue();
    assertThat(firstRunLines).isEqualTo(1 + 150 + 150 / 7 + 1);
    assertThat(lines).hasSize(2 * firstRunLines);
    assertThat(new String(lines.get(firstRunLines), java.nio.charset.StandardCharsets.UTF_8))
        .contains("\"type\":\"resume\"");
  }

  static AuditLogVerifier.Result verify(byte[] bytes) throws IOException {
    return AuditLogVerifier.verify(new ByteArrayInputStream(bytes), KEY);
  }

  static List<byte[]> split(byte[] bytes) {
    List<byte[]> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        out.add(Arrays.copyOfRange(bytes, start, i));
        start = i + 1;
      }
    }
    assertThat(start).isEqualTo(bytes.length);
    return out;
  }

  static byte[] join(List<byte[]> parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length + 1;
    }
    byte[] out = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
      out[at++] = '\n';
    }
    return out;
  }

  private static void assertBroken(byte[] mutated, String what) throws IOException {
    assertThat(mutated).as(what + " changes the file").isNotEqualTo(log);
    AuditLogVerifier.Result result = verify(mutated);
    assertThat(result.intact()).as(what).isFalse();
  }

  @Test
  void everySingleByteEdit_atManyPositions_isFound() throws IOException {
    Random random = new Random(SEED);
    byte[] interesting = "\n\r \"\\{}:,0123456789abcdefABCDEF-tfu".getBytes(
        java.nio.charset.StandardCharsets.US_ASCII);
    for (int n = 0; n < 1000; n++) {
      int at = n < 64 ? log.length - 1 - n : random.nextInt(log.length); // the tail, then anywhere
      byte[] mutated = log.clone();
      byte b;
      do {
        b = random.nextInt(3) == 0 ? (byte) random.nextInt(256)
            : interesting[random.nextInt(interesting.length)];
      } while (b == log[at]);
      mutated[at] = b;
      assertBroken(mutated, "byte " + at + " set to " + (b & 0xff));
    }
  }

  @Test
  void deletingAnyLine_isFound() throws IOException {
    for (int i = 0; i < lines.size(); i++) {
      List<byte[]> mutated = new ArrayList<>(lines);
      mutated.remove(i);
      assertBroken(join(mutated), "line " + (i + 1) + " deleted");
    }
  }

  @Test
  void insertingLines_duplicatesIncluded_isFound() throws IOException {
    Random random = new Random(SEED + 1);
    for (int n = 0; n < 300; n++) {
      int at = random.nextInt(lines.size() + 1);
      int from = n % 2 == 0 ? Math.max(0, at - 1) : random.nextInt(lines.size());
      List<byte[]> mutated = new ArrayList<>(lines);
      mutated.add(at, lines.get(from)); // n even: the line before, duplicated in place
      assertBroken(join(mutated), "line " + (from + 1) + " inserted at " + (at + 1));
    }
    List<byte[]> doubled = new ArrayList<>(lines);
    doubled.addAll(lines); // the whole log appended to itself
    assertBroken(join(doubled), "the log twice");
  }

  @Test
  void swappingLines_isFound() throws IOException {
    Random random = new Random(SEED + 2);
    for (int n = 0; n < 300; n++) {
      int i = random.nextInt(lines.size());
      int j = n % 2 == 0 ? Math.min(lines.size() - 1, i + 1) : random.nextInt(lines.size());
      if (i == j || Arrays.equals(lines.get(i), lines.get(j))) {
        continue;
      }
      List<byte[]> mutated = new ArrayList<>(lines);
      Collections.swap(mutated, i, j);
      assertBroken(join(mutated), "lines " + (i + 1) + " and " + (j + 1) + " swapped");
    }
  }

  @Test
  void truncatingAtEveryLineBoundary_andMidLine_isFound() throws IOException {
    Random random = new Random(SEED + 3);
    int offset = 0;
    for (int i = 0; i < lines.size(); i++) {
      int end = offset + lines.get(i).length + 1;
      if (i + 1 == firstRunLines) {
        // Known limitation (README, threat model T-6): cut back to an earlier run's final
        // seal, a continued log is a complete log of that run. Stated here so it stays visible.
        assertThat(verify(Arrays.copyOf(log, end)).intact()).isTrue();
      } else if (i < lines.size() - 1) {
        AuditLogVerifier.Result result = verify(Arrays.copyOf(log, end));
        assertThat(result.intact()).as("kept %d lines", i + 1).isFalse();
        // Every kept prefix is genuine, so it is incomplete, not invalid: also at a seal.
        assertThat(result.status()).as("kept %d lines", i + 1)
            .isEqualTo(AuditLogVerifier.Status.INCOMPLETE);
      }
      int mid = offset + random.nextInt(lines.get(i).length + 1); // keeps part of line i+1
      if (mid < log.length) {
        assertBroken(Arrays.copyOf(log, mid), "cut at byte " + mid);
      }
      offset = end;
    }
    assertBroken(new byte[0], "empty");
  }
}
