package io.github.hipaas3.internal.detect;

import io.github.hipaas3.PhiDetector;
import java.util.Objects;
import java.util.function.Predicate;

/** A {@link PhiDetector} that delegates to a caller's predicate; see {@link PhiDetector#of}. */
public final class PredicateDetector implements PhiDetector {
  private final String name;
  private final Predicate<? super CharSequence> predicate;

  /**
   * Creates the detector.
   *
   * @param name the detector name, checked by {@link DetectorNames#requireValid(String)}
   * @param predicate the test, returning {@code true} for PHI
   */
  public PredicateDetector(String name, Predicate<? super CharSequence> predicate) {
    this.name = DetectorNames.requireValid(name);
    this.predicate = Objects.requireNonNull(predicate, "predicate must not be null");
  }

  /** {@inheritDoc} */
  @Override
  public String name() {
    return name;
  }

  /** {@inheritDoc} */
  @Override
  public boolean detect(CharSequence value) {
    Objects.requireNonNull(value, "value must not be null");
    return predicate.test(value);
  }

  /**
   * The detector's name only.
   *
   * @return {@code PhiDetector{name=...}}
   */
  @Override
  public String toString() {
    return "PhiDetector{name=" + name + "}";
  }
}
