package io.github.hipaas3.internal.crypto;

import io.github.hipaas3.HipaaS3SecurityException;
import io.github.hipaas3.ViolationCode;
import io.github.hipaas3.HipaaS3PolicyViolationException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import io.github.hipaas3.KmsDataKeyCache;
import io.github.hipaas3.internal.ObjectKeyMapper;
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
 *   <li><b>KMS keyring with the data key cache</b> ({@link KmsDataKeyCache}, puts up to
 *       {@link SmallPut#MAX_BODY}): one data key serves many objects, so the encryption context
 *       sent to KMS holds the caller's context, {@value #BUCKET} and the marker {@value #BINDING}
 *       = {@value #TAG_V2} (no key), and each object carries the user metadata entry {@value
 *       #TAG_METADATA}: HMAC-SHA256(K2, "hipaa-s3 object binding v2" || bucket || key ||
 *       encrypted data key || message ID || key commitment), each field length-prefixed, with
 *       {@code K2 = HMAC-SHA256(data key, "hipaa-s3 binding key v2" || 1)}, written as 64
 *       letters of the hashed keys' consonant alphabet (no digits, so no PHI detector fires on
 *       it). With a shared data key the tag must cover the message ID and the commitment, or
 *       one object's body and message ID could be paired with another object's tag. KMS
 *       authenticates the context, so the marker cannot be stripped, and a marked object
 *       without its tag, or with another object's, fails. Only whole-object gets
 *       ({@link StreamingDecryption}, which has the message ID and the metadata) can check the
 *       tag: ranged gets of marked objects are refused.
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
  /** The value of {@value #BINDING} in a KMS context whose objects carry a v2 tag. */
  static final String TAG_V2 = "v2";
  /** User metadata entry with the v2 binding tag (KMS with the data key cache). */
  static final String TAG_METADATA = "hipaa-s3-binding";
  /** Context entries the KMS keyring adds and leaves out of its own context check. */
  private static final Set<String> KEYRING_RESERVED = Set.of("aws:x-amz-cek-alg", "kms_cmk_id");
  private static final byte[] KEY_LABEL_V2 =
      "hipaa-s3 binding key v2".getBytes(StandardCharsets.UTF_8);
  private static final byte[] TAG_LABEL_V2 =
      "hipaa-s3 object binding v2".getBytes(StandardCharsets.UTF_8);
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
  /** Data keys of small puts by encryption context; null without the cache. */
  private final @Nullable DataKeyCache<Map<String, String>, EncryptionMaterials> encryptCache;
  /** Unwrapped data keys by encrypted data key and stored context; null without the cache. */
  private final @Nullable DataKeyCache<Wrapped, Boolean> decryptCache;

  /** A decrypt cache key: the encrypted data key (base64) and the stored context. */
  private record Wrapped(String encryptedDataKey, Map<String, String> context) {}

  /**
   * Wraps a materials manager.
   *
   * @param delegate the manager over the configured keyring
   * @param kms whether the keyring is a KMS keyring (binding in the encryption context)
   * @param allowUnbound whether objects without a binding are read (with a WARN)
   */
  ObjectBinding(CryptographicMaterialsManager delegate, boolean kms, boolean allowUnbound) {
    this(delegate, kms, allowUnbound, null, System::nanoTime);
  }

  /**
   * Wraps a materials manager, with the KMS data key cache.
   *
   * @param delegate the manager over the configured keyring
   * @param kms whether the keyring is a KMS keyring
   * @param allowUnbound whether objects without a binding are read (with a WARN)
   * @param cache the cache's bounds, or null for no cache (only with a KMS keyring)
   * @param nanoTime the cache's clock
   */
  ObjectBinding(CryptographicMaterialsManager delegate, boolean kms, boolean allowUnbound,
      @Nullable KmsDataKeyCache cache, java.util.function.LongSupplier nanoTime) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.kms = kms;
    this.allowUnbound = allowUnbound;
    if (cache != null && !kms) {
      throw new IllegalArgumentException("the data key cache needs a KMS keyring");
    }
    this.encryptCache = cache == null ? null : new DataKeyCache<>(cache, nanoTime);
    this.decryptCache = cache == null ? null : new DataKeyCache<>(cache, nanoTime);
  }

  /** Zeroes the cached data keys. */
  void close() {
    // Both caches are made, or neither.
    if (encryptCache != null) {
      encryptCache.close();
    }
    if (decryptCache != null) {
      decryptCache.close();
    }
  }

  /** Test hook: the caches' own copies of the data keys they hold. */
  java.util.List<byte[]> heldKeys() {
    java.util.List<byte[]> keys = new java.util.ArrayList<>(
        Objects.requireNonNull(encryptCache, "the cache is on").heldKeys());
    keys.addAll(Objects.requireNonNull(decryptCache, "the cache is on").heldKeys());
    return keys;
  }

  /**
   * The materials of a small put ({@link SmallPut}): with the data key cache, a cached data key
   * under the per-bucket context with the v2 marker; otherwise fresh per-object materials, as
   * {@link #getEncryptionMaterials}.
   *
   * @param request the materials request
   * @return materials used for this object only (the data key may be shared)
   */
  EncryptionMaterials smallPutMaterials(EncryptionMaterialsRequest request) {
    if (encryptCache == null) {
      return getEncryptionMaterials(request);
    }
    S3Request s3 = request.s3Request();
    checkCallerContext(s3);
    Map<String, String> context = Map.of(BUCKET, field(s3, "Bucket"), BINDING, TAG_V2);
    // The keyring adds the caller's context: the cache key is the whole context KMS gets.
    Map<String, String> whole = new HashMap<>(callerContext(s3));
    whole.putAll(context);
    DataKeyCache.Use<EncryptionMaterials> use = encryptCache.use(Map.copyOf(whole),
        request.plaintextLength(), () -> {
          EncryptionMaterials fresh = delegate.getEncryptionMaterials(
              EncryptionMaterialsRequest.builder().s3Request(s3).encryptionContext(context)
                  .plaintextLength(request.plaintextLength())
                  .encryptionAlgorithm(request.encryptionAlgorithm()).build());
          return new DataKeyCache.Fresh<>(fresh.plaintextDataKey(),
              fresh.toBuilder().plaintextDataKey(null).build());
        });
    try {
      return use.value().toBuilder().s3Request(s3).plaintextLength(request.plaintextLength())
          .plaintextDataKey(use.dataKey()).build();
    } finally {
      Arrays.fill(use.dataKey(), (byte) 0);
    }
  }

  /**
   * The v2 tag of an object encrypted with {@link #smallPutMaterials}, or null when its
   * materials are bound by their context or materials description (v1).
   *
   * @param materials the materials after encryption (with the key commitment)
   * @param bucket the bucket
   * @param key the stored key
   * @param messageId the object's message ID
   * @return the value of {@value #TAG_METADATA}, or null
   */
  static @Nullable String smallPutTag(EncryptionMaterials materials, String bucket, String key,
      byte[] messageId) {
    if (!TAG_V2.equals(materials.encryptionContext().get(BINDING))) {
      return null;
    }
    byte[] dataKey = materials.plaintextDataKey();
    try {
      return letters(tagV2(dataKey, bucket, key, onlyKey(materials.encryptedDataKeys()),
          messageId, materials.getKeyCommitment()));
    } finally {
      Arrays.fill(dataKey, (byte) 0);
    }
  }

  /**
   * The materials of a whole-object get ({@link StreamingDecryption}): objects marked v2 in
   * their KMS context have their tag checked here, before any plaintext is released; all
   * others go through {@link #decryptMaterials}.
   *
   * @param request the materials request
   * @param messageId the envelope's message ID
   * @param metadata the object's user metadata
   * @return the materials
   */
  DecryptionMaterials decryptWhole(DecryptMaterialsRequest request, byte[] messageId,
      Map<String, String> metadata) {
    Map<String, String> stored = request.encryptionContext();
    if (!kms || stored == null || !stored.containsKey(BINDING)) {
      return decryptMaterials(request);
    }
    GetObjectRequest get = request.s3Request();
    String bucket = field(get, "Bucket");
    String key = field(get, "Key");
    checkCallerContext(get);
    if (!TAG_V2.equals(stored.get(BINDING)) || stored.containsKey(KEY)
        || !bucket.equals(stored.get(BUCKET))) {
      throw boundElsewhere(null);
    }
    Map<String, String> expected = new HashMap<>(callerContext(get));
    expected.put(BUCKET, bucket);
    expected.put(BINDING, TAG_V2);
    DecryptionMaterials materials = kmsDecrypt(request, get, expected);
    String storedTag = metadata == null ? null : metadata.get(TAG_METADATA);
    byte[] dataKey = materials.plaintextDataKey();
    try {
      String tag = letters(tagV2(dataKey, bucket, key, onlyKey(request.encryptedDataKeys()),
          messageId, request.keyCommitment()));
      if (storedTag == null || !MessageDigest.isEqual(
          tag.getBytes(StandardCharsets.US_ASCII), storedTag.getBytes(StandardCharsets.UTF_8))) {
        throw boundElsewhere(null);
      }
    } finally {
      Arrays.fill(dataKey, (byte) 0);
    }
    return materials;
  }

  /**
   * KMS decryption of the data key with the context the read expects, through the cache when
   * it is on. A cache hit skips the keyring, so the keyring's context check is made here.
   */
  private DecryptionMaterials kmsDecrypt(DecryptMaterialsRequest request, GetObjectRequest get,
      Map<String, String> expected) {
    Map<String, String> stored = request.encryptionContext();
    AwsRequestOverrideConfiguration override = get.overrideConfiguration()
        .map(AwsRequestOverrideConfiguration::toBuilder)
        .orElseGet(AwsRequestOverrideConfiguration::builder)
        .putExecutionAttribute(S3EncryptionClient.ENCRYPTION_CONTEXT, expected).build();
    GetObjectRequest withContext = get.toBuilder().overrideConfiguration(override).build();
    DecryptMaterialsRequest forKms = DecryptMaterialsRequest.builder()
        .s3Request(withContext)
        .algorithmSuite(request.algorithmSuite())
        .encryptedDataKeys(request.encryptedDataKeys())
        .encryptionContext(stored)
        .materialsDescription(request.materialsDescription())
        .ciphertextLength(request.ciphertextLength())
        .contentRange(request.contentRange())
        .keyCommitment(request.keyCommitment())
        .build();
    try {
      if (decryptCache == null) {
        return delegate.decryptMaterials(forKms);
      }
      Map<String, String> storedCaller = new HashMap<>(stored);
      storedCaller.keySet().removeAll(KEYRING_RESERVED);
      if (!storedCaller.equals(expected)) {
        throw boundElsewhere(null);
      }
      Wrapped wrapped = new Wrapped(Base64.getEncoder().encodeToString(
          onlyKey(request.encryptedDataKeys())), Map.copyOf(stored));
      DataKeyCache.Use<Boolean> use = decryptCache.use(wrapped, request.ciphertextLength(),
          () -> new DataKeyCache.Fresh<>(delegate.decryptMaterials(forKms).plaintextDataKey(),
              Boolean.TRUE));
      try {
        return DecryptionMaterials.builder()
            .s3Request(withContext)
            .algorithmSuite(request.algorithmSuite())
            .encryptionContext(stored)
            .materialsDescription(request.materialsDescription())
            .ciphertextLength(request.ciphertextLength())
            .contentRange(request.contentRange())
            .keyCommitment(request.keyCommitment())
            .plaintextDataKey(use.dataKey())
            .build();
      } finally {
        Arrays.fill(use.dataKey(), (byte) 0);
      }
    } catch (InvalidCiphertextException e) {
      // KMS refused the stored context: it is not the one the data key was encrypted with
      // (an edited x-amz-t), or the encrypted data key was altered.
      throw boundElsewhere(e);
    }
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
      if (stored.containsKey(BINDING)) {
        throw new HipaaS3PolicyViolationException(ViolationCode.OPERATION_REFUSED, "A ranged"
            + " GetObject of an object written with the KMS data key cache (kmsDataKeyCache)"
            + " was refused: its binding to the bucket and key is a tag that only a"
            + " whole-object get can check. Get the whole object, or write objects that need"
            + " ranged gets with a client without kmsDataKeyCache.");
      }
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
      return kmsDecrypt(request, get, expected);
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
    return mac(dataKey, KEY_LABEL, TAG_LABEL, bucket.getBytes(StandardCharsets.UTF_8),
        key.getBytes(StandardCharsets.UTF_8), encryptedDataKey);
  }

  /**
   * The v2 tag: HMAC-SHA256 over the bucket, stored key, encrypted data key, message ID and
   * key commitment, keyed from the (shared) data key.
   */
  static byte[] tagV2(byte[] dataKey, String bucket, String key, byte[] encryptedDataKey,
      byte[] messageId, byte[] keyCommitment) {
    if (messageId == null || keyCommitment == null) {
      throw new HipaaS3SecurityException(ViolationCode.DECRYPTION_FAILED, "Client-side"
          + " encryption failed: the envelope has no message ID or key commitment.", null);
    }
    return mac(dataKey, KEY_LABEL_V2, TAG_LABEL_V2, bucket.getBytes(StandardCharsets.UTF_8),
        key.getBytes(StandardCharsets.UTF_8), encryptedDataKey, messageId, keyCommitment);
  }

  private static byte[] mac(byte[] dataKey, byte[] keyLabel, byte[] tagLabel,
      byte[]... fields) {
    if (dataKey == null) {
      throw new IllegalStateException("the keyring returned no plaintext data key");
    }
    byte[] derived = null;
    try {
      Mac derive = Mac.getInstance("HmacSHA256");
      derive.init(new SecretKeySpec(dataKey, "HmacSHA256"));
      derive.update(keyLabel);
      derive.update((byte) 1); // HKDF-Expand, first block
      derived = derive.doFinal();
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(derived, "HmacSHA256"));
      mac.update(tagLabel);
      for (byte[] f : fields) {
        field(mac, f);
      }
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    } finally {
      if (derived != null) {
        Arrays.fill(derived, (byte) 0);
      }
    }
  }

  /** Four bits per letter over the hashed keys' consonant alphabet: no digits, no words. */
  static String letters(byte[] bytes) {
    String alphabet = ObjectKeyMapper.ALPHABET;
    StringBuilder out = new StringBuilder(bytes.length * 2);
    for (byte b : bytes) {
      out.append(alphabet.charAt((b >> 4) & 0x0f)).append(alphabet.charAt(b & 0x0f));
    }
    return out.toString();
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

  private static HipaaS3SecurityException boundElsewhere(@Nullable Throwable cause) {
    return new HipaaS3SecurityException(ViolationCode.DECRYPTION_FAILED, "GetObject failed"
        + " client-side decryption and returned no plaintext: the object's envelope is bound to"
        + " another bucket or key, or its binding was altered, so it was copied or moved to the"
        + " requested key outside hipaa-s3 and is not the record stored under this ID. Check the"
        + " object's history (versions, access logs) and restore the right version.", cause);
  }
}
