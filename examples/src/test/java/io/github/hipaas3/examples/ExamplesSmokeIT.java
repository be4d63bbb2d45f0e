package io.github.hipaas3.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Smoke tests: the demo and the migration example run against the embedded server. */
class ExamplesSmokeIT {
  static EmbeddedS3 s3mock;

  @BeforeAll
  static void start() throws Exception {
    s3mock = new EmbeddedS3();
  }

  @AfterAll
  static void stop() {
    s3mock.close();
  }

  @Test
  void theDemo_storesAndReadsAPatientDocument_andAccountsForIt() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    EmbeddedServerDemo.runEmbedded(new PrintStream(bytes, true, "UTF-8"), s3mock);
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(out.contains("hashed key:   v1/"), out);
    assertTrue(out.contains("encryption:   CLIENT_SIDE_AES"), out);
    assertTrue(out.contains("read back 32 bytes, identical: true"), out);
    // S3Mock keeps no Object Lock rule and the demo skips the bucket check (its named
    // opt-in), so no lock is sent and the account says so.
    assertTrue(out.contains("retain-until: none sent (the bucket check is skipped"), out);
    assertTrue(out.contains("refused with ACL_REFUSED"), out);
    assertTrue(out.contains("refused with PHI_DETECTED"), out);
    String audit = out.substring(out.indexOf("audit events"));
    assertTrue(audit.contains("\"operation\":\"PutObject\",\"bucket\":\"clinic-records\""),
        audit);
    assertFalse(audit.contains("123-45-6789"), audit);
    assertFalse(audit.contains("212-555-0143"), audit);
  }

  @Test
  void theMigration_changesOneLine_andTheKeysS3Stores() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    MigrateFromS3Client.run(new PrintStream(bytes, true, "UTF-8"), s3mock);
    String out = bytes.toString(StandardCharsets.UTF_8);
    String[] lines = out.split("\n");
    assertTrue(lines[0].contains("[patients/123-45-6789/lab-report.txt]"), out);
    assertTrue(lines[1].matches("HipaaS3Client stored: +\\[v1/[bcdfghjkmnpqrstv]{64}\\].*"),
        out);
    assertEquals("the same application code read back: potassium 4.1 mmol/L", lines[2]);
  }
}
