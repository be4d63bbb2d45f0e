package io.github.hipaas3.names;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.hipaas3.HipaaS3Client;
import io.github.hipaas3.testing.Capability;
import io.github.hipaas3.testing.S3ServerTest;
import io.github.hipaas3.testing.S3TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * The end-to-end check: application code written for a plain {@link S3Client}, with
 * PHI in its keys, switched to {@link HipaaS3Client}, stores and reads back its records; then
 * the server is searched from the outside (a plain client's listings, heads and tags, and for
 * S3Mock every file it wrote to disk) and no PHI canary is found.
 */
class PhiFreeNamesIT {
  static final String SSN = "123-45-6789";
  static final String NAME = "Jane Q. Canarypatient";
  static final String MRN = "MRN00424242";
  static final List<String> CANARIES = List.of(SSN, "123456789", NAME, "Canarypatient",
      "Canarypatient".toLowerCase(), MRN, "00424242", "xray.png", "notes.txt", "scan.dcm");

  static final String XRAY = "patients/" + SSN + "/xray.png";
  static final String NOTES = "patients/" + NAME + "/" + MRN + "/notes.txt";
  static final String NOTES_COPY = "patients/" + NAME + "/" + MRN + "/notes-copy.txt";
  static final String SCAN = "patients/" + SSN + "/scan.dcm";

  /** Unchanged application code: it only knows the S3Client interface. */
  static void clinicApplication(S3Client s3, String bucket) {
    s3.putObject(b -> b.bucket(bucket).key(XRAY).contentType("image/png")
        .metadata(Map.of("document-type", "x-ray", "department", "radiology"))
        .tagging("class=imaging"), RequestBody.fromString("xray body"));
    s3.putObject(b -> b.bucket(bucket).key(NOTES).contentType("text/plain")
        .contentDisposition("attachment; filename=\"notes.pdf\""),
        RequestBody.fromString("notes body"));
    if (s3 instanceof HipaaS3Client
        && ((HipaaS3Client) s3).policy().encryption().kind().clientSide()) {
      // Client-side objects are bound to their key, so a copy to another ID is refused.
      s3.putObject(b -> b.bucket(bucket).key(NOTES_COPY), RequestBody.fromBytes(
          s3.getObjectAsBytes(b -> b.bucket(bucket).key(NOTES)).asByteArray()));
    } else {
      s3.copyObject(b -> b.sourceBucket(bucket).sourceKey(NOTES)
          .destinationBucket(bucket).destinationKey(NOTES_COPY));
    }
    s3.putObjectTagging(b -> b.bucket(bucket).key(NOTES).tagging(t -> t.tagSet(
        Tag.builder().key("class").value("clinical-note").build())));

    byte[] part1 = new byte[5 * 1024 * 1024];
    if (s3 instanceof HipaaS3Client
        && ((HipaaS3Client) s3).policy().encryption().kind().clientSide()) {
      // Client-side mode uploads bodies above multipartThreshold in parts by itself.
      s3.putObject(b -> b.bucket(bucket).key(SCAN), RequestBody.fromBytes(
          java.util.Arrays.copyOf(part1, part1.length + 4)));
    } else {
      multipart(s3, bucket, part1);
    }
    readBack(s3, bucket, part1.length + 4L);
  }

  private static void multipart(S3Client s3, String bucket, byte[] part1) {
    String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(SCAN)).uploadId();
    String e1 = s3.uploadPart(b -> b.bucket(bucket).key(SCAN).uploadId(uploadId).partNumber(1),
        RequestBody.fromBytes(part1)).eTag();
    String e2 = s3.uploadPart(b -> b.bucket(bucket).key(SCAN).uploadId(uploadId).partNumber(2),
        RequestBody.fromString("tail")).eTag();
    s3.completeMultipartUpload(b -> b.bucket(bucket).key(SCAN).uploadId(uploadId)
        .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(e1).build(),
            CompletedPart.builder().partNumber(2).eTag(e2).build())));
    // An upload left open, so its key shows in the server's multipart listing.
    s3.createMultipartUpload(b -> b.bucket(bucket).key(SCAN + ".partial"));
  }

  private static void readBack(S3Client s3, String bucket, long scanLength) {
    assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key(XRAY)).asUtf8String())
        .isEqualTo("xray body");
    assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key(NOTES_COPY)).asUtf8String())
        .isEqualTo("notes body");
    if (!(s3 instanceof HipaaS3Client
        && ((HipaaS3Client) s3).policy().encryption().kind().clientSide())) {
      assertThat(s3.headObject(b -> b.bucket(bucket).key(SCAN)).contentLength())
          .isEqualTo(scanLength);
    }
    assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key(SCAN)).asByteArray())
        .hasSize((int) scanLength);
    assertThat(s3.getObjectTagging(b -> b.bucket(bucket).key(NOTES)).tagSet())
        .extracting(Tag::value).containsExactly("clinical-note");
    s3.deleteObject(b -> b.bucket(bucket).key(NOTES_COPY));
  }

  @S3ServerTest
  void plainS3ClientCode_withPhiInKeys_leavesNoPhiOnTheServer(S3TestServer server) {
    try (S3Client raw = server.rawClient(); HipaaS3Client s3 = server.hipaaClientBuilder()
        .multipartThreshold(5 * 1024 * 1024).build()) {
      String bucket = server.createBucket(raw);
      clinicApplication(s3, bucket);

      StringBuilder seen = new StringBuilder();
      List<String> keys = new ArrayList<>();
      for (S3Object o : raw.listObjectsV2Paginator(b -> b.bucket(bucket)).contents()) {
        keys.add(o.key());
      }
      assertThat(keys).containsExactlyInAnyOrder(
          s3.objectKey(XRAY), s3.objectKey(NOTES), s3.objectKey(SCAN));
      if (server.has(Capability.VERSIONING)) {
        raw.listObjectVersionsPaginator(b -> b.bucket(bucket)).stream().forEach(page -> {
          page.versions().forEach(v -> seen.append(v.key()).append('\n'));
          page.deleteMarkers().forEach(m -> seen.append(m.key()).append('\n'));
        });
      }
      raw.listMultipartUploads(b -> b.bucket(bucket)).uploads()
          .forEach(u -> seen.append(u.key()).append('\n'));
      for (String key : keys) {
        seen.append(key).append('\n');
        HeadObjectResponse head = raw.headObject(b -> b.bucket(bucket).key(key));
        seen.append(head.metadata()).append(head.contentType())
            .append(head.contentDisposition()).append('\n');
        raw.getObjectTagging(b -> b.bucket(bucket).key(key)).tagSet()
            .forEach(t -> seen.append(t.key()).append('=').append(t.value()).append('\n'));
      }
      server.storageRoot().ifPresent(root -> seen.append(filesUnder(root)));

      String text = seen.toString();
      assertThat(text).as("the scan saw the stored keys").contains(s3.objectKey(NOTES))
          .contains("clinical-note").contains("radiology");
      for (String canary : CANARIES) {
        assertThat(text).as("server-side view").doesNotContain(canary);
      }
      for (String key : keys) {
        assertThat(key).matches("v1/[bcdfghjkmnpqrstv]{64}");
      }
    }
  }

  /** Every file the server wrote, as text (object bodies here hold no canary). */
  private static String filesUnder(Path root) {
    StringBuilder text = new StringBuilder();
    try (Stream<Path> files = Files.walk(root)) {
      files.filter(Files::isRegularFile).forEach(f -> {
        text.append(f).append('\n');
        try {
          text.append(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(text).as("files were scanned").isNotEmpty();
    return text.toString();
  }
}
