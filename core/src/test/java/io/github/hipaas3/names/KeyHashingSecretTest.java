package io.github.hipaas3.names;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.hipaas3.KeyHashingSecret;
import java.io.Serializable;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class KeyHashingSecretTest {
  private static final byte[] BYTES = HexFormat.of().parseHex(
      "c0ffee00deadbeef0123456789abcdef00112233445566778899aabbccddeeff");

  @Test
  void toString_printsTheVersionOnly() {
    KeyHashingSecret secret = KeyHashingSecret.fromBytes(3, BYTES);
    String text = secret.toString();
    assertThat(text).contains("version=3").contains("redacted");
    String hex = HexFormat.of().formatHex(BYTES);
    assertThat(text.toLowerCase()).doesNotContain(hex.substring(0, 8))
        .doesNotContain("c0ffee").doesNotContain("deadbeef");
    assertThat(text).doesNotContain(java.util.Base64.getEncoder().encodeToString(BYTES)
        .substring(0, 8));
  }

  @Test
  void isNotSerializable() {
    assertThat(Serializable.class.isAssignableFrom(KeyHashingSecret.class)).isFalse();
  }

  @Test
  void fromBytes_copiesTheArray() {
    byte[] bytes = BYTES.clone();
    KeyHashingSecret secret = KeyHashingSecret.fromBytes(1, bytes);
    Arrays.fill(bytes, (byte) 0);
    assertThat(secret).isEqualTo(KeyHashingSecret.fromBytes(1, BYTES));
  }

  @Test
  void equals_comparesVersionAndBytes() {
    byte[] other = BYTES.clone();
    other[31] ^= 1;
    KeyHashingSecret a = KeyHashingSecret.fromBytes(1, BYTES);
    assertThat(a).isEqualTo(KeyHashingSecret.fromBytes(1, BYTES))
        .hasSameHashCodeAs(KeyHashingSecret.fromBytes(1, BYTES))
        .isNotEqualTo(KeyHashingSecret.fromBytes(1, other))
        .isNotEqualTo(KeyHashingSecret.fromBytes(2, BYTES))
        .isNotEqualTo(null)
        .isNotEqualTo("secret");
  }

  @Test
  void shortSecretsAndBadVersions_areRefused() {
    assertThatThrownBy(() -> KeyHashingSecret.fromBytes(1, new byte[31]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32 bytes");
    assertThatThrownBy(() -> KeyHashingSecret.fromBytes(0, BYTES))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KeyHashingSecret.fromBytes(KeyHashingSecret.MAX_VERSION + 1, BYTES))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KeyHashingSecret.fromBytes(1, null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void generate_makesDistinctSecrets() {
    assertThat(KeyHashingSecret.generate(1)).isNotEqualTo(KeyHashingSecret.generate(1));
    assertThat(KeyHashingSecret.generate(7).version()).isEqualTo(7);
  }
}
