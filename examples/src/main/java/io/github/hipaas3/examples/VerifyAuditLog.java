package io.github.hipaas3.examples;

import io.github.hipaas3.audit.AuditLogVerifier;
import io.github.hipaas3.audit.AuditSealingKey;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Base64;

/**
 * Checks a hipaa-s3 JSON-lines audit log: every line parsed strictly and chained, every seal
 * verified, a final seal at the end. Prints the result (intact, incomplete, invalid or of an
 * unknown format), the file ID and, for a file started after one that did not verify, the link
 * it records. Exits 0 when the log is intact, 1 when it is not, 2 on a usage or I/O error.
 *
 * <pre>
 * java -cp ... io.github.hipaas3.examples.VerifyAuditLog audit.jsonl sealing-key.b64
 * </pre>
 *
 * <p>The key file holds the sealing key in base64 (what {@code AuditSealingKey.exportBytes()}
 * gave, encoded); keep it where the log's writer cannot change it.
 */
public final class VerifyAuditLog {
  private VerifyAuditLog() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out));
  }

  /**
   * Runs the check.
   *
   * @param args the log file and the key file
   * @param out where the result is printed
   * @return the exit code
   */
  public static int run(String[] args, PrintStream out) {
    if (args.length != 2) {
      out.println("usage: VerifyAuditLog <audit.jsonl> <sealing-key.b64>");
      return 2;
    }
    try {
      Path log = Paths.get(args[0]);
      byte[] key = Base64.getDecoder().decode(
          Files.readString(Paths.get(args[1]), StandardCharsets.US_ASCII).trim());
      AuditLogVerifier.Result result = AuditLogVerifier.verify(log,
          AuditSealingKey.fromBytes(key));
      out.println(log.getFileName() + ": " + result);
      result.fileId().ifPresent(id -> out.println("file ID: " + id));
      result.previousStatus().ifPresent(previous -> out.println("started after a file found "
          + previous + " (file ID " + result.previousFileId().orElse("unknown")
          + ", last verified seal at line " + result.previousSealLine() + ")"));
      return result.intact() ? 0 : 1;
    } catch (IOException | IllegalArgumentException e) {
      out.println("cannot verify: " + e.getClass().getSimpleName() + ": " + e.getMessage());
      return 2;
    }
  }
}
