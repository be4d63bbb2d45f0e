package io.github.hipaas3;

import io.github.hipaas3.audit.AuditEvent;
import io.github.hipaas3.audit.AuditOutcome;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;

/**
 * What the soak knows: every content each object ID was ever sent, what each ID can hold now,
 * the versions S3 confirmed, the audit event each call must have produced, counters, and the
 * problems found. Each {@link Slot} is used by the one thread that owns its ID.
 */
final class SoakLedger {
  /** The plaintext every body carries, which must never be found in stored ciphertext. */
  static final String CANARY = "PLAINTEXT-CANARY-SOAK";
  /** PHI-shaped text that must appear in no exception message and no audit event. */
  static final Pattern PHI = Pattern.compile("\\d{3}-45-\\d{4}|patients/|" + CANARY);
  private static final String ABSENT = "(absent)";

  /** One body: reproducible from its seed and size, known by its digest. */
  record Content(long seed, int size, String digest) {
    static Content of(long seed, int size) {
      return new Content(seed, size, SoakLedger.digest(bytes(seed, size)));
    }

    byte[] bytes() {
      return bytes(seed, size);
    }

    static byte[] bytes(long seed, int size) {
      byte[] header = (CANARY + " 123-45-6789 #" + seed + " ").getBytes(StandardCharsets.US_ASCII);
      byte[] out = new byte[size];
      SplittableRandom random = new SplittableRandom(seed);
      for (int i = 0; i < size; i++) {
        int at = i % 1024;
        out[i] = at < header.length ? header[at] : (byte) ('a' + random.nextInt(26));
      }
      return out;
    }
  }

  /** The audit event one call must produce, in the order of the calls on its key. */
  record Expected(String operation, AuditOutcome outcome, String errorClass, String versionId) {
    boolean matches(AuditEvent e) {
      return operation.equals(e.operation()) && outcome == e.outcome()
          && Objects.equals(errorClass, e.errorClass().orElse(null))
          && (versionId == null || versionId.equals(e.versionId().orElse(null)));
    }

    @Override
    public String toString() {
      return operation + " " + outcome + (errorClass == null ? "" : " " + errorClass)
          + (versionId == null ? "" : " v=" + versionId);
    }
  }

  /** One object ID, used by one thread. */
  final class Slot {
    final String id;
    final String key;
    private final Map<String, Content> attempted = new HashMap<>();
    private Set<String> possible = new HashSet<>(Set.of(ABSENT));
    private final Map<String, Content> versions = new HashMap<>();

    Slot(String id, String key) {
      this.id = id;
      this.key = key;
    }

    /** A body is about to be sent (put, or copy onto this ID). */
    void attempt(Content c) {
      attempted.put(c.digest(), c);
    }

    void written(Content c, String versionId) {
      possible = new HashSet<>(Set.of(c.digest()));
      if (versionId != null) {
        versions.put(versionId, c);
      }
    }

    /** A write failed: it may still have landed. */
    void maybeWritten(Content c) {
      possible.add(c.digest());
    }

    void deleted() {
      possible = new HashSet<>(Set.of(ABSENT));
    }

    void maybeDeleted() {
      possible.add(ABSENT);
    }

    Map<String, Content> versions() {
      return versions;
    }

    /** A whole read: the bytes must be what this ID can hold now. */
    void read(byte[] got, String versionId, String how) {
      String d = digest(got);
      if (!attempted.containsKey(d)) {
        problem("corrupt read", how + ": " + got.length + " bytes that were never written to"
            + " this ID" + (versionId == null ? "" : " (version " + versionId + ")"));
      } else if (!possible.contains(d)) {
        problem("stale read", how + ": an older content of this ID, not the last written");
      } else {
        possible = new HashSet<>(Set.of(d));
      }
      Content v = versionId == null ? null : versions.get(versionId);
      if (v != null && !v.digest().equals(d)) {
        problem("corrupt read", how + ": version " + versionId + " is not what was written");
      }
      count("reads verified (whole)");
    }

    /** The first bytes of a read that the caller stopped early. */
    void readPrefix(byte[] got, String how) {
      boolean now = false;
      boolean ever = false;
      for (Content c : attempted.values()) {
        if (c.size() >= got.length && startsWith(c.bytes(), got)) {
          ever = true;
          now |= possible.contains(c.digest());
        }
      }
      if (!ever) {
        problem("corrupt read", how + ": " + got.length + " first bytes of no content written");
      } else if (!now) {
        problem("stale read", how + ": the first bytes of an older content");
      }
      count("reads verified (first bytes)");
    }

    /** S3 said there is no such key. */
    void readAbsent(String how) {
      if (!possible.contains(ABSENT)) {
        problem("lost write", how + ": NoSuchKey for an ID whose write succeeded");
      } else {
        possible = new HashSet<>(Set.of(ABSENT));
      }
      count("reads verified (absent)");
    }

