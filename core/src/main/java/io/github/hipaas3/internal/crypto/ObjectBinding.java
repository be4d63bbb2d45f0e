package io.github.hipaas3.internal.crypto;

import io.github.hipaas3.HipaaS3SecurityException;
import io.github.hipaas3.ViolationCode;
import io.github.hipaas3.HipaaS3PolicyViolationException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Request;
import software.amazon.encryption.s3.S3EncryptionClient;
import software.amazon.encryption.s3.materials.CryptographicMaterialsManager;
import software.amazon.encryption.s3.materials.DecryptMaterialsRequest;
import software.amazon.encryption.s3.materials.DecryptionMaterials;
import software.amazon.encryption.s3.materials.EncryptedDataKey;
import software.amazon.encryption.s3.materials.EncryptionMaterials;
import software.amazon.encryption.s3.materials.EncryptionMaterialsRequest;
import software.amazon.encryption.s3.materials.MaterialsDescription;

/**
 * Binds every client-side object to the bucket and stored key it is written under, and checks
 * the binding on every read, so that an object copied or moved to another key (body and
 * metadata) fails with {@link ViolationCode#DECRYPTION_FAILED} instead of being returned as the
 * record stored under that key.
 *
 * <p>It wraps the materials manager that every encryption client and {@link StreamingDecryption}
 * share, so single puts, multipart puts, whole-object gets and ranged gets all pass it.
 *
 * <ul>
 *   <li><b>KMS keyring:</b> the encryption context gets {@value #BUCKET} and {@value #KEY}
 *       (the bucket name and the stored key, which is a keyed hash of the object ID and so holds
 *       no PHI). KMS binds the context to the encrypted data key (a changed context fails KMS
 *       Decrypt), and the keyring compares the stored context with the one the read supplies,
 *       which this class sets to the bucket and key actually read. The stored entries are also
 *       compared here before KMS is called.
 *   <li><b>AES and RSA keyrings:</b> the S3 Encryption Client neither stores nor authenticates
 *       an encryption context for them (the AES-GCM key wrap's AAD is the suite ID; RSA-OAEP has
 *       no label), so the binding is a tag in the materials description ({@code x-amz-m}):
 *       {@value #BINDING} = {@code "1:" + base64(HMAC-SHA256(K, "hipaa-s3 object binding v1" ||
 *       bucket || key || encrypted data key))}, each field length-prefixed, with {@code K =
 *       HMAC-SHA256(data key, "hipaa-s3 binding key v1")} (HKDF-Expand with the data key as the
 *       pseudorandom key). The data key is fresh and random per object and is known only to the
 *       writer and to holders of the wrapping key (AES key, RSA private key), so whoever can only
 *       write to the bucket cannot make a tag for another bucket or key; the tag is checked in
 *       constant time after the data key is unwrapped and before any plaintext is released.
 *       The message ID and key commitment need not be covered: they are tied to the data key by
 *       the commitment check, and the tag is tied to the data key through K.
 * </ul>
 *
 * <p>Objects without a binding (written before this check, or by another client) are refused
 * unless {@code insecureAllowUnboundClientSideObjects(true)} is set; then each such read is
 * logged at WARN.
 */
final class ObjectBinding implements CryptographicMaterialsManager {
  /** Encryption context entry (KMS) with the bucket name. */
  static final String BUCKET = "hipaa-s3:bucket";
  /** Encryption context entry (KMS) with the stored key. */
  static final String KEY = "hipaa-s3:key";
  /** Materials description entry (AES, RSA) with the binding tag. */
  static final String BINDING = "hipaa-s3:binding";
  /** Context keys hipaa-s3 reserves; a caller's context must not use them. */
  static final String RESERVED_PREFIX = "hipaa-s3:";

  private static final String TAG_VERSION = "1:";
  private static final byte[] KEY_LABEL =
      "hipaa-s3 binding key v1".getBytes(StandardCharsets.UTF_8);
  private static final byte[] TAG_LABEL =
      "hipaa-s3 object binding v1".getBytes(StandardCharsets.UTF_8);
  private static final Logger LOG = LoggerFactory.getLogger(ObjectBinding.class);

  private final CryptographicMaterialsManager delegate;
  private final boolean kms;
  private final boolean allowUnbound;

