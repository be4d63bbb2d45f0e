package io.github.hipaas3.encryption;

import io.github.hipaas3.EncryptionMode;
import io.github.hipaas3.HipaaS3Client;
import io.github.hipaas3.testing.S3TestServer;
import io.github.hipaas3.testing.TestCertificates;
import io.github.hipaas3.testing.TestSecrets;
import java.io.InputStream;
import java.net.URI;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.SplittableRandom;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;

/**
 * Run in a child JVM with a small heap by {@code LargeObjectStreamingIT}: puts and gets one
 * large object with client-side encryption against S3Mock and checks the plaintext's SHA-256.
 * Prints {@code OK <bytes> put=<MB/s> get=<MB/s> maxHeap=<MiB>}.
 */
public final class LargeObjectProgram {
  private LargeObjectProgram() {}

  /** A deterministic pseudo-random body, generated as it is read. */
  static InputStream body(long length) {
    return new InputStream() {
      private final SplittableRandom random = new SplittableRandom(1234);
      private long remaining = length;

      @Override
      public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (remaining == 0) {
          return -1;
        }
        int n = (int) Math.min(len, remaining);
        for (int i = 0; i < n; i++) {
          b[off + i] = (byte) random.nextInt(256);
        }
        remaining -= n;
        return n;
      }
    };
  }

  public static void main(String[] args) throws Exception {
    URI endpoint = URI.create(args[0]);
    String bucket = args[1];
    long length = Long.parseLong(args[2]);
    try (HipaaS3Client s3 = HipaaS3Client.builder()
        .region(Region.US_EAST_1)
        .endpointOverride(endpoint)
        .credentialsProvider(S3TestServer.testCredentials())
        .tlsTrustManagersProvider(TestCertificates.trustOnly(
            TestCertificates.s3MockCertificate()))
        .forcePathStyle(true)
        .keyHashingSecret(TestSecrets.keyHashing())
        .encryption(EncryptionMode.clientSideAes(TestSecrets.aesKey()))
        // S3Mock gaps (see S3TestServer): no Object Lock, versioning or full-object checksums.
        .insecureSkipBucketProtectionCheck(true)
        .insecureAllowReadingUnretainedObjects(true)
        .insecureAllowReadingWithoutChecksums(true)
        .build()) {
      String id = "patients/123-45-6789/whole-slide-image.svs";
      long start = System.nanoTime();
      s3.putObject(b -> b.bucket(bucket).key(id),
          RequestBody.fromContentProvider(() -> body(length), length,
              "application/octet-stream"));
      double putSeconds = (System.nanoTime() - start) / 1e9;

      MessageDigest expected = MessageDigest.getInstance("SHA-256");
      try (InputStream in = body(length)) {
        byte[] buffer = new byte[1 << 16];
        for (int n; (n = in.read(buffer)) > 0; ) {
          expected.update(buffer, 0, n);
        }
      }
      start = System.nanoTime();
      MessageDigest actual = MessageDigest.getInstance("SHA-256");
      long read = 0;
      try (InputStream in = s3.getObject(b -> b.bucket(bucket).key(id))) {
        byte[] buffer = new byte[1 << 16];
        for (int n; (n = in.read(buffer)) > 0; ) {
          actual.update(buffer, 0, n);
          read += n;
        }
      }
      double getSeconds = (System.nanoTime() - start) / 1e9;
      String want = HexFormat.of().formatHex(expected.digest());
      String got = HexFormat.of().formatHex(actual.digest());
      if (read != length || !want.equals(got)) {
        System.out.println("MISMATCH read=" + read + " want=" + want + " got=" + got);
        System.exit(2);
      }
      System.out.printf("OK %d put=%.0f get=%.0f maxHeap=%d%n", length,
          length / 1e6 / putSeconds, length / 1e6 / getSeconds,
          Runtime.getRuntime().maxMemory() >> 20);
    }
  }
}
