package io.github.hipaas3.posture;

import io.github.hipaas3.internal.Json;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** The posture of one bucket: one finding per control, in {@link Control} order. */
public final class PostureReport {
  private final String bucket;
  private final List<Finding> findings;

  PostureReport(String bucket, List<Finding> findings) {
    this.bucket = Objects.requireNonNull(bucket, "bucket");
    this.findings = List.copyOf(findings);
  }

  /**
   * The bucket audited.
   *
   * @return the bucket name
   */
  public String bucket() {
    return bucket;
  }

  /**
   * Every finding, one per control.
   *
   * @return the findings
   */
  public List<Finding> findings() {
    return findings;
  }

  /**
   * The finding for one control.
   *
   * @param control the control
   * @return its finding
   */
  public Finding finding(Control control) {
    return findings.stream().filter(f -> f.control() == control).findFirst().orElseThrow();
  }

  /**
   * The failed findings.
   *
   * @return the failures
   */
  public List<Finding> failures() {
    return findings.stream().filter(f -> f.status() == FindingStatus.FAIL)
        .collect(Collectors.toList());
  }

  /**
   * The findings that could not be decided.
   *
   * @return the unknowns
   */
  public List<Finding> unknowns() {
    return findings.stream().filter(f -> f.status() == FindingStatus.UNKNOWN)
        .collect(Collectors.toList());
  }

  /**
   * Whether no control failed (unknowns are reported, not failed).
   *
   * @return whether the bucket passed
   */
  public boolean passed() {
    return failures().isEmpty();
  }

  /**
   * The report as JSON: bucket, passed, and the findings with their control's seed section,
   * AWS Config rule and Security Hub control.
   *
   * @return the JSON object
   */
  public String toJson() {
    StringBuilder json = new StringBuilder("{\"bucket\":").append(Json.quote(bucket))
        .append(",\"passed\":").append(passed()).append(",\"findings\":[");
    for (int i = 0; i < findings.size(); i++) {
      Finding f = findings.get(i);
      json.append(i == 0 ? "" : ",").append("{\"control\":").append(Json.quote(f.control().name()))
          .append(",\"status\":").append(Json.quote(f.status().name()))
          .append(",\"seedSection\":").append(Json.quote(f.control().seedSection()))
          .append(",\"configRule\":").append(f.control().configRule().map(Json::quote)
              .orElse("null"))
          .append(",\"securityHubControl\":").append(f.control().securityHubControl()
              .map(Json::quote).orElse("null"))
          .append(",\"detail\":").append(Json.quote(f.detail())).append('}');
    }
    return json.append("]}").toString();
  }

  /**
   * The report as a plain-text table, one row per control.
   *
   * @return the table
   */
  public String toTable() {
    String format = "%-29s %-12s %-38s %-6s %s%n";
    StringBuilder table = new StringBuilder();
    table.append("Bucket ").append(bucket).append(": ")
        .append(passed() ? "PASSED" : failures().size() + " FAILED").append('\n');
    table.append(String.format(format, "Control", "Status", "AWS Config rule", "SecHub",
        "Detail"));
    for (Finding f : findings) {
      table.append(String.format(format, f.control(), f.status(),
          f.control().configRule().orElse("-"), f.control().securityHubControl().orElse("-"),
          f.detail()));
    }
    return table.toString();
  }

  @Override
  public String toString() {
    return toTable();
  }
}
