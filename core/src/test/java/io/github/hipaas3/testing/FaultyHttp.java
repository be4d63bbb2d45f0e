package io.github.hipaas3.testing;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullResponse;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.http.async.AsyncExecuteRequest;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.async.SdkAsyncHttpResponseHandler;

/**
 * Injects network and server faults between the SDK and a real HTTP client (Apache for the sync
 * side, Netty for the async side the S3 Encryption Client puts through), in front of a real
 * S3-compatible server.
 *
 * <p>Why at the {@code SdkHttpClient} boundary and not with a network proxy: the test servers
 * speak TLS only, and every fault the tier needs is something the HTTP client reports to the SDK
 * (a status and body, an {@link IOException} such as a connection reset, a response stream that
 * breaks or lies, an answer that comes too late). Injecting there expresses each fault exactly,
 * and on the requests it names (the first PutObject, UploadPart or GetObject), with no TLS
 * termination and no timing races; the real client still carries every other byte to the real
 * server. What it cannot show is how Apache or Netty themselves detect a broken socket: that is
 * their own (well tested) behaviour, and it ends in the same {@link IOException}s used here.
 *
 * <p>Leaks: every response body the real sync client returns is tracked until it is closed or
 * aborted ({@link #openResponseBodies()}), which is what returns its connection to the pool;
 * every async request is tracked until its future completes ({@link
 * #asyncRequestsInFlight()}).
 */
public final class FaultyHttp implements AutoCloseable {
  /** The requests a fault can be aimed at. */
  public enum Target { PUT_OBJECT, UPLOAD_PART, GET_OBJECT }

  /** The faults. */
  public enum Fault {
    /** 503 SlowDown, the body not read. */
    SLOW_DOWN_503,
    /** 500 InternalError. */
    INTERNAL_ERROR_500,
    /** Connection reset before a byte of the body was sent. */
    RESET_BEFORE_UPLOAD,
    /** Connection reset after part of the body was sent. */
    RESET_DURING_UPLOAD,
    /** The request reached the server whole, then the connection reset before the response. */
    RESET_AFTER_UPLOAD,
    /** The response body breaks (connection reset) halfway. */
    BODY_CUT_SHORT,
    /** The response body ends early without an error (a lying Content-Length). */
    BODY_ENDS_EARLY,
    /** The request waits before it is sent (interrupted by the attempt timeout). */
    SLOW_RESPONSE,
    /** A 200 whose body does not match its checksum (one byte flipped). */
    WRONG_CHECKSUM
  }

  private record Rule(Target target, Fault fault, AtomicInteger left) {}

  /** Decides a fault, request by request, for the requests no rule takes (a soak's faults). */
  public interface Chooser {
    /**
     * The fault for a request, or null.
     *
     * @param request the request (any operation, not only the targets)
     * @param async whether it goes through the async client (which cannot alter bodies)
     * @return the fault, or null to send it untouched
     */
    Fault choose(SdkHttpRequest request, boolean async);
  }

