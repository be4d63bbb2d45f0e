package io.github.hipaas3.internal.crypto;

import io.github.hipaas3.HipaaS3Exception;
import io.github.hipaas3.HipaaS3RetryException;
import io.github.hipaas3.internal.Interruption;
import java.time.Duration;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.retries.api.AcquireInitialTokenRequest;
import software.amazon.awssdk.retries.api.AcquireInitialTokenResponse;
import software.amazon.awssdk.retries.api.RecordSuccessRequest;
import software.amazon.awssdk.retries.api.RefreshRetryTokenRequest;
import software.amazon.awssdk.retries.api.RefreshRetryTokenResponse;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.retries.api.RetryToken;
import software.amazon.awssdk.retries.api.TokenAcquisitionFailedException;
import software.amazon.encryption.s3.S3EncryptionClientException;

/**
 * Retries whole client-side calls under the caller's retry strategy. A put is encrypted again
 * with fresh materials (a new data key and IV) on every attempt; a whole-object get is fetched
 * and authenticated again when reading its ciphertext failed before any plaintext was released.
 *
 * <p>Puts: the S3 Encryption Client cannot have the SDK resend a body it has already
 * encrypted (the SDK's retry fails with "Must use either different key or iv"), so the
 * encryption client's puts travel on an async client whose SDK retries are off, and this loop
 * asks the caller's {@link RetryStrategy} (from {@code overrideConfiguration}, by default the
 * SDK's standard strategy) whether and when to try again. (Small puts that hipaa-s3 encrypts in
 * memory, {@code SmallPut}, go on the sync client, whose retries resend the same ciphertext.)
 *
 * <p>Only bodies that can be read again are retried: bytes, strings, files and content
 * providers ({@code RequestBody.fromContentProvider}) that open a new stream on every call. A
 * body from {@code RequestBody.fromInputStream} has been consumed by the failed attempt: on a
 * retryable failure the put fails at once with {@link HipaaS3RetryException}, which says how to
 * make the body replayable. A failed multipart attempt aborts its upload (the encryption
 * client's upload observer does) before the next attempt starts.
 */
final class Retries {
  /** The SDK's name for a body from {@code RequestBody.fromInputStream}. */
  private static final String SINGLE_USE_STREAM = "Stream";

  private final RetryStrategy strategy;

  Retries(RetryStrategy strategy) {
    this.strategy = strategy;
  }

  /**
   * Whether the body can be read again for a second attempt.
   *
   * @param body the caller's body
   * @return false for a body over a single stream
   */
  static boolean replayable(RequestBody body) {
    return !SINGLE_USE_STREAM.equals(body.contentStreamProvider().name());
  }

  /**
   * Runs the put until it succeeds or the strategy stops retrying.
   *
   * @param operationName the operation, for messages
   * @param body the caller's body
   * @param attempt one complete put, with fresh encryption materials
   * @param <T> the response type
   * @return the response of the attempt that succeeded
   */
  <T> T run(String operationName, RequestBody body, Supplier<T> attempt) {
    return run(operationName, replayable(body), attempt);
  }

  /**
   * Runs a call until it succeeds or the strategy stops retrying.
   *
   * @param operationName the operation, for messages
   * @param replayable whether the call can be made again (its body can be read again)
   * @param attempt one complete call
   * @param <T> the response type
   * @return the response of the attempt that succeeded
   */
  <T> T run(String operationName, boolean replayable, Supplier<T> attempt) {
    AcquireInitialTokenResponse initial =
        strategy.acquireInitialToken(AcquireInitialTokenRequest.create("s3"));
    RetryToken token = initial.token();
    pause(operationName, initial.delay(), null);
    while (true) {
      T response;
      try {
        response = attempt.get();
      } catch (Final failure) {
        throw failure.failure;
      } catch (RuntimeException failure) {
        SdkException retryable = retryableCause(failure);
        if (retryable == null) {
          throw failure;
        }
        RefreshRetryTokenResponse next;
        try {
          next = strategy.refreshRetryToken(RefreshRetryTokenRequest.builder().token(token)
              .failure(retryable).build());
        } catch (TokenAcquisitionFailedException stop) {
          throw failure; // not retryable, or no attempts or retry capacity left
        }
        if (!replayable) {
          throw new HipaaS3RetryException(operationName + " failed with an error that can be"
              + " retried, but its body is a single-use stream (RequestBody.fromInputStream),"
              + " which the failed attempt has consumed, so it was not retried. Client-side"
              + " encryption encrypts the body again on every attempt: pass a body that can be"
              + " read again (RequestBody.fromFile, RequestBody.fromBytes, or"
              + " RequestBody.fromContentProvider with a provider that opens a new stream on"
              + " every call). Nothing was stored by the failed attempt unless S3 reports"
              + " otherwise.", failure);
        }
        token = next.token();
        pause(operationName, next.delay(), failure);
        continue;
      }
      strategy.recordSuccess(RecordSuccessRequest.create(token));
      return response;
    }
  }

  /**
   * Wraps a failure that must end the call without another attempt from this loop (for
   * example one the SDK has already retried); {@link #run} throws the failure unwrapped.
   */
  static final class Final extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient RuntimeException failure;

    Final(RuntimeException failure) {
      super(null, failure, false, false);
      this.failure = failure;
    }
  }

  /**
   * The SDK's own error inside what the encryption client threw, for the strategy to judge
   * (a service error, or a client error over an I/O failure); null when the failure must not
   * be retried: hipaa-s3's own refusals, an interrupt, an encryption failure.
   */
  private static @Nullable SdkException retryableCause(RuntimeException failure) {
    if (Interruption.causedBy(failure)) {
      return null;
    }
    SdkException found = null;
    for (Throwable c = failure; c != null; c = c.getCause()) {
      if (c instanceof HipaaS3Exception) {
        return null;
      }
      if (c instanceof SdkException && !(c instanceof S3EncryptionClientException)
          && found == null) {
        found = (SdkException) c;
      }
    }
    return found;
  }

  private static void pause(String operationName, Duration delay, @Nullable Throwable failure) {
    if (delay == null || delay.isZero() || delay.isNegative()) {
      return;
    }
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      throw Interruption.duringCall(operationName, failure != null ? failure : e);
    }
  }
}
