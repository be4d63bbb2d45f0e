package io.github.hipaas3.internal;

import com.google.crypto.tink.AccessesPartialKey;
import com.google.crypto.tink.DeterministicAead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.daead.AesSivKey;
import com.google.crypto.tink.daead.AesSivParameters;
import com.google.crypto.tink.subtle.AesSiv;
import com.google.crypto.tink.util.SecretBytes;
import io.github.hipaas3.HipaaS3SecurityException;
import io.github.hipaas3.ViolationCode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import org.jspecify.annotations.Nullable;

/**
 * Maps the caller's keys to encrypted paths: {@code [<prefix>/]e<version>/<segment>/...}, where
 * each {@code /}-separated segment of the caller's key is encrypted on its own with AES-SIV
 * (RFC 5297, deterministic authenticated encryption, from Google Tink), with the stored path of
 * its parent (everything before it, up to and including the {@code /}) as associated data, and
 * written four bits per letter over the same sixteen consonants as hashed keys ({@value
 * ObjectKeyMapper#ALPHABET}): no digit, no vowel, so no number and no word can form.
 *
 * <p>Because the encryption is deterministic and each segment's associated data is its parent's
 * stored path, the stored form of a folder ({@code lab-reports/2026/}) is a prefix of the
 * stored form of every key under it, so S3 lists by prefix and by {@code /} delimiter on
 * segment boundaries, and every listed key decrypts back to the caller's key. An empty segment
 * stays empty (a key ending in {@code /} still ends in {@code /}).
 *
 * <p>Each segment's UTF-8 bytes are padded (ISO/IEC 7816-4: {@code 0x80}, then zeros) to one of
 * {@link #PADDED_LENGTHS} bytes, so the stored key shows only a length class per segment; the
 * AES-SIV tag adds 16 bytes, and each byte takes two letters: a segment of up to 15 bytes
 * takes 64 letters, up to 31 bytes 96, up to 63 bytes 160, up to 127 bytes 288, up to 255 bytes
 * 544. Keys whose stored form would exceed S3's 1,024 bytes are refused.
 *
 * <p>The AES-SIV key (64 bytes) is derived from the key-hashing secret with HKDF-Expand
 * (HMAC-SHA256, RFC 5869) and an info string that starts with the byte {@code 0xFF}, which no
 * UTF-8 text contains: no hashed key of any object ID made with the same secret can equal a
 * block of the derived key.
 */
public final class EncryptedPathMapper implements KeyMapper {
  /** The most bytes S3 accepts in a key. */
  public static final int MAX_STORED_KEY_BYTES = 1024;

  /** The lengths, in bytes, a segment is padded to (its bytes plus at least one). */
  static final int[] PADDED_LENGTHS = {16, 32, 64, 128, 256};

  /** The AES-SIV tag (the synthetic IV) in bytes. */
  private static final int TAG_LENGTH = 16;

  /** The HKDF info of the AES-SIV key; the leading 0xFF is never in UTF-8 text. */
  private static final byte[] INFO = concat(new byte[] {(byte) 0xFF},
      "hipaa-s3/encrypted-paths/aes-siv/v1".getBytes(StandardCharsets.US_ASCII));

  private static final char[] LETTERS = ObjectKeyMapper.ALPHABET.toCharArray();
  private static final int[] NIBBLE = new int[128];

  static {
    Arrays.fill(NIBBLE, -1);
    for (int i = 0; i < LETTERS.length; i++) {
      NIBBLE[LETTERS[i]] = i;
    }
  }

  /** One secret's version: its root ({@code [<prefix>/]e<version>/}) and its cipher. */
  private static final class Version {
    final int version;
    final String root;
    final DeterministicAead aead;

    Version(int version, String root, DeterministicAead aead) {
      this.version = version;
      this.root = root;
      this.aead = aead;
    }
  }

  private final List<Version> versions;

  /**
   * Creates a mapper.
   *
   * @param prefix the key prefix without a trailing slash, or empty for none
   * @param versions the secret versions, current first
   * @param keys the key-hashing secrets (HMAC-SHA256 keys), in the same order
   */
  public EncryptedPathMapper(String prefix, List<Integer> versions, List<SecretKey> keys) {
    Objects.requireNonNull(prefix, "prefix");
    if (versions.isEmpty() || versions.size() != keys.size()) {
      throw new IllegalArgumentException("one version per secret, at least one secret");
    }
    String base = prefix.isEmpty() ? "" : prefix + "/";
    List<Version> list = new ArrayList<>();
    for (int i = 0; i < versions.size(); i++) {
      list.add(new Version(versions.get(i), base + "e" + versions.get(i) + "/",
          cipher(keys.get(i))));
    }
    this.versions = Collections.unmodifiableList(list);
  }

