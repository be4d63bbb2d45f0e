package io.github.hipaas3.testing;

import java.util.function.UnaryOperator;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * A global execution interceptor, registered for every SDK client in the test JVM through
 * {@code software/amazon/awssdk/global/handlers/execution.interceptors}, as any jar on a
 * class path can register one. Global interceptors run before a client's own, so this one
 * changes the HTTP request after hipaa-s3's model gate and before its wire gate: the tests set
 * {@link #tamper} to stand for a header, parameter, host or signature added or changed by
 * anything between the two. Idle (no change) unless a test sets it, on its own thread only.
 */
public final class WireTamperer implements ExecutionInterceptor {
  private static final ThreadLocal<UnaryOperator<SdkHttpRequest>> TAMPER = new ThreadLocal<>();
  private static final ThreadLocal<Object[]> LAST = new ThreadLocal<>();
  private static final ThreadLocal<UnaryOperator<SdkRequest>> TAMPER_MODEL = new ThreadLocal<>();
  private static volatile boolean anyThread;

  /**
   * Changes every HTTP request this thread's SDK calls send until {@link #reset()}.
   *
   * @param change the change
   */
  public static void tamper(UnaryOperator<SdkHttpRequest> change) {
    TAMPER.set(change);
  }

  /**
   * Changes every request model this thread's SDK calls send (after hipaa-s3's model gate,
   * before marshalling) until {@link #reset()}.
   *
   * @param change the change
   */
  public static void tamperModel(UnaryOperator<SdkRequest> change) {
    TAMPER_MODEL.set(change);
  }

  /** Changes requests on every thread (for clients that send from their own threads). */
  public static void tamperOnAnyThread(UnaryOperator<SdkHttpRequest> change) {
    GLOBAL = change;
    anyThread = true;
  }

  private static volatile UnaryOperator<SdkHttpRequest> GLOBAL;

  /** Stops changing requests. */
  public static void reset() {
    TAMPER.remove();
    TAMPER_MODEL.remove();
    LAST.remove();
    GLOBAL = null;
    anyThread = false;
  }

  /** The last (model, HTTP request) pair this thread sent, after any change. */
  public static Object[] last() {
    return LAST.get();
  }

  @Override
  public SdkRequest modifyRequest(Context.ModifyRequest context,
      ExecutionAttributes executionAttributes) {
    UnaryOperator<SdkRequest> change = TAMPER_MODEL.get();
    return change == null ? context.request() : change.apply(context.request());
  }

  @Override
  public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context,
      ExecutionAttributes executionAttributes) {
    UnaryOperator<SdkHttpRequest> change = anyThread ? GLOBAL : TAMPER.get();
    return change == null ? context.httpRequest() : change.apply(context.httpRequest());
  }

  @Override
  public void beforeTransmission(Context.BeforeTransmission context,
      ExecutionAttributes executionAttributes) {
    SdkRequest model = context.request();
    LAST.set(new Object[] {model, context.httpRequest()});
  }
}
