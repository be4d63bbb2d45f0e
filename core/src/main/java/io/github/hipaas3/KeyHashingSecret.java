package io.github.hipaas3;

import java.net.URI;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.DecryptResponse;

/**
 * The secret under which object IDs are turned into object keys (HMAC-SHA256), with the version
 * that names it inside every key it produced ({@code v<version>}). Rotate by building the client
 * with a new secret under a higher version and listing the old ones as older secrets: new
 * objects get keys under the new version, and existing objects stay readable.
 *
 * <p>The bytes never leave this type: {@link #toString()} prints the version only, the class is
 * not serializable, and {@link #equals(Object)} compares the bytes in constant time. Whoever
 * holds the secret can test guesses of object IDs against stored keys, so keep it in a secret
 * store or KMS-encrypted ({@link #fromKmsEncryptedBlob}), never in source code or logs.
 */
public final class KeyHashingSecret implements javax.security.auth.Destroyable {
  /** The smallest accepted secret, in bytes (256 bits, the HMAC-SHA256 block strength). */
  public static final int MIN_LENGTH = 32;

  /** The largest accepted version number. */
  public static final int MAX_VERSION = 9999;

  /** The KMS encryption context that binds a KMS-encrypted blob to this purpose. */
  public static final Map<String, String> KMS_ENCRYPTION_CONTEXT =
      Map.of("hipaa-s3:purpose", "object-key-hashing");

  private static final String ALGORITHM = "HmacSHA256";

  private final int version;
  private final byte[] bytes;
  private volatile boolean destroyed;

  private KeyHashingSecret(int version, byte[] bytes) {
    if (version < 1 || version > MAX_VERSION) {
      throw new IllegalArgumentException("version must be between 1 and " + MAX_VERSION
          + "; it appears in object keys as v<version>.");
    }
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length < MIN_LENGTH) {
      throw new IllegalArgumentException("A key-hashing secret needs at least " + MIN_LENGTH
          + " bytes; use KeyHashingSecret.generate(version) to make one.");
    }
    this.version = version;
    this.bytes = bytes.clone();
  }

  /**
   * A secret from raw bytes (at least {@value #MIN_LENGTH}). The bytes are copied; clear your
   * array afterwards if you can.
   *
   * @param version the version that names this secret in keys (1 to {@value #MAX_VERSION})
   * @param bytes the secret
   * @return the secret
   */
  public static KeyHashingSecret fromBytes(int version, byte[] bytes) {
    return new KeyHashingSecret(version, bytes);
  }

  /**
   * A new random 256-bit secret from a strong {@link SecureRandom}. Store it (for example
   * KMS-encrypted) before writing objects: keys made under a lost secret cannot be computed again.
   *
   * @param version the version that names this secret in keys
   * @return the secret
   */
  public static KeyHashingSecret generate(int version) {
    byte[] bytes = new byte[MIN_LENGTH];
    new SecureRandom().nextBytes(bytes);
    try {
      return new KeyHashingSecret(version, bytes);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /**
   * Asks KMS for a new 256-bit secret that only KMS can decrypt
   * ({@code GenerateDataKeyWithoutPlaintext}, bound to {@link #KMS_ENCRYPTION_CONTEXT}) and
   * returns the encrypted blob to store, for example in your configuration. The plaintext never
   * reaches this process.
   *
   * @param kms a KMS client (HTTPS endpoints only)
   * @param kmsKeyId the KMS key ID, ARN or alias that encrypts the blob
   * @return the encrypted blob
   */
  public static byte[] createKmsEncryptedBlob(KmsClient kms, String kmsKeyId) {
    checkKms(kms, kmsKeyId);
    return kms.generateDataKeyWithoutPlaintext(r -> r.keyId(kmsKeyId)
            .keySpec(DataKeySpec.AES_256)
            .encryptionContext(KMS_ENCRYPTION_CONTEXT))
        .ciphertextBlob().asByteArray();
  }

  /**
   * Decrypts a blob made by {@link #createKmsEncryptedBlob} (or by KMS {@code Encrypt} with
   * {@link #KMS_ENCRYPTION_CONTEXT}) and holds the result as the secret.
   *
   * @param version the version that names this secret in keys
   * @param kms a KMS client (HTTPS endpoints only)
   * @param kmsKeyId the KMS key that must have encrypted the blob
   * @param encryptedBlob the blob
   * @return the secret
   */
  public static KeyHashingSecret fromKmsEncryptedBlob(int version, KmsClient kms,
      String kmsKeyId, byte[] encryptedBlob) {
    checkKms(kms, kmsKeyId);
    Objects.requireNonNull(encryptedBlob, "encryptedBlob");
    DecryptResponse response = kms.decrypt(r -> r.keyId(kmsKeyId)
        .ciphertextBlob(SdkBytes.fromByteArray(encryptedBlob))
        .encryptionContext(KMS_ENCRYPTION_CONTEXT));
    // The response's own array (not a copy), so that zeroing it clears the plaintext KMS
    // returned; the secret keeps its own copy.
    byte[] plaintext = response.plaintext().asByteArrayUnsafe();
    try {
      return new KeyHashingSecret(version, plaintext);
    } finally {
      Arrays.fill(plaintext, (byte) 0);
    }
  }

  private static void checkKms(KmsClient kms, String kmsKeyId) {
    Objects.requireNonNull(kms, "kms");
    Objects.requireNonNull(kmsKeyId, "kmsKeyId");
    URI endpoint = kms.serviceClientConfiguration().endpointOverride().orElse(null);
    if (endpoint != null && !"https".equalsIgnoreCase(endpoint.getScheme())) {
      throw new HipaaS3PolicyViolationException(ViolationCode.INSECURE_TRANSPORT,
          "The KMS client's endpoint is not HTTPS, so the key-hashing secret would travel in"
              + " the clear. Use an https:// endpoint for KMS.");
    }
  }

  /**
   * The version that names this secret in object keys ({@code v<version>}).
   *
   * @return the version
   */
  public int version() {
    return version;
  }

  /**
   * The secret as a JCA key for {@code HmacSHA256}, for hipaa-s3's implementation.
   *
   * @param access the capability to read key material
   * @return the key
   */
  public SecretKey secretKey(SecretKeyAccess access) {
    SecretKeyAccess.check(access);
    return new SecretKeySpec(liveBytes(), ALGORITHM);
  }

  private byte[] liveBytes() {
    if (destroyed) {
      throw new HipaaS3ConfigurationException("This KeyHashingSecret was destroyed. Build clients"
          + " before destroying the secret; a built client keeps what it needs until closed.");
    }
    return bytes;
  }

  /** Zeroes the secret's bytes; it cannot be used afterwards (built clients keep working). */
  @Override
  public void destroy() {
    destroyed = true;
    Arrays.fill(bytes, (byte) 0);
  }

  @Override
  public boolean isDestroyed() {
    return destroyed;
  }

  /** Equal when the versions and the bytes are equal; the bytes are compared in constant time. */
  @SuppressWarnings("ShortCircuitBoolean") // & not &&: every part is compared (no early exit)
  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof KeyHashingSecret that)) {
      return false;
    }
    // & and not &&: every part is compared, whatever the first one shows (no early exit).
    return MessageDigest.isEqual(bytes, that.bytes) & version == that.version
        & destroyed == that.destroyed;
  }

  /** Depends on the version only, so that hash tables never see the bytes. */
  @Override
  public int hashCode() {
    return Integer.hashCode(version);
  }

  /** Prints the version only, never the bytes. */
  @Override
  public String toString() {
    return "KeyHashingSecret{version=" + version + ", bytes=<redacted>}";
  }
}
