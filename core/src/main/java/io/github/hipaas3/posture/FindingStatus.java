package io.github.hipaas3.posture;

/** The result of checking one control. */
public enum FindingStatus {
  /** The bucket meets the control. */
  PASS,
  /** The bucket does not meet the control. */
  FAIL,
  /** The setting could not be read (for example access denied); the finding says why. */
  UNKNOWN,
  /** The control is optional and these requirements do not ask for it. */
  NOT_REQUIRED
}
