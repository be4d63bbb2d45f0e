package io.github.hipaas3.internal.detect;

import org.jspecify.annotations.Nullable;

/**
 * The minimum counts a value's {@link CharProfile} must reach before a built-in detector's
 * scanner runs, optionally with an alternative set of minimums ({@link #or}). Plain data checked
 * by one final method, so screening a value costs a few comparisons per detector and no virtual
 * calls until some prefilter passes. Immutable.
 */
final class Prefilter {
  /** Passes every profile. */
  static final Prefilter ANY = new Prefilter(0, 0, 0, 0, 0, 0, 0, false, null);

  private final int minDigits;
  private final int minDigitRun;
  private final int minLetters;
  private final int minUppers;
  private final int minAts;
  private final int minDots;
  private final int minColons;
  private final boolean urlMarker;
  private final @Nullable Prefilter alternative;

  private Prefilter(int minDigits, int minDigitRun, int minLetters, int minUppers, int minAts,
      int minDots, int minColons, boolean urlMarker, @Nullable Prefilter alternative) {
    this.minDigits = minDigits;
    this.minDigitRun = minDigitRun;
    this.minLetters = minLetters;
    this.minUppers = minUppers;
    this.minAts = minAts;
    this.minDots = minDots;
    this.minColons = minColons;
    this.urlMarker = urlMarker;
    this.alternative = alternative;
  }

  Prefilter digits(int n) {
    return new Prefilter(n, minDigitRun, minLetters, minUppers, minAts, minDots, minColons,
        urlMarker, alternative);
  }

  Prefilter digitRun(int n) {
    return new Prefilter(minDigits, n, minLetters, minUppers, minAts, minDots, minColons,
        urlMarker, alternative);
  }

  Prefilter letters(int n) {
    return new Prefilter(minDigits, minDigitRun, n, minUppers, minAts, minDots, minColons,
        urlMarker, alternative);
  }

  Prefilter uppers(int n) {
    return new Prefilter(minDigits, minDigitRun, minLetters, n, minAts, minDots, minColons,
        urlMarker, alternative);
  }

  Prefilter ats(int n) {
    return new Prefilter(minDigits, minDigitRun, minLetters, minUppers, n, minDots, minColons,
        urlMarker, alternative);
  }

  Prefilter dots(int n) {
    return new Prefilter(minDigits, minDigitRun, minLetters, minUppers, minAts, n, minColons,
        urlMarker, alternative);
  }

  Prefilter colons(int n) {
    return new Prefilter(minDigits, minDigitRun, minLetters, minUppers, minAts, minDots, n,
        urlMarker, alternative);
  }

  /** Also requires {@code "://"} or {@code "www."}. */
  Prefilter urlMarker() {
    return new Prefilter(minDigits, minDigitRun, minLetters, minUppers, minAts, minDots,
        minColons, true, alternative);
  }

  /** Passes if this prefilter or {@code other} passes. */
  Prefilter or(Prefilter other) {
    return new Prefilter(minDigits, minDigitRun, minLetters, minUppers, minAts, minDots,
        minColons, urlMarker, alternative == null ? other : alternative.or(other));
  }

  boolean passes(CharProfile p) {
    return (p.digits >= minDigits && p.maxDigitRun >= minDigitRun && p.letters >= minLetters
        && p.uppers >= minUppers && p.ats >= minAts && p.dots >= minDots
        && p.colons >= minColons && (!urlMarker || p.urlMarker))
        || (alternative != null && alternative.passes(p));
  }
}
