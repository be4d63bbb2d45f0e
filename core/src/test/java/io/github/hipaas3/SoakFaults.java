package io.github.hipaas3;

import io.github.hipaas3.testing.FaultyHttp;
import io.github.hipaas3.testing.FaultyHttp.Fault;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * The soak's fault injector: for every request, with a probability, a fault that the request
 * can meet (a body fault only on a get's response, a reset during the upload only on a request
 * with a body, nothing that the async client cannot express). Decisions are drawn from the seed
 * and the request's sequence number, so they are reproducible for one ordering of requests
 * (32 threads do not keep one ordering; the seed fixes the workload and the fault pattern).
 *
 * <p>Each fault is also filed under the stored key the request names (the object key, or the
 * listing prefix) and under the thread that sent it, so a call can tell which faults hit it.
 */
final class SoakFaults implements FaultyHttp.Chooser {
  /** What a request is, for the choice of faults and for the report. */
  enum Kind {
    PUT_OBJECT, UPLOAD_PART, GET_OBJECT, HEAD_OBJECT, COPY_OBJECT, DELETE_OBJECT, MULTIPART,
    OBJECT_OTHER, BUCKET
  }

  private static final Set<String> OBJECT_QUERY = Set.of("versionId", "x-id");
  private static final List<Fault> COMMON = List.of(Fault.SLOW_DOWN_503,
      Fault.INTERNAL_ERROR_500, Fault.RESET_BEFORE_UPLOAD, Fault.RESET_AFTER_UPLOAD,
      Fault.SLOW_RESPONSE);
  private static final List<Fault> UPLOADS = List.of(Fault.SLOW_DOWN_503,
      Fault.INTERNAL_ERROR_500, Fault.RESET_BEFORE_UPLOAD, Fault.RESET_DURING_UPLOAD,
      Fault.RESET_AFTER_UPLOAD, Fault.SLOW_RESPONSE);
  private static final List<Fault> GETS = List.of(Fault.SLOW_DOWN_503,
      Fault.INTERNAL_ERROR_500, Fault.RESET_BEFORE_UPLOAD, Fault.RESET_AFTER_UPLOAD,
      Fault.SLOW_RESPONSE, Fault.BODY_CUT_SHORT, Fault.BODY_ENDS_EARLY, Fault.WRONG_CHECKSUM);

  /** Faults after which a call may fail without having used up its attempts. */
  static final Set<Fault> NOT_RETRIED = Set.of(Fault.BODY_CUT_SHORT, Fault.BODY_ENDS_EARLY,
      Fault.WRONG_CHECKSUM);

  private final long seed;
  private final double probability;
  private final AtomicLong requests = new AtomicLong();
  private final Map<Kind, LongAdder> requestsByKind = new EnumMap<>(Kind.class);
  private final Map<String, LongAdder> injected = new ConcurrentHashMap<>();
  private final Map<Object, Queue<Hit>> filed = new ConcurrentHashMap<>();
  private final Set<String> lostCreates = ConcurrentHashMap.newKeySet();
  private final Map<String, AtomicInteger> sent = new ConcurrentHashMap<>();
  private volatile boolean enabled = true;

  SoakFaults(long seed, double probability) {
    this.seed = seed;
    this.probability = probability;
    for (Kind k : Kind.values()) {
      requestsByKind.put(k, new LongAdder());
    }
  }

  /** Turns injection on or off (off for the final checks). */
  void enabled(boolean on) {
    enabled = on;
  }

  @Override
  public Fault choose(SdkHttpRequest request, boolean async) {
    Kind kind = kind(request);
    requestsByKind.get(kind).increment();
    long n = requests.getAndIncrement();
    String named = storedKey(request);
    if (named != null) {
      sent.computeIfAbsent(named, k -> new AtomicInteger()).incrementAndGet();
    }
    if (!enabled) {
      return null;
    }
    long h = mix(seed + n * 0x9E3779B97F4A7C15L);
    if ((h >>> 11) * 0x1.0p-53 >= probability) {
      return null;
    }
    List<Fault> menu = kind == Kind.GET_OBJECT && !async ? GETS
        : kind == Kind.PUT_OBJECT || kind == Kind.UPLOAD_PART ? UPLOADS : COMMON;
    Fault fault = menu.get((int) Long.remainderUnsigned(mix(h), menu.size()));
    injected.computeIfAbsent(kind + " " + fault, k -> new LongAdder()).increment();
    Hit hit = new Hit(n, fault);
    file(Thread.currentThread(), hit);
    String key = storedKey(request);
    if (key != null) {
      file(key, hit);
      if (kind == Kind.MULTIPART && fault == Fault.RESET_AFTER_UPLOAD
          && request.rawQueryParameters().containsKey("uploads")) {
        lostCreates.add(key);
      }
    }
    return fault;
  }

