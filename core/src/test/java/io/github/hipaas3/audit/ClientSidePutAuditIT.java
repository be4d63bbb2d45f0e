package io.github.hipaas3.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.hipaas3.EncryptionMode;
import io.github.hipaas3.HipaaS3Client;
import io.github.hipaas3.ObjectRetention;
import io.github.hipaas3.testing.S3ServerTest;
import io.github.hipaas3.testing.S3TestServer;
import io.github.hipaas3.testing.TestSecrets;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Instant;
import java.time.Period;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;

/**
 * Client-side puts that the S3 Encryption Client uploads in parts (above multipartThreshold, or
 * any body of unknown length) are audited like every other put: bucket, stored key, bytes,
 * encryption and retain-until. Its multipart responses carry no response metadata, which used
 * to cost the event all of these.
 */
class ClientSidePutAuditIT {
  static final String ID = "patients/123-45-6789/scan.dcm";
  static final int THRESHOLD = 5 * 1024 * 1024;

  /** Collects events in memory. */
  static final class MemorySink implements AuditSink {
    final List<AuditEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void write(AuditEvent event) {
      events.add(event);
    }
  }

  @S3ServerTest
  void multipartAndUnknownLengthPuts_carryBucketKeyBytesEncryptionAndRetention(
      S3TestServer server) throws Exception {
    MemorySink sink = new MemorySink();
    byte[] large = new byte[THRESHOLD + 1];
    new Random(11).nextBytes(large);
    byte[] unknown = new byte[THRESHOLD + 4096];
    new Random(12).nextBytes(unknown);
    byte[] smallUnknown = new byte[1000];
    new Random(13).nextBytes(smallUnknown);
    String bucket;
    String stored;
    Instant before = Instant.now();
    try (S3Client raw = server.rawClient();
        HipaaS3Client s3 = server.hipaaClientBuilder(
            EncryptionMode.clientSideAes(TestSecrets.aesKey()))
            // The client's own retention, so every server's puts carry it (S3Mock keeps no
            // default rule to read).
            .retention(ObjectRetention.of(ObjectLockMode.GOVERNANCE, Period.ofDays(3)))
            .multipartThreshold(THRESHOLD).audit(sink).build()) {
      bucket = server.createBucket(raw);
      stored = s3.objectKey(ID);
      s3.putObject(b -> b.bucket(bucket).key(ID), RequestBody.fromBytes(large));
      s3.putObject(b -> b.bucket(bucket).key(ID + ".2"), RequestBody.fromContentProvider(
          () -> new ByteArrayInputStream(unknown), "application/octet-stream"));
      s3.putObject(b -> b.bucket(bucket).key(ID + ".3"), RequestBody.fromContentProvider(
          () -> new ByteArrayInputStream(smallUnknown), "application/octet-stream"));
      // The data went up intact (the count wraps the body's stream without changing it).
      try (InputStream in = s3.getObject(b -> b.bucket(bucket).key(ID + ".2"))) {
        assertThat(in.readAllBytes()).isEqualTo(unknown);
      }
      assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key(ID + ".3")).asByteArray())
          .isEqualTo(smallUnknown);
      assertThat(raw.headObject(b -> b.bucket(bucket).key(stored)).eTag())
          .as("the known-length put went up in parts").contains("-");
    }
    List<AuditEvent> puts = sink.events.stream()
        .filter(e -> e.operation().equals("PutObject")).toList();
    assertThat(puts).hasSize(3);
    long[] sizes = {large.length, unknown.length, smallUnknown.length};
    for (int i = 0; i < 3; i++) {
      AuditEvent put = puts.get(i);
      assertThat(put.outcome()).as(put.toJson()).isEqualTo(AuditOutcome.ALLOWED);
      assertThat(put.bucket()).as(put.toJson()).contains(bucket);
      assertThat(put.objectKey()).as(put.toJson()).get().asString().startsWith("v1/");
      assertThat(put.bytes()).as(put.toJson()).hasValue(sizes[i]);
      assertThat(put.encryption()).as(put.toJson())
          .contains(EncryptionMode.Kind.CLIENT_SIDE_AES);
      assertThat(put.retainUntil()).as(put.toJson()).get()
          .matches(until -> !until.isBefore(before.plus(Period.ofDays(3))));
      assertThat(put.toJson()).doesNotContain("123-45");
    }
    assertThat(puts.get(0).objectKey()).contains(stored);
  }
}
