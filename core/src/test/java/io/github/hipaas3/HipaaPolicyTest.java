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
        .withNonnullFields("region", "forcePathStyle", "insecureAllowLongTermStaticCredentials",
            "customHttpClient", "keyMode", "keyPrefix", "keyHashingVersions", "phiDetectors")
        .verify();
  }

  @Test
  void toString_showsOnlySchemeHostAndPortOfTheEndpoint() {
    HipaaPolicy policy = HipaaPolicy.of(Region.US_EAST_1,
        URI.create("https://s3.example.com:8443/tenant-123-45-6789"), true, false, false,
        KeyMode.HASHED, "tenant-a", List.of(2, 1), PhiDetectors.defaults());
    assertThat(policy.toString())
        .contains("https://s3.example.com:8443")
        .contains("keyMode=HASHED").contains("keyHashingVersions=[2, 1]")
        .doesNotContain("123-45-6789");
  }
}
