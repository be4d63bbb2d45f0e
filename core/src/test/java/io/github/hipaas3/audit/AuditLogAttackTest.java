package io.github.hipaas3.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.hipaas3.internal.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 24, item 3: an attacker who can write the audit file but has no key. Each test makes
 * the attack of the issue and shows it is found, and that the writer does not seal over it.
 */
class AuditLogAttackTest {
  static final AuditSealingKey KEY = AuditLogVerifierTest.KEY;
  private static final Pattern HEAD = Pattern.compile("^\\{\"seq\":\\d+,\"prev\":\"[0-9a-f]{64}\"");

  @TempDir
  Path dir;

  static AuditEvent event(int i) {
    return AuditEvent.builder().time(Instant.parse("2026-11-28T12:00:00Z").plusSeconds(i))
        .operation(i == 7 ? "DeleteObject" : "PutObject").bucket("clinic")
        .objectKey("v1/bcdf" + i).outcome(AuditOutcome.ALLOWED).duration(Duration.ofMillis(i))
        .build();
  }

  /**
   * A log of 10 events sealed every 3: line 1 open, 2-4 events 0-2, 5 seal, 6-8 events 3-5, 9
   * seal, 10-12 events 6-8 (line 11 is event 7, a DeleteObject), 13 seal, 14 event 9, 15 final.
   */
  private Path log(String name) throws IOException {
    Path file = dir.resolve(name);
    try (AuditSink sink = AuditSinks.jsonLines(file, KEY, 3, Duration.ofHours(1))) {
      for (int i = 0; i < 10; i++) {
        sink.write(event(i));
      }
    }
    return file;
  }

  static List<String> lines(Path file) throws IOException {
    return new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
  }

  static void write(Path file, List<String> lines) throws IOException {
    Files.write(file, lines, StandardCharsets.UTF_8);
  }

  /** What an attacker without the key can do: renumber the lines and recompute the chain. */
  static List<String> rechain(List<String> lines) {
    List<String> out = new ArrayList<>();
    String prev = JsonLinesAuditSink.GENESIS;
    for (int i = 0; i < lines.size(); i++) {
      Matcher m = HEAD.matcher(lines.get(i));
      assertThat(m.find()).isTrue();
      String line = "{\"seq\":" + i + ",\"prev\":\"" + prev + "\""
          + lines.get(i).substring(m.end());
      out.add(line);
      prev = JsonLinesAuditSink.sha256(line.getBytes(StandardCharsets.UTF_8));
    }
    return out;
  }

