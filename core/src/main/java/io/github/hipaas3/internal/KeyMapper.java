package io.github.hipaas3.internal;

import java.util.List;

/**
 * Turns the caller's object keys into the keys S3 stores ({@link ObjectKeyMapper} for hashed
 * keys, {@link EncryptedPathMapper} for encrypted paths).
 */
public interface KeyMapper {
  /**
   * The stored key for a caller's key under the current secret.
   *
   * @param objectId the caller's key (object ID)
   * @param operationName the operation, for the error message
   * @return the stored key
   */
  String keyFor(String objectId, String operationName);

  /**
   * The stored keys a caller's key may have: the current secret's first, then each older
   * secret's.
   *
   * @param objectId the caller's key
   * @param operationName the operation, for the error message
   * @return the candidate keys, never empty
   */
  List<String> candidateKeys(String objectId, String operationName);

  /**
   * Whether older secrets are configured, so that reads may need to try more than one key.
   *
   * @return whether there are older secrets
   */
  boolean hasOlderSecrets();

  /**
   * The versions of the configured secrets, current first.
   *
   * @return the versions
   */
  List<Integer> versions();

  /**
   * Whether a key has this mapper's stored form (a structural check, no secret involved beyond
   * the versions): the wire gate's last check that no caller key leaves the process.
   *
   * @param key a key about to be sent
   * @return whether it is a stored key
   */
  boolean isStoredKey(String key);

  /**
   * Whether a listing prefix or key position can be one of this mapper's stored keys or start
   * one.
   *
   * @param value a prefix, start-after or marker about to be sent
   * @return whether a stored key can start with it
   */
  boolean isStoredPosition(String value);
}
