package io.github.hipaas3.internal.crypto;

import io.github.hipaas3.HipaaS3SecurityException;
import io.github.hipaas3.internal.BlockInputStream;
import io.github.hipaas3.internal.SpooledCiphertext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Collections;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.encryption.s3.algorithms.AlgorithmSuite;
import software.amazon.encryption.s3.materials.DecryptMaterialsRequest;
import software.amazon.encryption.s3.materials.DecryptionMaterials;

/**
 * Decrypts objects written by the S3 Encryption Client's committing suite
 * (AES-256-GCM, HKDF-SHA512, key commitment) as a stream, with the JDK's provider.
 *
 * <p>The JDK's AES-GCM decryption holds all ciphertext until the tag is checked, so it cannot
 * stream a large object in bounded memory, and the encryption client's own get cannot either.
 * This class uses the same arithmetic split in two: AES-CTR from the GCM counter block
 * {@code IV || 2} yields the plaintext as it arrives, and a second cipher running AES-GCM
 * <em>encryption</em> of that plaintext under the same key, IV and AAD recomputes the tag, which
 * is compared in constant time with the stored one at the end. The data key, key commitment
 * and envelope are handled by the encryption client's own classes (metadata decoding,
 * materials manager, key derivation with the commitment check).
 *
 * <ul>
 *   <li>Objects up to 1 MiB (and {@code bufferLimit}) are read whole and decrypted with one
 *       AES-GCM decryption, which checks the tag before it returns any plaintext.
 *   <li>Objects up to {@code bufferLimit} bytes are decrypted and authenticated in full, in
 *       memory, before the first plaintext byte is returned.
 *   <li>Larger objects are authenticated before release in bounded memory: pass 1 writes their
 *       ciphertext to a {@link SpooledCiphertext} file while the tag is recomputed (the
 *       plaintext of that pass is discarded); only when the tag matches does pass 2 return a
 *       stream that AES-CTR-decrypts the file, which is deleted when that stream is closed. On
 *       a mismatch the file is deleted and nothing is returned.
 *   <li>With {@code releaseUnauthenticated} (the insecure opt-in) larger objects stream instead:
 *       their plaintext is released before the tag is checked, and a tampered object fails with
 *       {@link HipaaS3SecurityException} only when the stream reaches its end.
 * </ul>
 */
final class StreamingDecryption {
  private static final int TAG_LENGTH = 16;
  private static final int CHUNK = 64 * 1024;

  private StreamingDecryption() {}

