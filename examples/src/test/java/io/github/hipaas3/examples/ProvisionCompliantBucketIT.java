package io.github.hipaas3.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.hipaas3.testing.S3Servers;
import io.github.hipaas3.testing.S3TestServer;
import io.github.hipaas3.testing.ServerKind;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;

/**
 * Smoke test on moto (which has the bucket-configuration APIs): the provisioning example
 * creates a bucket whose audit fails only where moto cannot store the setting.
 */
class ProvisionCompliantBucketIT {
  @Test
  void provisionsABucketThatPassesTheControlsMotoCanStore() throws Exception {
    S3TestServer moto;
    try {
      moto = S3Servers.get(ServerKind.MOTO);
    } catch (S3Servers.Unavailable e) {
      if (S3Servers.required(ServerKind.MOTO)) {
        throw new AssertionError("moto is required but unavailable: " + e.getMessage(), e);
      }
      Assumptions.abort("moto is unavailable: " + e.getMessage());
      return;
    }
    try (S3Client s3 = moto.rawClient(); KmsClient kms = moto.kmsClient()) {
      String key = kms.createKey().keyMetadata().arn();
      s3.createBucket(b -> b.bucket("example-logs"));
      s3.createBucket(b -> b.bucket("example-replica").createBucketConfiguration(c -> c
          .locationConstraint(BucketLocationConstraint.US_WEST_2)));
      s3.putBucketVersioning(b -> b.bucket("example-replica").versioningConfiguration(v -> v
          .status("Enabled")));
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      int code = ProvisionCompliantBucket.run(new String[] {"example-records", key,
          "example-logs", "arn:aws:iam::123456789012:role/replication",
          "arn:aws:s3:::example-replica", "--print-policy"},
          new PrintStream(bytes, true, "UTF-8"), s3);
      String out = bytes.toString(StandardCharsets.UTF_8);
      assertTrue(out.contains("\"aws:SecureTransport\""), out);
      List<String> failed = out.lines().filter(l -> l.matches("^[A-Z_0-9]+ +FAIL .*"))
          .collect(Collectors.toList());
      // moto 5.2.5 does not store BlockedEncryptionTypes, so SSE-C cannot show as blocked.
      assertEquals(1, failed.size(), out);
      assertTrue(failed.get(0).startsWith("SSE_C_BLOCKED"), out);
      assertEquals(1, code);
    }
  }
}
