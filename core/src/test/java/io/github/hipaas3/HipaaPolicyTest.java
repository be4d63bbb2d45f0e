package io.github.hipaas3;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import nl.jqno.equalsverifier.EqualsVerifier;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;

class HipaaPolicyTest {

  @Test
  void equalsAndHashCode_followTheContract() {
    EqualsVerifier.forClass(HipaaPolicy.class)
        .withPrefabValues(Region.class, Region.US_EAST_1, Region.EU_WEST_1)
        .withNonnullFields("region", "forcePathStyle", "insecureAllowLongTermStaticCredentials",
            "customHttpClient")
        .verify();
  }

  @Test
  void toString_showsOnlySchemeHostAndPortOfTheEndpoint() {
    HipaaPolicy policy = HipaaPolicy.of(Region.US_EAST_1,
        URI.create("https://s3.example.com:8443/tenant-123-45-6789"), true, false, false);
    assertThat(policy.toString())
        .contains("https://s3.example.com:8443")
        .doesNotContain("123-45-6789");
  }
}
