package io.github.hipaas3.testing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.retries.api.AcquireInitialTokenRequest;
import software.amazon.awssdk.retries.api.AcquireInitialTokenResponse;
import software.amazon.awssdk.retries.api.RecordSuccessRequest;
import software.amazon.awssdk.retries.api.RecordSuccessResponse;
import software.amazon.awssdk.retries.api.RefreshRetryTokenRequest;
import software.amazon.awssdk.retries.api.RefreshRetryTokenResponse;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.retries.api.TokenAcquisitionFailedException;

/** A retry strategy that counts the calls made to it and otherwise is the one it wraps. */
public final class CountingRetryStrategy implements RetryStrategy {
  private final RetryStrategy delegate;
  public final AtomicInteger initial = new AtomicInteger();
  public final AtomicInteger refreshed = new AtomicInteger();
  /** Refreshes the strategy refused (not retryable, or no attempts or capacity left). */
  public final AtomicInteger denied = new AtomicInteger();
  private final Map<Thread, AtomicInteger> refreshedBy = new ConcurrentHashMap<>();

  /**
   * Counts the calls of a strategy.
   *
   * @param delegate the strategy that decides
   */
  public CountingRetryStrategy(RetryStrategy delegate) {
    this.delegate = delegate;
  }

  @Override
  public AcquireInitialTokenResponse acquireInitialToken(AcquireInitialTokenRequest request) {
    initial.incrementAndGet();
    return delegate.acquireInitialToken(request);
  }

  @Override
  public RefreshRetryTokenResponse refreshRetryToken(RefreshRetryTokenRequest request) {
    refreshed.incrementAndGet();
    refreshedBy.computeIfAbsent(Thread.currentThread(), t -> new AtomicInteger())
        .incrementAndGet();
    try {
      return delegate.refreshRetryToken(request);
    } catch (TokenAcquisitionFailedException e) {
      denied.incrementAndGet();
      throw e;
    }
  }

  /**
   * How many failed attempts the strategy was asked about on the calling thread (sync calls
   * retry on the caller's thread; so do hipaa-s3's own retries).
   */
  public int refreshedOnThisThread() {
    AtomicInteger n = refreshedBy.get(Thread.currentThread());
    return n == null ? 0 : n.get();
  }

  @Override
  public RecordSuccessResponse recordSuccess(RecordSuccessRequest request) {
    return delegate.recordSuccess(request);
  }

  @Override
  public int maxAttempts() {
    return delegate.maxAttempts();
  }

  @Override
  public boolean useClientDefaults() {
    return false;
  }

  @Override
  public Builder<?, ?> toBuilder() {
    return delegate.toBuilder();
  }
}
