package io.github.hipaas3.audit;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** The keys each kind of audit log record may hold, and the check of a record against them. */
final class AuditSchema {
  private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

  private AuditSchema() {}

  /** One allowed key of a record: its name, its kind (S, N, B or O) and whether it is required. */
  static final class Key {
    final String name;
    final char kind;
    final boolean required;

    Key(String name, char kind, boolean required) {
      this.name = name;
      this.kind = kind;
      this.required = required;
    }
  }

  static Key req(String name, char kind) {
    return new Key(name, kind, true);
  }

  static Key opt(String name, char kind) {
    return new Key(name, kind, false);
  }

  static final List<Key> OPEN = List.of(req("seq", 'N'), req("prev", 'S'),
      req("type", 'S'), req("format", 'N'), req("file", 'S'), req("time", 'S'),
      opt("segment", 'N'), opt("previousStatus", 'S'), opt("previousFile", 'S'),
      opt("previousSealLine", 'N'),
      opt("previousMac", 'S'));
  static final List<Key> RESUME = List.of(req("seq", 'N'), req("prev", 'S'),
      req("type", 'S'), req("time", 'S'));
  static final List<Key> EVENT = List.of(req("seq", 'N'), req("prev", 'S'),
      req("type", 'S'), req("event", 'O'));
  static final List<Key> SEAL = List.of(req("seq", 'N'), req("prev", 'S'),
      req("type", 'S'), req("file", 'S'), req("from", 'N'), req("final", 'B'),
      req("mac", 'S'));
  static final List<Key> AUDIT_EVENT = List.of(req("time", 'S'), req("operation", 'S'),
      opt("bucket", 'S'), opt("objectKey", 'S'), opt("versionId", 'S'), req("outcome", 'S'),
      opt("violationCode", 'S'), opt("errorClass", 'S'), opt("requestId", 'S'),
      opt("actor", 'S'), opt("bytes", 'N'), req("durationMicros", 'N'), opt("encryption", 'S'),
      opt("retainUntil", 'S'), opt("callId", 'S'));

  /** Checks keys (known, in order, required present) and kinds; returns what is wrong. */
  static @Nullable String check(Map<String, Object> record, List<Key> schema) {
    int k = 0;
    for (Map.Entry<String, Object> e : record.entrySet()) {
      while (k < schema.size() && !schema.get(k).name.equals(e.getKey())) {
        if (schema.get(k).required) {
          return "a required key is missing or keys are out of order";
        }
        k++;
      }
      if (k == schema.size()) {
        return "an unknown key, or keys out of order";
      }
      Object v = e.getValue();
      char kind = schema.get(k).kind;
      boolean ok = kind == 'S' ? v instanceof String : kind == 'N' ? v instanceof Long
          : kind == 'B' ? v instanceof Boolean : v instanceof Map;
      if (!ok) {
        return "a value of the wrong type";
      }
      k++;
    }
    for (; k < schema.size(); k++) {
      if (schema.get(k).required) {
        return "a required key is missing";
      }
    }
    if (record.get("prev") instanceof String && !HASH.matcher((String) record.get("prev"))
        .matches()) {
      return "a chain hash that is not 64 hex digits";
    }
    if (record.get("seq") instanceof Long && (Long) record.get("seq") < 0) {
      return "a negative sequence number";
    }
    return null;
  }
}
