package io.github.hipaas3.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.hipaas3.HipaaS3Client;
import io.github.hipaas3.HipaaS3ConfigurationException;
import io.github.hipaas3.ObjectRetention;
import io.github.hipaas3.audit.AuditLogVerifier.Status;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Period;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;

/**
 * Offline, against an in-memory bucket: the fleet sink ships only closed, sealed segments, in
 * order, retries failed uploads, ships what an earlier process left in its spool, and ends each
 * stream with a record the verifier checks.
 */
class FleetAuditSinkTest {
  static final AuditSealingKey KEY = AuditLogVerifierTest.KEY;
  static final String BUCKET = "audit-bucket";
  static final String PREFIX = "audit/fleet";
  static final FleetShipper.Timing FAST = new FleetShipper.Timing(Duration.ofMillis(20),
      Duration.ofMillis(200), Duration.ofMillis(20));

  @TempDir
  Path dir;

  final FakeBucket bucket = new FakeBucket();
  final HipaaS3Client client = bucket.clientBuilder().build();

  @AfterEach
  void closeClient() {
    client.close();
  }

  FleetSinkBuilder builder(Path spool, String stream) {
    return AuditSinks.fleet().client(client).bucket(BUCKET).prefix(PREFIX)
        .spoolDirectory(spool).sealingKey(KEY).streamName(stream)
        .segments(1024, Duration.ofHours(1)).timing(FAST);
  }

  static void write(AuditSink sink, int from, int count) throws IOException {
    for (int i = from; i < from + count; i++) {
      sink.write(AuditLogAttackTest.event(i));
    }
    sink.flush();
  }

