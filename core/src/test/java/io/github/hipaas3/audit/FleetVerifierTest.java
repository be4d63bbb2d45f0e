package io.github.hipaas3.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.hipaas3.HipaaS3Client;
import io.github.hipaas3.audit.AuditLogVerifier.Status;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bucket verifier against an attacker who can write to the bucket but does not hold the
 * sealing key: every edit of a shipped stream is found, and the untouched stream next to it
 * still verifies.
 */
class FleetVerifierTest {
  static final AuditSealingKey KEY = FleetAuditSinkTest.KEY;
  static final String BUCKET = FleetAuditSinkTest.BUCKET;
  static final String PREFIX = FleetAuditSinkTest.PREFIX;

  @TempDir
  Path dir;

  final FakeBucket bucket = new FakeBucket();
  HipaaS3Client client;
  int segments;

  @BeforeEach
  void shipTwoStreams() throws Exception {
    client = bucket.clientBuilder().build();
    for (String stream : new String[] {"victim", "bystander"}) {
      try (AuditSink sink = AuditSinks.fleet().client(client).bucket(BUCKET).prefix(PREFIX)
          .spoolDirectory(dir.resolve(stream)).sealingKey(KEY).streamName(stream)
          .segments(1024, Duration.ofHours(1)).timing(FleetAuditSinkTest.FAST).build()) {
        FleetAuditSinkTest.write(sink, 0, 40);
      }
    }
    segments = (int) bucket.keys().stream().filter(k -> k.contains("/victim/seg-")).count();
    assertThat(segments).isGreaterThanOrEqualTo(5);
    FleetAuditResult clean = verify();
    assertThat(clean.intact()).as("before the attack: " + clean).isTrue();
    assertThat(clean.streams()).containsOnlyKeys("bystander", "victim");
  }

  @AfterEach
  void close() {
    client.close();
  }

  FleetAuditResult verify() throws Exception {
    return AuditLogVerifier.verifyBucket(client, BUCKET, PREFIX, KEY);
  }

  static String seg(String stream, long i) {
    return FleetLayout.segmentKey(PREFIX, stream, i);
  }

  /** The victim stream is invalid, with the problem and segment given; the other intact. */
  FleetAuditResult.Stream invalid(String problem, long segment) throws Exception {
    FleetAuditResult r = verify();
    assertThat(r.status()).as(r.toString()).isEqualTo(Status.INVALID);
    assertThat(r.intact()).isFalse();
    FleetAuditResult.Stream victim = r.streams().get("victim");
    assertThat(victim.status()).as(victim.toString()).isEqualTo(Status.INVALID);
    assertThat(victim.problem()).contains(problem);
    if (segment >= 0) {
      assertThat(victim.brokenSegment()).hasValue(segment);
    }
    assertThat(r.streams().get("bystander").intact()).isTrue();
    return victim;
  }

  @Test
  void aDeletedMiddleSegment_isFound() throws Exception {
    bucket.remove(seg("victim", 2));
    invalid("segment 2 is missing", 2);
  }

  @Test
  void aSwappedPair_isFound() throws Exception {
    byte[] one = bucket.get(seg("victim", 1));
    bucket.put(seg("victim", 1), bucket.get(seg("victim", 2)));
    bucket.put(seg("victim", 2), one);
    invalid("segments were renamed, swapped or replaced", 1);
  }

  @Test
  void anAlteredByte_isFound() throws Exception {
    byte[] bytes = bucket.get(seg("victim", 3)).clone();
    String text = new String(bytes, StandardCharsets.US_ASCII);
    int at = text.indexOf("\"PutObject\"") + 1;
    bytes[at] = 'G'; // PutObject -> GutObject, same length
    bucket.put(seg("victim", 3), bytes);
    invalid("segment 3 is invalid", 3);
  }

  @Test
  void aMissingStreamTail_isFoundByTheEndRecord() throws Exception {
    bucket.remove(seg("victim", segments - 1));
    invalid("its tail was deleted", -1);
  }

  @Test
  void aTruncatedLastSegment_isFound() throws Exception {
    byte[] bytes = bucket.get(seg("victim", segments - 1));
    String text = new String(bytes, StandardCharsets.UTF_8);
    // Cut after the first (non-final) seal: what is left verifies, but is not what was shipped.
    int firstSeal = text.indexOf("\"type\":\"seal\"");
    int cut = text.indexOf('\n', firstSeal) + 1;
    bucket.put(seg("victim", segments - 1), Arrays.copyOf(bytes, cut));
    invalid("not the one the end record names", segments - 1);
  }

  @Test
  void aSegmentHiddenByADeleteMarker_isFound() throws Exception {
    bucket.remove(seg("victim", segments - 1));
    bucket.remove(PREFIX + "/victim/end.json");
    bucket.deleteMarkers.add(seg("victim", segments - 1));
    bucket.deleteMarkers.add(PREFIX + "/victim/end.json");
    invalid("hidden by a delete marker", -1);
  }

  @Test
  void aStreamWithoutItsEndRecord_isIncomplete_notIntact() throws Exception {
    bucket.remove(PREFIX + "/victim/end.json");
    FleetAuditResult r = verify();
    assertThat(r.status()).isEqualTo(Status.INCOMPLETE);
    assertThat(r.streams().get("victim").status()).isEqualTo(Status.INCOMPLETE);
    assertThat(r.streams().get("victim").problem()).contains("no end record");
  }

  @Test
  void anEndRecordFromAnotherStream_isRefused() throws Exception {
    bucket.put(PREFIX + "/victim/end.json", bucket.get(PREFIX + "/bystander/end.json"));
    invalid("belongs to another stream", -1);
  }

  @Test
  void aForgedEndRecord_withoutTheKey_isRefused() throws Exception {
    String end = new String(bucket.get(PREFIX + "/victim/end.json"), StandardCharsets.UTF_8);
    String moved = end.replace("\"lastSegment\":" + (segments - 1),
        "\"lastSegment\":" + (segments - 2));
    assertThat(moved).isNotEqualTo(end);
    bucket.remove(seg("victim", segments - 1));
    bucket.put(PREFIX + "/victim/end.json", moved.getBytes(StandardCharsets.UTF_8));
    invalid("does not verify under the key", -1);
  }

  @Test
  void aSegmentCopiedFromAnotherStream_isFound() throws Exception {
    bucket.put(seg("victim", 2), bucket.get(seg("bystander", 2)));
    invalid("does not link to segment 1", 2);
  }

  @Test
  void aStrayObjectUnderThePrefix_makesTheBucketInvalid() throws Exception {
    bucket.put(PREFIX + "/victim/notes.txt", "x".getBytes(StandardCharsets.UTF_8));
    FleetAuditResult r = verify();
    assertThat(r.strayObjects()).isEqualTo(1);
    assertThat(r.status()).isEqualTo(Status.INVALID);
    assertThat(r.streams().values()).allMatch(FleetAuditResult.Stream::intact);
  }

  @Test
  void anotherKey_verifiesNothing() throws Exception {
    FleetAuditResult r = AuditLogVerifier.verifyBucket(client, BUCKET, PREFIX,
        AuditSealingKey.fromBytes(new byte[] {
            1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
            1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}));
    assertThat(r.status()).isEqualTo(Status.INVALID);
    for (Map.Entry<String, FleetAuditResult.Stream> s : r.streams().entrySet()) {
      assertThat(s.getValue().status()).as(s.getKey()).isEqualTo(Status.INVALID);
      assertThat(s.getValue().brokenSegment()).hasValue(0);
    }
  }
}