  /** One injected fault, filed under its thread and its key. */
  private record Hit(long request, Fault fault) {}

  private void file(Object under, Hit hit) {
    filed.computeIfAbsent(under, k -> new ConcurrentLinkedQueue<>()).add(hit);
  }

  /**
   * The faults filed under this thread and these stored keys since the last call, removed.
   *
   * @param keys the stored keys a call names
   * @return the faults
   */
  List<Fault> take(String... keys) {
    Set<Hit> hits = new java.util.TreeSet<>(java.util.Comparator.comparingLong(Hit::request));
    drain(Thread.currentThread(), hits);
    for (String k : keys) {
      drain(k, hits);
    }
    return hits.stream().map(Hit::fault).collect(java.util.stream.Collectors.toList());
  }

  /**
   * How many requests named these stored keys since the last call, reset (each attempt of a
   * call sends at least one, on whichever thread the SDK retries it).
   *
   * @param keys the stored keys a call names
   * @return the requests
   */
  int sent(String... keys) {
    int n = 0;
    for (String k : keys) {
      AtomicInteger c = sent.remove(k);
      n += c == null ? 0 : c.get();
    }
    return n;
  }

  private void drain(Object under, Set<Hit> out) {
    Queue<Hit> q = filed.remove(under);
    if (q != null) {
      out.addAll(q);
    }
  }

  /**
   * Whether a CreateMultipartUpload for this key reached S3 and its answer was lost (then S3
   * has an upload that no one knows the ID of, and only a lifecycle rule ends it).
   */
  boolean createAnswerLost(String key) {
    return lostCreates.contains(key);
  }

  /** Faults injected, by "KIND FAULT". */
  Map<String, Long> injected() {
    Map<String, Long> out = new TreeMap<>();
    injected.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  /** Requests seen, by kind. */
  Map<Kind, Long> requests() {
    Map<Kind, Long> out = new EnumMap<>(Kind.class);
    requestsByKind.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  long injectedTotal() {
    return injected.values().stream().mapToLong(LongAdder::sum).sum();
  }

  static Kind kind(SdkHttpRequest request) {
    String[] path = request.encodedPath().replaceAll("^/+", "").split("/", 2);
    boolean object = path.length == 2 && !path[1].isEmpty();
    if (!object) {
      return Kind.BUCKET;
    }
    Set<String> query = request.rawQueryParameters().keySet();
    boolean copy = request.firstMatchingHeader("x-amz-copy-source").isPresent();
    if (query.contains("uploadId") || query.contains("uploads")) {
      return request.method().name().equals("PUT") && !copy ? Kind.UPLOAD_PART : Kind.MULTIPART;
    }
    boolean plain = OBJECT_QUERY.containsAll(query);
    switch (request.method()) {
      case PUT:
        return !plain ? Kind.OBJECT_OTHER : copy ? Kind.COPY_OBJECT : Kind.PUT_OBJECT;
      case GET:
        return plain ? Kind.GET_OBJECT : Kind.OBJECT_OTHER;
      case HEAD:
        return Kind.HEAD_OBJECT;
      case DELETE:
        return plain ? Kind.DELETE_OBJECT : Kind.OBJECT_OTHER;
      default:
        return Kind.OBJECT_OTHER;
    }
  }

  /** The object key a request names, or the prefix of a listing; null for neither. */
  static String storedKey(SdkHttpRequest request) {
    String[] path = request.encodedPath().replaceAll("^/+", "").split("/", 2);
    if (path.length == 2 && !path[1].isEmpty()) {
      return SdkHttpUtils.urlDecode(path[1]);
    }
    List<String> prefix = request.rawQueryParameters().get("prefix");
    return prefix == null || prefix.isEmpty() ? null : prefix.get(0);
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
