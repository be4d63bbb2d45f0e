package io.github.hipaas3.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The verifier's JSON parser accepts the writer's flat objects and nothing looser. */
class StrictJsonTest {
  private static String roundTrip(String line) throws StrictJson.ParseException {
    StringBuilder out = new StringBuilder();
    StrictJson.render(out, StrictJson.parseObject(line));
    return out.toString();
  }

  @Test
  void theWritersForm_parsesAndRendersBackToTheSameText() throws Exception {
    String line = "{\"a\":\"x\\\"\\\\\\n\\u0001\\ud800\\u2028\u00e9\uD83D\uDE00\",\"n\":-12,"
        + "\"z\":0,\"b\":true,\"c\":false,\"o\":{\"k\":\"v\",\"m\":9223372036854775807},"
        + "\"e\":{}}";
    assertThat(roundTrip(line)).isEqualTo(line);
    Map<String, Object> m = StrictJson.parseObject(line);
    assertThat(m.keySet()).containsExactly("a", "n", "z", "b", "c", "o", "e");
    assertThat((String) m.get("a")).endsWith("\uD800\u2028\u00e9\uD83D\uDE00");
    assertThat(m.get("n")).isEqualTo(-12L);
  }

  @Test
  void anythingLooser_isRejected() {
    for (String bad : List.of("", " {}", "{} ", "{}{}", "{\"a\":1}x", "[1]", "\"a\"",
        "{\"a\":1,\"a\":1}", "{\"a\" :1}", "{\"a\":1,}", "{,}", "{\"a\":null}", "{\"a\":[1]}",
        "{\"a\":1.0}", "{\"a\":1e3}", "{\"a\":01}", "{\"a\":-}", "{\"a\":+1}",
        "{\"a\":99999999999999999999}", "{\"a\":tru}", "{\"a\":True}", "{a:1}", "{'a':1}",
        "{\"a\":\"x\ty\"}", "{\"a\":\"\\x\"}", "{\"a\":\"\\u12\"}", "{\"a\":\"\\u12g4\"}",
        "{\"a\":\"\\u\uFF11234\"}", "{\"a\":\"open}", "{\"a\":{\"b\":{}}}", "{\"a\":1")) {
      assertThatThrownBy(() -> StrictJson.parseObject(bad)).as(bad)
          .isInstanceOf(StrictJson.ParseException.class);
    }
  }

  @Test
  void parsedButNotCanonical_rendersDifferently() throws Exception {
    for (String loose : List.of("{\"a\":\"\\u0041\"}", "{\"a\":\"\\/\"}", "{\"a\":\"\\uD800\"}",
        "{\"a\":\"\\u00e9\"}", "{\"a\":-0}", "{\"a\":\"\\b\"}")) {
      assertThat(roundTrip(loose)).as(loose).isNotEqualTo(loose);
    }
  }
}
