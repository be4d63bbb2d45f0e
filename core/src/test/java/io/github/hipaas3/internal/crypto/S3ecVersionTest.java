package io.github.hipaas3.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import software.amazon.encryption.s3.S3EncryptionClient;

/**
 * hipaa-s3 uses internal classes of the S3 Encryption Client (through {@link S3ecInternals}),
 * which can change in any release. An upgrade must re-run the interoperability tests and then
 * move {@link S3ecInternals#TESTED_VERSION}; until then this test fails.
 */
class S3ecVersionTest {

  @Test
  void theS3EncryptionClientOnTheClassPath_isTheVersionTheAdapterWasTestedWith()
      throws Exception {
    Properties pom = new Properties();
    try (InputStream in = S3EncryptionClient.class.getResourceAsStream("/META-INF/maven/"
        + "software.amazon.encryption.s3/amazon-s3-encryption-client-java/pom.properties")) {
      assertThat(in).as("the S3 Encryption Client jar's pom.properties").isNotNull();
      pom.load(in);
    }
    assertThat(pom.getProperty("version"))
        .as("S3 Encryption Client version; after an upgrade, run ClientSideEncryptionIT,"
            + " ObjectBindingIT and AuthenticatedFirstIT, review S3ecInternals, then update"
            + " S3ecInternals.TESTED_VERSION")
        .isEqualTo(S3ecInternals.TESTED_VERSION);
  }
}
