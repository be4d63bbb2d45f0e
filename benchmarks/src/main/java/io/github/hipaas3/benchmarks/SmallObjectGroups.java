package io.github.hipaas3.benchmarks;

import io.github.hipaas3.EncryptionMode;
import io.github.hipaas3.HipaaS3Client;
import io.github.hipaas3.KmsDataKeyCache;
import io.github.hipaas3.SseCustomerKey;
import io.github.hipaas3.SseCustomerKeyProvider;
import io.github.hipaas3.audit.AuditSealingKey;
import io.github.hipaas3.audit.AuditSinks;
import io.github.hipaas3.examples.EmbeddedS3;
import io.github.hipaas3.testing.S3Servers;
import io.github.hipaas3.testing.S3TestServer;
import io.github.hipaas3.testing.ServerKind;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;

/**
 * The clients {@link SmallObjectsHarness} compares, in groups that share one server and one
 * bucket. The first client of each group is the raw {@link S3Client}, the baseline of its
 * group's ratios.
 */
final class SmallObjectGroups {
  private SmallObjectGroups() {}

  /** One client under measurement; {@code id} is letters only (it goes into object keys). */
  record Subject(String id, String name, S3Client client) {
    /** How many more bytes a get returns than were put (a same-request client's ciphertext). */
    int getOverhead(int size) {
      return client instanceof SameRequestClient same ? same.getOverhead(size) : 0;
    }
  }

  /**
   * A server, its bucket and its clients, with a sentence on how they are set up for the
   * report; closing it closes the clients, then the server.
   */
  record Group(String name, String setup, String bucket, List<Subject> subjects,
      List<AutoCloseable> closeables) implements AutoCloseable {
    @Override
    public void close() throws Exception {
      closeAll(closeables);
    }
  }

  /** Makes a group, adding what it opens to the list it is given. */
  @FunctionalInterface
  private interface Maker {
    Group make(List<AutoCloseable> closeables) throws Exception;
  }

