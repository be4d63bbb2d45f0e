package io.github.hipaas3.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.hipaas3.audit.AuditEvent;
import io.github.hipaas3.audit.AuditOutcome;
import io.github.hipaas3.audit.AuditSealingKey;
import io.github.hipaas3.audit.AuditSink;
import io.github.hipaas3.audit.AuditSinks;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Smoke test: the verify command accepts an intact log and names the line of a tampered one. */
class VerifyAuditLogTest {
  @TempDir
  Path dir;

  @Test
  void intactLog_exitsZero_tamperedLog_exitsOne() throws Exception {
    AuditSealingKey key = AuditSealingKey.generate();
    Path log = dir.resolve("audit.jsonl");
    try (AuditSink sink = AuditSinks.jsonLines(log, key)) {
      for (int i = 0; i < 5; i++) {
        sink.write(AuditEvent.builder().time(Instant.now()).operation("PutObject")
            .outcome(AuditOutcome.ALLOWED).build());
      }
    }
    Path keyFile = dir.resolve("key.b64");
    Files.writeString(keyFile, Base64.getEncoder().encodeToString(key.exportBytes()));
    String[] args = {log.toString(), keyFile.toString()};
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertEquals(0, VerifyAuditLog.run(args, new PrintStream(out, true, "UTF-8")));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("intact: 5 events"));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("file ID: "));

    List<String> lines = Files.readAllLines(log);
    lines.set(3, lines.get(3).replace("PutObject", "GetObject"));
    Files.write(log, lines);
    out.reset();
    assertEquals(1, VerifyAuditLog.run(args, new PrintStream(out, true, "UTF-8")));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("broken at line 4"),
        out.toString(StandardCharsets.UTF_8));

    lines.set(3, lines.get(3).replace("GetObject", "PutObject")); // undone
    Files.write(log, lines.subList(0, lines.size() - 1)); // the final seal cut off
    out.reset();
    assertEquals(1, VerifyAuditLog.run(args, new PrintStream(out, true, "UTF-8")));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("incomplete"),
        out.toString(StandardCharsets.UTF_8));
    assertEquals(2, VerifyAuditLog.run(new String[0], new PrintStream(out, true, "UTF-8")));
  }
}
