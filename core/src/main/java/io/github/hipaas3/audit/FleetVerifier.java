package io.github.hipaas3.audit;

import io.github.hipaas3.HipaaS3Client;
import io.github.hipaas3.audit.AuditLogVerifier.Result;
import io.github.hipaas3.audit.AuditLogVerifier.Status;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteMarkerEntry;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Checks every stream a fleet sink shipped under a prefix ({@link AuditLogVerifier#verifyBucket}).
 * Lists the prefix (and its delete markers, which hide a stored object), reads each segment
 * and end record through the {@link HipaaS3Client} (decrypted, its retention and checksum
 * checked) and verifies each stream from segment 0: every segment verifies with the key, names
 * its own number, links to the one before, and all but the last end with a final seal; the
 * end record verifies, names this stream, and names the last segment and its last seal as
 * found.
 */
final class FleetVerifier {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,62}");

  private final HipaaS3Client client;
  private final String bucket;
  private final String prefix;
  private final AuditSealingKey key;

  private FleetVerifier(HipaaS3Client client, String bucket, String prefix,
      AuditSealingKey key) {
    this.client = client;
    this.bucket = bucket;
    this.prefix = prefix;
    this.key = key;
  }

  static FleetAuditResult verify(S3Client s3, String bucket, String prefix,
      AuditSealingKey key) throws IOException {
    HipaaS3Client client = FleetLayout.client(s3, false);
    java.util.Objects.requireNonNull(bucket, "bucket");
    java.util.Objects.requireNonNull(key, "key");
    return new FleetVerifier(client, bucket, FleetLayout.prefix(prefix, client), key).run();
  }

  private FleetAuditResult run() throws IOException {
    Map<String, TreeMap<Long, String>> segments = new TreeMap<>();
    Set<String> ends = new HashSet<>();
    long stray = 0;
    String under = prefix + "/";
    for (S3Object o : client.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(under))
        .contents()) {
      String[] parts = o.key().substring(under.length()).split("/", -1);
      long index = parts.length == 2 ? FleetLayout.segmentIndex(parts[1]) : -1;
      if (parts.length != 2 || !NAME.matcher(parts[0]).matches()) {
        stray++;
      } else if (FleetLayout.END.equals(parts[1])) {
        ends.add(parts[0]);
      } else if (index >= 0) {
        segments.computeIfAbsent(parts[0], n -> new TreeMap<>()).put(index, o.key());
      } else {
        stray++;
      }
    }
    Set<String> hidden = new HashSet<>();
    for (DeleteMarkerEntry m : client.listObjectVersionsPaginator(b -> b.bucket(bucket)
        .prefix(under)).deleteMarkers()) {
      String[] parts = m.key().substring(under.length()).split("/", -1);
      if (parts.length == 2 && NAME.matcher(parts[0]).matches()) {
        hidden.add(parts[0]);
      } else {
        stray++;
      }
    }
    Set<String> names = new HashSet<>(segments.keySet());
    names.addAll(ends);
    names.addAll(hidden);
    Map<String, FleetAuditResult.Stream> streams = new TreeMap<>();
    for (String name : names) {
      streams.put(name, stream(name, segments.getOrDefault(name, new TreeMap<>()),
          ends.contains(name), hidden.contains(name)));
    }
    return new FleetAuditResult(streams, stray);
  }

  @SuppressWarnings("NonApiType") // private: the keys come sorted by segment (TreeMap)
  private FleetAuditResult.Stream stream(String name, TreeMap<Long, String> keys,
      boolean hasEnd, boolean hidden) throws IOException {
    List<Result> done = new ArrayList<>();
    if (hidden) {
      return broken(name, "an object of the stream is hidden by a delete marker: a segment"
          + " or its end record was deleted", -1, done, false);
    }
    Result before = null;
    long expected = 0;
    for (Map.Entry<Long, String> e : keys.entrySet()) {
      if (e.getKey() != expected) {
        return broken(name, "segment " + expected + " is missing", expected, done, false);
      }
      Result r;
      try {
        byte[] bytes = read(e.getValue());
        r = bytes == null ? null : AuditLogVerifier.verify(new ByteArrayInputStream(bytes), key);
      } catch (SdkException ex) {
        return broken(name, "segment " + expected + " cannot be read ("
            + FleetShipper.describe(ex) + ")", expected, done, false);
      }
      if (r == null) {
        return broken(name, "segment " + expected + " is missing", expected, done, false);
      }
      if (r.status() == Status.INVALID || r.status() == Status.UNKNOWN_FORMAT) {
        return broken(name, "segment " + expected + " is " + r, expected, done, false);
      }
      if (before != null && before.status() != Status.INTACT) {
        return broken(name, "segment " + (expected - 1) + " does not end with a final seal"
            + " but segment " + expected + " follows it: it was truncated", expected - 1,
            done, false);
      }
      boolean unopened = r.status() == Status.INCOMPLETE && r.fileId().isEmpty();
      if (!unopened && (r.segment().isEmpty() || r.segment().getAsLong() != expected)) {
        return broken(name, "the object of segment " + expected + " holds " + (r.segment()
            .isEmpty() ? "no segment" : "segment " + r.segment().getAsLong()) + ": segments"
            + " were renamed, swapped or replaced", expected, done, false);
      }
      if (before != null && !unopened && !r.follows(before)) {
        return broken(name, "segment " + expected + " does not link to segment "
            + (expected - 1) + " as found: a segment was replaced, truncated, swapped or comes"
            + " from another stream", expected, done, false);
      }
      done.add(r);
      before = r;
      expected++;
    }
    if (!hasEnd) {
      return new FleetAuditResult.Stream(name, before == null ? Status.INVALID
          : Status.INCOMPLETE, before == null ? "no segments" : "every segment verifies and"
          + " links, but the stream has no end record: its writer is running, or stopped"
          + " without shipping it (segments after the last found may be missing)", -1, done,
          false);
    }
    FleetLayout.End end;
    try {
      byte[] bytes = read(FleetLayout.endKey(prefix, name));
      end = bytes == null ? null
          : FleetLayout.End.parse(new String(bytes, StandardCharsets.UTF_8), key);
    } catch (SdkException ex) {
      return broken(name, "the end record cannot be read (" + FleetShipper.describe(ex) + ")",
          -1, done, false);
    }
    if (end == null) {
      return broken(name, "the end record is malformed or does not verify under the key", -1,
          done, false);
    }
    if (!end.stream().equals(name)) {
      return broken(name, "the end record belongs to another stream", -1, done, false);
    }
    if (end.lastSegment() != expected - 1) {
      return broken(name, end.lastSegment() > expected - 1 ? "the end record names segment "
          + end.lastSegment() + " as the last, but the stream ends at segment "
          + (expected - 1) + ": its tail was deleted" : "segments follow the one the end"
          + " record names as the last (" + end.lastSegment() + ")", expected, done, true);
    }
    if (before == null || !end.matches(before)) {
      return broken(name, "the last segment is not the one the end record names (it was"
          + " replaced or truncated)", expected - 1, done, true);
    }
    if (before.status() != Status.INTACT) {
      return new FleetAuditResult.Stream(name, Status.INCOMPLETE, "its writer stopped without"
          + " closing: the last segment was shipped up to its last seal (" + before + ")",
          -1, done, true);
    }
    return new FleetAuditResult.Stream(name, Status.INTACT, "intact", -1, done, true);
  }

  /** The object's bytes, or null when there is no such object. */
  private byte @Nullable [] read(String objectKey) {
    try {
      return client.getObjectAsBytes(b -> b.bucket(bucket).key(objectKey)).asByteArray();
    } catch (NoSuchKeyException e) {
      return null;
    }
  }

  private static FleetAuditResult.Stream broken(String name, String problem, long segment,
      List<Result> done, boolean ended) {
    return new FleetAuditResult.Stream(name, Status.INVALID, problem, segment, done, ended);
  }
}