  /**
   * Wraps a materials manager.
   *
   * @param delegate the manager over the configured keyring
   * @param kms whether the keyring is a KMS keyring (binding in the encryption context)
   * @param allowUnbound whether objects without a binding are read (with a WARN)
   */
  ObjectBinding(CryptographicMaterialsManager delegate, boolean kms, boolean allowUnbound) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.kms = kms;
    this.allowUnbound = allowUnbound;
  }

  @Override
  public EncryptionMaterials getEncryptionMaterials(EncryptionMaterialsRequest request) {
    S3Request s3 = request.s3Request();
    String bucket = field(s3, "Bucket");
    String key = field(s3, "Key");
    checkCallerContext(s3);
    if (kms) {
      // The KMS keyring adds the caller's context (checked above not to use these keys) and
      // sends the whole context to KMS, which binds it to the encrypted data key.
      Map<String, String> context = new HashMap<>(request.encryptionContext());
      context.put(BUCKET, bucket);
      context.put(KEY, key);
      return delegate.getEncryptionMaterials(EncryptionMaterialsRequest.builder()
          .s3Request(s3)
          .encryptionContext(context)
          .plaintextLength(request.plaintextLength())
          .encryptionAlgorithm(request.encryptionAlgorithm())
          .build());
    }
    EncryptionMaterials materials = delegate.getEncryptionMaterials(request);
    MaterialsDescription.Builder description = MaterialsDescription.builder();
    if (materials.materialsDescription() != null) {
      description.putAll(materials.materialsDescription().getMaterialsDescription());
    }
    description.put(BINDING, TAG_VERSION + Base64.getEncoder().encodeToString(tag(
        materials.plaintextDataKey(), bucket, key, onlyKey(materials.encryptedDataKeys()))));
    return materials.toBuilder().materialsDescription(description.build()).build();
  }

  @Override
  public DecryptionMaterials decryptMaterials(DecryptMaterialsRequest request) {
    GetObjectRequest get = request.s3Request();
    String bucket = field(get, "Bucket");
    String key = field(get, "Key");
    checkCallerContext(get);
    if (kms) {
      Map<String, String> stored = request.encryptionContext();
      if (!stored.containsKey(BUCKET) && !stored.containsKey(KEY)) {
        unbound();
        return delegate.decryptMaterials(request);
      }
      if (!bucket.equals(stored.get(BUCKET)) || !key.equals(stored.get(KEY))) {
        throw boundElsewhere(null);
      }
      // The keyring requires the context the read supplies to equal the stored one (minus its
      // own reserved entries); supply the caller's context plus the bucket and key read.
      Map<String, String> expected = new HashMap<>(callerContext(get));
      expected.put(BUCKET, bucket);
      expected.put(KEY, key);
      AwsRequestOverrideConfiguration override = get.overrideConfiguration()
          .map(AwsRequestOverrideConfiguration::toBuilder)
          .orElseGet(AwsRequestOverrideConfiguration::builder)
          .putExecutionAttribute(S3EncryptionClient.ENCRYPTION_CONTEXT, expected).build();
      try {
        return delegate.decryptMaterials(DecryptMaterialsRequest.builder()
            .s3Request(get.toBuilder().overrideConfiguration(override).build())
            .algorithmSuite(request.algorithmSuite())
            .encryptedDataKeys(request.encryptedDataKeys())
            .encryptionContext(stored)
            .materialsDescription(request.materialsDescription())
            .ciphertextLength(request.ciphertextLength())
            .contentRange(request.contentRange())
            .keyCommitment(request.keyCommitment())
            .build());
      } catch (InvalidCiphertextException e) {
        // KMS refused the stored context: it is not the one the data key was encrypted with
        // (an edited x-amz-t), or the encrypted data key was altered.
        throw boundElsewhere(e);
      }
    }
    String stored = request.materialsDescription() == null ? null
        : request.materialsDescription().get(BINDING);
    if (stored == null) {
      unbound();
      return delegate.decryptMaterials(request);
    }
    DecryptionMaterials materials = delegate.decryptMaterials(request);
    byte[] storedTag;
    try {
      storedTag = stored.startsWith(TAG_VERSION)
          ? Base64.getDecoder().decode(stored.substring(TAG_VERSION.length())) : null;
    } catch (IllegalArgumentException e) {
      storedTag = null;
    }
    byte[] expected = tag(materials.plaintextDataKey(), bucket, key,
        onlyKey(request.encryptedDataKeys()));
    if (storedTag == null || !MessageDigest.isEqual(expected, storedTag)) {
      throw boundElsewhere(null);
    }
    return materials;
  }

  /** HMAC-SHA256 over the bucket, stored key and encrypted data key, keyed from the data key. */
  static byte[] tag(byte[] dataKey, String bucket, String key, byte[] encryptedDataKey) {
    if (dataKey == null) {
      throw new IllegalStateException("the keyring returned no plaintext data key");
    }
    try {
      Mac derive = Mac.getInstance("HmacSHA256");
      derive.init(new SecretKeySpec(dataKey, "HmacSHA256"));
      derive.update(KEY_LABEL);
      derive.update((byte) 1); // HKDF-Expand, first block
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(derive.doFinal(), "HmacSHA256"));
      mac.update(TAG_LABEL);
      field(mac, bucket.getBytes(StandardCharsets.UTF_8));
      field(mac, key.getBytes(StandardCharsets.UTF_8));
      field(mac, encryptedDataKey);
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }

  private static void field(Mac mac, byte[] value) {
    mac.update(ByteBuffer.allocate(4).putInt(value.length).array());
    mac.update(value);
  }

  private static byte[] onlyKey(java.util.List<EncryptedDataKey> keys) {
    if (keys == null || keys.size() != 1) {
      throw new HipaaS3SecurityException(ViolationCode.DECRYPTION_FAILED, "Client-side"
          + " encryption failed: the envelope must hold exactly one encrypted data key.", null);
    }
    return keys.get(0).encryptedDatakey();
  }

  private static String field(S3Request request, String name) {
    return request.getValueForField(name, String.class).orElseThrow(() ->
        new IllegalStateException("the request to the S3 Encryption Client has no " + name));
  }

  private static Map<String, String> callerContext(S3Request request) {
    return request.overrideConfiguration()
        .flatMap(o -> o.executionAttributes()
            .getOptionalAttribute(S3EncryptionClient.ENCRYPTION_CONTEXT))
        .orElse(Map.of());
  }

  /** A caller's encryption context must not set or shadow the binding entries. */
  private static void checkCallerContext(S3Request request) {
    for (String name : callerContext(request).keySet()) {
      if (name != null && name.startsWith(RESERVED_PREFIX)) {
        throw new HipaaS3PolicyViolationException(ViolationCode.INVALID_VALUE, "The request's"
            + " S3 Encryption Client encryption context uses a key starting with \""
            + RESERVED_PREFIX + "\", which hipaa-s3 reserves for binding objects to their bucket"
            + " and key. Rename that context entry.");
      }
    }
  }

  private void unbound() {
    if (!allowUnbound) {
      throw new HipaaS3SecurityException(ViolationCode.DECRYPTION_FAILED, "GetObject failed"
          + " client-side decryption and returned no plaintext: the object's envelope carries no"
          + " hipaa-s3 binding to its bucket and key, so it could have been copied there from"
          + " another key. Objects written by hipaa-s3 before the binding, or by another"
          + " client, have none. To read them, build a client with"
          + " insecureAllowUnboundClientSideObjects(true), then rewrite each with putObject"
          + " through hipaa-s3 so that it is bound.", null);
    }
    LOG.warn("INSECURE: read a client-side object that is not bound to its bucket and key"
        + " (insecureAllowUnboundClientSideObjects(true)); it could have been copied from"
        + " another key. Rewrite it with putObject through hipaa-s3 to bind it.");
  }

  private static HipaaS3SecurityException boundElsewhere(Throwable cause) {
    return new HipaaS3SecurityException(ViolationCode.DECRYPTION_FAILED, "GetObject failed"
        + " client-side decryption and returned no plaintext: the object's envelope is bound to"
        + " another bucket or key, or its binding was altered, so it was copied or moved to the"
        + " requested key outside hipaa-s3 and is not the record stored under this ID. Check the"
        + " object's history (versions, access logs) and restore the right version.", cause);
  }
}
