package io.github.hipaas3.names;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.hipaas3.HipaaS3Client;
import io.github.hipaas3.KeyHashingSecret;
import io.github.hipaas3.testing.RecordingHttpClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;

/**
 * Known-answer vectors for the object-key format, generated independently (Python's hmac
 * module) and committed as JSON: a change to the format, the encoding or the MAC input breaks
 * every stored key, and this test.
 */
class KeyHashingVectorsTest {

  static Stream<Arguments> vectors() throws IOException {
    try (InputStream in = KeyHashingVectorsTest.class.getResourceAsStream(
        "/key-hashing-vectors.json")) {
      JsonNode doc = JsonNodeParser.create().parse(in);
      List<JsonNode> vectors = doc.asObject().get("vectors").asArray();
      assertThat(vectors).hasSizeGreaterThanOrEqualTo(10);
      return vectors.stream().map(v -> Arguments.of(
          v.field("description").get().asString(),
          v.field("secretHex").get().asString(),
          Integer.parseInt(v.field("version").get().asNumber()),
          v.field("prefix").get().asString(),
          v.field("objectIdUtf8Hex").get().asString(),
          v.field("objectId").get().asString(),
          v.field("key").get().asString()));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void objectKey_matchesTheVector(String description, String secretHex, int version,
      String prefix, String objectIdUtf8Hex, String objectId, String expectedKey) {
    // The JSON's objectId and its UTF-8 hex must agree, so the vector tests the bytes we think.
    assertThat(HexFormat.of().formatHex(objectId.getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(objectIdUtf8Hex);
    KeyHashingSecret secret = KeyHashingSecret.fromBytes(version,
        HexFormat.of().parseHex(secretHex));
    HipaaS3Client.Builder builder = new RecordingHttpClient().hipaaClientBuilder()
        .keyHashingSecret(secret);
    if (!prefix.isEmpty()) {
      builder.keyPrefix(prefix);
    }
    try (HipaaS3Client client = builder.build()) {
      assertThat(client.objectKey(objectId)).isEqualTo(expectedKey);
      // Idempotent: a stored key maps to itself.
      assertThat(client.objectKey(expectedKey)).isEqualTo(expectedKey);
    }
  }
}
