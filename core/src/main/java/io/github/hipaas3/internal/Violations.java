package io.github.hipaas3.internal;

import io.github.hipaas3.HipaaS3PolicyViolationException;
import io.github.hipaas3.ViolationCode;

/** Builds policy-violation exceptions; every message is a constant or an operation name. */
final class Violations {
  private Violations() {}

  static HipaaS3PolicyViolationException refused(
      ViolationCode code, String operationName, String reason) {
    return new HipaaS3PolicyViolationException(code,
        operationName + " was refused by hipaa-s3 and nothing was sent to S3. " + reason);
  }
}
