package io.github.hipaas3.posture;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;

/**
 * A bucket policy, parsed as JSON, and the one question the auditor asks of it: does it deny,
 * to everyone, a set of actions on a set of resources under exactly one condition? A statement
 * with other conditions, NotAction, NotResource or NotPrincipal does not count: it denies less
 * than the control requires, or something other than what it looks like.
 */
final class PolicyDocument {
  /** One condition: operator, key (lower case; IAM keys are case-insensitive) and values. */
  static final class Condition {
    final String operator;
    final String key;
    final List<String> values;

    Condition(String operator, String key, List<String> values) {
      this.operator = operator;
      this.key = key;
      this.values = values;
    }
  }

  private static final class Statement {
    boolean deny;
    boolean everyone;
    boolean negated;
    List<String> actions = List.of();
    List<String> resources = List.of();
    List<Condition> conditions = List.of();
  }

  private final List<Statement> statements;

  private PolicyDocument(List<Statement> statements) {
    this.statements = statements;
  }

  /**
   * Parses a policy.
   *
   * @param json the policy JSON
   * @return the policy
   * @throws IllegalArgumentException if it is not a JSON object with a Statement
   */
  static PolicyDocument parse(String json) {
    JsonNode root;
    try {
      root = JsonNodeParser.create().parse(json);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("the bucket policy is not valid JSON", e);
    }
    if (!root.isObject() || !root.asObject().containsKey("Statement")) {
      throw new IllegalArgumentException("the bucket policy has no Statement");
    }
    List<Statement> out = new ArrayList<>();
    for (JsonNode s : list(root.asObject().get("Statement"))) {
      if (!s.isObject()) {
        continue;
      }
      Map<String, JsonNode> o = s.asObject();
      Statement st = new Statement();
      st.deny = o.containsKey("Effect") && o.get("Effect").isString()
          && "Deny".equals(o.get("Effect").asString());
      st.negated = o.containsKey("NotAction") || o.containsKey("NotResource")
          || o.containsKey("NotPrincipal");
      st.everyone = everyone(o.get("Principal"));
      st.actions = strings(o.get("Action"));
      st.resources = strings(o.get("Resource"));
      st.conditions = conditions(o.get("Condition"));
      out.add(st);
    }
    return new PolicyDocument(Collections.unmodifiableList(out));
  }

  /**
   * The single condition of a statement that denies all of the actions on all of the
   * resources to everyone, for each such statement.
   *
   * @param actions actions that must all be denied (for example s3:PutObject)
   * @param resources ARNs that must all be covered
   * @return the conditions of the matching single-condition deny statements
   */
  List<Condition> denyConditions(List<String> actions, List<String> resources) {
    List<Condition> found = new ArrayList<>();
    for (Statement s : statements) {
      if (!s.deny || !s.everyone || s.negated || s.conditions.size() != 1) {
        continue;
      }
      if (actions.stream().allMatch(a -> s.actions.stream().anyMatch(p -> glob(p, a, true)))
          && resources.stream().allMatch(r -> s.resources.stream()
              .anyMatch(p -> glob(p, r, false)))) {
        found.add(s.conditions.get(0));
      }
    }
    return found;
  }

  private static boolean everyone(@Nullable JsonNode principal) {
    if (principal == null) {
      return false;
    }
    if (principal.isString()) {
      return "*".equals(principal.asString());
    }
    if (principal.isObject()) {
      JsonNode aws = principal.asObject().get("AWS");
      return aws != null && strings(aws).contains("*");
    }
    return false;
  }

  private static List<Condition> conditions(@Nullable JsonNode node) {
    if (node == null || !node.isObject()) {
      return List.of();
    }
    List<Condition> out = new ArrayList<>();
    for (Map.Entry<String, JsonNode> op : node.asObject().entrySet()) {
      if (!op.getValue().isObject()) {
        continue;
      }
      for (Map.Entry<String, JsonNode> key : op.getValue().asObject().entrySet()) {
        out.add(new Condition(op.getKey(), key.getKey().toLowerCase(Locale.ROOT),
            strings(key.getValue())));
      }
    }
    return out;
  }

  private static List<JsonNode> list(@Nullable JsonNode node) {
    if (node == null) {
      return List.of();
    }
    return node.isArray() ? node.asArray() : List.of(node);
  }

  /** A string, a boolean, a number, or an array of them, as strings. */
  private static List<String> strings(@Nullable JsonNode node) {
    List<String> out = new ArrayList<>();
    for (JsonNode n : list(node)) {
      if (n.isString()) {
        out.add(n.asString());
      } else if (n.isBoolean()) {
        out.add(Boolean.toString(n.asBoolean()));
      } else if (n.isNumber()) {
        out.add(n.asNumber());
      }
    }
    return out;
  }

  /** IAM-style wildcard match ({@code *} and {@code ?}). */
  static boolean glob(String pattern, String value, boolean ignoreCase) {
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '*') {
        regex.append(".*");
      } else if (c == '?') {
        regex.append('.');
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString(), ignoreCase ? Pattern.CASE_INSENSITIVE : 0)
        .matcher(value).matches();
  }

  @Override
  public String toString() {
    Map<String, Integer> summary = new LinkedHashMap<>();
    summary.put("statements", statements.size());
    return "PolicyDocument" + summary;
  }
}
