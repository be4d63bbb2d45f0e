package io.github.hipaas3;

/**
 * A capability to read key material out of hipaa-s3's key types ({@link KeyHashingSecret},
 * {@link SseCustomerKey}, the keys inside an {@link EncryptionMode}). Every accessor that hands
 * out key material takes one, so each place that reads a secret is explicit and easy to find,
 * as with Tink's {@code SecretKeyAccess}.
 *
 * <p>hipaa-s3's implementation ({@code io.github.hipaas3.internal}, not exported) is the only
 * intended holder; {@code ArchitectureTest} fails the build when other code calls {@link
 * #insecureSecretAccess()}. Applications never need it: they give keys to the builder, not take
 * them out.
 */
public final class SecretKeyAccess {
  private static final SecretKeyAccess INSTANCE = new SecretKeyAccess();

  private SecretKeyAccess() {}

  /**
   * The capability. Named so that every use stands out in review.
   *
   * @return the capability
   */
  public static SecretKeyAccess insecureSecretAccess() {
    return INSTANCE;
  }

  static SecretKeyAccess check(SecretKeyAccess access) {
    if (access != INSTANCE) {
      throw new NullPointerException("a SecretKeyAccess is required to read key material");
    }
    return access;
  }

  /** Prints nothing of use. */
  @Override
  public String toString() {
    return "SecretKeyAccess";
  }
}
