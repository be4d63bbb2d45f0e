package io.github.hipaas3.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.hipaas3.audit.AuditLogVerifier.Status;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Offline: the segmented JSON-lines log rotates, resumes from tails, and detects attacks. */
class SegmentedAuditLogTest {
  static final AuditSealingKey KEY = AuditLogVerifierTest.KEY;

  /** A clock the test moves. */
  static final class MovingClock extends Clock {
    Instant now = Instant.parse("2026-12-01T00:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  static SegmentedAuditSink sink(Path dir, Clock clock, long maxBytes, Duration maxAge,
      AuditSealingKey key) throws IOException {
    return new SegmentedAuditSink(dir, "audit", key, maxBytes, maxAge, 5, Duration.ofHours(1),
        clock);
  }

  static List<Path> segments(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().matches("audit\\.\\d{6}\\.jsonl"))
          .sorted().collect(Collectors.toList());
    }
  }

  /** A closed log of several segments, rotated by size. */
  static void writeLog(Path dir, AuditSealingKey key, int events) throws IOException {
    try (SegmentedAuditSink s = sink(dir, new MovingClock(), 2048, Duration.ofDays(1), key)) {
      for (int i = 0; i < events; i++) {
        s.write(AuditLogAttackTest.event(i));
      }
    }
  }

  @Test
  void rotatesBySize_andTheChainContinuesAcrossSegments(@TempDir Path dir) throws Exception {
    writeLog(dir, KEY, 40);
    List<Path> segments = segments(dir);
    assertThat(segments).hasSizeGreaterThanOrEqualTo(3);
    assertThat(segments.get(0).getFileName().toString()).isEqualTo("audit.000000.jsonl");
    for (Path s : segments) {
      assertThat(Files.size(s)).as("about maxBytes: one line and a final seal over")
          .isLessThan(2048 + 1024);
      AuditLogVerifier.Result alone = AuditLogVerifier.verify(s, KEY);
      assertThat(alone.intact()).as(alone.toString()).isTrue();
    }
    SegmentedLogResult all = AuditLogVerifier.verifyDirectory(dir, KEY);
    assertThat(all.intact()).as(all.toString()).isTrue();
    assertThat(all.events()).isEqualTo(40);
    assertThat(all.segments()).hasSize(segments.size());
    String second = Files.readAllLines(segments.get(1), StandardCharsets.UTF_8).get(0);
    assertThat(second).contains("\"segment\":1,\"previousStatus\":\"INTACT\",\"previousFile\":\""
        + all.segments().get(0).fileId().orElseThrow() + "\"")
        .contains("\"previousMac\":\"" + all.segments().get(0).lastSealMac().orElseThrow());
  }

  @Test
  void rotatesByAge_onlyWhenTheSegmentHoldsEvents(@TempDir Path dir) throws Exception {
    MovingClock clock = new MovingClock();
    try (SegmentedAuditSink s = sink(dir, clock, 1 << 20, Duration.ofMinutes(10), KEY)) {
      s.write(AuditLogAttackTest.event(0));
      clock.now = clock.now.plus(Duration.ofMinutes(9));
      s.write(AuditLogAttackTest.event(1));
      assertThat(segments(dir)).hasSize(1);
      clock.now = clock.now.plus(Duration.ofMinutes(2));
      s.flush(); // idle: the writer flushes, and the old segment is closed
      assertThat(segments(dir)).hasSize(2);
      clock.now = clock.now.plus(Duration.ofHours(1));
      s.flush();
      assertThat(segments(dir)).as("an empty segment is not rotated").hasSize(2);
      s.write(AuditLogAttackTest.event(2));
      assertThat(segments(dir)).hasSize(3);
    }
    SegmentedLogResult all = AuditLogVerifier.verifyDirectory(dir, KEY);
    assertThat(all.intact()).as(all.toString()).isTrue();
    assertThat(all.events()).isEqualTo(3);
  }

  @Test
  void resumes_afterACloseAndAfterACrash_inANewLinkedSegment(@TempDir Path dir)
      throws Exception {
    writeLog(dir, KEY, 12);
    int before = segments(dir).size();
    // A crash: events written and synced (as write-ahead intents are), never sealed or closed.
    SegmentedAuditSink crashed = sink(dir, new MovingClock(), 1 << 20, Duration.ofDays(1), KEY);
    crashed.write(AuditLogAttackTest.event(100));
    crashed.write(AuditLogAttackTest.event(101));
    crashed.sync();
    assertThat(AuditLogVerifier.verifyDirectory(dir, KEY).status())
        .isEqualTo(Status.INCOMPLETE);
    try (SegmentedAuditSink s = sink(dir, new MovingClock(), 1 << 20, Duration.ofDays(1), KEY)) {
      s.write(AuditLogAttackTest.event(102));
    }
    List<Path> segments = segments(dir);
    assertThat(segments).hasSize(before + 2);
    String link = Files.readAllLines(segments.get(before + 1), StandardCharsets.UTF_8).get(0);
    assertThat(link).contains("\"previousStatus\":\"INCOMPLETE\"");
    SegmentedLogResult all = AuditLogVerifier.verifyDirectory(dir, KEY);
    assertThat(all.intact()).as(all.toString()).isTrue();
    assertThat(all.events()).as("the crashed segment's synced lines are kept").isEqualTo(15);
  }

  @Test
  void aSegmentLeftEmptyByACrashWhileStartingIt_isLinkedAndAccepted(@TempDir Path dir)
      throws Exception {
    writeLog(dir, KEY, 12);
    int before = segments(dir).size();
    Files.createFile(dir.resolve(String.format("audit.%06d.jsonl", before)));
    assertThat(AuditLogVerifier.verifyDirectory(dir, KEY).status())
        .isEqualTo(Status.INCOMPLETE);
    try (SegmentedAuditSink s = sink(dir, new MovingClock(), 1 << 20, Duration.ofDays(1), KEY)) {
      s.write(AuditLogAttackTest.event(50));
    }
    SegmentedLogResult all = AuditLogVerifier.verifyDirectory(dir, KEY);
    assertThat(all.intact()).as(all.toString()).isTrue();
    assertThat(all.segments()).hasSize(before + 2);
    // Emptying a segment that the next one recorded as intact is still found.
    Files.write(segments(dir).get(1), new byte[0]);
    assertThat(AuditLogVerifier.verifyDirectory(dir, KEY).status()).isEqualTo(Status.INVALID);
  }

  @Test
  void resume_readsOnlyTheTailOfTheLastSegment(@TempDir Path dir) throws Exception {
    try (SegmentedAuditSink s = sink(dir, new MovingClock(), 1 << 22, Duration.ofDays(1), KEY)) {
      for (int i = 0; i < 3000; i++) {
        s.write(AuditLogAttackTest.event(i));
      }
    }
    Path last = segments(dir).get(0);
    AuditLogVerifier.Result full = AuditLogVerifier.verify(last, KEY);
    AuditLogVerifier.Result tail = SegmentedLogs.verifyTail(last, KEY);
    assertThat(tail.status()).isEqualTo(Status.INTACT);
    assertThat(tail.lastSealLine()).isEqualTo(full.lastSealLine());
    assertThat(tail.lastSealMac()).isEqualTo(full.lastSealMac());
    assertThat(tail.fileId()).isEqualTo(full.fileId());
    assertThat(tail.events()).as("only the tail was read").isLessThan(10);
    // A line altered far from the tail is not read by the writer (the verifier finds it).
    List<String> lines = Files.readAllLines(last, StandardCharsets.UTF_8);
    int at = 100;
    while (!lines.get(at).contains("PutObject")) {
      at++;
    }
    lines.set(at, lines.get(at).replace("PutObject", "GetObject"));
    Files.write(last, lines, StandardCharsets.UTF_8);
    assertThat(SegmentedLogs.verifyTail(last, KEY).status()).isEqualTo(Status.INTACT);
    assertThat(AuditLogVerifier.verifyDirectory(dir, KEY).status()).isEqualTo(Status.INVALID);
  }

  @Test
  void attacksOnSegments_areDetected(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("log");
    writeLog(log, KEY, 60);
    List<Path> segments = segments(log);
    int n = segments.size();
    assertThat(n).isGreaterThanOrEqualTo(5);
    assertThat(AuditLogVerifier.verifyDirectory(log, KEY).intact()).isTrue();

    // A middle segment deleted.
    assertBroken(dir, log, "delete-middle", copy -> Files.delete(segments(copy).get(2)),
        "missing");
    // The first segment deleted.
    assertBroken(dir, log, "delete-first", copy -> Files.delete(segments(copy).get(0)),
        "missing");
    // Two segments swapped.
    assertBroken(dir, log, "swap", copy -> {
      List<Path> s = segments(copy);
      Path tmp = copy.resolve("tmp");
      Files.move(s.get(1), tmp);
      Files.move(s.get(3), s.get(1));
      Files.move(tmp, s.get(3));
    }, "holds segment");
    // A middle segment cut after a seal that is not its last.
    assertBroken(dir, log, "truncate-middle", copy -> cutAfterSeal(segments(copy).get(1)),
        "does not link");
    // The last segment cut: never intact.
    Path cutLast = copyOf(dir, log, "truncate-last");
    cutAfterSeal(segments(cutLast).get(n - 1));
    assertThat(AuditLogVerifier.verifyDirectory(cutLast, KEY).status())
        .isEqualTo(Status.INCOMPLETE);
    // A segment of another log, sealed with another key, appended.
    Path foreignKey = dir.resolve("other-key");
    AuditSealingKey other = AuditSealingKey.generate();
    writeLog(foreignKey, other, 80);
    assertBroken(dir, log, "foreign-key", copy -> Files.copy(segments(foreignKey).get(n),
        copy.resolve(String.format("audit.%06d.jsonl", n))), "segment " + n);
    // A segment of another log with the same key (another file ID) appended.
    Path sameKey = dir.resolve("same-key");
    writeLog(sameKey, KEY, 80);
    assertBroken(dir, log, "foreign-file", copy -> Files.copy(segments(sameKey).get(n),
        copy.resolve(String.format("audit.%06d.jsonl", n))), "does not link");
    // A middle segment replaced by the same-numbered segment of the other log.
    assertBroken(dir, log, "replace-middle", copy -> Files.copy(segments(sameKey).get(2),
        segments(copy).get(2), StandardCopyOption.REPLACE_EXISTING), "does not link");
  }

  @Test
  void fuzz_anyEditToAnySegment_isNeverIntact(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("log");
    writeLog(log, KEY, 30);
    Random random = new Random(17);
    for (int i = 0; i < 60; i++) {
      Path copy = copyOf(dir, log, "fuzz-" + i);
      List<Path> segments = segments(copy);
      Path victim = segments.get(random.nextInt(segments.size()));
      byte[] bytes = Files.readAllBytes(victim);
      switch (random.nextInt(3)) {
        case 0: { // flip one bit
          int at = random.nextInt(bytes.length);
          bytes[at] ^= (byte) (1 << random.nextInt(7));
          Files.write(victim, bytes);
          break;
        }
        case 1: { // drop one line
          List<String> lines = Files.readAllLines(victim, StandardCharsets.UTF_8);
          lines.remove(random.nextInt(lines.size()));
          Files.write(victim, lines, StandardCharsets.UTF_8);
          break;
        }
        default: // truncate anywhere
          Files.write(victim, java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length)));
      }
      SegmentedLogResult r = AuditLogVerifier.verifyDirectory(copy, KEY);
      assertThat(r.intact()).as("edit %d of %s: %s", i, victim.getFileName(), r).isFalse();
    }
  }

  @FunctionalInterface
  interface Edit {
    void apply(Path copy) throws IOException;
  }

  private static void assertBroken(Path dir, Path log, String name, Edit edit, String problem)
      throws IOException {
    Path copy = copyOf(dir, log, name);
    edit.apply(copy);
    SegmentedLogResult r = AuditLogVerifier.verifyDirectory(copy, KEY);
    assertThat(r.status()).as("%s: %s", name, r).isEqualTo(Status.INVALID);
    assertThat(r.problem()).as(name).contains(problem);
  }

  private static Path copyOf(Path dir, Path log, String name) throws IOException {
    Path copy = dir.resolve(name);
    Files.createDirectories(copy);
    for (Path s : segments(log)) {
      Files.copy(s, copy.resolve(s.getFileName()));
    }
    return copy;
  }

  /** Cuts a segment after its second-to-last seal. */
  private static void cutAfterSeal(Path segment) throws IOException {
    List<String> lines = Files.readAllLines(segment, StandardCharsets.UTF_8);
    int seals = 0;
    for (int i = lines.size() - 1; i >= 0; i--) {
      if (lines.get(i).contains("\"type\":\"seal\"") && ++seals == 2) {
        Files.write(segment, new ArrayList<>(lines.subList(0, i + 1)), StandardCharsets.UTF_8);
        return;
      }
    }
    throw new AssertionError("fewer than two seals");
  }
}