  /**
   * The plaintext of one object.
   *
   * @param cmm the materials manager (the object binding over the configured keyring)
   * @param request the get request as sent
   * @param response the get response (headers and metadata)
   * @param ciphertext the object's body
   * @param bufferLimit objects up to this size are authenticated in memory
   * @param spoolDirectory where larger objects' ciphertext is held while it is authenticated
   * @param releaseUnauthenticated insecure: larger objects stream, the tag checked at the end
   * @param onFailure builds the exception for a failed check
   * @return the plaintext
   * @throws IOException when reading a small object fails
   */
  static InputStream open(ObjectBinding cmm, GetObjectRequest request,
      GetObjectResponse response, InputStream ciphertext,
      long bufferLimit, Path spoolDirectory, boolean releaseUnauthenticated,
      java.util.function.Function<String, RuntimeException> onFailure)
      throws IOException {
    S3ecInternals.Envelope envelope = S3ecInternals.decode(request, response);
    AlgorithmSuite suite = envelope.suite();
    if (suite != AlgorithmSuite.ALG_AES_256_GCM_HKDF_SHA512_COMMIT_KEY) {
      throw onFailure.apply("the object was not encrypted with the committing AES-GCM suite");
    }
    Long length = response.contentLength();
    if (length == null || length < TAG_LENGTH) {
      throw onFailure.apply("the object is shorter than an AES-GCM tag");
    }
    // The binding is checked here (a v2 tag against the message ID and the metadata).
    DecryptionMaterials materials = cmm.decryptWhole(DecryptMaterialsRequest.builder()
        .s3Request(request)
        .algorithmSuite(suite)
        .encryptedDataKeys(Collections.singletonList(envelope.encryptedDataKey()))
        .encryptionContext(envelope.encryptionContext())
        .materialsDescription(envelope.materialsDescription())
        .ciphertextLength(length)
        .keyCommitment(envelope.keyCommitment())
        .build(), envelope.messageId(), response.metadata());
    // Derives the content key and checks the stored key commitment (throws on mismatch).
    SecretKey key = S3ecInternals.contentKey(materials, envelope.messageId());
    byte[] iv = new byte[12];
    java.util.Arrays.fill(iv, (byte) 0x01); // the suite's fixed IV (keys are per object)
    if (length <= Math.min(bufferLimit, ONE_SHOT_LIMIT)) {
      return new ByteArrayInputStream(oneShot(ciphertext, length, key, iv, suite, onFailure));
    }
    Cipher ctr = ctr(key, iv);
    Cipher tag;
    try {
      tag = Cipher.getInstance("AES/GCM/NoPadding");
      tag.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(suite.cipherTagLengthBits(), iv));
      tag.updateAAD(suite.idAsBytes());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-CTR or AES-GCM is not available in this JVM", e);
    }
    Plaintext plaintext = new Plaintext(ciphertext, length - TAG_LENGTH, ctr, tag, onFailure);
    if (length > bufferLimit) {
      return releaseUnauthenticated ? plaintext
          : authenticatedFirst(ciphertext, plaintext, length, key, iv, spoolDirectory);
    }
    ByteArrayOutputStream all = new ByteArrayOutputStream((int) (length - TAG_LENGTH));
    plaintext.transferTo(all); // reads to the end: the tag is checked before anything is returned
    // Read to its end: released now, as the large path does, not left to the caller's close of
    // the plaintext (which closes only the buffer; the concurrent soak found the HTTP response
    // of every streamed get left open).
    try {
      ciphertext.close();
    } catch (IOException | RuntimeException ignored) {
      // nothing more is read from it
    }
    return new ByteArrayInputStream(all.toByteArray());
  }

  /**
   * Objects up to this size (and {@code bufferLimit}) are read whole and decrypted with one
   * AES-GCM decryption, which checks the tag before it returns any plaintext: one pass instead
   * of CTR plus a recomputed tag, with this thread's cipher instead of a new one per object.
   */
  static final long ONE_SHOT_LIMIT = 1 << 20;

  /**
   * This thread's AES-GCM cipher for {@link #oneShot}. Decryption may be initialized again with
   * any key and IV, and each use completes (or fails) before {@code oneShot} returns, so no
   * state is shared between objects.
   */
  private static final ThreadLocal<Cipher> GCM = ThreadLocal.withInitial(() -> {
    try {
      return Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available in this JVM", e);
    }
  });

  /**
   * Reads the whole body ({@code length} bytes: ciphertext and tag, and nothing after it) and
   * decrypts it with AES-GCM; a wrong tag, a short or a long body fails with {@code onFailure}
   * and returns nothing.
   */
  private static byte[] oneShot(InputStream ciphertext, long length, SecretKey key, byte[] iv,
      AlgorithmSuite suite, java.util.function.Function<String, RuntimeException> onFailure)
      throws IOException {
    byte[] body;
    try (InputStream in = ciphertext) {
      body = in.readNBytes((int) length);
      if (body.length != length || in.read() != -1) {
        throw onFailure.apply("the object's length does not match its envelope");
      }
    }
    Cipher gcm = GCM.get();
    try {
      gcm.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(suite.cipherTagLengthBits(), iv));
      gcm.updateAAD(suite.idAsBytes());
      return gcm.doFinal(body, 0, body.length);
    } catch (javax.crypto.AEADBadTagException e) {
      throw onFailure.apply("the AES-GCM tag does not match: the ciphertext was altered");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM decryption failed", e);
    }
  }

  /** AES-CTR from the GCM counter block {@code IV || 2}, for decryption. */
  private static Cipher ctr(SecretKey key, byte[] iv) {
    try {
      byte[] counter = new byte[16];
      System.arraycopy(iv, 0, counter, 0, 12);
      counter[15] = 2; // GCM encrypts from inc32(J0), J0 = IV || 0^31 || 1
      Cipher ctr = Cipher.getInstance("AES/CTR/NoPadding");
      ctr.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(counter));
      return ctr;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-CTR is not available in this JVM", e);
    }
  }

  /**
   * Pass 1: the ciphertext goes to a spool file while {@code check} decrypts it, recomputes the
   * tag and compares it at the end (its plaintext is discarded). Pass 2, only after the tag
   * matched: a stream that decrypts the spool file with a fresh CTR cipher and deletes the file
   * when closed. The file is deleted on every failure.
   */
  private static InputStream authenticatedFirst(InputStream network, Plaintext check,
      long length, SecretKey key, byte[] iv, Path spoolDirectory) {
    SpooledCiphertext spool = SpooledCiphertext.create(spoolDirectory, "GetObject");
    try {
      check.ciphertext = new Tee(network, spool);
      byte[] discarded = new byte[CHUNK];
      try {
        while (check.read(discarded, 0, discarded.length) >= 0) {
          // the plaintext of pass 1 is dropped; the tag is checked when the stream ends
        }
      } catch (IOException e) {
        throw SdkClientException.create("GetObject could not read the object to its end ("
            + e.getClass().getSimpleName() + ") while authenticating it; no plaintext was"
            + " released and the temporary file was deleted. Get the object again.", e);
      } finally {
        Arrays.fill(discarded, (byte) 0);
      }
      if (spool.size() != length) {
        throw new IllegalStateException("the spool file does not hold the whole object");
      }
      try {
        network.close(); // read to its end: the connection can be reused
      } catch (IOException | RuntimeException ignored) {
        // nothing more is read from it
      }
      return new CtrStream(spool.reader(length - TAG_LENGTH), ctr(key, iv));
    } catch (RuntimeException e) {
      spool.close();
      throw e;
    }
  }

  /** Copies every byte read from the network into the spool file. */
  private static final class Tee extends BlockInputStream {
    private final InputStream in;
    private final SpooledCiphertext spool;

    Tee(InputStream in, SpooledCiphertext spool) {
      this.in = in;
      this.spool = spool;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        spool.write(b, off, n);
      }
      return n;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  /** Pass 2: AES-CTR decryption of the authenticated ciphertext in the spool file. */
  private static final class CtrStream extends BlockInputStream {
    private final InputStream spooled;
    private final Cipher ctr;
    private final byte[] in = new byte[CHUNK];

    CtrStream(InputStream spooled, Cipher ctr) {
      this.spooled = spooled;
      this.ctr = ctr;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      java.util.Objects.checkFromIndexSize(off, len, b.length);
      if (len == 0) {
        return 0;
      }
      int n = spooled.read(in, 0, Math.min(len, in.length));
      if (n < 0) {
        return -1;
      }
      try {
        // CTR: as many plaintext bytes as ciphertext bytes, straight into the caller's array.
        int out = ctr.update(in, 0, n, b, off);
        if (out != n) {
          throw new IllegalStateException("AES-CTR returned " + out + " of " + n + " bytes");
        }
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
      return n;
    }

    @Override
    public void close() throws IOException {
      spooled.close(); // deletes the spool file
    }
  }

  /** CTR-decrypts the body, recomputes the tag as it goes and checks it at the end. */
  private static final class Plaintext extends BlockInputStream {
    private InputStream ciphertext;
    private final Cipher ctr;
    private final Cipher tag;
    private final java.util.function.Function<String, RuntimeException> onFailure;
    // Sized to the body when it is smaller than a chunk: a 1 KiB get allocates 1 KiB, not 128.
    private final byte[] in;
    private final byte[] scratch;
    private long remainingBody;
    private byte[] out = new byte[0];
    private int outPos;
    private boolean finished;

    Plaintext(InputStream ciphertext, long bodyLength, Cipher ctr, Cipher tag,
        java.util.function.Function<String, RuntimeException> onFailure) {
      this.ciphertext = ciphertext;
      this.remainingBody = bodyLength;
      int buffer = (int) Math.max(1, Math.min(CHUNK, bodyLength));
      this.in = new byte[buffer];
      this.scratch = new byte[buffer + TAG_LENGTH];
      this.ctr = ctr;
      this.tag = tag;
      this.onFailure = onFailure;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      while (outPos == out.length) {
        if (finished) {
          return -1;
        }
        fill();
      }
      int n = Math.min(len, out.length - outPos);
      System.arraycopy(out, outPos, b, off, n);
      outPos += n;
      return n;
    }

    private void fill() throws IOException {
      if (remainingBody == 0) {
        finish();
        return;
      }
      int want = (int) Math.min(CHUNK, remainingBody);
      int got = ciphertext.read(in, 0, want);
      if (got < 0) {
        throw onFailure.apply("the object ended before its declared length");
      }
      remainingBody -= got;
      out = ctr.update(in, 0, got);
      outPos = 0;
      if (out == null) {
        out = new byte[0];
      }
      try {
        tag.update(out, 0, out.length, scratch, 0);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }

    private void finish() throws IOException {
      byte[] stored = ciphertext.readNBytes(TAG_LENGTH);
      if (stored.length != TAG_LENGTH || ciphertext.read() != -1) {
        throw onFailure.apply("the object's length does not match its envelope");
      }
      byte[] computed;
      try {
        byte[] last = ctr.doFinal();
        if (last != null && last.length > 0) {
          throw onFailure.apply("the CTR stream did not end on the body's last byte");
        }
        byte[] tail = tag.doFinal();
        computed = java.util.Arrays.copyOfRange(tail, tail.length - TAG_LENGTH, tail.length);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
      if (!MessageDigest.isEqual(computed, stored)) {
        throw onFailure.apply("the AES-GCM tag does not match: the ciphertext was altered");
      }
      finished = true;
      out = new byte[0];
      outPos = 0;
    }

    @Override
    public void close() throws IOException {
      ciphertext.close();
    }
  }
}
