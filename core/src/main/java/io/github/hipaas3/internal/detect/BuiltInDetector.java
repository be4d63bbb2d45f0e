package io.github.hipaas3.internal.detect;

import io.github.hipaas3.PhiDetector;
import java.util.Objects;

/**
 * A built-in detector: a cheap {@link Prefilter} on the value's {@link CharProfile} and a
 * hand-written {@link #scan(CharSequence) scanner} with validators that runs only when the
 * prefilter passes. The prefilter never rejects a value the scanner would flag. Scanners work on
 * {@link DetectorText normalized} text, so they test ASCII digits and separators only.
 * Instances are immutable and thread-safe.
 */
public abstract class BuiltInDetector implements PhiDetector {
  private final String name;
  private final Prefilter prefilter;

  BuiltInDetector(String name, Prefilter prefilter) {
    this.name = name;
    this.prefilter = prefilter;
  }

  /** {@inheritDoc} */
  @Override
  public final String name() {
    return name;
  }

  /**
   * Whether the value, in {@link DetectorText#normalize normalized} form, holds something this
   * detector flags.
   *
   * @param value the string to screen; never kept, logged or echoed
   * @return {@code true} if flagged
   * @throws NullPointerException if {@code value} is {@code null}
   */
  @Override
  public final boolean detect(CharSequence value) {
    Objects.requireNonNull(value, "value must not be null");
    CharProfile profile = CharProfile.of(value);
    if (profile.ascii()) {
      return matches(profile, value);
    }
    CharSequence text = DetectorText.normalize(value);
    return text == value ? matches(profile, value) : matches(CharProfile.of(text), text);
  }

  /**
   * Whether the value is flagged, given its already computed profile. The value must already
   * be in {@link DetectorText#normalize normalized} form (any ASCII value is); this method does
   * not normalize it.
   *
   * @param profile the profile of {@code value}
   * @param value the normalized value
   * @return {@code true} if flagged
   */
  public final boolean matches(CharProfile profile, CharSequence value) {
    return prefilter.passes(profile) && scan(profile, value);
  }

  /**
   * The scanner, given the value's profile, which a scanner may use to skip work; by default it
   * is {@link #scan(CharSequence)}. Must flag exactly what {@link #scan(CharSequence)} flags.
   *
   * @param profile the profile of {@code value}
   * @param value the normalized value
   * @return {@code true} if flagged
   */
  boolean scan(CharProfile profile, CharSequence value) {
    return scan(value);
  }

  /**
   * The prefilter: {@code false} only if the scanner cannot flag a value with this profile.
   *
   * @param profile the value's profile
   * @return whether the scanner needs to run
   */
  public final boolean mayMatch(CharProfile profile) {
    return prefilter.passes(profile);
  }

  /**
   * The scanner and validators, without the prefilter (public so tests can check the prefilter
   * against it).
   *
   * @param value the value
   * @return {@code true} if flagged
   */
  public abstract boolean scan(CharSequence value);

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
