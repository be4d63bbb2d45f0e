package io.github.hipaas3.internal;

import java.nio.channels.ClosedByInterruptException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.exception.AbortedException;

/**
 * The error a call gets when its thread is interrupted: the SDK's own {@link AbortedException}
 * (an {@code SdkClientException}, what an interrupted {@code S3Client} call raises), with a
 * message that says so, and the thread's interrupt flag set again. An interrupt is the caller
 * asking the thread to stop, not a failure of S3, the audit sink or the data, so it must not be
 * reported as one.
 */
public final class Interruption {
  private Interruption() {}

  /**
   * Whether the calling thread is interrupted.
   *
   * @return whether its interrupt flag is set
   */
  static boolean pending() {
    return Thread.currentThread().isInterrupted();
  }

  /**
   * Whether a failure came from interrupting the calling thread: its interrupt flag is set, or
   * the failure was caused, on this thread, by an {@link InterruptedException}, a
   * {@link ClosedByInterruptException} or the SDK's {@link AbortedException}, which its streams
   * throw when they find the thread interrupted (the flag may have been cleared since). Causes
   * inside an
   * {@link ExecutionException} or {@link CompletionException} happened on other threads and do
   * not count.
   *
   * @param failure the failure
   * @return whether it is an interruption of the calling thread
   */
  public static boolean causedBy(Throwable failure) {
    if (pending()) {
      return true;
    }
    for (Throwable c = failure; c != null; c = c.getCause()) {
      if (c instanceof ExecutionException || c instanceof CompletionException) {
        return false;
      }
      if (c instanceof InterruptedException || c instanceof ClosedByInterruptException
          || c instanceof AbortedException) {
        return true;
      }
    }
    return false;
  }

  /**
   * The error for a call refused because its thread is interrupted, before anything was sent.
   * The interrupt flag is left set.
   *
   * @param operationName the operation
   * @param during what the thread was doing, such as "waiting for room in the audit queue",
   *     or null
   * @param cause the InterruptedException, or null
   * @return the error
   */
  static AbortedException beforeSending(String operationName, @Nullable String during,
      @Nullable Throwable cause) {
    Thread.currentThread().interrupt();
    return AbortedException.create(operationName + " was not sent: the calling thread was"
        + " interrupted" + (during == null ? "" : " while " + during) + ". Nothing was sent to"
        + " S3, and the thread's interrupt flag is still set. An interrupt asks the thread to"
        + " stop (a cancelled task, an executor shutting down); let the task end, or clear the"
        + " flag with Thread.interrupted() before calling again.", cause);
  }

  /**
   * The error for a call that stopped because its thread was interrupted while it ran. The
   * interrupt flag is set again (the code that noticed the interrupt may have cleared it).
   *
   * @param operationName the operation
   * @param cause what the interrupted code threw
   * @return the error
   */
  public static AbortedException duringCall(String operationName, Throwable cause) {
    Thread.currentThread().interrupt();
    return AbortedException.create(operationName + " stopped because the calling thread was"
        + " interrupted; its interrupt flag is set again. The call did not complete: a write"
        + " may or may not have reached S3, so check (headObject) before writing again, from a"
        + " thread that is not being cancelled.", cause);
  }
}
