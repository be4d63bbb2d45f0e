package io.github.hipaas3.benchmarks;

import io.github.hipaas3.HipaaS3Client;
import io.github.hipaas3.KeyMode;
import io.github.hipaas3.examples.EmbeddedS3;
import io.github.hipaas3.internal.EncryptedPathMapper;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;

/**
 * {@code KeyMode.ENCRYPTED_PATHS} (issue 22): the cost of encrypting one key, and of a
 * 1,000-key listing page through hipaa-s3 (prefix encrypted, every key authenticated and
 * decrypted) against the same page listed by a raw {@link S3Client}, against one in-process
 * S3Mock over HTTPS in the same run. The difference between the two list rows is what
 * decrypting the page costs; the target is under 5% of the list call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgs = {"-Xmx1g"})
public class EncryptedPathsBenchmark {
  private static final String BUCKET = "paths-bench";
  private static final int KEYS = 1000;
  private EmbeddedS3 s3mock;
  private S3Client raw;
  private HipaaS3Client paths;
  private String storedPrefix;
  private int counter;
  private final EncryptedPathMapper mapper = new EncryptedPathMapper("", List.of(1),
      List.of(new SecretKeySpec(new byte[32], "HmacSHA256")));
  private final String[] storedKeys = new String[1024];

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    s3mock = new EmbeddedS3();
    raw = S3MockClients.raw(s3mock);
    raw.createBucket(b -> b.bucket(BUCKET));
    paths = S3MockClients.hipaa(s3mock).keyMode(KeyMode.ENCRYPTED_PATHS)
        .insecureDisableAudit(true).build();
    for (int i = 0; i < KEYS; i++) {
      String key = String.format("lab-reports/2026/report-%04d.json", i);
      paths.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromString("r"));
    }
    storedPrefix = paths.objectKey("lab-reports/2026/");
    for (int i = 0; i < storedKeys.length; i++) {
      storedKeys[i] = paths.objectKey("lab-reports/2026/report-" + i + ".json");
    }
    ListObjectsV2Response check = paths.listObjectsV2(b -> b.bucket(BUCKET)
        .prefix("lab-reports/2026/").maxKeys(KEYS));
    if (check.keyCount() != KEYS || !check.contents().get(0).key().startsWith("lab-reports/")) {
      throw new IllegalStateException("the listing does not return the 1,000 keys");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    paths.close();
    raw.close();
    s3mock.close();
  }

  /** The page of stored keys, listed by a raw client: the list call itself. */
  @Benchmark
  public Object listRaw1000() {
    return raw.listObjectsV2(b -> b.bucket(BUCKET).prefix(storedPrefix).maxKeys(KEYS));
  }

  /** The same page through hipaa-s3: the gate, the prefix encrypted, 1,000 keys decrypted. */
  @Benchmark
  public Object listEncryptedPaths1000() {
    return paths.listObjectsV2(b -> b.bucket(BUCKET).prefix("lab-reports/2026/")
        .maxKeys(KEYS));
  }

  /** One stored key of three segments authenticated and decrypted (the mapper alone). */
  @Benchmark
  public Object decryptKey() {
    return mapper.decrypt(storedKeys[counter++ & 1023], "ListObjectsV2");
  }

  /**
   * The decryption of one 1,000-key page alone: every key authenticated and decrypted, each
   * parent folder once per page (as a listing response is decrypted).
   */
  @Benchmark
  public Object decryptPage1000() {
    java.util.Map<String, String> parents = new java.util.HashMap<>();
    String last = null;
    for (int i = 0; i < KEYS; i++) {
      last = mapper.decrypt(storedKeys[i], "ListObjectsV2", parents);
    }
    return last;
  }

  /** One key of three segments encrypted ({@code objectKey}), in microseconds. */
  @Benchmark
  public Object encryptKey() {
    return paths.objectKey("lab-reports/2026/report-" + (counter++ & 1023) + ".json");
  }
}
