package io.github.hipaas3.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.hipaas3.posture.Control;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Smoke test: the posture command audits a bucket on the embedded S3Mock (which has few of the
 * settings, so the bucket fails), prints every control, and exits 1; usage errors exit 2.
 */
class AuditBucketPostureIT {
  @Test
  void aBucketThatFails_exitsOne_andPrintsEveryControl() throws Exception {
    try (EmbeddedS3 server = new EmbeddedS3();
        S3Client s3 = S3Client.builder().region(Region.US_EAST_1)
            .endpointOverride(server.endpoint()).forcePathStyle(true)
            .credentialsProvider(server.credentials())
            .httpClientBuilder(ApacheHttpClient.builder()
                .tlsTrustManagersProvider(server.trust())).build()) {
        s3.createBucket(b -> b.bucket("clinic-records"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = AuditBucketPosture.run(new String[] {"clinic-records"},
            new PrintStream(out, true, "UTF-8"), s3);
        String table = out.toString(StandardCharsets.UTF_8);
        assertEquals(1, code, table);
        for (Control c : Control.values()) {
          assertTrue(table.contains(c.name()), c + " missing from\n" + table);
        }
        out.reset();
        assertEquals(1, AuditBucketPosture.run(new String[] {"clinic-records", "--json"},
            new PrintStream(out, true, "UTF-8"), s3));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith(
            "{\"bucket\":\"clinic-records\",\"passed\":false"));
        assertEquals(2, AuditBucketPosture.run(new String[] {"--bogus"},
            new PrintStream(out, true, "UTF-8"), s3));
        assertEquals(2, AuditBucketPosture.run(new String[] {"b", "--endpoint",
            "http://plain"}, new PrintStream(out, true, "UTF-8"), s3));
    }
  }
}