  private final ConcurrentLinkedQueue<Rule> rules = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<String> injected = new ConcurrentLinkedQueue<>();
  private volatile Chooser chooser;
  private final AtomicInteger openBodies = new AtomicInteger();
  private final Map<Object, String> openBodyRequests = new ConcurrentHashMap<>();
  private final AtomicInteger asyncInFlight = new AtomicInteger();
  private final Map<Target, AtomicInteger> seen = Map.of(Target.PUT_OBJECT, new AtomicInteger(),
      Target.UPLOAD_PART, new AtomicInteger(), Target.GET_OBJECT, new AtomicInteger());
  private final Duration slow;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "faulty-http-timer");
    t.setDaemon(true);
    return t;
  });

  /**
   * Creates the injector.
   *
   * @param slow how long {@link Fault#SLOW_RESPONSE} holds a request
   */
  public FaultyHttp(Duration slow) {
    this.slow = slow;
  }

  /**
   * Answers the next {@code times} requests of the target with the fault.
   *
   * @return this
   */
  public FaultyHttp inject(Target target, Fault fault, int times) {
    rules.add(new Rule(target, fault, new AtomicInteger(times)));
    return this;
  }

  /**
   * Asks the chooser about every request that no rule takes, from now on (null: stop).
   *
   * @return this
   */
  public FaultyHttp injectRandomly(Chooser chooser) {
    this.chooser = chooser;
    return this;
  }

  /** The faults injected so far, as "TARGET FAULT" (OTHER: a request that is no target). */
  public List<String> injected() {
    return List.copyOf(injected);
  }

  /** How many requests of the target were seen (faulted or not). */
  public int seen(Target target) {
    return seen.get(target).get();
  }

  /** Response bodies of the real sync client not yet closed or aborted. */
  public int openResponseBodies() {
    return openBodies.get();
  }

  /** For each response body left open: its request's method, status and query names. */
  public List<String> openResponseBodyRequests() {
    return List.copyOf(openBodyRequests.values());
  }

  /**
   * Requests on the async client that have not completed (successfully, with an error or
   * cancelled), waiting up to a second for them to settle.
   */
  public int asyncRequestsInFlight() {
    long until = System.nanoTime() + 1_000_000_000L;
    while (asyncInFlight.get() != 0 && System.nanoTime() < until) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return asyncInFlight.get();
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }

  private static final Set<String> OBJECT_QUERY = Set.of("versionId", "x-id");

  static Target target(SdkHttpRequest request) {
    String[] path = request.encodedPath().replaceAll("^/+", "").split("/", 2);
    if (path.length < 2 || path[1].isEmpty()) {
      return null;
    }
    Set<String> query = request.rawQueryParameters().keySet();
    boolean copy = request.firstMatchingHeader("x-amz-copy-source").isPresent();
    switch (request.method()) {
      case PUT:
        if (query.contains("partNumber") && query.contains("uploadId") && !copy) {
          return Target.UPLOAD_PART;
        }
        return !copy && OBJECT_QUERY.containsAll(query) ? Target.PUT_OBJECT : null;
      case GET:
        return OBJECT_QUERY.containsAll(query) ? Target.GET_OBJECT : null;
      default:
        return null;
    }
  }

  private Fault take(SdkHttpRequest request, boolean async) {
    Target target = target(request);
    if (target != null) {
      seen.get(target).incrementAndGet();
      for (Rule rule : rules) {
        if (rule.target() == target && rule.left().getAndDecrement() > 0) {
          injected.add(target + " " + rule.fault());
          return rule.fault();
        }
      }
    }
    Chooser c = chooser;
    Fault chosen = c == null ? null : c.choose(request, async);
    if (chosen != null) {
      injected.add((target == null ? "OTHER" : target) + " " + chosen);
    }
    return chosen;
  }

  private static byte[] errorXml(String code, String message) {
    return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>"
        + message + "</Message><RequestId>FAULT</RequestId></Error>")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static SdkHttpFullResponse errorHeaders(int status, byte[] body) {
    return SdkHttpFullResponse.builder().statusCode(status)
        .putHeader("Content-Type", "application/xml")
        .putHeader("Content-Length", Integer.toString(body.length)).build();
  }

  private static int status(Fault fault) {
    return fault == Fault.SLOW_DOWN_503 ? 503 : 500;
  }

  private static byte[] errorBody(Fault fault) {
    return fault == Fault.SLOW_DOWN_503 ? errorXml("SlowDown", "Please reduce your request rate.")
        : errorXml("InternalError", "We encountered an internal error. Please try again.");
  }

  // ---------------------------------------------------------------- sync (Apache)

  /**
   * Wraps the real sync client.
   *
   * @param real the client that talks to the server
   * @return the faulty client
   */
  public SdkHttpClient sync(SdkHttpClient real) {
    return new SdkHttpClient() {
      @Override
      public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        Fault fault = take(request.httpRequest(), false);
        return new FaultyCall(real, request, fault);
      }

      @Override
      public String clientName() {
        return real.clientName();
      }

      @Override
      public void close() {
        real.close();
      }
    };
  }

  private final class FaultyCall implements ExecutableHttpRequest {
    private final SdkHttpClient real;
    private final HttpExecuteRequest request;
    private final Fault fault;
    private volatile ExecutableHttpRequest inner;
    private volatile boolean aborted;

    FaultyCall(SdkHttpClient real, HttpExecuteRequest request, Fault fault) {
      this.real = real;
      this.request = request;
      this.fault = fault;
    }

    @Override
    public HttpExecuteResponse call() throws IOException {
      if (fault == null) {
        return tracked(send(), request.httpRequest());
      }
      switch (fault) {
        case SLOW_DOWN_503:
        case INTERNAL_ERROR_500: {
          byte[] body = errorBody(fault);
          return HttpExecuteResponse.builder().response(errorHeaders(status(fault), body))
              .responseBody(AbortableInputStream.create(
                  new java.io.ByteArrayInputStream(body))).build();
        }
        case RESET_BEFORE_UPLOAD:
          throw new SocketException("Connection reset");
        case RESET_DURING_UPLOAD:
          readPartOfBody();
          throw new SocketException("Connection reset");
        case RESET_AFTER_UPLOAD: {
          HttpExecuteResponse response = send();
          response.responseBody().ifPresent(b -> {
            try {
              b.close();
            } catch (IOException ignored) {
              // the response is dropped
            }
          });
          throw new SocketException("Connection reset");
        }
        case SLOW_RESPONSE:
          try {
            long until = System.nanoTime() + slow.toNanos();
            while (!aborted && System.nanoTime() < until) {
              Thread.sleep(10);
            }
          } catch (InterruptedException e) {
            throw new InterruptedIOException("interrupted while the server was slow");
          }
          if (aborted) {
            throw new InterruptedIOException("aborted while the server was slow");
          }
          return tracked(send(), request.httpRequest());
        case BODY_CUT_SHORT:
        case BODY_ENDS_EARLY:
        case WRONG_CHECKSUM:
          return tracked(alterBody(send(), fault), request.httpRequest());
        default:
          throw new IllegalStateException(fault.toString());
      }
    }

    private HttpExecuteResponse send() throws IOException {
      inner = real.prepareRequest(request);
      if (aborted) {
        inner.abort();
      }
      return inner.call();
    }

    private void readPartOfBody() throws IOException {
      if (request.contentStreamProvider().isEmpty()) {
        return;
      }
      try (InputStream in = request.contentStreamProvider().get().newStream()) {
        in.readNBytes(4096);
      }
    }

    @Override
    public void abort() {
      aborted = true;
      ExecutableHttpRequest i = inner;
      if (i != null) {
        i.abort();
      }
    }
  }

  private HttpExecuteResponse alterBody(HttpExecuteResponse response, Fault fault) {
    if (response.responseBody().isEmpty() || !response.httpResponse().isSuccessful()) {
      return response;
    }
    long length = response.httpResponse().firstMatchingHeader("Content-Length")
        .map(Long::parseLong).orElse(2048L);
    long cut = Math.max(1, length / 2);
    AbortableInputStream body = response.responseBody().get();
    InputStream altered = new FilterInputStream(body) {
      private long position;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (position >= cut && fault == Fault.BODY_CUT_SHORT) {
          throw new SocketException("Connection reset");
        }
        if (position >= cut && fault == Fault.BODY_ENDS_EARLY) {
          return -1;
        }
        int allowed = fault == Fault.WRONG_CHECKSUM ? len : (int) Math.min(len, cut - position);
        int n = super.read(b, off, allowed);
        if (n > 0 && fault == Fault.WRONG_CHECKSUM && position <= cut && cut < position + n) {
          b[off + (int) (cut - position)] ^= 0x01;
        }
        if (n > 0) {
          position += n;
        }
        return n;
      }
    };
    return HttpExecuteResponse.builder().response(response.httpResponse())
        .responseBody(AbortableInputStream.create(altered, body)).build();
  }

  private HttpExecuteResponse tracked(HttpExecuteResponse response, SdkHttpRequest request) {
    if (response.responseBody().isEmpty()) {
      return response;
    }
    AbortableInputStream body = response.responseBody().get();
    openBodies.incrementAndGet();
    AtomicBoolean released = new AtomicBoolean();
    openBodyRequests.put(released, request.method() + " " + response.httpResponse().statusCode()
        + " " + request.rawQueryParameters().keySet());
    Runnable release = () -> {
      if (released.compareAndSet(false, true)) {
        openBodies.decrementAndGet();
        openBodyRequests.remove(released);
      }
    };
    InputStream closing = new FilterInputStream(body) {
      @Override
      public void close() throws IOException {
        release.run();
        super.close();
      }
    };
    return HttpExecuteResponse.builder().response(response.httpResponse())
        .responseBody(AbortableInputStream.create(closing, () -> {
          release.run();
          body.abort();
        })).build();
  }

  // ---------------------------------------------------------------- async (Netty)

  /**
   * Wraps the real async client.
   *
   * @param real the client that talks to the server
   * @return the faulty client
   */
  public SdkAsyncHttpClient async(SdkAsyncHttpClient real) {
    return new SdkAsyncHttpClient() {
      @Override
      public CompletableFuture<Void> execute(AsyncExecuteRequest request) {
        Fault fault = take(request.request(), true);
        asyncInFlight.incrementAndGet();
        CompletableFuture<Void> done = fault == null ? real.execute(request)
            : faulty(real, request, fault);
        done.whenComplete((v, e) -> asyncInFlight.decrementAndGet());
        return done;
      }

      @Override
      public String clientName() {
        return real.clientName();
      }

      @Override
      public void close() {
        real.close();
      }
    };
  }

  private CompletableFuture<Void> faulty(SdkAsyncHttpClient real, AsyncExecuteRequest request,
      Fault fault) {
    CompletableFuture<Void> out = new CompletableFuture<>();
    SdkAsyncHttpResponseHandler handler = request.responseHandler();
    switch (fault) {
      case SLOW_DOWN_503:
      case INTERNAL_ERROR_500:
        readBody(request, Long.MAX_VALUE, () -> respond(handler, status(fault), errorBody(fault),
            out), e -> fail(handler, out, e));
        return out;
      case RESET_BEFORE_UPLOAD:
        fail(handler, out, new SocketException("Connection reset"));
        return out;
      case RESET_DURING_UPLOAD:
        readBody(request, 4096, () -> fail(handler, out, new SocketException("Connection reset")),
            e -> fail(handler, out, e));
        return out;
      case RESET_AFTER_UPLOAD: {
        SdkAsyncHttpResponseHandler swallow = new SdkAsyncHttpResponseHandler() {
          @Override
          public void onHeaders(SdkHttpResponse headers) {}

          @Override
          public void onStream(Publisher<ByteBuffer> stream) {
            stream.subscribe(new Drain(() -> fail(handler, out,
                new SocketException("Connection reset")), e -> fail(handler, out, e)));
          }

          @Override
          public void onError(Throwable error) {
            fail(handler, out, error);
          }
        };
        real.execute(copy(request, swallow)).whenComplete((v, e) -> fail(handler, out,
            e != null ? e : new SocketException("Connection reset")));
        return out;
      }
      case SLOW_RESPONSE:
        timer.schedule(() -> {
          if (!out.isDone()) {
            real.execute(request).whenComplete((v, e) -> {
              if (e != null) {
                out.completeExceptionally(e);
              } else {
                out.complete(null);
              }
            });
          }
        }, slow.toMillis(), TimeUnit.MILLISECONDS);
        return out;
      default:
        return real.execute(request);
    }
  }

  private static AsyncExecuteRequest copy(AsyncExecuteRequest request,
      SdkAsyncHttpResponseHandler handler) {
    AsyncExecuteRequest.Builder b = AsyncExecuteRequest.builder().request(request.request())
        .requestContentPublisher(request.requestContentPublisher()).responseHandler(handler)
        .fullDuplex(request.fullDuplex())
        .httpExecutionAttributes(request.httpExecutionAttributes());
    request.metricCollector().ifPresent(b::metricCollector);
    return b.build();
  }

  private static void fail(SdkAsyncHttpResponseHandler handler, CompletableFuture<Void> out,
      Throwable error) {
    if (!out.isDone()) {
      handler.onError(error);
      out.completeExceptionally(error);
    }
  }

  private static void respond(SdkAsyncHttpResponseHandler handler, int status, byte[] body,
      CompletableFuture<Void> out) {
    handler.onHeaders(errorHeaders(status, body));
    handler.onStream(subscriber -> subscriber.onSubscribe(new Subscription() {
      private final AtomicBoolean done = new AtomicBoolean();

      @Override
      public void request(long n) {
        if (done.compareAndSet(false, true)) {
          subscriber.onNext(ByteBuffer.wrap(body));
          subscriber.onComplete();
          out.complete(null);
        }
      }

      @Override
      public void cancel() {
        done.set(true);
        out.complete(null);
      }
    }));
  }

  /** Reads up to {@code limit} bytes of the request body, then runs {@code then}. */
  private static void readBody(AsyncExecuteRequest request, long limit, Runnable then,
      java.util.function.Consumer<Throwable> onError) {
    request.requestContentPublisher().subscribe(new Subscriber<ByteBuffer>() {
      private Subscription subscription;
      private long read;
      private boolean done;

      @Override
      public void onSubscribe(Subscription s) {
        subscription = s;
        s.request(1);
      }

      @Override
      public void onNext(ByteBuffer buffer) {
        read += buffer.remaining();
        if (read >= limit && !done) {
          done = true;
          subscription.cancel();
          then.run();
        } else {
          subscription.request(1);
        }
      }

      @Override
      public void onError(Throwable t) {
        if (!done) {
          done = true;
          onError.accept(t);
        }
      }

      @Override
      public void onComplete() {
        if (!done) {
          done = true;
          then.run();
        }
      }
    });
  }

  /** Reads and discards a response body. */
  private static final class Drain implements Subscriber<ByteBuffer> {
    private final Runnable then;
    private final java.util.function.Consumer<Throwable> onError;

    Drain(Runnable then, java.util.function.Consumer<Throwable> onError) {
      this.then = then;
      this.onError = onError;
    }

    @Override
    public void onSubscribe(Subscription s) {
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(ByteBuffer buffer) {}

    @Override
    public void onError(Throwable t) {
      onError.accept(t);
    }

    @Override
    public void onComplete() {
      then.run();
    }
  }
}
