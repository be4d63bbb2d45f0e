package io.github.hipaas3;

import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * How every object a {@link HipaaS3Client} writes is encrypted, and what every object it reads
 * must show. One mode per client, chosen at {@link HipaaS3Client.Builder#build()}; there is no
 * default, so nothing is ever stored in plaintext by omission.
 *
 * <ul>
 *   <li>Client-side ({@link #clientSideKms}, {@link #clientSideAes}, {@link #clientSideRsa}):
 *       the Amazon S3 Encryption Client v4 encrypts before upload with AES-GCM and key
 *       commitment; S3 only ever holds ciphertext.
 *   <li>{@link #sseKms}: S3 encrypts with a KMS key, with S3 Bucket Keys on.
 *   <li>{@link #dsseKms}: dual-layer server-side encryption with a KMS key.
 *   <li>{@link #sseC}: S3 encrypts with a key you provide on every request.
 *   <li>{@link #insecureSseS3Only()}: S3-managed keys only, refused unless chosen by that name.
 * </ul>
 */
public final class EncryptionMode {

  /** The kinds of mode. */
  public enum Kind {
    /** Client-side, data keys wrapped by a KMS key. */
    CLIENT_SIDE_KMS,
    /** Client-side, data keys wrapped by an AES-256 key you hold. */
    CLIENT_SIDE_AES,
    /** Client-side, data keys wrapped by an RSA key pair you hold. */
    CLIENT_SIDE_RSA,
    /** Server-side with a KMS key ({@code aws:kms}), Bucket Keys on. */
    SSE_KMS,
    /** Dual-layer server-side with a KMS key ({@code aws:kms:dsse}). */
    DSSE_KMS,
    /** Server-side with customer-provided keys. */
    SSE_C,
    /** Server-side with S3-managed keys ({@code AES256}) only: the insecure opt-in. */
    SSE_S3;

    /**
     * Whether this is one of the client-side kinds.
     *
     * @return whether the S3 Encryption Client encrypts
     */
    public boolean clientSide() {
      return this == CLIENT_SIDE_KMS || this == CLIENT_SIDE_AES || this == CLIENT_SIDE_RSA;
    }
  }

  private static final Pattern KMS_KEY_ARN = Pattern.compile(
      "arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:key/[A-Za-z0-9-]+");

  private final Kind kind;
  private final @Nullable String kmsKeyArn;
  private final @Nullable KmsClient kmsClient;
  private final @Nullable SecretKey aesKey;
  private final @Nullable KeyPair rsaKeyPair;
  private final @Nullable SseCustomerKeyProvider sseCustomerKeys;

  private EncryptionMode(Kind kind, @Nullable String kmsKeyArn, @Nullable KmsClient kmsClient,
      @Nullable SecretKey aesKey, @Nullable KeyPair rsaKeyPair,
      @Nullable SseCustomerKeyProvider sseCustomerKeys) {
    this.kind = kind;
    this.kmsKeyArn = kmsKeyArn;
    this.kmsClient = kmsClient;
    this.aesKey = aesKey;
    this.rsaKeyPair = rsaKeyPair;
    this.sseCustomerKeys = sseCustomerKeys;
  }

  /**
   * Client-side encryption whose data keys are wrapped by a KMS key.
   *
   * @param kms the KMS client the S3 Encryption Client calls (HTTPS endpoints only)
   * @param kmsKeyArn the full key ARN
   * @return the mode
   */
  public static EncryptionMode clientSideKms(KmsClient kms, String kmsKeyArn) {
    Objects.requireNonNull(kms, "kms");
    return new EncryptionMode(Kind.CLIENT_SIDE_KMS, checkArn(kmsKeyArn), kms, null, null, null);
  }

  /**
   * Client-side encryption whose data keys are wrapped by an AES-256 key you hold.
   *
   * @param aes256 the wrapping key (algorithm AES, 32 bytes)
   * @return the mode
   */
  public static EncryptionMode clientSideAes(SecretKey aes256) {
    Objects.requireNonNull(aes256, "aes256");
    byte[] encoded = aes256.getEncoded();
    boolean ok = "AES".equalsIgnoreCase(aes256.getAlgorithm()) && encoded != null
        && encoded.length == 32;
    if (encoded != null) {
      java.util.Arrays.fill(encoded, (byte) 0);
    }
    if (!ok) {
      throw new IllegalArgumentException("The client-side wrapping key must be an AES key of"
          + " 256 bits (32 bytes).");
    }
    return new EncryptionMode(Kind.CLIENT_SIDE_AES, null, null, aes256, null, null);
  }

  /**
   * Client-side encryption whose data keys are wrapped by an RSA key pair you hold (at least
   * 2048 bits). Writers need the public key, readers the private key; pass both.
   *
   * @param rsaKeyPair the key pair
   * @return the mode
   */
  public static EncryptionMode clientSideRsa(KeyPair rsaKeyPair) {
    Objects.requireNonNull(rsaKeyPair, "rsaKeyPair");
    if (!(rsaKeyPair.getPublic() instanceof RSAPublicKey)
        || ((RSAPublicKey) rsaKeyPair.getPublic()).getModulus().bitLength() < 2048) {
      throw new IllegalArgumentException("The client-side wrapping key pair must be RSA with at"
          + " least 2048 bits.");
    }
    return new EncryptionMode(Kind.CLIENT_SIDE_RSA, null, null, null, rsaKeyPair, null);
  }

  /**
   * SSE-KMS with the given key and S3 Bucket Keys on.
   *
   * @param kmsKeyArn the full key ARN (S3 answers with the key ARN, which hipaa-s3 checks, so
   *     aliases and bare key IDs are refused)
   * @return the mode
   */
  public static EncryptionMode sseKms(String kmsKeyArn) {
    return new EncryptionMode(Kind.SSE_KMS, checkArn(kmsKeyArn), null, null, null, null);
  }

  /**
   * DSSE-KMS (two layers of server-side encryption) with the given key.
   *
   * @param kmsKeyArn the full key ARN
   * @return the mode
   */
  public static EncryptionMode dsseKms(String kmsKeyArn) {
    return new EncryptionMode(Kind.DSSE_KMS, checkArn(kmsKeyArn), null, null, null, null);
  }

  /**
   * SSE-C with keys from the provider. New buckets block SSE-C by default since April 2026; the
   * bucket must allow it ({@code BlockedEncryptionTypes} without {@code SSE-C}).
   *
   * @param keys chooses the key per object
   * @return the mode
   */
  public static EncryptionMode sseC(SseCustomerKeyProvider keys) {
    Objects.requireNonNull(keys, "keys");
    return new EncryptionMode(Kind.SSE_C, null, null, null, null, keys);
  }

  /**
   * INSECURE: S3-managed keys (SSE-S3, {@code AES256}) only. Anyone with read access to the
   * bucket reads the data; there is no key policy and no key-use audit trail. Logged at WARN.
   *
   * @return the mode
   */
  public static EncryptionMode insecureSseS3Only() {
    return new EncryptionMode(Kind.SSE_S3, null, null, null, null, null);
  }

  private static String checkArn(String arn) {
    Objects.requireNonNull(arn, "kmsKeyArn");
    if (!KMS_KEY_ARN.matcher(arn).matches()) {
      throw new IllegalArgumentException("Pass the full KMS key ARN"
          + " (arn:aws:kms:<region>:<account>:key/<id>). S3 answers with the key ARN and"
          + " hipaa-s3 checks it, so aliases and bare key IDs cannot be verified.");
    }
    return arn;
  }

  /**
   * The kind of mode.
   *
   * @return the kind
   */
  public Kind kind() {
    return kind;
  }

  /**
   * The KMS key ARN, for the KMS modes.
   *
   * @return the key ARN
   */
  public Optional<String> kmsKeyArn() {
    return Optional.ofNullable(kmsKeyArn);
  }

  /**
   * The KMS client of the client-side KMS mode, for hipaa-s3's implementation.
   *
   * @param access the capability to read key material
   * @return the client, or {@code null}
   */
  public @Nullable KmsClient kmsClient(SecretKeyAccess access) {
    SecretKeyAccess.check(access);
    return kmsClient;
  }

  /**
   * The AES wrapping key of the client-side AES mode, for hipaa-s3's implementation.
   *
   * @param access the capability to read key material
   * @return the key, or {@code null}
   */
  public @Nullable SecretKey aesKey(SecretKeyAccess access) {
    SecretKeyAccess.check(access);
    return aesKey;
  }

  /**
   * The RSA key pair of the client-side RSA mode, for hipaa-s3's implementation.
   *
   * @param access the capability to read key material
   * @return the key pair, or {@code null}
   */
  public @Nullable KeyPair rsaKeyPair(SecretKeyAccess access) {
    SecretKeyAccess.check(access);
    return rsaKeyPair;
  }

  /**
   * The SSE-C key provider of the SSE-C mode, for hipaa-s3's implementation.
   *
   * @param access the capability to read key material
   * @return the provider, or {@code null}
   */
  public @Nullable SseCustomerKeyProvider sseCustomerKeys(SecretKeyAccess access) {
    SecretKeyAccess.check(access);
    return sseCustomerKeys;
  }

  /**
   * Equal when the kind and key ARN are equal and the key objects are the same instances (key
   * material is never read for comparison).
   */
  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof EncryptionMode that)) {
      return false;
    }
    return kind == that.kind && Objects.equals(kmsKeyArn, that.kmsKeyArn)
        && aesKey == that.aesKey && rsaKeyPair == that.rsaKeyPair
        && sseCustomerKeys == that.sseCustomerKeys && kmsClient == that.kmsClient;
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, kmsKeyArn);
  }

  /** Prints the kind and the KMS key ARN; never key material. */
  @Override
  public String toString() {
    return "EncryptionMode{" + kind + (kmsKeyArn == null ? "" : ", kmsKeyArn=" + kmsKeyArn) + "}";
  }
}
