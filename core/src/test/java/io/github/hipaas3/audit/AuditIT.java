package io.github.hipaas3.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.hipaas3.HipaaS3Client;
import io.github.hipaas3.testing.LogCapture;
import io.github.hipaas3.testing.S3ServerTest;
import io.github.hipaas3.testing.S3TestServer;
import io.github.hipaas3.testing.ServerKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Against the test servers: a sealed audit log of a real workload, and the actor from STS. */
class AuditIT {
  static final String ID = "patients/123-45-6789/discharge.pdf";

  @S3ServerTest
  void aWorkload_leavesAnIntactLog_withOneEventPerCall(S3TestServer server) throws Exception {
    Path file = Files.createTempFile("hipaas3-audit", ".jsonl");
    Files.delete(file);
    AuditSealingKey key = AuditSealingKey.generate();
    String stored;
    try (S3Client raw = server.rawClient(); LogCapture logs = new LogCapture();
        HipaaS3Client s3 = server.hipaaClientBuilder().auditActorFromSts(true)
            .auditActor("svc-records")
            .audit(AuditSinks.jsonLines(file, key, 2, AuditSinks.DEFAULT_SEAL_INTERVAL))
            .build()) {
      String bucket = server.createBucket(raw);
      stored = s3.objectKey(ID);
      s3.putObject(b -> b.bucket(bucket).key(ID), RequestBody.fromString("chart"));
      s3.getObjectAsBytes(b -> b.bucket(bucket).key(ID));
      s3.listObjectsV2(b -> b.bucket(bucket));
      s3.deleteObject(b -> b.bucket(bucket).key(ID));
      try {
        s3.putBucketAcl(b -> b.bucket(bucket).acl("public-read"));
      } catch (RuntimeException refused) {
        // recorded as REFUSED
      }
      if (server.kind() != ServerKind.MOTO) {
        assertThat(logs.lines()).anyMatch(l -> l.contains("STS GetCallerIdentity failed"));
      }
    }
    AuditLogVerifier.Result result = AuditLogVerifier.verify(file, key);
    assertThat(result.intact()).as(result.toString()).isTrue();
    assertThat(result.events()).isEqualTo(5);
    List<String> events = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
        .filter(l -> l.contains("\"type\":\"event\"")).collect(Collectors.toList());
    assertThat(events.get(0)).contains("\"objectKey\":\"" + stored + "\"")
        .contains("\"outcome\":\"ALLOWED\"").contains("\"bytes\":5");
    assertThat(events.get(4)).contains("\"outcome\":\"REFUSED\"")
        .contains("\"violationCode\":\"ACL_REFUSED\"");
    if (server.kind() == ServerKind.MOTO) {
      // moto's STS answers GetCallerIdentity with its fixed test account.
      assertThat(events).allMatch(l -> l.contains("\"actor\":\"arn:aws:"));
    } else {
      assertThat(events).allMatch(l -> l.contains("\"actor\":\"svc-records\""));
    }
    assertThat(String.join("\n", events)).doesNotContain("123-45");
  }
}