  static void await(String what, BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!done.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waiting for: " + what).isLessThan(deadline);
      Thread.sleep(10);
    }
  }

  List<String> keysOf(String stream) {
    return bucket.keys().stream().filter(k -> k.startsWith(PREFIX + "/" + stream + "/"))
        .collect(Collectors.toList());
  }

  List<Path> spooled(Path spool) throws IOException {
    try (Stream<Path> files = Files.list(spool)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".jsonl")).sorted()
          .collect(Collectors.toList());
    }
  }

  FleetAuditResult verify() throws IOException {
    return AuditLogVerifier.verifyBucket(client, BUCKET, PREFIX, KEY);
  }

  /** A closed stream of at least five segments in the bucket. */
  int shipStream(String stream, int events) throws Exception {
    try (AuditSink sink = builder(dir.resolve(stream), stream).build()) {
      write(sink, 0, events);
    }
    return keysOf(stream).size() - 1;
  }

  @Test
  void shipsEverySegmentInOrder_thenTheEndRecord_andTheBucketVerifies() throws Exception {
    int segments = shipStream("alpha", 60);
    assertThat(segments).isGreaterThanOrEqualTo(5);
    List<String> order = bucket.putOrder.stream().distinct().collect(Collectors.toList());
    List<String> expected = new java.util.ArrayList<>();
    for (int i = 0; i < segments; i++) {
      expected.add(FleetLayout.segmentKey(PREFIX, "alpha", i));
    }
    expected.add(PREFIX + "/alpha/end.json");
    assertThat(order).containsExactlyElementsOf(expected);
    assertThat(spooled(dir.resolve("alpha"))).as("shipped segments leave the spool").isEmpty();
    FleetAuditResult r = verify();
    assertThat(r.intact()).as(r.toString()).isTrue();
    assertThat(r.streams()).containsOnlyKeys("alpha");
    assertThat(r.streams().get("alpha").events()).isEqualTo(60);
    assertThat(r.streams().get("alpha").segments()).hasSize(segments);
    assertThat(r.streams().get("alpha").ended()).isTrue();
  }

  @Test
  void theOpenSegmentIsNeverShipped_onlyClosedOnesEndingInAFinalSeal() throws Exception {
    Path spool = dir.resolve("spool");
    try (AuditSink sink = builder(spool, "beta").build()) {
      write(sink, 0, 25);
      int closed = (int) ((FleetAuditSink) sink).currentSegment();
      assertThat(closed).isGreaterThanOrEqualTo(2);
      await("the closed segments are shipped", () -> keysOf("beta").size() == closed
          && bucket.failedPuts.get() == 0);
      Thread.sleep(200); // ticks pass; the open segment must stay local
      assertThat(keysOf("beta")).as("the open segment and no end record")
          .hasSize(closed).doesNotContain(FleetLayout.segmentKey(PREFIX, "beta", closed),
              PREFIX + "/beta/end.json");
      assertThat(spooled(spool)).hasSize(1);
      for (String k : keysOf("beta")) {
        AuditLogVerifier.Result shipped = AuditLogVerifier.verify(
            new java.io.ByteArrayInputStream(bucket.get(k)), KEY);
        assertThat(shipped.intact()).as(k + ": " + shipped).isTrue();
      }
      FleetAuditResult open = verify();
      assertThat(open.streams().get("beta").status()).as(open.toString())
          .isEqualTo(Status.INCOMPLETE);
      assertThat(open.streams().get("beta").problem()).contains("no end record");
    }
    assertThat(verify().intact()).isTrue();
  }

  @Test
  void aFailedUpload_staysInTheSpool_andIsRetriedInOrder() throws Exception {
    Path spool = dir.resolve("spool");
    bucket.down = true;
    AuditSink sink = builder(spool, "gamma").build();
    write(sink, 0, 30);
    FleetShipper shipper = ((FleetAuditSink) sink).shipper();
    await("several uploads fail, each after the SDK's own retries",
        () -> shipper.failures() >= 2);
    assertThat(keysOf("gamma")).isEmpty();
    int local = spooled(spool).size();
    assertThat(local).as("the closed segments wait in the spool").isGreaterThanOrEqualTo(3);
    bucket.down = false;
    sink.close();
    assertThat(spooled(spool)).isEmpty();
    List<String> order = bucket.putOrder.stream().distinct().collect(Collectors.toList());
    assertThat(order.get(0)).isEqualTo(FleetLayout.segmentKey(PREFIX, "gamma", 0));
    for (int i = 1; i < local; i++) {
      assertThat(order.indexOf(FleetLayout.segmentKey(PREFIX, "gamma", i)))
          .as("segment %d after segment %d", i, i - 1)
          .isGreaterThan(order.indexOf(FleetLayout.segmentKey(PREFIX, "gamma", i - 1)));
    }
    FleetAuditResult r = verify();
    assertThat(r.intact()).as(r.toString()).isTrue();
    assertThat(r.events()).isEqualTo(30);
  }

  @Test
  void aRestart_shipsWhatTheLastProcessLeftInTheSpool() throws Exception {
    Path spool = dir.resolve("spool");
    bucket.down = true;
    try (AuditSink first = builder(spool, "first-run").closeTimeout(Duration.ofMillis(100))
        .build()) {
      write(first, 0, 20);
    }
    assertThat(bucket.keys()).isEmpty();
    assertThat(spooled(spool)).as("the first run's stream, closed but not shipped")
        .hasSizeGreaterThanOrEqualTo(2);
    bucket.down = false;
    try (AuditSink second = builder(spool, "second-run").build()) {
      await("the first run's stream is shipped and ended",
          () -> keysOf("first-run").contains(PREFIX + "/first-run/end.json"));
      write(second, 100, 5);
    }
    assertThat(spooled(spool)).isEmpty();
    FleetAuditResult r = verify();
    assertThat(r.intact()).as(r.toString()).isTrue();
    assertThat(r.streams().get("first-run").events()).isEqualTo(20);
    assertThat(r.streams().get("second-run").events()).isEqualTo(5);
  }

  @Test
  void aSegmentTheWriterClosesWhileTheShipperLists_isShippedBeforeTheStreamCountsAsDone()
      throws Exception {
    Path spool = dir.resolve("spool");
    Files.createDirectories(spool);
    SegmentedAuditSink writer = new SegmentedAuditSink(spool, "racing", KEY, 1024,
        Duration.ofHours(1), 1000, Duration.ofHours(1), java.time.Clock.systemUTC());
    int[] next = {0};
    while (writer.index() < 1) {
      writer.write(AuditLogAttackTest.event(next[0]++)); // segment 0 closed, 1 open
    }
    FleetShipper shipper = new FleetShipper(client, BUCKET, PREFIX, spool, KEY, "racing", FAST,
        () -> { });
    shipper.closed(0);
    // Right after the shipper lists the spool, the writer rotates to a new segment and closes
    // (as FleetAuditSink.close does): its last segment was not in the listing.
    shipper.shipPending(listed -> {
      var listing = SegmentedLogs.list(listed);
      long open = writer.index();
      while (writer.index() == open) {
        writer.write(AuditLogAttackTest.event(next[0]++));
      }
      writer.close();
      shipper.closed(writer.index());
      shipper.ended();
      return listing;
    });
    if (shipper.drain(Duration.ZERO)) { // close() stops the shipper once drain says done
      assertThat(spooled(spool)).as("segments left when the stream counted as shipped")
          .isEmpty();
      assertThat(keysOf("racing")).contains(PREFIX + "/racing/end.json");
    }
    assertThat(shipper.shipPending()).isTrue();
    assertThat(shipper.drain(Duration.ZERO)).isTrue();
    assertThat(spooled(spool)).isEmpty();
    FleetAuditResult r = verify();
    assertThat(r.intact()).as(r.toString()).isTrue();
    assertThat(r.streams().get("racing").events()).isEqualTo(next[0]);
  }

  @Test
  void aCrashedWritersUnsealedEvents_neverLeaveTheProcess() throws Exception {
    Path spool = dir.resolve("spool");
    Files.createDirectories(spool);
    // A writer that dies: its segments are closed by size, the last one holds unsealed events.
    SegmentedAuditSink crashed = new SegmentedAuditSink(spool, "crashed", KEY, 2048,
        Duration.ofHours(1), 1000, Duration.ofHours(1), java.time.Clock.systemUTC());
    int i = 0;
    while (crashed.index() < 3) {
      crashed.write(AuditLogAttackTest.event(i++)); // rotates by size: segments 0-2 closed
    }
    long last = crashed.index();
    crashed.write(unsealed(1));
    crashed.write(unsealed(2));
    crashed.sync(); // on disk, but not sealed; the writer never closes
    assertThat(crashed.index()).as("the fresh segment holds the two events").isEqualTo(last);
    String local = Files.readString(SegmentedLogs.segment(spool, "crashed", last));
    assertThat(local).contains("unsealed-canary-1", "unsealed-canary-2")
        .doesNotContain("\"final\":true");
    try (AuditSink restarted = builder(spool, "after-crash").build()) {
      await("the crashed stream is ended",
          () -> keysOf("crashed").contains(PREFIX + "/crashed/end.json"));
    }
    for (String k : bucket.keys()) {
      assertThat(new String(bucket.get(k), StandardCharsets.UTF_8)).as(k)
          .doesNotContain("unsealed-canary");
    }
    String shippedLast = new String(bucket.get(FleetLayout.segmentKey(PREFIX, "crashed",
        last)), StandardCharsets.UTF_8);
    assertThat(shippedLast).as("its sealed lines are shipped").contains("\"type\":\"seal\"");
    FleetAuditResult r = verify();
    FleetAuditResult.Stream s = r.streams().get("crashed");
    assertThat(s.status()).as(s.toString()).isEqualTo(Status.INCOMPLETE);
    assertThat(s.problem()).contains("stopped without closing");
    assertThat(s.ended()).isTrue();
    assertThat(r.streams().get("after-crash").intact()).isTrue();
    Path kept = spool.resolve("crashed." + String.format("%06d", last) + ".jsonl.unsealed");
    assertThat(Files.readString(kept)).as("the unsealed lines stay local, for a person")
        .contains("unsealed-canary-1", "unsealed-canary-2");
    assertThat(spooled(spool)).isEmpty();
  }

  @Test
  void aSpooledLogWithAPhiName_isNotShipped_andDoesNotHoldUpTheStream() throws Exception {
    Path spool = dir.resolve("spool");
    Files.createDirectories(spool);
    for (String name : List.of("patient-123-45-6789", "Jane_Doe")) {
      try (SegmentedAuditSink other = new SegmentedAuditSink(spool, name, KEY, 1024,
          Duration.ofHours(1), 1000, Duration.ofHours(1), java.time.Clock.systemUTC())) {
        write(other, 0, 3);
      }
    }
    try (AuditSink sink = builder(spool, "delta").build()) {
      write(sink, 0, 10);
    }
    assertThat(bucket.keys()).isNotEmpty().allMatch(k -> k.startsWith(PREFIX + "/delta/"));
    assertThat(verify().intact()).isTrue();
    assertThat(spooled(spool)).as("left for a person to look at").isNotEmpty()
        .allMatch(f -> f.getFileName().toString().startsWith("patient-")
            || f.getFileName().toString().startsWith("Jane_Doe"));
  }

  static AuditEvent unsealed(int i) {
    return AuditEvent.builder().time(java.time.Instant.parse("2026-11-28T13:00:00Z"))
        .operation("PutObject").bucket("clinic").objectKey("v1/unsealed-canary-" + i)
        .outcome(AuditOutcome.ALLOWED).duration(Duration.ofMillis(1)).build();
  }

  @Test
  void theSinkRefusesAnyClientButACompliancePassThroughHipaaS3Client() throws Exception {
    Path spool = dir.resolve("spool");
    try (software.amazon.awssdk.services.s3.S3Client plain =
        software.amazon.awssdk.services.s3.S3Client.builder()
            .region(software.amazon.awssdk.regions.Region.US_EAST_1)
            .credentialsProvider(io.github.hipaas3.testing.S3TestServer.testCredentials())
            .httpClient(bucket).build()) {
      assertThatThrownBy(() -> builder(spool, "s").client(plain).build())
          .isInstanceOf(HipaaS3ConfigurationException.class).hasMessageContaining("not a"
              + " plain S3Client");
      assertThatThrownBy(() -> AuditLogVerifier.verifyBucket(plain, BUCKET, PREFIX, KEY))
          .isInstanceOf(HipaaS3ConfigurationException.class);
    }
    try (HipaaS3Client hashed = bucket.clientBuilder().keyMode(io.github.hipaas3.KeyMode.HASHED)
        .keyHashingSecret(io.github.hipaas3.testing.TestSecrets.keyHashing()).build()) {
      assertThatThrownBy(() -> builder(spool, "s").client(hashed).build())
          .isInstanceOf(HipaaS3ConfigurationException.class).hasMessageContaining("PASS_THROUGH");
    }
    try (HipaaS3Client governance = bucket.clientBuilder().retention(ObjectRetention.of(
        ObjectLockMode.GOVERNANCE, Period.ofYears(6))).build()) {
      assertThatThrownBy(() -> builder(spool, "s").client(governance).build())
          .isInstanceOf(HipaaS3ConfigurationException.class).hasMessageContaining("COMPLIANCE");
    }
    // A client that takes each bucket's default rule cannot promise COMPLIANCE at build().
    try (HipaaS3Client bucketDefault = HipaaS3Client.builder()
        .region(software.amazon.awssdk.regions.Region.US_EAST_1)
        .endpointOverride(java.net.URI.create("https://s3.test.invalid"))
        .credentialsProvider(io.github.hipaas3.testing.S3TestServer.testCredentials())
        .httpClient(bucket).forcePathStyle(true)
        .encryption(io.github.hipaas3.EncryptionMode.sseKms(
            io.github.hipaas3.testing.TestSecrets.KMS_KEY_ARN))
        .keyMode(io.github.hipaas3.KeyMode.PASS_THROUGH).build()) {
      assertThatThrownBy(() -> builder(spool, "s").client(bucketDefault).build())
          .isInstanceOf(HipaaS3ConfigurationException.class)
          .hasMessageContaining("default rule");
    }
    assertThat(spool).as("nothing was started").doesNotExist();
  }

  @Test
  void streamNamesAndPrefixes_areCheckedAndScreenedForPhi() {
    Path spool = dir.resolve("spool");
    for (String name : List.of("patient-123-45-6789", "jane-212-555-0143", "Jane.Doe", "a/b",
        "", "9lives", "x".repeat(64), "mrn-00482913")) {
      assertThatThrownBy(() -> builder(spool, name).build()).as(name)
          .isInstanceOf(HipaaS3ConfigurationException.class)
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain(name.isEmpty() ? "\u0000"
              : name));
    }
    for (String prefix : List.of("audit/123-45-6789", "/audit", "audit/", "Audit", "a//b")) {
      assertThatThrownBy(() -> builder(spool, "ok").prefix(prefix).build()).as(prefix)
          .isInstanceOf(HipaaS3ConfigurationException.class)
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain(prefix));
    }
    assertThat(spool).doesNotExist();
  }

  @Test
  void theDefaultStreamName_isNewPerBuilder_andPhiFree() {
    String a = AuditSinks.fleet().streamName();
    String b = AuditSinks.fleet().streamName();
    assertThat(a).matches("jvm-[b-z]{16}").isNotEqualTo(b);
    assertThat(client.policy().names().phiDetectors().firstMatch(a)).isEmpty();
  }

  @Test
  void segmentKeys_roundTrip_andHoldNoDigitRunOrIdentifierShape() {
    io.github.hipaas3.PhiDetectors detectors = io.github.hipaas3.PhiDetectors.defaults();
    java.util.Random random = new java.util.Random(17);
    for (int n = 0; n < 20_000; n++) {
      long index = n < 10_000 ? n : Math.abs(random.nextLong() >> random.nextInt(63));
      String key = FleetLayout.segmentKey(PREFIX, "jvm-bcdfghjkmnpqrstv", index);
      String last = key.substring(key.lastIndexOf('/') + 1);
      assertThat(FleetLayout.segmentIndex(last)).as(key).isEqualTo(index);
      assertThat(detectors.firstMatch(key)).as(key).isEmpty();
    }
    assertThat(FleetLayout.segmentKey(PREFIX, "s", 1_234_567)).endsWith("/s/seg-1_234_567.jsonl");
    assertThat(FleetLayout.segmentIndex("seg-01.jsonl")).as("no padding").isEqualTo(-1);
    assertThat(FleetLayout.segmentIndex("seg-1234.jsonl")).as("groups of three").isEqualTo(-1);
  }

  @Test
  void aSecondSinkOnTheSameSpool_isRefused_andAStreamNameIsNotReused() throws Exception {
    Path spool = dir.resolve("spool");
    try (AuditSink sink = builder(spool, "one").build()) {
      assertThatThrownBy(() -> builder(spool, "two").build())
          .isInstanceOf(AuditLogException.class).hasMessageContaining("holds this spool");
    }
    bucket.down = true;
    try (AuditSink sink = builder(spool, "three").closeTimeout(Duration.ofMillis(50))
        .build()) {
      write(sink, 0, 3);
    }
    assertThatThrownBy(() -> builder(spool, "three").build())
        .isInstanceOf(AuditLogException.class).hasMessageContaining("already holds");
  }

  @Test
  void phiInTheAuditedCalls_reachesNeitherTheBucketsKeysNorItsObjects() throws Exception {
    Path spool = dir.resolve("spool");
    io.github.hipaas3.testing.RecordingHttpClient http =
        new io.github.hipaas3.testing.RecordingHttpClient();
    AuditSink sink = builder(spool, "canary").build();
    try (HipaaS3Client data = http.hipaaClientBuilder().audit(sink).build()) {
      for (String canary : AuditPhiCanaryTest.CANARIES) {
        String id = "patients/" + canary + "/" + AuditPhiCanaryTest.NAME + ".pdf";
        data.putObject(b -> b.bucket("clinic").key(id), software.amazon.awssdk.core.sync
            .RequestBody.fromString("note for " + AuditPhiCanaryTest.NAME));
        try {
          data.putObject(b -> b.bucket("clinic").key(id).metadata(java.util.Map.of("ssn",
              AuditPhiCanaryTest.SSN)), software.amazon.awssdk.core.sync.RequestBody
              .fromString("x"));
        } catch (RuntimeException refused) {
          // a refusal is audited too
        }
      }
    } // closes the sink: everything shipped
    FleetAuditResult r = verify();
    assertThat(r.intact()).as(r.toString()).isTrue();
    assertThat(r.events()).as("one event per call").isEqualTo(
        2L * AuditPhiCanaryTest.CANARIES.size());
    StringBuilder stored = new StringBuilder();
    for (String k : bucket.keys()) {
      stored.append(k).append('\n').append(new String(bucket.get(k), StandardCharsets.UTF_8));
    }
    assertThat(stored).contains("PHI_DETECTED");
    for (String canary : AuditPhiCanaryTest.CANARIES) {
      assertThat(stored.toString()).doesNotContain(canary);
    }
  }
}
