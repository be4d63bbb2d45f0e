package io.github.hipaas3.internal;

import io.github.hipaas3.ViolationCode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.SecretKey;

/**
 * Maps object IDs to object keys: {@code [<prefix>/]v<version>/<64 letters>}, where the letters
 * are HMAC-SHA256(secret, UTF-8 bytes of the object ID) written four bits per letter over the
 * alphabet {@value #ALPHABET}.
 *
 * <p>The alphabet has sixteen consonants and no digits or vowels, so a hashed key can never
 * look like a number (SSN, phone, record number, date) or spell a word or a name; no PHI detector
 * can fire on it, and it cannot contain any run of the caller's digits.
 *
 * <p>When the stored-key form is accepted (the default), mapping is idempotent: a key that
 * already has this mapper's exact form (prefix, a known version, 64 letters of the alphabet) is
 * returned as it is, so keys taken from a listing or from a response can be passed back to the
 * client. When it is not, every object ID is hashed, so an end user cannot name a stored key.
 */
public final class ObjectKeyMapper implements KeyMapper {
  /** The sixteen letters that encode the MAC, four bits each. */
  public static final String ALPHABET = "bcdfghjkmnpqrstv";

  /** The number of letters in the hash segment of a key (256 bits, four bits per letter). */
  public static final int HASH_LENGTH = 64;

  private static final char[] LETTERS = ALPHABET.toCharArray();
  private static final boolean[] IN_ALPHABET = new boolean[128];

  static {
    for (char c : LETTERS) {
      IN_ALPHABET[c] = true;
    }
  }

  /** Idle MACs a secret keeps at most (a burst of more threads creates and drops extras). */
  static final int MAX_IDLE_MACS = 16;

  /**
   * One secret: its version and a small pool of MACs (a {@link Mac} is not thread-safe). A MAC
   * is taken for one hash and given back; none is left in a thread-local, where the secret would
   * outlive the client in every thread that ever hashed an ID.
   */
  private static final class Hasher {
    private final int version;
    private final String segment;
    private final SecretKey key;
    private final java.util.concurrent.ArrayBlockingQueue<Mac> idle =
        new java.util.concurrent.ArrayBlockingQueue<>(MAX_IDLE_MACS);

    Hasher(int version, SecretKey key) {
      this.version = version;
      this.segment = "v" + version + "/";
      this.key = key;
      idle.offer(newMac(key)); // fail at build() rather than on the first call
    }

    byte[] mac(byte[] input) {
      Mac m = idle.poll();
      if (m == null) {
        m = newMac(key);
      }
      try {
        return m.doFinal(input);
      } finally {
        idle.offer(m); // dropped when the pool is full
      }
    }

    private static Mac newMac(SecretKey key) {
      try {
        Mac m = Mac.getInstance("HmacSHA256");
        m.init(key);
        return m;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
      }
    }
  }

  private final String prefix;
  private final List<Hasher> hashers;
  private final boolean acceptStoredKeyForm;

  /**
   * Creates a mapper.
   *
   * @param prefix the key prefix without a trailing slash, or empty for none
   * @param versions the secret versions, current first
   * @param keys the secrets, in the same order as {@code versions}
   * @param acceptStoredKeyForm whether an object ID that already has the stored-key form is
   *     used as it is (otherwise it is hashed like any other ID)
   */
  public ObjectKeyMapper(String prefix, List<Integer> versions, List<SecretKey> keys,
      boolean acceptStoredKeyForm) {
    Objects.requireNonNull(prefix, "prefix");
    if (versions.isEmpty() || versions.size() != keys.size()) {
      throw new IllegalArgumentException("one version per secret, at least one secret");
    }
    this.prefix = prefix.isEmpty() ? "" : prefix + "/";
    List<Hasher> list = new ArrayList<>();
    for (int i = 0; i < versions.size(); i++) {
      list.add(new Hasher(versions.get(i), keys.get(i)));
    }
    this.hashers = Collections.unmodifiableList(list);
    this.acceptStoredKeyForm = acceptStoredKeyForm;
  }

  /**
   * The key for an object ID under the current secret.
   *
   * @param objectId the caller's object ID
   * @param operationName the operation, for the error message
   * @return the key
   */
  @Override
  public String keyFor(String objectId, String operationName) {
    if (acceptStoredKeyForm && isMapped(objectId)) {
      return objectId;
    }
    return hash(hashers.get(0), utf8(objectId, operationName));
  }

