package io.github.hipaas3.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.hipaas3.EncryptionMode;
import io.github.hipaas3.HipaaS3Client;
import io.github.hipaas3.KeyMode;
import io.github.hipaas3.testing.Capability;
import io.github.hipaas3.testing.S3ServerTest;
import io.github.hipaas3.testing.S3TestServer;
import io.github.hipaas3.testing.TestSecrets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Three JVMs of a fleet ({@link FleetWriter}) write audited calls at the same time, each to its
 * own stream in one bucket with Object Lock; then the bucket verifier checks every stream: all
 * chains intact and ended, event counts as each JVM reported, every shipped object under
 * COMPLIANCE retention (read back with a plain client) and unreadable without the client's key.
 */
class FleetSinkIT {
  static final int WRITERS = 3;
  static final int PUTS = 120;
  static final String PREFIX = "fleet/it";

  @S3ServerTest
  void threeJvmsAtOnce_everyStreamVerifies_retainedAndEncrypted(S3TestServer server,
      @TempDir Path dir) throws Exception {
    server.assumeCapability(Capability.OBJECT_LOCK);
    AuditSealingKey key = AuditSealingKey.generate();
    Path keyFile = dir.resolve("sealing.key");
    Files.write(keyFile, key.exportBytes());
    Files.write(dir.resolve("server.der"), certificate(server).getEncoded());
    try (S3Client raw = server.rawClient(); HipaaS3Client reader = reader(server)) {
      String auditBucket = server.createBucket(raw);
      String dataBucket = server.createBucket(raw);
      List<Process> children = new ArrayList<>();
      Path go = dir.resolve("go");
      for (int i = 0; i < WRITERS; i++) {
        children.add(writer(server, dir, auditBucket, dataBucket, i, PUTS, go));
      }
      Map<String, Long> reported = new HashMap<>();
      long started;
      try {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        for (int i = 0; i < WRITERS; i++) {
          while (!Files.exists(dir.resolve("ready-" + i))) {
            assertThat(children.get(i).isAlive() && System.nanoTime() < deadline)
                .as("child %d starts: %s", i, log(dir, i)).isTrue();
            Thread.sleep(20);
          }
        }
        started = System.nanoTime();
        Files.createFile(go); // all three write at once
        for (int i = 0; i < WRITERS; i++) {
          assertThat(children.get(i).waitFor(180, TimeUnit.SECONDS)).as("child %d ends", i)
              .isTrue();
          assertThat(children.get(i).exitValue()).as("child %d: %s", i, log(dir, i))
              .isZero();
          Properties p = new Properties();
          try (var in = Files.newBufferedReader(dir.resolve("result-" + i))) {
            p.load(in);
          }
          reported.put(p.getProperty("stream"), Long.parseLong(p.getProperty("events")));
          System.out.printf("fleet writer %d: %s%n", i, p);
          Files.readAllLines(dir.resolve("child-" + i + ".log")).stream()
              .filter(l -> l.contains("WARN") || l.contains("ERROR")).limit(10)
              .forEach(l -> System.out.println("  writer log: " + l));
        }
      } finally {
        children.forEach(Process::destroyForcibly);
      }
      long wallMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      assertThat(reported).hasSize(WRITERS);
      assertThat(reported.values()).allSatisfy(n -> assertThat(n).isGreaterThanOrEqualTo(PUTS));

      FleetAuditResult result = AuditLogVerifier.verifyBucket(reader, auditBucket, PREFIX, key);
      System.out.printf("fleet verified in bucket: %s; writers took %d ms%n", result,
          wallMillis);
      assertThat(result.intact()).as(result.toString()).isTrue();
      assertThat(result.strayObjects()).isZero();
      assertThat(result.streams()).containsOnlyKeys(reported.keySet());
      for (Map.Entry<String, Long> e : reported.entrySet()) {
        FleetAuditResult.Stream s = result.streams().get(e.getKey());
        assertThat(s.ended()).isTrue();
        assertThat(s.events()).as(s.toString()).isEqualTo(e.getValue());
        assertThat(s.segments()).as("several segments per writer").hasSizeGreaterThan(3);
      }

      // The attacker's view: every object is locked in COMPLIANCE mode and holds no plaintext.
      List<String> keys = new ArrayList<>();
      raw.listObjectsV2Paginator(b -> b.bucket(auditBucket).prefix(PREFIX + "/")).contents()
          .forEach(o -> keys.add(o.key()));
      int segments = result.streams().values().stream().mapToInt(s -> s.segments().size()).sum();
      assertThat(keys).hasSize(segments + WRITERS);
      Instant fiveYears = Instant.now().plus(5 * 365, ChronoUnit.DAYS);
      for (String k : keys) {
        // HEAD, not GetObjectRetention: moto 5.2.5 answers that with a 500 (a moto bug, in its
        // in-process mock too), which the SDK reports as XML it cannot parse.
        HeadObjectResponse head = raw.headObject(b -> b.bucket(auditBucket).key(k));
        assertThat(head.objectLockMode()).as(k).isEqualTo(ObjectLockMode.COMPLIANCE);
        assertThat(head.objectLockRetainUntilDate()).as(k).isAfter(fiveYears);
        String stored = new String(raw.getObjectAsBytes(b -> b.bucket(auditBucket).key(k))
            .asByteArray(), StandardCharsets.ISO_8859_1);
        assertThat(stored).as(k).doesNotContain("\"type\"", "\"seal\"", "PutObject",
            "fleet-end", "\"seq\"");
      }
      String first = keys.get(0);
      String version = raw.headObject(b -> b.bucket(auditBucket).key(first)).versionId();
      assertThatThrownBy(() -> raw.deleteObject(b -> b.bucket(auditBucket).key(first)
          .versionId(version))).as("COMPLIANCE retention refuses a version delete")
          .isInstanceOf(S3Exception.class);
    }
  }

