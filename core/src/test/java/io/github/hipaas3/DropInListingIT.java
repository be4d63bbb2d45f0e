package io.github.hipaas3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.hipaas3.testing.Capability;
import io.github.hipaas3.testing.S3ServerTest;
import io.github.hipaas3.testing.S3TestServer;
import io.github.hipaas3.testing.TestSecrets;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.DeletedObject;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Ordinary application code that lists (issue: drop-in listing), run unchanged against a raw
 * {@code S3Client} and against hipaa-s3 in {@link KeyMode#ENCRYPTED_PATHS}, on each server: the
 * two transcripts must be equal. Results are sorted where the application compares them,
 * because hipaa-s3 returns them in the order of the stored (encrypted) keys.
 */
class DropInListingIT {

  static final List<String> KEYS = List.of("lab-reports/2026/r1.json",
      "lab-reports/2026/r2.json", "lab-reports/2026/r3.json", "lab-reports/2025/r9.json",
      "imaging/ct/a.dcm", "patients/123-45-6789/notes.txt", "top-level.txt",
      "lab-reports/2026/");

  /** The application: a small report archive written against the plain S3Client interface. */
  static final class ReportArchive {
    private final S3Client s3;
    private final String bucket;
    private final List<String> transcript = new ArrayList<>();

    ReportArchive(S3Client s3, String bucket) {
      this.s3 = s3;
      this.bucket = bucket;
    }

    List<String> run(boolean serverSide) {
      for (String key : KEYS) {
        // The body names the key by its index: S3Mock stores SSE-C bodies as they are, and
        // PhiFreeNamesIT searches its storage for PHI canaries.
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(body(key)));
      }
      // All reports of 2026, one key per page, with the SDK's paginator and by hand.
      record("2026 (paginator)", s3.listObjectsV2Paginator(b -> b.bucket(bucket)
          .prefix("lab-reports/2026/").maxKeys(1)).contents().stream().map(S3Object::key));
      List<String> byHand = new ArrayList<>();
      String token = null;
      int pages = 0;
      do {
        String t = token;
        ListObjectsV2Response page = s3.listObjectsV2(b -> b.bucket(bucket)
            .prefix("lab-reports/2026/").maxKeys(2).continuationToken(t));
        page.contents().forEach(o -> byHand.add(o.key()));
        token = page.nextContinuationToken();
        pages++;
      } while (token != null);
      record("2026 (by hand, " + pages + " pages)", byHand.stream());
      // Folders.
      ListObjectsV2Response top = s3.listObjectsV2(b -> b.bucket(bucket).delimiter("/"));
      record("top folders", top.commonPrefixes().stream().map(CommonPrefix::prefix));
      record("top files", top.contents().stream().map(S3Object::key));
      ListObjectsV2Response years = s3.listObjectsV2(b -> b.bucket(bucket)
          .prefix("lab-reports/").delimiter("/"));
      record("years", years.commonPrefixes().stream().map(CommonPrefix::prefix));
      transcript.add("years prefix echoed: " + years.prefix());
      // The V1 listing with markers, one key per page.
      List<String> v1 = new ArrayList<>();
      String marker = null;
      ListObjectsResponse v1Page;
      do {
        String m = marker;
        v1Page = s3.listObjects(b -> b.bucket(bucket).prefix("lab-reports/").maxKeys(1)
            .marker(m));
        v1Page.contents().forEach(o -> v1.add(o.key()));
        marker = v1Page.nextMarker() != null ? v1Page.nextMarker()
            : v1Page.contents().isEmpty() ? null
            : v1Page.contents().get(v1Page.contents().size() - 1).key();
      } while (v1Page.isTruncated());
      record("lab reports (v1)", v1.stream());
      // start-after a key the application got from a listing.
      List<String> all = s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream()
          .map(S3Object::key).collect(Collectors.toList());
      String first = all.get(0);
      List<String> after = s3.listObjectsV2(b -> b.bucket(bucket).startAfter(first))
          .contents().stream().map(S3Object::key).collect(Collectors.toList());
      transcript.add("start-after the first key skips exactly it: "
          + (after.size() == all.size() - 1 && !after.contains(first)));
      // Get every listed key.
      for (String key : all.stream().sorted().collect(Collectors.toList())) {
        String body = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String();
        transcript.add("get " + key + ": " + body.equals(body(key)));
      }
      // Copy the 2026 reports into an archive folder, by listed keys.
      if (serverSide) {
        for (S3Object o : s3.listObjectsV2(b -> b.bucket(bucket).prefix("lab-reports/2026/"))
            .contents()) {
          String name = o.key().substring("lab-reports/2026/".length());
          if (!name.isEmpty()) {
            s3.copyObject(b -> b.sourceBucket(bucket).sourceKey(o.key())
                .destinationBucket(bucket).destinationKey("archive/2026/" + name));
          }
        }
        record("archive", s3.listObjectsV2(b -> b.bucket(bucket).prefix("archive/"))
            .contents().stream().map(S3Object::key));
        transcript.add("archived r1: " + s3.getObjectAsBytes(b -> b.bucket(bucket)
            .key("archive/2026/r1.json")).asUtf8String());
      }
      // Delete the 2025 reports by listed keys, in one batch.
      List<ObjectIdentifier> old = s3.listObjectsV2(b -> b.bucket(bucket)
          .prefix("lab-reports/2025/")).contents().stream()
          .map(o -> ObjectIdentifier.builder().key(o.key()).build())
          .collect(Collectors.toList());
      DeleteObjectsResponse deleted = s3.deleteObjects(b -> b.bucket(bucket)
          .delete(Delete.builder().objects(old).build()));
      record("deleted", deleted.deleted().stream().map(DeletedObject::key));
      transcript.add("delete errors: " + deleted.errors().size());
      record("2025 after delete", s3.listObjectsV2(b -> b.bucket(bucket)
          .prefix("lab-reports/2025/")).contents().stream().map(S3Object::key));
      // Versions of the lab reports (delete markers included where the bucket versions).
      ListObjectVersionsResponse versions = s3.listObjectVersions(b -> b.bucket(bucket)
          .prefix("lab-reports/"));
      record("versions", versions.versions().stream().map(v -> v.key() + " latest="
          + v.isLatest()));
      record("delete markers", versions.deleteMarkers().stream().map(d -> d.key()));
      if (!serverSide) {
        return transcript; // client-side multipart uploads are made by putObject only
      }
      // A multipart upload in progress, found by prefix, then aborted.
      String upload = s3.createMultipartUpload(b -> b.bucket(bucket).key("uploads/big.bin"))
          .uploadId();
      record("uploads", s3.listMultipartUploads(b -> b.bucket(bucket).prefix("uploads/"))
          .uploads().stream().map(u -> u.key()));
      s3.abortMultipartUpload(b -> b.bucket(bucket).key("uploads/big.bin").uploadId(upload));
      return transcript;
    }

    private static String body(String key) {
      return "body of key number " + KEYS.indexOf(key);
    }

    private void record(String what, java.util.stream.Stream<String> values) {
      List<String> sorted = values.collect(Collectors.toList());
      Collections.sort(sorted);
      transcript.add(what + ": " + sorted);
    }
  }

  private static EncryptionMode serverSideMode(S3TestServer server) {
    return server.has(Capability.KMS) ? EncryptionMode.sseKms(TestSecrets.KMS_KEY_ARN)
        : EncryptionMode.sseC(SseCustomerKeyProvider.single(SseCustomerKey.generate()));
  }

  @S3ServerTest
  void applicationCode_seesTheSameResults_rawAndThroughEncryptedPaths(S3TestServer server) {
    try (S3Client raw = server.rawClient();
        HipaaS3Client s3 = server.hipaaClientBuilder(serverSideMode(server))
            .keyMode(KeyMode.ENCRYPTED_PATHS).build()) {
      String rawBucket = server.createBucket(raw);
      String hipaaBucket = server.createBucket(raw);
      List<String> expected;
      try {
        expected = new ReportArchive(raw, rawBucket).run(true);
      } finally {
        removeBaseline(server, raw, rawBucket);
      }
      List<String> actual = new ReportArchive(s3, hipaaBucket).run(true);
      assertThat(actual).containsExactlyElementsOf(expected);
      assertThat(expected).contains("years: [lab-reports/2025/, lab-reports/2026/]");

      // What the bucket shows: no key, prefix or segment of the application's in the clear.
      List<String> stored = raw.listObjectVersionsPaginator(b -> b.bucket(hipaaBucket))
          .versions().stream().map(v -> v.key()).collect(Collectors.toList());
      assertThat(stored).isNotEmpty().allSatisfy(k -> assertThat(k)
          .matches("e1/[bcdfghjkmnpqrstv/]+")
          .doesNotContain("lab").doesNotContain("2026").doesNotContain("6789"));
    }
  }

  @S3ServerTest
  void clientSideMode_listsTheSame(S3TestServer server) {
    try (S3Client raw = server.rawClient();
        HipaaS3Client s3 = server.hipaaClientBuilder(
            EncryptionMode.clientSideAes(TestSecrets.aesKey()))
            .keyMode(KeyMode.ENCRYPTED_PATHS).build()) {
      String rawBucket = server.createBucket(raw);
      String hipaaBucket = server.createBucket(raw);
      // Client-side objects are bound to their key, so the application copies nothing here.
      List<String> expected;
      try {
        expected = new ReportArchive(raw, rawBucket).run(false);
      } finally {
        removeBaseline(server, raw, rawBucket);
      }
      assertThat(new ReportArchive(s3, hipaaBucket).run(false))
          .containsExactlyElementsOf(expected);
    }
  }

  /**
   * The raw baseline stores the application's keys, PHI-shaped ones included, in the clear:
   * remove it, so that no other test's view of the server (PhiFreeNamesIT reads S3Mock's
   * storage) finds them.
   */
  private static void removeBaseline(S3TestServer server, S3Client raw, String bucket) {
    if (server.storageRoot().isEmpty()) {
      return; // only S3Mock's storage is searched (and only it keeps no locks)
    }
    raw.listObjectVersionsPaginator(b -> b.bucket(bucket)).forEach(page -> {
      page.versions().forEach(v -> raw.deleteObject(b -> b.bucket(bucket).key(v.key())
          .versionId(v.versionId())));
      page.deleteMarkers().forEach(d -> raw.deleteObject(b -> b.bucket(bucket).key(d.key())
          .versionId(d.versionId())));
    });
    raw.listMultipartUploads(b -> b.bucket(bucket)).uploads().forEach(u -> raw
        .abortMultipartUpload(b -> b.bucket(bucket).key(u.key()).uploadId(u.uploadId())));
    raw.deleteBucket(b -> b.bucket(bucket));
  }

  @S3ServerTest
  void aForeignKeyInTheTree_failsTheListing_neverReturned(S3TestServer server) {
    try (S3Client raw = server.rawClient();
        HipaaS3Client s3 = server.hipaaClientBuilder(serverSideMode(server))
            .keyMode(KeyMode.ENCRYPTED_PATHS).build()) {
      String bucket = server.createBucket(raw);
      s3.putObject(b -> b.bucket(bucket).key("lab-reports/a.json"), RequestBody.fromString("a"));
      String stored = s3.objectKey("lab-reports/a.json");
      String parent = stored.substring(0, stored.lastIndexOf('/') + 1);
      raw.putObject(b -> b.bucket(bucket).key(parent + "b".repeat(64)),
          RequestBody.fromBytes("planted".getBytes(StandardCharsets.UTF_8)));
      assertThatThrownBy(() -> s3.listObjectsV2(b -> b.bucket(bucket).prefix("lab-reports/")))
          .isInstanceOfSatisfying(HipaaS3SecurityException.class, e -> assertThat(
              e.violationCode()).isEqualTo(ViolationCode.DECRYPTION_FAILED));
      // Outside the client's tree nothing is listed at all.
      raw.putObject(b -> b.bucket(bucket).key("lab-reports/plain.json"),
          RequestBody.fromString("x"));
      assertThat(s3.listObjectsV2(b -> b.bucket(bucket).prefix("imaging/")).contents())
          .isEmpty();
    }
  }
}
