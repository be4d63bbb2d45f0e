package io.github.hipaas3.internal.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.encryption.s3.S3EncryptionClientException;
import software.amazon.encryption.s3.algorithms.AlgorithmSuite;
import software.amazon.encryption.s3.materials.EncryptionMaterials;
import software.amazon.encryption.s3.materials.EncryptionMaterialsRequest;

/**
 * The put of a small client-side object, encrypted in memory and sent on the sync client.
 *
 * <p>Bodies whose length is known and at most {@link #MAX_BODY} (or the multipart threshold,
 * if lower) are read whole, encrypted with the materials of the shared manager (so bound to
 * their bucket and key as every other put) and the encryption client's own content encryption
 * and envelope encoding ({@link S3ecInternals#encrypt}), and sent as bytes. The object is
 * byte for byte what the stock encryption client writes. Because the SDK resends the same
 * ciphertext (same data key, message ID and IV: no nonce is reused for other content), the
 * put uses the SDK's own retries under the caller's retry strategy, which the sync client is
 * built with; a body from a single-use stream is read once, so it is retried too.
 *
 * <p>At most {@code MAX_BODY} of plaintext and as much ciphertext (plus the 16-byte tag) is
 * held per put in flight; the plaintext copy is zeroed when the put ends. Larger bodies and
 * bodies of unknown length take the streaming put of the encryption client.
 */
final class SmallPut {
  /** The largest body encrypted in memory: 1 MiB. */
  static final long MAX_BODY = 1024L * 1024;

  /** The body's media type when the request sets none, as for the SDK's byte bodies. */
  private static final String OCTET_STREAM = "application/octet-stream";

  private static final AlgorithmSuite SUITE =
      AlgorithmSuite.ALG_AES_256_GCM_HKDF_SHA512_COMMIT_KEY;

  private final ObjectBinding cmm;
  private final S3Client raw;
  private final long limit;
  private final SecureRandom random = new SecureRandom();

  /**
   * The small-put path.
   *
   * @param cmm the shared materials manager (the object binding, with the KMS data key
   *     cache when it is on)
   * @param raw the HTTPS-only sync client, with the caller's retry strategy
   * @param multipartThreshold bodies above it are uploaded in parts, never here
   */
  SmallPut(ObjectBinding cmm, S3Client raw, long multipartThreshold) {
    this.cmm = cmm;
    this.raw = raw;
    this.limit = Math.min(MAX_BODY, multipartThreshold);
  }

  /**
   * Whether the body is put here.
   *
   * @param request the put
   * @param body the caller's body
   * @return true for a body of known length up to the limit
   */
  boolean applies(PutObjectRequest request, RequestBody body) {
    long length = body.optionalContentLength().orElse(-1L);
    return length >= 0 && length <= limit
        && (request.contentLength() == null || request.contentLength() == length);
  }

  /**
   * Encrypts and sends one put.
   *
   * @param request the put as the gate passed it
   * @param body the caller's body ({@link #applies} is true)
   * @return the response
   */
  PutObjectResponse put(PutObjectRequest request, RequestBody body) {
    int length = Math.toIntExact(body.optionalContentLength().orElseThrow());
    byte[] plaintext = new byte[length];
    try {
      read(body, plaintext);
      EncryptionMaterials materials = cmm.smallPutMaterials(
          EncryptionMaterialsRequest.builder().s3Request(request).plaintextLength(length)
              .encryptionAlgorithm(SUITE).build());
      if (materials == null) {
        throw new S3EncryptionClientException("Encryption materials cannot be null during"
            + " content encryption.");
      }
      S3ecInternals.Encrypted encrypted =
          S3ecInternals.encrypt(materials, plaintext, random, request);
      byte[] ciphertext = encrypted.ciphertext();
      PutObjectRequest sent = encrypted.request();
      String tag = ObjectBinding.smallPutTag(materials, request.bucket(), request.key(),
          encrypted.messageId());
      if (tag != null) {
        // A shared data key (the KMS data key cache): the object's binding tag.
        Map<String, String> metadata = new HashMap<>(sent.metadata());
        metadata.put(ObjectBinding.TAG_METADATA, tag);
        sent = sent.toBuilder().metadata(metadata).build();
      }
      return raw.putObject(sent, RequestBody.fromContentProvider(
          ContentStreamProvider.fromByteArrayUnsafe(ciphertext), ciphertext.length,
          OCTET_STREAM));
    } finally {
      Arrays.fill(plaintext, (byte) 0);
    }
  }

  private static void read(RequestBody body, byte[] into) {
    try (InputStream in = body.contentStreamProvider().newStream()) {
      int n = in.readNBytes(into, 0, into.length);
      if (n != into.length) {
        throw SdkClientException.create("PutObject read " + n + " of the body's "
            + into.length + " bytes: the body ended before its declared length. Pass a body"
            + " whose length matches its content.");
      }
    } catch (IOException e) {
      throw SdkClientException.create("PutObject could not read the request body ("
          + e.getClass().getSimpleName() + "); nothing was sent.", e);
    }
  }
}
