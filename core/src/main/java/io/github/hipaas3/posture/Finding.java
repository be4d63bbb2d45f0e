package io.github.hipaas3.posture;

import java.util.Objects;

/** The result of checking one control on one bucket, with what was found. */
public final class Finding {
  private final Control control;
  private final FindingStatus status;
  private final String detail;

  Finding(Control control, FindingStatus status, String detail) {
    this.control = Objects.requireNonNull(control, "control");
    this.status = Objects.requireNonNull(status, "status");
    this.detail = Objects.requireNonNull(detail, "detail");
  }

  static Finding pass(Control control, String detail) {
    return new Finding(control, FindingStatus.PASS, detail);
  }

  static Finding fail(Control control, String detail) {
    return new Finding(control, FindingStatus.FAIL, detail);
  }

  static Finding unknown(Control control, String detail) {
    return new Finding(control, FindingStatus.UNKNOWN, detail);
  }

  /**
   * The control.
   *
   * @return the control
   */
  public Control control() {
    return control;
  }

  /**
   * The status.
   *
   * @return the status
   */
  public FindingStatus status() {
    return status;
  }

  /**
   * What was found, and for a failure what to change.
   *
   * @return the detail
   */
  public String detail() {
    return detail;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Finding f)) {
      return false;
    }
    return control == f.control && status == f.status && detail.equals(f.detail);
  }

  @Override
  public int hashCode() {
    return Objects.hash(control, status, detail);
  }

  @Override
  public String toString() {
    return control + " " + status + ": " + detail;
  }
}