  /** The AES-SIV cipher keyed by HKDF-Expand(secret, {@link #INFO}, 64). */
  @AccessesPartialKey // the derived key bytes are the whole AES-SIV key, set once here
  private static DeterministicAead cipher(SecretKey secret) {
    byte[] derived = new byte[64];
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(secret);
      byte[] previous = new byte[0];
      for (int block = 1, pos = 0; pos < derived.length; block++) {
        mac.update(previous);
        mac.update(INFO);
        mac.update((byte) block);
        byte[] t = mac.doFinal();
        System.arraycopy(t, 0, derived, pos, Math.min(t.length, derived.length - pos));
        pos += t.length;
        Arrays.fill(previous, (byte) 0);
        previous = t;
      }
      Arrays.fill(previous, (byte) 0);
      AesSivKey key = AesSivKey.builder()
          .setParameters(AesSivParameters.builder().setKeySizeBytes(64)
              .setVariant(AesSivParameters.Variant.NO_PREFIX).build())
          .setKeyBytes(SecretBytes.copyFrom(derived, InsecureSecretKeyAccess.get()))
          .build();
      return AesSiv.create(key);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-SIV or HmacSHA256 is not available in this JVM", e);
    } finally {
      Arrays.fill(derived, (byte) 0);
    }
  }

  @Override
  public String keyFor(String objectId, String operationName) {
    return encrypt(versions.get(0), objectId, operationName);
  }

  @Override
  public List<String> candidateKeys(String objectId, String operationName) {
    List<String> keys = new ArrayList<>(versions.size());
    for (Version v : versions) {
      keys.add(encrypt(v, objectId, operationName));
    }
    return keys;
  }

  @Override
  public boolean hasOlderSecrets() {
    return versions.size() > 1;
  }

  @Override
  public List<Integer> versions() {
    List<Integer> list = new ArrayList<>();
    for (Version v : versions) {
      list.add(v.version);
    }
    return list;
  }

  /**
   * The stored form of a listing prefix (or a marker that names a folder): the caller's prefix
   * must be empty or end with {@code /}, that is, end on a segment boundary.
   *
   * @param callerPrefix the caller's prefix, empty or ending with {@code /}
   * @param operationName the operation, for the error message
   * @return the stored prefix, ending with {@code /}
   */
  public String prefixFor(String callerPrefix, String operationName) {
    Version current = versions.get(0);
    if (callerPrefix.isEmpty()) {
      return current.root;
    }
    if (!callerPrefix.endsWith("/")) {
      throw new IllegalArgumentException("not on a segment boundary");
    }
    // "a/b/" is the key "a/b/" whose last segment is empty: its stored form ends with "/".
    return encrypt(current, callerPrefix, operationName);
  }

  /**
   * The caller's key (or prefix) of a stored key (or stored prefix) S3 returned. A value outside
   * every configured secret's tree, or one whose segments do not authenticate, is refused: it
   * was not written through a client with this secret, or it was altered.
   *
   * @param stored the stored key or prefix
   * @param operationName the operation, for the error message
   * @return the caller's key or prefix
   */
  public String decrypt(String stored, String operationName) {
    return decrypt(stored, operationName, new HashMap<>());
  }

  /**
   * Like {@link #decrypt(String, String)}, with the parent folders already decrypted in this
   * response: the keys of one listing page share their parents, so each parent is
   * authenticated and decrypted once per page (a parent's stored form fixes its plaintext,
   * since every segment's associated data is its parent's stored path).
   *
   * @param stored the stored key or prefix
   * @param operationName the operation, for the error message
   * @param parents stored folder to caller's folder, filled as folders are decrypted
   * @return the caller's key or prefix
   */
  public String decrypt(String stored, String operationName, Map<String, String> parents) {
    for (Version v : versions) {
      if (stored.startsWith(v.root)) {
        String plain = decrypt(v, stored, parents);
        if (plain != null) {
          return plain;
        }
        break;
      }
    }
    throw new HipaaS3SecurityException(ViolationCode.DECRYPTION_FAILED, operationName
        + " returned a key that hipaa-s3 could not authenticate as an encrypted path of this"
        + " client's key-hashing secret (it was not written through hipaa-s3 with this secret"
        + " and key prefix, or it was altered), so the response is not returned. Remove or"
        + " rename the foreign object, or list it with a client of the secret that wrote it.",
        null);
  }

  @Override
  public boolean isStoredKey(String key) {
    for (Version v : versions) {
      if (key.startsWith(v.root)) {
        int start = v.root.length();
        while (true) {
          int slash = key.indexOf('/', start);
          int end = slash < 0 ? key.length() : slash;
          if (end > start && !isSealedSegment(key, start, end)) {
            return false;
          }
          if (slash < 0) {
            return true;
          }
          start = slash + 1;
        }
      }
    }
    return false;
  }

  @Override
  public boolean isStoredPosition(String value) {
    return isStoredKey(value);
  }

  private static boolean isSealedSegment(String key, int start, int end) {
    int letters = end - start;
    if (letters % 2 != 0 || !isSealedLength(letters / 2)) {
      return false;
    }
    for (int i = start; i < end; i++) {
      if (nibble(key.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }

  private String encrypt(Version v, String objectId, String operationName) {
    ObjectKeyMapper.utf8(objectId, operationName); // refuses empty IDs and unpaired surrogates
    String[] segments = objectId.split("/", -1);
    byte[][] plain = new byte[segments.length][];
    long length = v.root.length() + segments.length - 1L;
    for (int i = 0; i < segments.length; i++) {
      plain[i] = segments[i].getBytes(StandardCharsets.UTF_8);
      if (plain[i].length > 0) {
        int padded = paddedLength(plain[i].length);
        length += padded < 0 ? Integer.MAX_VALUE : 2L * (padded + TAG_LENGTH);
      }
    }
    if (length > MAX_STORED_KEY_BYTES) {
      throw Violations.refused(ViolationCode.INVALID_NAME, operationName, "The key is too long"
          + " for KeyMode.ENCRYPTED_PATHS: its stored form would exceed S3's limit of 1,024"
          + " bytes. Each '/'-separated segment of a key is stored encrypted: a segment of up to"
          + " 15 bytes (UTF-8) takes 64 characters, up to 31 bytes 96, up to 63 bytes 160, up"
          + " to 127 bytes 288, up to 255 bytes 544 (longer segments are refused), plus one"
          + " per '/' and " + v.root.length() + " for the client's key prefix and version."
          + " Use fewer or shorter segments.");
    }
    StringBuilder out = new StringBuilder((int) length).append(v.root);
    for (int i = 0; i < segments.length; i++) {
      if (i > 0) {
        out.append('/');
      }
      if (plain[i].length == 0) {
        continue;
      }
      byte[] padded = pad(plain[i]);
      try {
        byte[] sealed = v.aead.encryptDeterministically(padded,
            out.toString().getBytes(StandardCharsets.US_ASCII));
        for (byte b : sealed) {
          out.append(LETTERS[(b >> 4) & 0xF]).append(LETTERS[b & 0xF]);
        }
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("AES-SIV encryption failed", e);
      } finally {
        Arrays.fill(padded, (byte) 0);
      }
    }
    return out.toString();
  }

  /**
   * The caller's form of a stored key or folder in a version's tree, or {@code null} when it is
   * not authentic: its parent folder (from {@code parents}, or decrypted and added there), then
   * its last segment.
   */
  private static @Nullable String decrypt(Version v, String stored, Map<String, String> parents) {
    if (stored.equals(v.root)) {
      return "";
    }
    boolean folder = stored.endsWith("/");
    String body = folder ? stored.substring(0, stored.length() - 1) : stored;
    int slash = body.lastIndexOf('/');
    if (slash < v.root.length() - 1) {
      return null;
    }
    String parent = body.substring(0, slash + 1);
    String parentPlain = "";
    if (parent.length() > v.root.length()) {
      parentPlain = parents.get(parent);
      if (parentPlain == null) {
        parentPlain = decrypt(v, parent, parents);
        if (parentPlain == null) {
          return null;
        }
        parents.put(parent, parentPlain);
      }
    }
    String segment = body.length() > slash + 1
        ? decryptSegment(v, body, slash + 1, body.length()) : "";
    if (segment == null) {
      return null;
    }
    return folder ? parentPlain + segment + "/" : parentPlain + segment;
  }

  private static @Nullable String decryptSegment(Version v, String stored, int start, int end) {
    if (!isSealedSegment(stored, start, end)) {
      return null;
    }
    byte[] sealed = new byte[(end - start) / 2];
    for (int i = 0; i < sealed.length; i++) {
      sealed[i] = (byte) (nibble(stored.charAt(start + 2 * i)) << 4
          | nibble(stored.charAt(start + 2 * i + 1)));
    }
    byte[] padded = null;
    try {
      padded = v.aead.decryptDeterministically(sealed,
          stored.substring(0, start).getBytes(StandardCharsets.US_ASCII));
      int length = unpaddedLength(padded);
      if (length < 0) {
        return null;
      }
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(padded, 0, length)).toString();
    } catch (GeneralSecurityException | CharacterCodingException e) {
      return null;
    } finally {
      if (padded != null) {
        Arrays.fill(padded, (byte) 0);
      }
    }
  }

  private static int nibble(char c) {
    return c < 128 ? NIBBLE[c] : -1;
  }

  private static boolean isSealedLength(int bytes) {
    for (int p : PADDED_LENGTHS) {
      if (bytes == p + TAG_LENGTH) {
        return true;
      }
    }
    return false;
  }

  /** The padded length of a segment of {@code n} bytes, or -1 when it is too long. */
  static int paddedLength(int n) {
    for (int p : PADDED_LENGTHS) {
      if (n < p) {
        return p;
      }
    }
    return -1;
  }

  private static byte[] pad(byte[] plain) {
    byte[] padded = new byte[paddedLength(plain.length)];
    System.arraycopy(plain, 0, padded, 0, plain.length);
    padded[plain.length] = (byte) 0x80;
    return padded;
  }

  /** The length before the padding, or -1 when the padding is malformed. */
  private static int unpaddedLength(byte[] padded) {
    int i = padded.length - 1;
    while (i >= 0 && padded[i] == 0) {
      i--;
    }
    return i >= 0 && padded[i] == (byte) 0x80 ? i : -1;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