  /**
   * The keys an object ID may be stored under: the current secret's first, then each older
   * secret's in the order given. A key that is already mapped is its only candidate when the
   * stored-key form is accepted.
   *
   * @param objectId the caller's object ID
   * @param operationName the operation, for the error message
   * @return the candidate keys, never empty
   */
  @Override
  public List<String> candidateKeys(String objectId, String operationName) {
    if (acceptStoredKeyForm && isMapped(objectId)) {
      return List.of(objectId);
    }
    byte[] bytes = utf8(objectId, operationName);
    List<String> keys = new ArrayList<>(hashers.size());
    for (Hasher h : hashers) {
      keys.add(hash(h, bytes));
    }
    return keys;
  }

  /** Whether older secrets are configured, so that reads may need to try more than one key. */
  @Override
  public boolean hasOlderSecrets() {
    return hashers.size() > 1;
  }

  /**
   * Whether a key already has this mapper's form: the prefix, {@code v<known version>/}, and
   * {@value #HASH_LENGTH} letters of the alphabet.
   *
   * @param key a key
   * @return whether it is a mapped key
   */
  public boolean isMapped(String key) {
    if (key == null || !key.startsWith(prefix)) {
      return false;
    }
    int hashStart = key.length() - HASH_LENGTH;
    for (Hasher h : hashers) {
      if (hashStart == prefix.length() + h.segment.length()
          && key.startsWith(h.segment, prefix.length())) {
        return inAlphabet(key, hashStart);
      }
    }
    return false;
  }

  @Override
  public boolean isStoredKey(String key) {
    return isMapped(key);
  }

  /**
   * Whether some key of this mapper's form starts with a value (so a listing prefix or a
   * start-after position made of it can match a stored key).
   *
   * @param value a prefix or a key position
   * @return whether a stored key can start with it
   */
  @Override
  public boolean isStoredPosition(String value) {
    if (value.length() <= prefix.length()) {
      return prefix.startsWith(value);
    }
    if (!value.startsWith(prefix)) {
      return false;
    }
    String rest = value.substring(prefix.length());
    for (Hasher h : hashers) {
      if (rest.length() <= h.segment.length()) {
        if (h.segment.startsWith(rest)) {
          return true;
        }
      } else if (rest.startsWith(h.segment)
          && rest.length() - h.segment.length() <= HASH_LENGTH
          && inAlphabet(rest, h.segment.length())) {
        return true;
      }
    }
    return false;
  }

  private static boolean inAlphabet(String s, int from) {
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 128 || !IN_ALPHABET[c]) {
        return false;
      }
    }
    return true;
  }

  private String hash(Hasher h, byte[] objectId) {
    byte[] mac = h.mac(objectId);
    char[] out = new char[prefix.length() + h.segment.length() + HASH_LENGTH];
    prefix.getChars(0, prefix.length(), out, 0);
    int pos = prefix.length();
    h.segment.getChars(0, h.segment.length(), out, pos);
    pos += h.segment.length();
    for (byte b : mac) {
      out[pos++] = LETTERS[(b >> 4) & 0xF];
      out[pos++] = LETTERS[b & 0xF];
    }
    return new String(out);
  }

  /**
   * The UTF-8 bytes of an object ID, refusing IDs that have no single UTF-8 form: the JDK would
   * silently replace an unpaired surrogate with '?', so two different IDs would share a key.
   */
  static byte[] utf8(String objectId, String operationName) {
    if (objectId == null || objectId.isEmpty()) {
      throw Violations.refused(ViolationCode.INVALID_NAME, operationName,
          "The object key (object ID) is empty. Pass a non-empty ID.");
    }
    for (int i = 0; i < objectId.length(); i++) {
      char c = objectId.charAt(i);
      if (Character.isSurrogate(c)) {
        boolean paired = Character.isHighSurrogate(c) && i + 1 < objectId.length()
            && Character.isLowSurrogate(objectId.charAt(i + 1));
        if (!paired) {
          throw Violations.refused(ViolationCode.INVALID_NAME, operationName,
              "The object key (object ID) contains an unpaired UTF-16 surrogate, so it has no"
                  + " UTF-8 form and cannot be hashed unambiguously. Pass a well-formed string.");
        }
        i++;
      }
    }
    return objectId.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The versions of the configured secrets, current first.
   *
   * @return the versions
   */
  @Override
  public List<Integer> versions() {
    List<Integer> v = new ArrayList<>();
    for (Hasher h : hashers) {
      v.add(h.version);
    }
    return v;
  }
}