  /** Makes a group; if that fails, closes what it had opened. */
  private static Group closingOnFailure(Maker maker) throws Exception {
    List<AutoCloseable> closeables = new ArrayList<>();
    try {
      return maker.make(closeables);
    } catch (Exception | Error e) {
      try {
        closeAll(closeables);
      } catch (Exception suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /** Closes in reverse order of opening; the first failure is thrown after all are closed. */
  private static void closeAll(List<AutoCloseable> closeables) throws Exception {
    Exception first = null;
    for (int i = closeables.size() - 1; i >= 0; i--) {
      try {
        closeables.get(i).close();
      } catch (Exception e) {
        if (first == null) {
          first = e;
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  /**
   * The in-process S3Mock over HTTPS: raw client; raw clients sending SSE-C's and client-side
   * AES's requests ({@link SameRequestClient}: the server's and the SDK's share of each mode);
   * stock S3 Encryption Client v4 (AES key); hipaa-s3 client-side AES; hipaa-s3 SSE-C. S3Mock
   * keeps no Object Lock settings, so the hipaa-s3 clients skip the bucket check and read
   * unretained objects (as in the other S3Mock benchmarks).
   */
  static Group s3mock(String audit, Path auditDirectory, int[] sizes) throws Exception {
    long largestObject = Arrays.stream(sizes).max().orElse(0);
    return closingOnFailure(closeables -> {
      EmbeddedS3 s3mock = new EmbeddedS3();
      closeables.add(s3mock);
      String bucket = "small-objects";
      S3Client raw = track(closeables, S3MockClients.raw(s3mock));
      raw.createBucket(b -> b.bucket(bucket));
      Random random = new Random(1);
      byte[] aes = new byte[32];
      random.nextBytes(aes);
      SecretKey key = new SecretKeySpec(aes, "AES");
      byte[] sseC = new byte[SseCustomerKey.LENGTH];
      random.nextBytes(sseC);
      HipaaS3Client clientSide = track(closeables, withAudit(S3MockClients.hipaa(s3mock)
          .encryption(EncryptionMode.clientSideAes(key)), audit, auditDirectory, "s3mock-aes")
          .build());
      HipaaS3Client sseCClient = track(closeables, withAudit(S3MockClients.hipaa(s3mock)
          .encryption(EncryptionMode.sseC(SseCustomerKeyProvider.single(
              SseCustomerKey.fromBytes(sseC)))), audit, auditDirectory, "s3mock-ssec").build());
      ChecksumAlgorithm checksum = clientSide.policy().integrity().checksumAlgorithm();
      List<Subject> subjects = List.of(
          new Subject("raw", "raw S3Client", raw),
          new Subject("rawssec", "raw S3Client, SSE-C's requests",
              SameRequestClient.sseC(raw, checksum, sseC)),
          new Subject("rawaes", "raw S3Client, client-side AES's requests",
              SameRequestClient.clientSide(raw, checksum,
                  templates(clientSide, raw, bucket, sizes))),
          new Subject("stock", "stock S3EncryptionClient v4 (AES)",
              track(closeables, S3MockClients.stock(s3mock, key, Math.max(largestObject,
                  64L << 20)))),
          new Subject("aes", "HipaaS3Client client-side AES", clientSide),
          new Subject("ssec", "HipaaS3Client SSE-C", sseCClient));
      return new Group("S3Mock", "In-process S3Mock over HTTPS. S3Mock keeps no Object Lock "
          + "settings: the hipaa-s3 clients skip the bucket check and read unretained objects "
          + "(opt-ins), so no Object Lock headers are sent; the WARN each such read logs is "
          + "turned off (" + SmallObjectsHarness.RETENTION_LOG_LEVEL + "="
          + System.getProperty(SmallObjectsHarness.RETENTION_LOG_LEVEL) + "). hipaa-s3 audit: "
          + audit + ".",
          bucket, subjects, closeables);
    });
  }

  /**
   * moto server with KMS over HTTPS, started as the core tests start it ({@link S3Servers}):
   * raw client, hipaa-s3 SSE-KMS, hipaa-s3 client-side KMS without and with the opt-in data key
   * cache, with a KMS key made on moto. The bucket has Object Lock and a default GOVERNANCE rule
   * of one day, and the hipaa-s3 clients run every check they run against AWS (no opt-ins).
   * Object Lock keeps every version, so moto's memory grows by every byte put (about 2 GB in a
   * default run).
   */
  static Group moto(String audit, Path auditDirectory) throws Exception {
    S3TestServer server = S3Servers.get(ServerKind.MOTO);
    return closingOnFailure(closeables -> {
      S3Client raw = track(closeables, server.rawClient());
      KmsClient kms = track(closeables, server.kmsClient());
      String arn = kms.createKey().keyMetadata().arn();
      String bucket = server.createBucket(raw);
      List<Subject> subjects = List.of(
          new Subject("raw", "raw S3Client", raw),
          new Subject("ssekms", "HipaaS3Client SSE-KMS", track(closeables,
              withAudit(server.hipaaClientBuilder(EncryptionMode.sseKms(arn)), audit,
                  auditDirectory, "moto-ssekms").build())),
          new Subject("cskms", "HipaaS3Client client-side KMS", track(closeables,
              withAudit(server.hipaaClientBuilder(EncryptionMode.clientSideKms(kms, arn)),
                  audit, auditDirectory, "moto-cskms").build())),
          new Subject("cskmscache", "HipaaS3Client client-side KMS, data key cache",
              track(closeables, withAudit(server.hipaaClientBuilder(
                  EncryptionMode.clientSideKms(kms, arn))
                  .kmsDataKeyCache(KmsDataKeyCache.defaults()), audit, auditDirectory,
                  "moto-cskms-cache").build())));
      return new Group("moto", "moto server (KMS and S3) over HTTPS, a separate Python "
          + "process. The bucket has Object Lock and a default GOVERNANCE rule of one day; the "
          + "hipaa-s3 clients run every check, with no opt-ins. hipaa-s3 audit: " + audit + ".",
          bucket, subjects, closeables);
    });
  }

  /**
   * For each size, the ciphertext and metadata the client-side client stored for a random body
   * of that size, read back raw.
   */
  private static Map<Integer, SameRequestClient.Template> templates(HipaaS3Client clientSide,
      S3Client raw, String bucket, int[] sizes) {
    Map<Integer, SameRequestClient.Template> templates = new HashMap<>();
    for (int size : sizes) {
      byte[] body = new byte[size];
      new Random(size).nextBytes(body);
      String id = "small/template-" + size;
      clientSide.putObject(b -> b.bucket(bucket).key(id), RequestBody.fromBytes(body));
      String stored = clientSide.objectKey(id);
      templates.put(size, new SameRequestClient.Template(
          raw.getObjectAsBytes(b -> b.bucket(bucket).key(stored)).asByteArray(),
          raw.headObject(b -> b.bucket(bucket).key(stored)).metadata()));
    }
    return templates;
  }

  /** Sets the audit the harness was asked for: the sealed file sink, none, or the default. */
  static HipaaS3Client.Builder withAudit(HipaaS3Client.Builder builder, String audit,
      Path directory, String name) throws IOException {
    switch (audit) {
      case "file":
        return builder.audit(AuditSinks.jsonLines(directory.resolve(name + ".jsonl"),
            AuditSealingKey.generate()));
      case "off":
        return builder.insecureDisableAudit(true);
      default:
        return builder;
    }
  }

  private static <T extends AutoCloseable> T track(List<AutoCloseable> closeables, T closeable) {
    closeables.add(closeable);
    return closeable;
  }
}
