package io.github.hipaas3.internal;

import io.github.hipaas3.HipaaS3PolicyViolationException;
import io.github.hipaas3.HipaaS3SecurityException;
import io.github.hipaas3.ViolationCode;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/** Builds policy-violation exceptions; every message is a constant or an operation name. */
final class Violations {
  private Violations() {}

  static HipaaS3PolicyViolationException refused(
      @Nullable ViolationCode code, String operationName, @Nullable String reason) {
    return new HipaaS3PolicyViolationException(code,
        operationName + " was refused by hipaa-s3 and nothing was sent to S3. " + reason);
  }

  /**
   * A read whose response fails a check that has a warn-only opt-in: logged at WARN when the
   * opt-in is set, otherwise refused with {@link HipaaS3SecurityException}.
   *
   * @param warnOnly whether the opt-in is set
   * @param optIn the opt-in's builder method name
   * @param code the violation code
   * @param problem what is wrong and what to do, without the opt-in (no caller values)
   * @param log where the warning goes
   */
  static void unverifiedRead(boolean warnOnly, String optIn, ViolationCode code,
      String problem, Logger log) {
    if (warnOnly) {
      log.warn("INSECURE: {}; read anyway ({}).", problem, optIn);
      return;
    }
    throw new HipaaS3SecurityException(code, problem + ", or build the client with " + optIn
        + "(true) to only log a warning.", null);
  }
}
