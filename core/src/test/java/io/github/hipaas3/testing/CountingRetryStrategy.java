package io.github.hipaas3.testing;

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
    try {
      return delegate.refreshRetryToken(request);
    } catch (TokenAcquisitionFailedException e) {
      denied.incrementAndGet();
      throw e;
    }
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
