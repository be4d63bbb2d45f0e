package io.github.hipaas3.testing;

import java.util.EnumSet;
import java.util.Set;

/** The S3-compatible servers the integration tests run against, each over HTTPS. */
public enum ServerKind {
  /** Adobe S3Mock, started in this JVM. The default tier; needs nothing but Java. */
  S3MOCK("s3mock", EnumSet.of(Capability.SSE_C)),
  /** moto server from PyPI in a project-local virtual environment; needs python3. */
  MOTO("moto", EnumSet.of(Capability.VERSIONING, Capability.OBJECT_LOCK, Capability.KMS,
      Capability.FULL_OBJECT_CHECKSUMS)),
  /** LocalStack through Testcontainers; needs a Docker engine. */
  LOCALSTACK("localstack",
      EnumSet.of(Capability.VERSIONING, Capability.OBJECT_LOCK, Capability.KMS,
          Capability.FULL_OBJECT_CHECKSUMS));

  private final String id;
  private final Set<Capability> capabilities;

  ServerKind(String id, Set<Capability> capabilities) {
    this.id = id;
    this.capabilities = capabilities;
  }

  /** The short name used in display names and in {@code HIPAAS3_REQUIRE_SERVERS}. */
  public String id() {
    return id;
  }

  /** What this server really does. */
  public Set<Capability> capabilities() {
    return java.util.Collections.unmodifiableSet(capabilities);
  }
}
