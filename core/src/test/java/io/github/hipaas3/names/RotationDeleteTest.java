package io.github.hipaas3.names;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.hipaas3.HipaaS3Client;
import io.github.hipaas3.testing.RecordingHttpClient;
import io.github.hipaas3.testing.RecordingHttpClient.Canned;
import io.github.hipaas3.testing.TestSecrets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Offline: after a key-hashing rotation a delete leaves no older secret's copy readable, a read
 * does not fall back past a delete marker, and a HEAD that fails makes the call fail before
 * anything is deleted.
 */
class RotationDeleteTest {
  static final String ID = "patients/123-45-6789/chart.pdf";
  static final String OTHER = "patients/987-65-4321/chart.pdf";
  static final Canned NOT_FOUND = new Canned(404, Map.of(), "");
  static final Canned NO_SUCH_KEY = new Canned(404, Map.of(),
      "<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message>"
          + "</Error>");
  static final Canned DELETE_MARKER = new Canned(404, Map.of("x-amz-delete-marker", "true"),
      "<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message>"
          + "</Error>");

  private final RecordingHttpClient http = new RecordingHttpClient();

  private HipaaS3Client rotated() {
    return http.hipaaClientBuilder().keyHashingSecret(TestSecrets.keyHashing(2, 100))
        .olderKeyHashingSecrets(TestSecrets.keyHashing(1, 0)).build();
  }

  private static String oldKey(String id) {
    try (HipaaS3Client v1 = new RecordingHttpClient().hipaaClientBuilder()
        .keyHashingSecret(TestSecrets.keyHashing(1, 0)).build()) {
      return v1.objectKey(id);
    }
  }

  /** Answers requests of one method for one key; everything else gets the default 200. */
  private static Function<SdkHttpRequest, Canned> on(SdkHttpMethod method, String key,
      Canned answer) {
    return r -> r.method() == method && r.encodedPath().endsWith("/" + key) ? answer : null;
  }

  @SafeVarargs
  private static Function<SdkHttpRequest, Canned> routes(
      Function<SdkHttpRequest, Canned>... routes) {
    return r -> {
      for (Function<SdkHttpRequest, Canned> route : routes) {
        Canned c = route.apply(r);
        if (c != null) {
          return c;
        }
      }
      return null;
    };
  }

  /** "METHOD key" for every request, with the key's path relative to the bucket. */
  private List<String> calls() {
    List<String> calls = new ArrayList<>();
    for (SdkHttpRequest r : http.requests()) {
      String path = r.encodedPath().replaceFirst("^/b/?", "");
      String query = r.rawQueryParameters().keySet().stream().sorted()
          .collect(Collectors.joining(","));
      calls.add(r.method() + " " + path + (query.isEmpty() ? "" : "?" + query));
    }
    return calls;
  }

  @Test
  void delete_putsADeleteMarkerOnEveryKeyFormThatExists() {
    try (HipaaS3Client s3 = rotated()) {
      String current = s3.objectKey(ID);
      String old = oldKey(ID);
      s3.deleteObject(b -> b.bucket("b").key(ID));
      assertThat(calls()).containsExactly(
          "HEAD " + current, "HEAD " + old, "DELETE " + old, "DELETE " + current);
    }
  }

  @Test
  void delete_ofAnObjectStoredOnlyUnderTheOlderSecret_deletesThatKey() {
    try (HipaaS3Client s3 = rotated()) {
      String current = s3.objectKey(ID);
      String old = oldKey(ID);
      http.route(on(SdkHttpMethod.HEAD, current, NOT_FOUND));
      s3.deleteObject(b -> b.bucket("b").key(ID));
      assertThat(calls()).containsExactly("HEAD " + current, "HEAD " + old, "DELETE " + old);
    }
  }

  @Test
  void delete_ofAnObjectThatIsNowhere_addsAMarkerUnderTheCurrentKey() {
    http.route(r -> r.method() == SdkHttpMethod.HEAD ? NOT_FOUND : null);
    try (HipaaS3Client s3 = rotated()) {
      String current = s3.objectKey(ID);
      String old = oldKey(ID);
      s3.deleteObject(b -> b.bucket("b").key(ID));
      assertThat(calls()).containsExactly("HEAD " + current, "HEAD " + old, "DELETE " + current);
    }
  }