  @S3ServerTest
  void aKilledWriter_isShippedAndEndedByTheNextProcessOnItsSpool(S3TestServer server,
      @TempDir Path dir) throws Exception {
    server.assumeCapability(Capability.OBJECT_LOCK);
    AuditSealingKey key = AuditSealingKey.generate();
    Files.write(dir.resolve("sealing.key"), key.exportBytes());
    Files.write(dir.resolve("server.der"), certificate(server).getEncoded());
    Path go = Files.createFile(dir.resolve("go"));
    try (S3Client raw = server.rawClient(); HipaaS3Client reader = reader(server)) {
      String auditBucket = server.createBucket(raw);
      String dataBucket = server.createBucket(raw);
      Process killed = writer(server, dir, auditBucket, dataBucket, 0, 1_000_000, go);
      try {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (raw.listObjectsV2(b -> b.bucket(auditBucket).prefix(PREFIX + "/")).keyCount()
            < 3) {
          assertThat(killed.isAlive() && System.nanoTime() < deadline)
              .as("the writer ships: %s", log(dir, 0)).isTrue();
          Thread.sleep(50);
        }
      } finally {
        killed.destroyForcibly(); // SIGKILL: no final seal, no end record
        killed.waitFor(30, TimeUnit.SECONDS);
      }
      FleetAuditResult before = AuditLogVerifier.verifyBucket(reader, auditBucket, PREFIX, key);
      System.out.println("after the kill: " + before);
      assertThat(before.streams()).hasSize(1);
      assertThat(before.streams().values().iterator().next().status())
          .as("no end record yet").isEqualTo(AuditLogVerifier.Status.INCOMPLETE);

      // The next process on the same spool ships what the killed one left, and ends it.
      Process next = writer(server, dir, auditBucket, dataBucket, 0, 10, go);
      assertThat(next.waitFor(180, TimeUnit.SECONDS)).isTrue();
      assertThat(next.exitValue()).as(log(dir, 0)).isZero();
      Properties p = new Properties();
      try (var in = Files.newBufferedReader(dir.resolve("result-0"))) {
        p.load(in);
      }
      FleetAuditResult after = AuditLogVerifier.verifyBucket(reader, auditBucket, PREFIX, key);
      System.out.println("after the restart: " + after);
      assertThat(after.streams()).hasSize(2);
      FleetAuditResult.Stream restarted = after.streams().get(p.getProperty("stream"));
      assertThat(restarted.intact()).as(restarted.toString()).isTrue();
      assertThat(restarted.events()).isEqualTo(Long.parseLong(p.getProperty("events")));
      FleetAuditResult.Stream dead = after.streams().values().stream()
          .filter(s -> s != restarted).findFirst().orElseThrow();
      assertThat(dead.ended()).as(dead.toString()).isTrue();
      // Killed mid-segment: shipped up to its last seal. (Killed right after a rotation's
      // final seal, it would be intact; either way never invalid.)
      assertThat(dead.status()).as(dead.toString()).isIn(AuditLogVerifier.Status.INCOMPLETE,
          AuditLogVerifier.Status.INTACT);
      assertThat(dead.segments().size()).isGreaterThan(before.streams().values().iterator()
          .next().segments().size());
      try (var files = Files.list(dir.resolve("spool-0"))) {
        assertThat(files.filter(f -> f.toString().endsWith(".jsonl"))).isEmpty();
      }
    }
  }

  private static HipaaS3Client reader(S3TestServer server) {
    return HipaaS3Client.builder()
        .encryption(EncryptionMode.clientSideAes(TestSecrets.aesKey()))
        .region(server.region()).endpointOverride(server.endpoint())
        .credentialsProvider(server.credentials()).tlsTrustManagersProvider(server.trust())
        .forcePathStyle(true).keyMode(KeyMode.PASS_THROUGH).build();
  }

  private static Process writer(S3TestServer server, Path dir, String auditBucket,
      String dataBucket, int i, int puts, Path go) throws IOException {
    Files.deleteIfExists(dir.resolve("ready-" + i));
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
        "-XX:+UseSerialGC", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
        "-cp", System.getProperty("java.class.path"), FleetWriter.class.getName(),
        server.endpoint().toString(), dir.resolve("server.der").toString(), auditBucket,
        dataBucket, dir.resolve("sealing.key").toString(), dir.resolve("spool-" + i).toString(),
        Integer.toString(puts), dir.resolve("ready-" + i).toString(), go.toString(),
        dir.resolve("result-" + i).toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("child-" + i + ".log").toFile())
        .start();
  }

  /** The one certificate the server's trust holds, for the children. */
  private static X509Certificate certificate(S3TestServer server) {
    for (TrustManager tm : server.trust().trustManagers()) {
      if (tm instanceof X509TrustManager) {
        X509Certificate[] issuers = ((X509TrustManager) tm).getAcceptedIssuers();
        assertThat(issuers).hasSize(1);
        return issuers[0];
      }
    }
    throw new AssertionError("no X.509 trust manager");
  }

  private static String log(Path dir, int i) {
    try {
      List<String> lines = Files.readAllLines(dir.resolve("child-" + i + ".log"),
          StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log)";
    }
  }
}
