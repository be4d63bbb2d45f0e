package io.github.hipaas3;

import io.github.hipaas3.testing.S3ServerTest;
import io.github.hipaas3.testing.S3TestServer;
import io.github.hipaas3.testing.ServerKind;
import io.github.hipaas3.testing.TestSecrets;
import java.util.List;
import java.util.Random;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Assumptions;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The long run of the fault tier: random cases of {@link FaultInjectionIT}, in random modes,
 * many times over (system property {@code hipaas3.soak.rounds}, default 200; the seed is
 * printed and can be set with {@code hipaas3.soak.seed}). Not run by default: {@code mvn -pl
 * core verify -Pfault-soak -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class FaultSoak {
  @S3ServerTest
  void randomFaults_manyTimes(S3TestServer server) {
    Assumptions.assumeTrue(server.kind() != ServerKind.LOCALSTACK, "S3Mock and moto only");
    int rounds = Integer.getInteger("hipaas3.soak.rounds", 200);
    long seed = Long.getLong("hipaas3.soak.seed", System.nanoTime());
    System.out.printf("FaultSoak %s: %d rounds, seed %d%n", server.kind().id(), rounds, seed);
    Random random = new Random(seed);
    List<EncryptionMode> modes = List.of(EncryptionMode.clientSideAes(TestSecrets.aesKey()),
        server.kind() == ServerKind.MOTO ? EncryptionMode.sseKms(TestSecrets.KMS_KEY_ARN)
            : EncryptionMode.sseC(SseCustomerKeyProvider.single(SseCustomerKey.generate())));
    SoftAssertions softly = new SoftAssertions();
    try (S3Client raw = server.rawClient()) {
      String bucket = server.createBucket(raw);
      for (int i = 0; i < rounds; i++) {
        EncryptionMode mode = modes.get(random.nextInt(modes.size()));
        List<FaultInjectionIT.Case> cases = FaultInjectionIT.cases(mode.kind().clientSide());
        FaultInjectionIT.runCase(server, raw, bucket, mode,
            cases.get(random.nextInt(cases.size())), "soak-" + i + "/123-45-6789.txt", softly);
      }
      softly.assertThat(raw.listMultipartUploads(b -> b.bucket(bucket)).uploads())
          .as("no multipart upload left open").isEmpty();
    }
    softly.assertAll();
  }
}