  @Test
  void headForbidden_failsTheDeleteLoudlyBeforeAnythingIsDeleted() {
    try (HipaaS3Client s3 = rotated()) {
      String current = s3.objectKey(ID);
      String old = oldKey(ID);
      http.route(on(SdkHttpMethod.HEAD, old, new Canned(403, Map.of(), "")));
      assertThatThrownBy(() -> s3.deleteObject(b -> b.bucket("b").key(ID)))
          .as("the HEAD's service error, unwrapped")
          .isExactlyInstanceOf(S3Exception.class)
          .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(403))
          .message().doesNotContain("123-45-6789").doesNotContain(old).doesNotContain(current);
      assertThat(calls()).containsExactly("HEAD " + current, "HEAD " + old);
      assertThat(http.requests()).noneMatch(r -> r.method() == SdkHttpMethod.DELETE);
    }
  }

  @Test
  void headServerError_failsTheDeleteLoudly_notTakenAsPresentOrAbsent() {
    try (HipaaS3Client s3 = rotated()) {
      String current = s3.objectKey(ID);
      http.route(on(SdkHttpMethod.HEAD, current, new Canned(500, Map.of(), "")));
      assertThatThrownBy(() -> s3.deleteObject(b -> b.bucket("b").key(ID)))
          .isInstanceOfSatisfying(S3Exception.class,
              e -> assertThat(e.statusCode()).isEqualTo(500));
      assertThat(http.requests()).noneMatch(r -> r.method() == SdkHttpMethod.DELETE);
      assertThat(http.requests()).allMatch(r -> r.encodedPath().endsWith(current));
    }
  }

  @Test
  void deleteObjects_expandsEachIdToEveryKeyFormThatExists() {
    try (HipaaS3Client s3 = rotated()) {
      String current = s3.objectKey(ID);
      String old = oldKey(ID);
      String otherCurrent = s3.objectKey(OTHER);
      String otherOld = oldKey(OTHER);
      http.route(on(SdkHttpMethod.HEAD, otherOld, NOT_FOUND));
      s3.deleteObjects(b -> b.bucket("b").delete(d -> d.objects(
          ObjectIdentifier.builder().key(ID).build(),
          ObjectIdentifier.builder().key(OTHER).build())));
      List<String> calls = calls();
      assertThat(calls).hasSize(5).last().isEqualTo("POST ?delete");
      String body = http.bodies().get(http.bodies().size() - 1);
      assertThat(keysIn(body)).containsExactly(old, current, otherCurrent);
      assertThat(body).doesNotContain("<VersionId>").doesNotContain(otherOld)
          .doesNotContain("123-45-6789");
    }
  }

  @Test
  void deleteObjects_splitsExpandedEntriesIntoBatchesOfAThousand() {
    try (HipaaS3Client s3 = rotated()) {
      List<ObjectIdentifier> ids = new ArrayList<>();
      for (int i = 0; i < 600; i++) {
        ids.add(ObjectIdentifier.builder().key("record-" + i).build());
      }
      s3.deleteObjects(b -> b.bucket("b").delete(d -> d.objects(ids)));
      List<String> posts = new ArrayList<>();
      for (int i = 0; i < http.requests().size(); i++) {
        if (http.requests().get(i).method() == SdkHttpMethod.POST) {
          posts.add(http.bodies().get(i));
        }
      }
      assertThat(posts).hasSize(2);
      assertThat(keysIn(posts.get(0))).hasSize(1000);
      assertThat(keysIn(posts.get(1))).hasSize(200);
      Set<String> all = new java.util.HashSet<>(keysIn(posts.get(0)));
      all.addAll(keysIn(posts.get(1)));
      assertThat(all).hasSize(1200).contains(s3.objectKey("record-599"), oldKey("record-599"));
    }
  }

  @Test
  void versionDelete_targetsTheKeyThatHasTheVersion() {
    try (HipaaS3Client s3 = http.hipaaClientBuilder()
        .keyHashingSecret(TestSecrets.keyHashing(2, 100))
        .olderKeyHashingSecrets(TestSecrets.keyHashing(1, 0))
        .insecureAllowPermanentVersionDeletion(true).build()) {
      String current = s3.objectKey(ID);
      String old = oldKey(ID);
      http.route(on(SdkHttpMethod.HEAD, current, NOT_FOUND));
      s3.deleteObject(b -> b.bucket("b").key(ID).versionId("3HL4kqtJlcpXroDTDmJ"));
      assertThat(calls()).containsExactly("HEAD " + current + "?versionId",
          "HEAD " + old + "?versionId", "DELETE " + old + "?versionId");
    }
  }

  @Test
  void versionDelete_ofADeleteMarkerVersion_findsItsKey() {
    try (HipaaS3Client s3 = http.hipaaClientBuilder()
        .keyHashingSecret(TestSecrets.keyHashing(2, 100))
        .olderKeyHashingSecrets(TestSecrets.keyHashing(1, 0))
        .insecureAllowPermanentVersionDeletion(true).build()) {
      String current = s3.objectKey(ID);
      // S3 answers a HEAD of a version that is a delete marker with 405 and the marker header.
      http.route(on(SdkHttpMethod.HEAD, current, new Canned(405,
          Map.of("x-amz-delete-marker", "true", "Allow", "DELETE"), "")));
      s3.deleteObject(b -> b.bucket("b").key(ID).versionId("3HL4kqtJlcpXroDTDmJ"));
      assertThat(calls()).containsExactly("HEAD " + current + "?versionId",
          "DELETE " + current + "?versionId");
    }
  }

  @Test
  void headMethodNotAllowed_withoutAMarker_failsTheVersionDelete() {
    try (HipaaS3Client s3 = http.hipaaClientBuilder()
        .keyHashingSecret(TestSecrets.keyHashing(2, 100))
        .olderKeyHashingSecrets(TestSecrets.keyHashing(1, 0))
        .insecureAllowPermanentVersionDeletion(true).build()) {
      String current = s3.objectKey(ID);
      http.route(on(SdkHttpMethod.HEAD, current, new Canned(405, Map.of(), "")));
      assertThatThrownBy(() -> s3.deleteObject(b -> b.bucket("b").key(ID)
          .versionId("3HL4kqtJlcpXroDTDmJ")))
          .isInstanceOfSatisfying(S3Exception.class,
              e -> assertThat(e.statusCode()).isEqualTo(405));
      assertThat(http.requests()).noneMatch(r -> r.method() == SdkHttpMethod.DELETE);
    }
  }

  @Test
  void deleteObjects_headForbidden_sendsNoBatch() {
    try (HipaaS3Client s3 = rotated()) {
      String old = oldKey(OTHER);
      http.route(on(SdkHttpMethod.HEAD, old, new Canned(403, Map.of(), "")));
      assertThatThrownBy(() -> s3.deleteObjects(b -> b.bucket("b").delete(d -> d.objects(
          ObjectIdentifier.builder().key(ID).build(),
          ObjectIdentifier.builder().key(OTHER).build()))))
          .isExactlyInstanceOf(S3Exception.class)
          .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(403));
      assertThat(http.requests()).isNotEmpty()
          .allMatch(r -> r.method() == SdkHttpMethod.HEAD);
    }
  }

  @Test
  void read_doesNotFallBackPastADeleteMarker() {
    try (HipaaS3Client s3 = rotated()) {
      String current = s3.objectKey(ID);
      String old = oldKey(ID);
      http.route(routes(on(SdkHttpMethod.GET, current, DELETE_MARKER),
          on(SdkHttpMethod.HEAD, current, new Canned(404,
              Map.of("x-amz-delete-marker", "true"), ""))));
      assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket("b").key(ID)))
          .isExactlyInstanceOf(NoSuchKeyException.class);
      assertThatThrownBy(() -> s3.headObject(b -> b.bucket("b").key(ID)))
          .isInstanceOfSatisfying(S3Exception.class,
              e -> assertThat(e.statusCode()).isEqualTo(404));
      assertThat(calls()).containsExactly("GET " + current, "HEAD " + current);
      assertThat(http.wireText()).doesNotContain(old);
    }
  }

  @Test
  void read_afterAPlain404_stillFallsBackToTheOlderSecret() {
    try (HipaaS3Client s3 = rotated()) {
      String current = s3.objectKey(ID);
      String old = oldKey(ID);
      http.route(on(SdkHttpMethod.GET, current, NO_SUCH_KEY));
      s3.getObjectAsBytes(b -> b.bucket("b").key(ID));
      assertThat(calls()).containsExactly("GET " + current, "GET " + old);
    }
  }

  private static List<String> keysIn(String deleteBody) {
    List<String> keys = new ArrayList<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("<Key>([^<]*)</Key>")
        .matcher(deleteBody);
    while (m.find()) {
      keys.add(m.group(1));
    }
    return keys;
  }
}
