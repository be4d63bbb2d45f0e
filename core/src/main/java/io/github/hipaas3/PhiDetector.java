package io.github.hipaas3;

import io.github.hipaas3.internal.detect.PredicateDetector;
import java.util.function.Predicate;

/**
 * Decides whether a string looks like protected health information (PHI).
 *
 * <p>Implementations must be thread-safe and must never log, print or keep the value they are
 * given; nor may an exception they throw carry any part of it. {@link PhiDetectors#firstMatch}
 * treats a detector that throws as a match (fail closed), so a broken detector refuses rather
 * than lets a value through.
 *
 * <p>The built-in detectors are reached through {@link PhiDetectors#defaults()} and
 * {@link PhiDetectors#detector(String)}; callers add their own with {@link #of(String, Predicate)}
 * and {@link PhiDetectors#with(PhiDetector...)}.
 */
public interface PhiDetector {

  /**
   * A stable name that is not PHI, used in error messages, for example {@code "US_SSN"}.
   *
   * @return the name: 1 to 64 characters of {@code [A-Za-z0-9_.-]}
   */
  String name();

  /**
   * Whether {@code value} contains, anywhere in it, something this detector flags.
   *
   * <p>Called from {@link PhiDetectors#firstMatch}, a custom detector receives the value in
   * normalized form (NFKC, no format or other invisible characters, ASCII digits, ASCII dashes
   * and spaces; see {@link PhiDetectors}), so it can test for ASCII patterns only.
   *
   * @param value the string to screen; never kept, logged or echoed
   * @return {@code true} if the value looks like PHI to this detector
   * @throws NullPointerException if {@code value} is {@code null}
   */
  boolean detect(CharSequence value);

  /**
   * A detector from a name and a predicate. The predicate is called with the value to screen and
   * must itself honour the contract of this interface (thread-safe, keeps and prints nothing).
   *
   * @param name the detector's name: 1 to 64 characters of {@code [A-Za-z0-9_.-]}
   * @param predicate returns {@code true} for values that look like PHI
   * @return a detector that delegates to {@code predicate}
   * @throws NullPointerException if {@code name} or {@code predicate} is {@code null}
   * @throws IllegalArgumentException if {@code name} is not a valid detector name
   */
  static PhiDetector of(String name, Predicate<? super CharSequence> predicate) {
    return new PredicateDetector(name, predicate);
  }
}
