/**
 * hipaa-s3: a drop-in, deny-by-default {@code S3Client} for protected health information.
 *
 * <p>Only {@code io.github.hipaas3}, {@code io.github.hipaas3.audit} and
 * {@code io.github.hipaas3.posture} are exported. {@code io.github.hipaas3.internal} holds the
 * policy gate, the operation table and the transport checks and is never exported.
 */
// The module name is public (terminal digits kept); the SDK modules are automatic modules,
// and those whose types appear in the exported API are required transitively.
@SuppressWarnings({"module", "requires-automatic", "requires-transitive-automatic"})
module io.github.hipaas3 {
  requires transitive software.amazon.awssdk.services.s3;
  requires transitive software.amazon.awssdk.core;
  requires transitive software.amazon.awssdk.awscore;
  requires transitive software.amazon.awssdk.auth;
  requires transitive software.amazon.awssdk.http;
  requires transitive software.amazon.awssdk.regions;
  requires transitive software.amazon.awssdk.services.kms;
  requires software.amazon.awssdk.services.sts;
  requires software.amazon.awssdk.protocols.jsoncore;
  requires software.amazon.awssdk.identity.spi;
  requires software.amazon.awssdk.profiles;
  requires software.amazon.awssdk.retries.api;
  requires software.amazon.awssdk.retries;
  requires software.amazon.awssdk.metrics;
  requires software.amazon.awssdk.http.apache;
  requires software.amazon.awssdk.http.nio.netty;
  requires io.netty.handler;
  // The S3 Encryption Client jar has no module name; this is the name derived from the jar.
  requires amazon.s3.encryption.client.java;
  requires software.amazon.awssdk.utils;
  requires org.apache.httpcomponents.httpclient;
  requires org.apache.httpcomponents.httpcore;
  requires org.slf4j;
  requires com.google.crypto.tink;
  // @Nullable (JSpecify) appears in the exported API; annotations only, not needed at run time.
  requires static transitive org.jspecify;

  exports io.github.hipaas3;
  exports io.github.hipaas3.audit;
  exports io.github.hipaas3.posture;
}
