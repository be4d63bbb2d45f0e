package io.github.hipaas3;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import nl.jqno.equalsverifier.EqualsVerifier;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;

class HipaaPolicyTest {

  @Test
  void equalsAndHashCode_followTheContract() {
    EqualsVerifier.forClass(HipaaPolicy.class)
        .withPrefabValues(Region.class, Region.US_EAST_1, Region.EU_WEST_1)
        .withPrefabValues(PhiDetectors.class, PhiDetectors.defaults(), PhiDetectors.builtIn(9))
        .withPrefabValues(ObjectRetention.class, ObjectRetention.defaults(), ObjectRetention.of(
            software.amazon.awssdk.services.s3.model.ObjectLockMode.GOVERNANCE,
            java.time.Period.ofYears(7)))
        .withNonnullFields("region", "forcePathStyle", "insecureAllowLongTermStaticCredentials",
            "customHttpClient", "keyMode", "keyPrefix", "keyHashingVersions",
            "acceptStoredKeyForm", "phiDetectors", "encryption",
            "insecureAllowReadingUnencryptedObjects",
            "insecureAllowUnauthenticatedRangedGets", "insecureAllowUnboundClientSideObjects",
            "insecureAllowPermanentVersionDeletion",
            "insecureAllowBypassGovernanceRetention", "retention", "checksumAlgorithm",
            "insecureAllowReadingUnretainedObjects", "insecureAllowReadingWithoutChecksums",
            "insecureSkipBucketProtectionCheck", "insecureDisableAudit", "auditQueueCapacity",
            "auditQueueFullPolicy", "postureCheck", "postureCacheFor",
            "insecureReleaseUnauthenticatedPlaintext")
        .verify();
  }

  @Test
  void toString_showsOnlySchemeHostAndPortOfTheEndpoint() {
    HipaaPolicy policy = HipaaPolicy.of(Region.US_EAST_1,
        URI.create("https://s3.example.com:8443/tenant-123-45-6789"), true, false, false,
        KeyMode.HASHED, "tenant-a", List.of(2, 1), false, PhiDetectors.defaults(),
        EncryptionMode.Kind.SSE_KMS, "arn:aws:kms:us-east-1:111122223333:key/k", false, false, true,
        true, false,
        ObjectRetention.defaults(), software.amazon.awssdk.services.s3.model.ChecksumAlgorithm.CRC32_C,
        false, false, false, false, 10_000, io.github.hipaas3.audit.QueueFullPolicy.FAIL,
        io.github.hipaas3.posture.PostureCheck.WARN, java.time.Duration.ofMinutes(5), true);
    assertThat(policy.toString())
        .contains("https://s3.example.com:8443")
        .contains("keyMode=HASHED").contains("keyHashingVersions=[2, 1]")
        .contains("acceptStoredKeyForm=false")
        .contains("encryption=SSE_KMS")
        .contains("insecureAllowPermanentVersionDeletion=true")
        .contains("insecureAllowUnboundClientSideObjects=true")
        .contains("checksumAlgorithm=CRC32C").contains("auditQueueFullPolicy=FAIL")
        .contains("postureCheck=WARN")
        .contains("insecureReleaseUnauthenticatedPlaintext=true").contains("mode=COMPLIANCE, minimumPeriod=P6Y")
        .doesNotContain("123-45-6789");
  }
}
