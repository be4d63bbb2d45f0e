package io.github.hipaas3.audit;

import io.github.hipaas3.EncryptionMode;
import io.github.hipaas3.HipaaS3Client;
import io.github.hipaas3.KeyMode;
import io.github.hipaas3.testing.S3TestServer;
import io.github.hipaas3.testing.TestCertificates;
import io.github.hipaas3.testing.TestSecrets;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.TlsTrustManagersProvider;
import software.amazon.awssdk.regions.Region;

/**
 * A child process of {@link FleetSinkIT}: one JVM of the fleet. It builds a data client whose
 * calls are audited to a fleet sink (its own stream, default name), waits for the go file,
 * puts objects, closes (which ships the last segment and the end record), and writes what it
 * did to the result file. Arguments: endpoint, certificate file (DER), audit bucket, data
 * bucket, sealing key file, spool directory, puts, ready file, go file, result file.
 */
public final class FleetWriter {
  private FleetWriter() {}

  public static void main(String[] args) throws Exception {
    URI endpoint = URI.create(args[0]);
    X509Certificate cert;
    try (InputStream in = Files.newInputStream(Paths.get(args[1]))) {
      cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
    TlsTrustManagersProvider trust = TestCertificates.trustOnly(cert);
    String auditBucket = args[2];
    String dataBucket = args[3];
    AuditSealingKey key = AuditSealingKey.fromBytes(Files.readAllBytes(Paths.get(args[4])));
    Path spool = Paths.get(args[5]);
    int puts = Integer.parseInt(args[6]);
    Path ready = Paths.get(args[7]);
    Path go = Paths.get(args[8]);
    Path result = Paths.get(args[9]);
    EncryptionMode aes = EncryptionMode.clientSideAes(TestSecrets.aesKey());
    try (HipaaS3Client auditClient = HipaaS3Client.builder().encryption(aes)
        .region(Region.US_EAST_1).endpointOverride(endpoint)
        .credentialsProvider(S3TestServer.testCredentials()).tlsTrustManagersProvider(trust)
        .forcePathStyle(true).keyMode(KeyMode.PASS_THROUGH)
        .retention(io.github.hipaas3.ObjectRetention.defaults()).build()) {
      FleetSinkBuilder builder = AuditSinks.fleet().client(auditClient).bucket(auditBucket)
          .prefix("fleet/it").spoolDirectory(spool).sealingKey(key)
          .segments(4096, Duration.ofSeconds(1));
      String stream = builder.streamName();
      FleetAuditSink fleet = (FleetAuditSink) builder.build();
      AtomicLong events = new AtomicLong();
      AuditSink counting = AuditSinks.composite(fleet, e -> events.incrementAndGet());
      try (HipaaS3Client data = HipaaS3Client.builder().encryption(aes)
          .region(Region.US_EAST_1).endpointOverride(endpoint)
          .credentialsProvider(S3TestServer.testCredentials()).tlsTrustManagersProvider(trust)
          .forcePathStyle(true).keyHashingSecret(TestSecrets.keyHashing()).audit(counting)
          .build()) {
        Files.createFile(ready);
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!Files.exists(go)) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("no go");
          }
          Thread.sleep(5);
        }
        for (int i = 0; i < puts; i++) {
          String id = "patients/" + stream + "/record-" + i;
          data.putObject(b -> b.bucket(dataBucket).key(id), RequestBody.fromString("note " + i));
        }
      } // closes the fleet sink: the last segment and the end record are shipped
      FleetShipper shipper = fleet.shipper();
      Files.writeString(result, "stream=" + stream + "\nevents=" + events.get() + "\nsegments="
          + (shipper.shipped() - 1) + "\nfailures=" + shipper.failures() + "\nlatency="
          + shipper.latency() + "\n", StandardCharsets.UTF_8);
    }
  }
}
