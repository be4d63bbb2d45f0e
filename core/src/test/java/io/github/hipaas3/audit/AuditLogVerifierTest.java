package io.github.hipaas3.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.hipaas3.ViolationCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JSON-lines sink's chain and seals, and the verifier against every kind of tampering. */
class AuditLogVerifierTest {
  static final AuditSealingKey KEY = AuditSealingKey.fromBytes(new byte[32]);

  @TempDir
  Path dir;

  static AuditEvent event(int i) {
    return AuditEvent.builder().time(Instant.parse("2026-11-28T12:00:00Z").plusSeconds(i))
        .operation("PutObject").bucket("clinic").objectKey("v1/bcdf" + i)
        .outcome(i % 3 == 0 ? AuditOutcome.REFUSED : AuditOutcome.ALLOWED)
        .violationCode(i % 3 == 0 ? ViolationCode.PHI_DETECTED : null)
        .duration(Duration.ofMillis(i)).bytes((long) i).build();
  }

  /** A log of 10 events, sealed every 3: open, 10 events, 3 seals, the final seal. */
  private Path log() throws IOException {
    Path file = dir.resolve("audit.jsonl");
    try (AuditSink sink = AuditSinks.jsonLines(file, KEY, 3, Duration.ofHours(1))) {
      for (int i = 0; i < 10; i++) {
        sink.write(event(i));
      }
    }
    return file;
  }

  private static List<String> lines(Path file) throws IOException {
    return new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
  }

  private static void write(Path file, List<String> lines) throws IOException {
    Files.write(file, lines, StandardCharsets.UTF_8);
  }

  @Test
  void anUntouchedLog_isIntact() throws IOException {
    Path file = log();
    AuditLogVerifier.Result result = AuditLogVerifier.verify(file, KEY);
    assertThat(result.intact()).as(result.toString()).isTrue();
    assertThat(result.events()).isEqualTo(10);
    assertThat(result.seals()).isEqualTo(4);
    assertThat(lines(file)).hasSize(15);
    assertThat(lines(file).get(1)).contains("\"event\":" + event(0).toJson());
  }

  @Test
  void anEditedLine_isFoundAtThatLine() throws IOException {
    for (int target : new int[] {1, 2, 6, 13, 14, 15}) {
      Path file = log();
      List<String> lines = lines(file);
      String line = lines.get(target - 1);
      String edited;
      if (line.contains("PutObject")) {
        edited = line.replace("PutObject", "GetObject");
      } else if (line.contains("\"mac\":\"")) {
        int at = line.indexOf("\"mac\":\"") + 7;
        edited = line.substring(0, at) + (line.charAt(at) == 'a' ? 'b' : 'a')
            + line.substring(at + 1);
      } else {
        edited = line.replace("open", "resume");
      }
      lines.set(target - 1, edited);
      assertThat(lines.get(target - 1)).as("line %d changed", target).isNotEqualTo(line);
      write(file, lines);
      AuditLogVerifier.Result result = AuditLogVerifier.verify(file, KEY);
      assertThat(result.intact()).as("edit at %d", target).isFalse();
      assertThat(result.firstBrokenLine()).as(result.toString()).isEqualTo(target);
      Files.delete(file);
    }
  }

  @Test
  void aDeletedLine_isFound() throws IOException {
    Path file = log();
    List<String> lines = lines(file);
    lines.remove(4);
    write(file, lines);
    AuditLogVerifier.Result result = AuditLogVerifier.verify(file, KEY);
    assertThat(result.intact()).isFalse();
    assertThat(result.firstBrokenLine()).isEqualTo(5);
    assertThat(result.problem()).contains("deleted");
  }

  @Test
  void reorderedLines_areFound() throws IOException {
    Path file = log();
    List<String> lines = lines(file);
    Collections.swap(lines, 6, 7);
    write(file, lines);
    AuditLogVerifier.Result result = AuditLogVerifier.verify(file, KEY);
    assertThat(result.intact()).isFalse();
    assertThat(result.firstBrokenLine()).isEqualTo(7);
  }

  @Test
  void anInsertedLine_isFound() throws IOException {
    Path file = log();
    List<String> lines = lines(file);
    lines.add(3, lines.get(2));
    write(file, lines);
    AuditLogVerifier.Result result = AuditLogVerifier.verify(file, KEY);
    assertThat(result.intact()).isFalse();
    assertThat(result.firstBrokenLine()).isEqualTo(4);
  }

  @Test
  void truncation_isFound_evenAtASeal() throws IOException {
    Path file = log();
    List<String> all = lines(file);
    for (int keep : new int[] {14, 9, 5, 1}) { // line 9 is an intermediate seal
      write(file, all.subList(0, keep));
      AuditLogVerifier.Result result = AuditLogVerifier.verify(file, KEY);
      assertThat(result.intact()).as("kept %d lines", keep).isFalse();
      assertThat(result.problem()).contains("truncated after line " + keep);
    }
    write(file, List.of());
    assertThat(AuditLogVerifier.verify(file, KEY).problem()).contains("empty");
  }

  @Test
  void aForgedSeal_orTheWrongKey_isFound() throws IOException {
    Path file = log();
    AuditLogVerifier.Result wrongKey = AuditLogVerifier.verify(file,
        AuditSealingKey.fromBytes(new byte[] {
            1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8,
            1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8}));
    assertThat(wrongKey.intact()).isFalse();
    assertThat(wrongKey.firstBrokenLine()).isEqualTo(5); // the first seal
    assertThat(wrongKey.problem()).contains("seal does not verify");
  }

  @Test
  void aReopenedLog_continuesTheChain() throws IOException {
    Path file = log();
    try (AuditSink sink = AuditSinks.jsonLines(file, KEY)) {
      sink.write(event(11));
    }
    AuditLogVerifier.Result result = AuditLogVerifier.verify(file, KEY);
    assertThat(result.intact()).as(result.toString()).isTrue();
    assertThat(result.events()).isEqualTo(11);
    assertThat(lines(file).get(15)).contains("\"type\":\"resume\"");
  }

  @Test
  void theSealingKey_neverPrints() {
    AuditSealingKey key = AuditSealingKey.generate();
    assertThat(key.toString()).doesNotContain(java.util.HexFormat.of()
        .formatHex(key.exportBytes()));
    assertThat(key).isEqualTo(AuditSealingKey.fromBytes(key.exportBytes()));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> AuditSealingKey.fromBytes(
        new byte[16])).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void eventJson_escapesEveryControlCharacter() {
    AuditEvent e = AuditEvent.builder().time(Instant.EPOCH).operation("Put\"\\\n\u0001")
        .outcome(AuditOutcome.ALLOWED).build();
    assertThat(e.toJson()).contains("\"operation\":\"Put\\\"\\\\\\n\\u0001\"")
        .doesNotContain("\n");
  }
}
