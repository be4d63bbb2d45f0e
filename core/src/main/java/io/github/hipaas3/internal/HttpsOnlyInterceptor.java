package io.github.hipaas3.internal;

import io.github.hipaas3.HipaaS3PolicyViolationException;
import io.github.hipaas3.ViolationCode;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * The last check before a request leaves the process: it must be HTTPS. It runs in
 * {@code beforeTransmission}, after every interceptor, plugin, endpoint rule and signer has
 * had its say, so a request whose endpoint was rewritten later is still caught. It runs on
 * every attempt, including retries.
 */
public final class HttpsOnlyInterceptor implements ExecutionInterceptor {

  @Override
  public void beforeTransmission(Context.BeforeTransmission context,
      ExecutionAttributes executionAttributes) {
    String protocol = context.httpRequest().protocol();
    if (!"https".equalsIgnoreCase(protocol)) {
      throw new HipaaS3PolicyViolationException(ViolationCode.INSECURE_TRANSPORT,
          "A request was about to leave the process without TLS and was stopped; nothing was"
              + " sent. PHI may only travel over HTTPS. Check endpointOverride and any"
              + " interceptor or plugin that rewrites the endpoint.");
    }
  }
}