  private List<Path> asideFiles(String prefix) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().startsWith(prefix))
          .sorted().collect(Collectors.toList());
    }
  }

  @Test
  void removingTheFinalSeal_andDeletingAnEvent_isFound_andTheWriterDoesNotSealOverIt()
      throws IOException {
    Path file = log("audit.jsonl");
    List<String> lines = lines(file);
    assertThat(lines.get(10)).contains("DeleteObject");
    // Drop the final seal, the seal at line 13 (its MAC cannot be recomputed) and the delete.
    lines.remove(14);
    lines.remove(12);
    lines.remove(10);
    List<String> forged = rechain(lines);
    write(file, forged);
    byte[] tampered = Files.readAllBytes(file);

    AuditLogVerifier.Result found = AuditLogVerifier.verify(file, KEY);
    assertThat(found.intact()).isFalse();
    assertThat(found.status()).isEqualTo(AuditLogVerifier.Status.INCOMPLETE);
    assertThat(found.lastSealLine()).isEqualTo(9);
    assertThat(found.problem()).contains("lines after line 9 are not sealed");

    // The next start does not continue it: it moves it aside untouched and starts a new file.
    try (AuditSink sink = AuditSinks.jsonLines(file, KEY, 3, Duration.ofHours(1))) {
      sink.write(event(20));
    }
    List<Path> aside = asideFiles("audit.jsonl.incomplete-");
    assertThat(aside).hasSize(1);
    assertThat(Files.readAllBytes(aside.get(0))).isEqualTo(tampered);
    AuditLogVerifier.Result old = AuditLogVerifier.verify(aside.get(0), KEY);
    assertThat(old.intact()).isFalse();
    AuditLogVerifier.Result next = AuditLogVerifier.verify(file, KEY);
    assertThat(next.intact()).as(next.toString()).isTrue();
    assertThat(next.events()).isEqualTo(1);
    assertThat(next.fileId()).isNotEqualTo(old.fileId());
    assertThat(next.previousStatus()).contains(AuditLogVerifier.Status.INCOMPLETE);
    assertThat(next.previousFileId()).isEqualTo(old.fileId());
    assertThat(next.previousSealLine()).isEqualTo(9);
    assertThat(next.previousSealMac()).isEqualTo(old.lastSealMac());
    assertThat(next.follows(old)).isTrue();
    assertThat(lines(file).get(0)).contains("\"previousStatus\":\"INCOMPLETE\"");
  }

  @Test
  void keepingTheLaterSeal_withRecomputedHashes_isInvalid() throws IOException {
    Path file = log("audit.jsonl");
    List<String> lines = lines(file);
    lines.remove(10); // the DeleteObject, before the seals at 13 and 15
    write(file, rechain(lines));
    AuditLogVerifier.Result found = AuditLogVerifier.verify(file, KEY);
    assertThat(found.status()).isEqualTo(AuditLogVerifier.Status.INVALID);
    assertThat(found.firstBrokenLine()).isEqualTo(12); // the seal that was line 13
    assertThat(found.problem()).contains("seal does not verify");
    try (AuditSink sink = AuditSinks.jsonLines(file, KEY)) {
      sink.write(event(20));
    }
    assertThat(asideFiles("audit.jsonl.invalid-")).hasSize(1);
    assertThat(AuditLogVerifier.verify(file, KEY).previousStatus())
        .contains(AuditLogVerifier.Status.INVALID);
  }

  @Test
  void underRefuse_aFileThatDoesNotVerify_isLeftAlone_andTheMessageHasNoPath()
      throws IOException {
    Path file = log("patient-123-45-6789.jsonl");
    List<String> lines = lines(file);
    lines.remove(14);
    write(file, lines);
    byte[] before = Files.readAllBytes(file);
    assertThatThrownBy(() -> AuditSinks.jsonLines(file, KEY, 3, Duration.ofHours(1),
        AuditLogRecovery.REFUSE))
        .isInstanceOf(AuditLogException.class)
        .isInstanceOf(software.amazon.awssdk.core.exception.SdkClientException.class)
        .hasMessageContaining("incomplete")
        .hasMessageContaining("START_NEW_FILE")
        .hasMessageNotContaining("123-45")
        .hasMessageNotContaining(dir.toString());
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.count()).isEqualTo(1);
    }
  }

  @Test
  void linesAddedAfterTheFinalSeal_areFound_andNotContinued() throws IOException {
    Path file = log("audit.jsonl");
    List<String> lines = lines(file);
    lines.add(lines.get(13).replace("bcdf9", "bcdf99")); // a forged event after the final seal
    write(file, rechain(lines));
    AuditLogVerifier.Result found = AuditLogVerifier.verify(file, KEY);
    assertThat(found.intact()).isFalse();
    assertThat(found.firstBrokenLine()).isEqualTo(16);
    assertThat(found.problem()).contains("only a resume record may follow a final seal");
    try (AuditSink sink = AuditSinks.jsonLines(file, KEY)) {
      sink.write(event(20));
    }
    assertThat(asideFiles("audit.jsonl.invalid-")).hasSize(1);
  }

  @Test
  void textAddedToASealLine_afterItsMacdFields_isFound() throws IOException {
    Path file = log("audit.jsonl");
    List<String> original = lines(file);
    String seal = original.get(14);
    List<String> variants = List.of(
        seal + " ",
        seal + "{}",
        seal + "\r",
        seal.substring(0, seal.length() - 1) + ",\"note\":\"ok\"}",
        seal.substring(0, seal.length() - 1) + ",\"final\":true}",
        seal.replace("{\"seq\":14,", "{\"seq\":14, "),
        seal.replace("\"seq\":14", "\"seq\":014"),
        seal.replace("\"final\":true", "\"final\": true"),
        seal.replace("\"type\":\"seal\"", "\"type\":\"s\\u0065al\""),
        seal.replace("\"type\":\"seal\"", "\"type\":\"seal\",\"type\":\"seal\""));
    for (String variant : variants) {
      List<String> lines = new ArrayList<>(original);
      lines.set(14, variant);
      Files.write(file, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
      AuditLogVerifier.Result result = AuditLogVerifier.verify(file, KEY);
      assertThat(result.intact()).as(variant).isFalse();
      assertThat(result.status()).as(variant).isEqualTo(AuditLogVerifier.Status.INVALID);
      assertThat(result.firstBrokenLine()).as(variant).isEqualTo(15);
    }
    // The same on an intermediate seal, whose successor's chain hash is recomputed.
    List<String> lines = new ArrayList<>(original);
    lines.set(8, lines.get(8).substring(0, lines.get(8).length() - 1) + ",\"x\":1}");
    write(file, rechain(lines));
    AuditLogVerifier.Result result = AuditLogVerifier.verify(file, KEY);
    assertThat(result.intact()).isFalse();
    assertThat(result.firstBrokenLine()).isEqualTo(9);
  }

  @Test
  void aLoneSurrogate_inACallerValue_isEscaped_andTheLogStaysIntact() throws IOException {
    Path file = dir.resolve("audit.jsonl");
    AuditEvent odd = AuditEvent.builder().time(Instant.EPOCH).operation("GetObject")
        .versionId("v\uD800x").requestId("\uDC00").actor("a\uDBFF")
        .bucket("pair\uD83D\uDE00 reversed\uDE00\uD83D ctl\u0000\u001f\u2028")
        .outcome(AuditOutcome.ALLOWED).build();
    assertThat(odd.toJson()).contains("\"versionId\":\"v\\ud800x\"",
        "\"requestId\":\"\\udc00\"", "\"actor\":\"a\\udbff\"",
        "pair\uD83D\uDE00 reversed\\ude00\\ud83d ctl\\u0000\\u001f\\u2028");
    try (AuditSink sink = AuditSinks.jsonLines(file, KEY, 2, Duration.ofHours(1))) {
      sink.write(event(1));
      sink.write(odd);
      sink.write(event(2));
      sink.write(odd);
    }
    AuditLogVerifier.Result result = AuditLogVerifier.verify(file, KEY);
    assertThat(result.intact()).as(result.toString()).isTrue();
    assertThat(result.events()).isEqualTo(4);
    byte[] bytes = Files.readAllBytes(file);
    assertThat(StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes))
        .toString()).contains("\uD83D\uDE00"); // the pair as real UTF-8, and the file decodes
    // The sink keeps working after it, and a reopened file continues.
    try (AuditSink sink = AuditSinks.jsonLines(file, KEY)) {
      sink.write(odd);
    }
    assertThat(AuditLogVerifier.verify(file, KEY).intact()).isTrue();
  }

  @Test
  void anOverlongRecord_isRefusedWhole_andTheLogStaysIntact() throws IOException {
    Path file = dir.resolve("audit.jsonl");
    AuditEvent huge = AuditEvent.builder().time(Instant.EPOCH).operation("GetObject")
        .versionId("v".repeat(AuditLogVerifier.MAX_LINE_BYTES)).outcome(AuditOutcome.ALLOWED)
        .build();
    try (AuditSink sink = AuditSinks.jsonLines(file, KEY)) {
      sink.write(event(1));
      assertThatThrownBy(() -> sink.write(huge)).isInstanceOf(IOException.class)
          .hasMessageContaining("cannot be written");
      sink.write(event(2));
    }
    AuditLogVerifier.Result result = AuditLogVerifier.verify(file, KEY);
    assertThat(result.intact()).as(result.toString()).isTrue();
    assertThat(result.events()).isEqualTo(2);
    List<String> lines = lines(file);
    lines.add(1, "{" + " ".repeat(AuditLogVerifier.MAX_LINE_BYTES) + "}");
    write(file, lines);
    assertThat(AuditLogVerifier.verify(file, KEY).problem()).contains("longer than");
  }

  @Test
  void jsonQuote_escapesEveryLoneSurrogate_andKeepsPairs() {
    assertThat(Json.quote("\uD800")).isEqualTo("\"\\ud800\"");
    assertThat(Json.quote("\uDFFF")).isEqualTo("\"\\udfff\"");
    assertThat(Json.quote("a\uD800\uD800b")).isEqualTo("\"a\\ud800\\ud800b\"");
    assertThat(Json.quote("\uDC00\uD800")).isEqualTo("\"\\udc00\\ud800\"");
    assertThat(Json.quote("\uD800\uDC00")).isEqualTo("\"\uD800\uDC00\"");
    assertThat(Json.quote("x\uD83D")).isEqualTo("\"x\\ud83d\"");
    for (int c = 0; c <= 0xffff; c++) {
      String q = Json.quote(String.valueOf((char) c));
      assertThat(StandardCharsets.UTF_8.newEncoder().canEncode(q)).as("U+%04X", c).isTrue();
    }
  }

  @Test
  void anotherLogSealedWithTheSameKey_cannotStandIn() throws IOException {
    Path a = log("a.jsonl");
    Path b = log("b.jsonl");
    List<String> la = lines(a);
    List<String> lb = lines(b);
    // Same events, same key, same cadence: the logs differ only in their file IDs.
    AuditLogVerifier.Result ra = AuditLogVerifier.verify(a, KEY);
    AuditLogVerifier.Result rb = AuditLogVerifier.verify(b, KEY);
    assertThat(ra.intact()).isTrue();
    assertThat(rb.intact()).isTrue();
    assertThat(ra.fileId()).isNotEqualTo(rb.fileId());

    // Splicing b's sealed lines 10-15 into a (chain recomputed) fails at b's seal.
    List<String> spliced = new ArrayList<>(la.subList(0, 9));
    spliced.addAll(lb.subList(9, 15));
    write(a, rechain(spliced));
    AuditLogVerifier.Result r = AuditLogVerifier.verify(a, KEY);
    assertThat(r.intact()).isFalse();
    assertThat(r.firstBrokenLine()).isEqualTo(13);
    assertThat(r.problem()).contains("another log file");

    // A file replaced by a linked successor cannot be swapped for another sealed log.
    write(a, la.subList(0, 12)); // a crash: no final seal
    try (AuditSink sink = AuditSinks.jsonLines(a, KEY)) {
      sink.write(event(30));
    }
    Path aside = asideFiles("a.jsonl.incomplete-").get(0);
    AuditLogVerifier.Result successor = AuditLogVerifier.verify(a, KEY);
    assertThat(successor.follows(AuditLogVerifier.verify(aside, KEY))).isTrue();
    Files.copy(b, aside, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    AuditLogVerifier.Result substitute = AuditLogVerifier.verify(aside, KEY);
    assertThat(substitute.intact()).isTrue(); // on its own it is a valid log...
    assertThat(successor.follows(substitute)).isFalse(); // ...but not the one that was there
  }

  @Test
  void anOldFormatFile_isReportedAsSuch_andMovedAside() throws IOException {
    Path file = dir.resolve("audit.jsonl");
    Files.writeString(file, "{\"seq\":0,\"prev\":\"" + JsonLinesAuditSink.GENESIS
        + "\",\"type\":\"open\",\"time\":\"2026-11-28T12:00:00Z\"}\n");
    AuditLogVerifier.Result result = AuditLogVerifier.verify(file, KEY);
    assertThat(result.status()).isEqualTo(AuditLogVerifier.Status.UNKNOWN_FORMAT);
    assertThat(result.problem()).contains("format 1");
    try (AuditSink sink = AuditSinks.jsonLines(file, KEY)) {
      sink.write(event(1));
    }
    assertThat(asideFiles("audit.jsonl.unknown-format-")).hasSize(1);
    assertThat(AuditLogVerifier.verify(file, KEY).previousStatus())
        .contains(AuditLogVerifier.Status.UNKNOWN_FORMAT);
  }

  @Test
  void theLinkToAFileThatDidNotVerify_isSealedAtOnce_andAnEmptyFileIsSimplyStarted()
      throws IOException {
    Path file = log("audit.jsonl");
    List<String> lines = lines(file);
    write(file, lines.subList(0, 14));
    AuditSink sink = AuditSinks.jsonLines(file, KEY); // not closed yet: a crash from here on
    List<String> started = lines(file);
    assertThat(started).hasSize(2);
    assertThat(started.get(1)).contains("\"type\":\"seal\"", "\"final\":false");
    AuditLogVerifier.Result sealed = AuditLogVerifier.verify(file, KEY);
    assertThat(sealed.status()).isEqualTo(AuditLogVerifier.Status.INCOMPLETE);
    assertThat(sealed.lastSealLine()).isEqualTo(2); // the link is vouched for already
    assertThat(sealed.previousStatus()).contains(AuditLogVerifier.Status.INCOMPLETE);
    sink.close();

    Path empty = dir.resolve("empty.jsonl");
    Files.createFile(empty);
    try (AuditSink s = AuditSinks.jsonLines(empty, KEY)) {
      s.write(event(1));
    }
    AuditLogVerifier.Result fresh = AuditLogVerifier.verify(empty, KEY);
    assertThat(fresh.intact()).isTrue();
    assertThat(fresh.previousStatus()).isEmpty();
    assertThat(asideFiles("empty.jsonl.")).isEmpty();
  }

  @Test
  void aCrashedWriter_leavesAnIncompleteFile_thatTheNextStartLinks() throws IOException {
    Path file = dir.resolve("audit.jsonl");
    AuditSink crashed = AuditSinks.jsonLines(file, KEY, 3, Duration.ofHours(1));
    for (int i = 0; i < 4; i++) {
      crashed.write(event(i));
    }
    crashed.flush(); // never closed
    assertThat(AuditLogVerifier.verify(file, KEY).status())
        .isEqualTo(AuditLogVerifier.Status.INCOMPLETE);
    try (AuditSink sink = AuditSinks.jsonLines(file, KEY)) {
      sink.write(event(5));
    }
    assertThat(AuditLogVerifier.verify(file, KEY).intact()).isTrue();
    assertThat(asideFiles("audit.jsonl.incomplete-")).hasSize(1);
  }
}
