package io.github.hipaas3.benchmarks;

import io.github.hipaas3.EncryptionMode;
import io.github.hipaas3.HipaaS3Client;
import io.github.hipaas3.KeyHashingSecret;
import io.github.hipaas3.examples.EmbeddedS3;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;

/**
 * Issue 24, item 1: the throughput of a client-side get of a large object authenticated before
 * release (ciphertext spooled to a temporary file, tag checked, then decrypted from the file)
 * against the insecure streaming get of the same object, in the same run, against an in-process
 * S3Mock over HTTPS. Also the time to the first byte, and the peak size of the spool file,
 * sampled every 10 ms from {@code /proc/self/fd} (Linux; the file has no name while open).
 *
 * <p>Run: {@code java -Xmx512m -cp <classpath> io.github.hipaas3.benchmarks.AuthenticatedGetHarness
 * [bytes] [rounds] [spoolDirectory]}. Rounds alternate the two paths so that the machine's load
 * falls on both alike.
 */
public final class AuthenticatedGetHarness {
  private static final String BUCKET = "benchmark-bucket";
  private static final String ID = "large-object";

  private AuthenticatedGetHarness() {}

  /**
   * Runs the measurement.
   *
   * @param args size in bytes (default 1 GiB), rounds (default 3), spool directory (default
   *     java.io.tmpdir)
   * @throws Exception on any failure
   */
  public static void main(String[] args) throws Exception {
    long size = args.length > 0 ? Long.parseLong(args[0]) : 1L << 30;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    Path spool = args.length > 2 ? Paths.get(args[2])
        : Paths.get(System.getProperty("java.io.tmpdir"));
    byte[] aes = new byte[32];
    new Random(1).nextBytes(aes);
    SecretKey key = new SecretKeySpec(aes, "AES");
    try (EmbeddedS3 s3mock = new EmbeddedS3();
        HipaaS3Client authenticated = client(s3mock, key, spool, false);
        HipaaS3Client streaming = client(s3mock, key, spool, true)) {
      try (var raw = software.amazon.awssdk.services.s3.S3Client.builder()
          .region(Region.US_EAST_1).endpointOverride(s3mock.endpoint())
          .credentialsProvider(s3mock.credentials()).forcePathStyle(true)
          .httpClientBuilder(software.amazon.awssdk.http.apache.ApacheHttpClient.builder()
              .tlsTrustManagersProvider(s3mock.trust())).build()) {
        raw.createBucket(b -> b.bucket(BUCKET));
      }
      long t0 = System.nanoTime();
      authenticated.putObject(b -> b.bucket(BUCKET).key(ID),
          RequestBody.fromContentProvider(() -> new Pseudorandom(size), size,
              "application/octet-stream"));
      report("put", size, System.nanoTime() - t0, -1, -1);
      System.out.println("loadavg before gets: " + loadAverage());
      for (int round = 1; round <= rounds; round++) {
        for (boolean insecure : new boolean[] {true, false}) {
          HipaaS3Client client = insecure ? streaming : authenticated;
          AtomicBoolean running = new AtomicBoolean(true);
          AtomicLong peak = new AtomicLong();
          Thread sampler = new Thread(() -> {
            while (running.get()) {
              peak.accumulateAndGet(spoolBytes(spool), Math::max);
              try {
                Thread.sleep(10);
              } catch (InterruptedException e) {
                return;
              }
            }
          });
          sampler.setDaemon(true);
          sampler.start();
          long start = System.nanoTime();
          long firstByte = -1;
          long total = 0;
          byte[] buffer = new byte[1 << 16];
          try (InputStream in = client.getObject(b -> b.bucket(BUCKET).key(ID))) {
            for (int n; (n = in.read(buffer)) > 0; ) {
              if (firstByte < 0) {
                firstByte = System.nanoTime() - start;
              }
              total += n;
            }
          }
          long elapsed = System.nanoTime() - start;
          running.set(false);
          sampler.join();
          if (total != size) {
            throw new IllegalStateException("read " + total + " of " + size);
          }
          report((insecure ? "get streaming (insecure)  " : "get authenticated-first ")
              + " round " + round, size, elapsed, firstByte, peak.get());
        }
      }
      System.out.println("loadavg after gets: " + loadAverage());
      try {
        authenticated.deleteObject(b -> b.bucket(BUCKET).key(ID));
      } catch (RuntimeException e) {
        System.out.println("delete failed: " + e.getClass().getSimpleName());
      }
    }
  }

  private static HipaaS3Client client(EmbeddedS3 s3mock, SecretKey key, Path spool,
      boolean insecure) {
    return HipaaS3Client.builder().region(Region.US_EAST_1).endpointOverride(s3mock.endpoint())
        .credentialsProvider(s3mock.credentials()).forcePathStyle(true)
        .tlsTrustManagersProvider(s3mock.trust())
        .keyHashingSecret(KeyHashingSecret.fromBytes(1, new byte[32]))
        .encryption(EncryptionMode.clientSideAes(key))
        .authenticationSpoolDirectory(spool)
        .insecureReleaseUnauthenticatedPlaintext(insecure)
        // S3Mock keeps no Object Lock settings, reports versioning off, and keeps multipart
        // checksums per part.
        .insecureSkipBucketProtectionCheck(true)
        .insecureAllowReadingUnretainedObjects(true)
        .insecureAllowReadingWithoutChecksums(true)
        .build();
  }

  /** The bytes of open files of this JVM in the spool directory. */
  private static long spoolBytes(Path spool) {
    long total = 0;
    try (Stream<Path> fds = Files.list(Paths.get("/proc/self/fd"))) {
      for (Path fd : (Iterable<Path>) fds::iterator) {
        try {
          if (Files.readSymbolicLink(fd).toString().startsWith(spool.toString() + "/.hipaa-s3-")) {
            total += Files.size(fd);
          }
        } catch (IOException | RuntimeException gone) {
          // closed meanwhile
        }
      }
    } catch (IOException e) {
      return -1;
    }
    return total;
  }

  private static String loadAverage() {
    try {
      return Files.readString(Paths.get("/proc/loadavg"), StandardCharsets.US_ASCII).trim();
    } catch (IOException e) {
      return "n/a";
    }
  }

  private static void report(String what, long size, long nanos, long firstByteNanos,
      long peakSpool) {
    double seconds = nanos / 1e9;
    System.out.printf("%s: %.2f s, %.1f MB/s%s%s%n", what, seconds, size / 1e6 / seconds,
        firstByteNanos < 0 ? "" : String.format(", first byte after %.2f s",
            firstByteNanos / 1e9),
        peakSpool < 0 ? "" : ", peak spool " + peakSpool + " bytes");
  }

  /** A reproducible stream of pseudorandom bytes. */
  private static final class Pseudorandom extends InputStream {
    private final Random random = new Random(2);
    private long remaining;

    Pseudorandom(long size) {
      this.remaining = size;
    }

    @Override
    public int read() {
      if (remaining == 0) {
        return -1;
      }
      remaining--;
      return random.nextInt(256);
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (remaining == 0) {
        return -1;
      }
      int n = (int) Math.min(len, remaining);
      byte[] chunk = new byte[n];
      random.nextBytes(chunk);
      System.arraycopy(chunk, 0, b, off, n);
      remaining -= n;
      return n;
    }
  }
}
