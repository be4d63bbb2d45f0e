package io.github.hipaas3.internal;

/**
 * What an operation does, as far as the gate's stages care. Each row of the {@link
 * OperationTable} lists its traits, and each stage selects the operations it handles from them,
 * so which operations a rule covers is decided in the table alone.
 */
public enum Trait {
  /** Creates an object's data and takes the full encryption and retention settings (put, copy,
   * multipart creation). */
  CREATES_OBJECT,
  /** Writes object data whose response must show the encryption asked for (creations, parts,
   * part copies, multipart completion). */
  WRITES_DATA,
  /** Carries the key of an existing object that a server-side mode's key must accompany: SSE-C
   * needs the object's key on every part, completion and part listing too. */
  NEEDS_OBJECT_KEY,
  /** Reads one existing object or something stored with it. With older key-hashing secrets the
   * read falls back to older keys. */
  READS_OBJECT,
  /** Reads an object's data or headers, whose encryption and retention the response must show
   * (get, head; attributes for SSE-C). */
  READS_OBJECT_DATA,
  /** Names an existing object to change or delete it, or as a copy source; with older
   * key-hashing secrets the gate asks S3 which key form exists. */
  NAMES_EXISTING_OBJECT,
  /** Names a copy source, whose object a server-side key must accompany. */
  COPIES_FROM_SOURCE,
  /** Deletes objects or versions. */
  DELETES,
  /** Carries a request body. */
  CARRIES_BODY
}