    void head(long length) {
      boolean ok = false;
      for (String d : possible) {
        Content c = find(d);
        ok |= c != null && c.size() == length;
      }
      if (!ok) {
        problem("corrupt head", "HeadObject length " + length + " fits no content this ID holds");
      }
    }

    /** A listing of this ID's versions: each version S3 confirmed must be in it. */
    void listed(Set<String> versionIds) {
      for (String v : versions.keySet()) {
        if (!versionIds.contains(v)) {
          problem("lost write", "a confirmed version is missing from ListObjectVersions");
        }
      }
    }

    private Content find(String d) {
      return attempted.get(d);
    }
  }

  private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> problemCounts = new ConcurrentHashMap<>();
  private final Queue<String> problems = new ConcurrentLinkedQueue<>();
  private final Queue<String> notes = new ConcurrentLinkedQueue<>();
  private final Map<String, List<Expected>> expected = new ConcurrentHashMap<>();
  private final Queue<Expected> bucketLevel = new ConcurrentLinkedQueue<>();

  Slot slot(String id, String key) {
    return new Slot(id, key);
  }

  void count(String counter) {
    counters.computeIfAbsent(counter, k -> new LongAdder()).increment();
  }

  void problem(String kind, String detail) {
    problemCounts.computeIfAbsent(kind, k -> new LongAdder()).increment();
    if (problems.size() < 200) {
      problems.add(kind + ": " + detail);
    }
  }

  long problems(String kind) {
    LongAdder a = problemCounts.get(kind);
    return a == null ? 0 : a.sum();
  }

  Map<String, Long> counters() {
    Map<String, Long> out = new TreeMap<>();
    counters.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  Map<String, Long> problemCounts() {
    Map<String, Long> out = new TreeMap<>();
    problemCounts.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  /** Keeps a line about a failed call for the report (the first 40). */
  void note(String line) {
    if (notes.size() < 40) {
      notes.add(line);
    }
  }

  List<String> notes() {
    return new ArrayList<>(notes);
  }

  List<String> problemList() {
    return new ArrayList<>(problems);
  }

  /** Files the event a call must produce (under its stored key, or bucket-level for null). */
  void expect(String key, Expected e) {
    if (key == null) {
      bucketLevel.add(e);
    } else {
      expected.computeIfAbsent(key, k -> new ArrayList<>()).add(e);
    }
  }

  /**
   * Matches the events received against the calls made, key by key in call order: returns
   * calls, events, lost (a call without its event), extra (an event without its call) and
   * mismatched (an event that is not its call's).
   */
  long[] matchAudit(List<AuditEvent> events) {
    Map<String, List<AuditEvent>> byKey = new HashMap<>();
    Map<String, Long> bucketEvents = new HashMap<>();
    for (AuditEvent e : events) {
      if (PHI.matcher(e.toJson()).find()) {
        problem("PHI in audit event", e.operation());
      }
      if (e.objectKey().isPresent()) {
        byKey.computeIfAbsent(e.objectKey().get(), k -> new ArrayList<>()).add(e);
      } else {
        bucketEvents.merge(e.operation() + " " + e.outcome(), 1L, Long::sum);
      }
    }
    long calls = bucketLevel.size();
    long lost = 0;
    long extra = 0;
    long mismatched = 0;
    Set<String> keys = new HashSet<>(expected.keySet());
    keys.addAll(byKey.keySet());
    for (String key : keys) {
      List<Expected> want = expected.getOrDefault(key, List.of());
      List<AuditEvent> got = byKey.getOrDefault(key, List.of());
      calls += want.size();
      lost += Math.max(0, want.size() - got.size());
      extra += Math.max(0, got.size() - want.size());
      for (int i = 0; i < Math.min(want.size(), got.size()); i++) {
        if (!want.get(i).matches(got.get(i))) {
          mismatched++;
          problem("audit mismatch", "call " + want.get(i) + ", event " + got.get(i).toJson()
              .replaceAll("\"objectKey\":\"[^\"]*\"", "\"objectKey\":\"...\""));
        }
      }
    }
    Map<String, Long> bucketCalls = new HashMap<>();
    for (Expected e : bucketLevel) {
      bucketCalls.merge(e.operation() + " " + e.outcome(), 1L, Long::sum);
    }
    Set<String> ops = new HashSet<>(bucketCalls.keySet());
    ops.addAll(bucketEvents.keySet());
    for (String op : ops) {
      long want = bucketCalls.getOrDefault(op, 0L);
      long got = bucketEvents.getOrDefault(op, 0L);
      lost += Math.max(0, want - got);
      extra += Math.max(0, got - want);
    }
    if (lost > 0 || extra > 0) {
      problem("audit count", lost + " calls without an event, " + extra + " events without a call");
    }
    return new long[] {calls, events.size(), lost, extra, mismatched};
  }

  static String digest(byte[] data) {
    try {
      return Base64.getEncoder().encodeToString(
          MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean startsWith(byte[] whole, byte[] prefix) {
    for (int i = 0; i < prefix.length; i++) {
      if (whole[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
