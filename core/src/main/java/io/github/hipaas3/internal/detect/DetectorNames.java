package io.github.hipaas3.internal.detect;

import java.util.Objects;

/** Checks detector names: 1 to 64 characters of {@code [A-Za-z0-9_.-]}. */
public final class DetectorNames {
  /** The longest allowed detector name. */
  public static final int MAX_LENGTH = 64;

  private DetectorNames() {}

  /**
   * Returns {@code name} if it is a valid detector name.
   *
   * @param name the candidate name
   * @return {@code name}
   * @throws NullPointerException if {@code name} is {@code null}
   * @throws IllegalArgumentException if {@code name} is empty, too long or has a character
   *     outside {@code [A-Za-z0-9_.-]}; the message does not repeat the name
   */
  public static String requireValid(String name) {
    Objects.requireNonNull(name, "detector name must not be null");
    boolean ok = !name.isEmpty() && name.length() <= MAX_LENGTH;
    for (int i = 0; ok && i < name.length(); i++) {
      char c = name.charAt(i);
      ok = Ascii.isAlnum(c) || c == '_' || c == '.' || c == '-';
    }
    if (!ok) {
      throw new IllegalArgumentException(
          "detector name must be 1-" + MAX_LENGTH + " characters of [A-Za-z0-9_.-]");
    }
    return name;
  }
}
