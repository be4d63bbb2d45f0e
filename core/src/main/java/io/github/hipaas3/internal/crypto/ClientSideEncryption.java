package io.github.hipaas3.internal.crypto;

import io.github.hipaas3.EncryptionMode;
import io.github.hipaas3.HipaaS3SecurityException;
import io.github.hipaas3.HipaaS3Exception;
import io.github.hipaas3.ViolationCode;
import io.github.hipaas3.SecretKeyAccess;
import io.github.hipaas3.internal.IntegrityPolicy;
import io.github.hipaas3.internal.Interruption;
import java.io.InputStream;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.s3.DelegatingS3Client;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.encryption.s3.CommitmentPolicy;
import software.amazon.encryption.s3.S3EncryptionClient;
import software.amazon.encryption.s3.S3EncryptionClientException;
import software.amazon.encryption.s3.materials.CryptographicMaterialsManager;
import software.amazon.encryption.s3.materials.DefaultCryptoMaterialsManager;
import software.amazon.encryption.s3.algorithms.AlgorithmSuite;
import software.amazon.encryption.s3.materials.AesKeyring;
import software.amazon.encryption.s3.materials.Keyring;
import software.amazon.encryption.s3.materials.KmsKeyring;
import software.amazon.encryption.s3.materials.MultipartConfiguration;
import software.amazon.encryption.s3.materials.PartialRsaKeyPair;
import software.amazon.encryption.s3.materials.RsaKeyring;

/**
 * Builds the Amazon S3 Encryption Client (v4) under the policy gate for the client-side modes:
 * AES-256-GCM with HKDF and key commitment, commitment required on encrypt and decrypt, no
 * legacy algorithms. Puts above the multipart threshold go through the encryption client's
 * multipart pipeline, so large objects stream in parts.
 *
 * <p>Whole-object gets are decrypted by {@link StreamingDecryption}: every object is
 * authenticated before the first plaintext byte is released, those up to the authentication
 * buffer size in memory, larger ones through a temporary file of their ciphertext in the
 * authentication spool directory (unless the insecure opt-in releases them as they stream,
 * with the tag checked at the end). (The encryption
 * client's own get cannot stream with the JDK's provider: its AES-GCM decryption holds all
 * ciphertext until the tag is checked.) Ranged gets, when the caller opts in, go to a separate
 * encryption client with the unauthenticated (AES-CTR) range mode on; key commitment is still
 * required there.
 *
 * <p>Every object is bound to its bucket and stored key by {@link ObjectBinding}, the
 * materials manager all of them share.
 *
 * <p>Small puts (up to {@link SmallPut#MAX_BODY}) are encrypted in memory by {@link SmallPut}
 * and sent on the sync client with the SDK's retries. Larger puts travel on an async client
 * whose SDK retries are off; {@link Retries} retries the whole put, encrypted afresh, under the
 * caller's retry strategy (the encryption client cannot resend a body it has encrypted).
 */
public final class ClientSideEncryption {
  private ClientSideEncryption() {}

  /**
   * The client that the gate forwards to.
   *
   * @param mode the encryption mode
   * @param raw the HTTPS-only sync client
   * @param rawAsync the HTTPS-only async client (ranged gets and deletes of the encryption
   *     client go through it)
   * @param putAsync the same async client with the SDK's retries off: the encryption client's
   *     puts go through it, and {@code retries} retries each whole put with fresh materials
   * @param retries the caller's retry strategy: it decides the retries of whole client-side
   *     puts and of whole-object gets whose ciphertext read failed (see {@link Retries})
   * @param multipartThreshold puts with a larger body use multipart upload
   * @param dataKeyCache the KMS data key cache's bounds, or null (off)
   * @return the client: {@code raw} for the server-side modes
   */
  public static S3Client wrap(EncryptionMode mode, S3Client raw, @Nullable S3AsyncClient rawAsync,
      @Nullable S3AsyncClient putAsync, RetryStrategy retries,
      long multipartThreshold, long authenticationBufferSize, boolean allowRanges,
      boolean allowUnencryptedReads, boolean allowUnboundObjects,
      java.nio.file.Path spoolDirectory, boolean releaseUnauthenticated,
      io.github.hipaas3.@Nullable KmsDataKeyCache dataKeyCache) {
    if (!mode.kind().clientSide()) {
      return raw;
    }
    // One keyring and one materials manager, shared by every encryption client and the
    // streaming decryption. The manager binds each object to its bucket and stored key.
    // With the KMS data key cache, small puts share data keys (bound by a v2 tag).
    ObjectBinding cmm = new ObjectBinding(DefaultCryptoMaterialsManager.builder()
        .keyring(keyring(mode)).build(), mode.kind() == EncryptionMode.Kind.CLIENT_SIDE_KMS,
        allowUnboundObjects, dataKeyCache, System::nanoTime);
    S3EncryptionClient single = builder(cmm, raw, rawAsync, authenticationBufferSize).build();
    // Puts go through encryption clients on the async client without SDK retries: a retried
    // attempt must be encrypted again (Retries), never resent as it was.
    S3EncryptionClient singlePut = builder(cmm, raw, putAsync, authenticationBufferSize)
        .build();
    S3EncryptionClient multipart = builder(cmm, raw, putAsync, authenticationBufferSize)
        .enableMultipartPutObject(true).build();
    S3EncryptionClient ranged = !allowRanges ? null
        : builder(cmm, raw, rawAsync, authenticationBufferSize)
            .enableLegacyUnauthenticatedModes(true).build();
    return new Routing(single, singlePut, multipart, ranged, multipartThreshold, raw,
        Objects.requireNonNull(putAsync, "client-side modes pass the async client of puts"),
        new Retries(retries), cmm, new SmallPut(cmm, raw, multipartThreshold),
        authenticationBufferSize, allowUnencryptedReads, spoolDirectory, releaseUnauthenticated);
  }

  /**
   * Refuses the KMS data key cache outside client-side KMS mode (at {@code build()}).
   *
   * @param kind the encryption mode
   * @param cache the cache's bounds, or null
   */
  public static void checkDataKeyCache(EncryptionMode.Kind kind,
      io.github.hipaas3.@Nullable KmsDataKeyCache cache) {
    if (cache != null && kind != EncryptionMode.Kind.CLIENT_SIDE_KMS) {
      throw new io.github.hipaas3.HipaaS3ConfigurationException("kmsDataKeyCache applies to"
          + " client-side KMS encryption only, but the mode is " + kind + ". Remove it, or use"
          + " EncryptionMode.clientSideKms(kmsClient, keyArn).");
    }
  }

  /** Metadata names that hold a client-side envelope (v3/v4 compact, v2, v1 formats). */
  private static final java.util.List<String> ENVELOPE_METADATA = java.util.List.of(
      "x-amz-c", "x-amz-3", "x-amz-key-v2", "x-amz-key");

  private static boolean hasMetadataEnvelope(GetObjectResponse response) {
    java.util.Map<String, String> metadata = response.metadata();
    return metadata != null && ENVELOPE_METADATA.stream().anyMatch(metadata::containsKey);
  }

  private static S3EncryptionClient.Builder builder(CryptographicMaterialsManager cmm,
      S3Client raw, @Nullable S3AsyncClient rawAsync, long authenticationBufferSize) {
    // Envelopes live in the metadata; instruction files are off (see S3ecInternals).
    return S3ecInternals.withoutInstructionFiles(S3EncryptionClient.builderV4())
        .wrappedClient(raw)
        .wrappedAsyncClient(rawAsync)
        .cryptoMaterialsManager(cmm)
        .encryptionAlgorithm(AlgorithmSuite.ALG_AES_256_GCM_HKDF_SHA512_COMMIT_KEY)
        .commitmentPolicy(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT)
        .enableLegacyUnauthenticatedModes(false)
        .enableLegacyWrappingAlgorithms(false)
        .enableDelayedAuthenticationMode(false)
        .setBufferSize(authenticationBufferSize);
  }

  private static RuntimeException tampered(String what) {
    return new HipaaS3SecurityException(ViolationCode.DECRYPTION_FAILED, "GetObject failed"
        + " client-side decryption: " + what + ". Check the object's history (versions,"
        + " access logs) before trusting it again.", null);
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (java.io.IOException | RuntimeException ignored) {
      // the stream was aborted; nothing more to release (the SDK's stream throws
      // AbortedException on close when the thread is interrupted)
    }
  }

  private static Keyring keyring(EncryptionMode mode) {
    SecretKeyAccess access = SecretKeyAccess.insecureSecretAccess();
    switch (mode.kind()) {
      case CLIENT_SIDE_KMS:
        return KmsKeyring.builder().kmsClient(mode.kmsClient(access))
            .wrappingKeyId(mode.kmsKeyArn().orElseThrow()).build();
      case CLIENT_SIDE_AES:
        return AesKeyring.builder().wrappingKey(mode.aesKey(access)).build();
      case CLIENT_SIDE_RSA:
        return RsaKeyring.builder()
            .wrappingKeyPair(new PartialRsaKeyPair(mode.rsaKeyPair(access))).build();
      default:
        throw new IllegalStateException("not a client-side mode: " + mode.kind());
    }
  }

  /**
   * Sends large puts through the multipart encryption client, opted-in ranged gets through the
   * ranged one, everything else through the default one.
   */
  private static final class Routing extends DelegatingS3Client {
    private final S3EncryptionClient single;
    private final S3EncryptionClient singlePut;
    private final S3EncryptionClient multipart;
    private final @Nullable S3EncryptionClient ranged;
    private final long threshold;
    private final S3Client raw;
    private final S3AsyncClient putAsync;
    private final Retries retries;
    private final ObjectBinding cmm;
    private final SmallPut small;
    private final long bufferLimit;
    private final boolean allowUnencryptedReads;
    private final java.nio.file.Path spoolDirectory;
    private final boolean releaseUnauthenticated;

    Routing(S3EncryptionClient single, S3EncryptionClient singlePut,
        S3EncryptionClient multipart, @Nullable S3EncryptionClient ranged, long threshold,
        S3Client raw, S3AsyncClient putAsync, Retries retries, ObjectBinding cmm,
        SmallPut small, long bufferLimit,
        boolean allowUnencryptedReads, java.nio.file.Path spoolDirectory,
        boolean releaseUnauthenticated) {
      super(single);
      this.single = single;
      this.singlePut = singlePut;
      this.multipart = multipart;
      this.ranged = ranged;
      this.threshold = threshold;
      this.raw = raw;
      this.putAsync = putAsync;
      this.retries = retries;
      this.cmm = cmm;
      this.small = small;
      this.bufferLimit = bufferLimit;
      this.allowUnencryptedReads = allowUnencryptedReads;
      this.spoolDirectory = spoolDirectory;
      this.releaseUnauthenticated = releaseUnauthenticated;
    }

    /**
     * Whole-object gets are decrypted by {@link StreamingDecryption} over the HTTPS-only sync
     * client; opted-in ranged gets go to the encryption client's unauthenticated range mode.
     */
    @Override
    public <T> T getObject(GetObjectRequest request,
        ResponseTransformer<GetObjectResponse, T> transformer) {
      boolean isRanged = request.range() != null || request.partNumber() != null;
      if (isRanged) {
        return ranged != null ? ranged.getObject(request, transformer)
            : single.getObject(request, transformer);
      }
      // Fetched and authenticated again when reading the ciphertext fails (a connection reset,
      // a body cut short in transit) before any plaintext was released. The SDK retries the
      // request itself; this loop retries only what failed after the response arrived.
      Opened opened = retries.run("GetObject", true, () -> open(request));
      ResponseInputStream<GetObjectResponse> ciphertext = opened.ciphertext();
      InputStream plaintext = opened.plaintext();
      boolean handedOver = false;
      try {
        InputStream released = plaintext;
        // An abort also closes the plaintext stream: that deletes a spool file at once.
        T result = transformer.transform(ciphertext.response(),
            AbortableInputStream.create(plaintext, () -> {
              ciphertext.abort();
              closeQuietly(released);
            }));
        handedOver = transformer.needsConnectionLeftOpen();
        return result;
      } catch (HipaaS3Exception | S3EncryptionClientException | AbortedException e) {
        throw e; // AbortedException: the thread was interrupted (see AuthenticatedPlaintext)
      } catch (InterruptedException e) {
        // The caller's transformer noticed an interrupt (and cleared the flag).
        throw Interruption.duringCall("GetObject", e);
      } catch (Exception e) {
        throw SdkClientException.create("Unable to transform the decrypted response.", e);
      } finally {
        if (!handedOver) {
          ciphertext.abort();
          closeQuietly(ciphertext);
          if (plaintext != null) {
            closeQuietly(plaintext); // deletes a spool file
          }
        }
      }
    }

    /** A whole-object get's response and the plaintext it releases. */
    private record Opened(ResponseInputStream<GetObjectResponse> ciphertext,
        InputStream plaintext) {}

    /**
     * One attempt of a whole-object get: the ciphertext fetched and, unless the insecure
     * streaming release is on, read to its end and authenticated; nothing released yet.
     */
    private Opened open(GetObjectRequest request) {
      ResponseInputStream<GetObjectResponse> ciphertext;
      try {
        ciphertext = raw.getObject(request);
      } catch (RuntimeException e) {
        throw new Retries.Final(e); // the SDK has retried the request itself
      }
      try {
        // Before decryption reads a byte: a slice must not be taken for the whole object.
        IntegrityPolicy.verifyWholeObject("GetObject", request, ciphertext.response());
        if (hasMetadataEnvelope(ciphertext.response())) {
          return new Opened(ciphertext, StreamingDecryption.open(cmm, request,
              ciphertext.response(), ciphertext, bufferLimit, spoolDirectory,
              releaseUnauthenticated, ClientSideEncryption::tampered));
        } else if (allowUnencryptedReads) {
          // No envelope: a plaintext object (or one whose envelope is in an instruction file,
          // which is not read). With the opt-in it is handed over as it is stored; the gate's
          // read check logs it at WARN as not encrypted by the client's mode.
          return new Opened(ciphertext, ciphertext);
        }
        throw new HipaaS3SecurityException(ViolationCode.OBJECT_NOT_ENCRYPTED, "GetObject was"
            + " refused: the object has no client-side encryption envelope in its metadata,"
            + " so it is not encrypted by the client's mode (hipaa-s3 does not read envelopes"
            + " from instruction files). No object data was returned. Re-encrypt legacy"
            + " objects by reading them with a client built with"
            + " insecureAllowReadingUnencryptedObjects(true) and writing them with putObject"
            + " through hipaa-s3; a copy cannot encrypt client-side.", null);
      } catch (java.io.IOException e) {
        ciphertext.abort();
        closeQuietly(ciphertext);
        throw SdkClientException.create("GetObject could not read the object to its end ("
            + e.getClass().getSimpleName() + ") while authenticating it; no plaintext was"
            + " released.", e);
      } catch (RuntimeException e) {
        ciphertext.abort();
        closeQuietly(ciphertext);
        throw e;
      }
    }

    /**
     * Small bodies are encrypted in memory and sent with the SDK's retries ({@link SmallPut});
     * the others go through the encryption client, each attempt encrypted afresh under
     * {@link Retries}.
     */
    @Override
    public PutObjectResponse putObject(PutObjectRequest request, RequestBody body) {
      if (small.applies(request, body)) {
        return small.put(request, body);
      }
      return retries.run("PutObject", body, () -> putOnce(request, body));
    }

    private PutObjectResponse putOnce(PutObjectRequest request, RequestBody body) {
      long length = body.optionalContentLength().orElse(Long.MAX_VALUE);
      if (length <= threshold) {
        return singlePut.putObject(request, body);
      }
      // A fresh observer per put: it keeps this upload's part checksums for the complete.
      MultipartConfiguration parts = S3ecInternals.checksummedMultipart(retries);
      AwsRequestOverrideConfiguration override = request.overrideConfiguration()
          .map(AwsRequestOverrideConfiguration::toBuilder)
          .orElseGet(AwsRequestOverrideConfiguration::builder)
          .putExecutionAttribute(S3EncryptionClient.CONFIGURATION, parts).build();
      return multipart.putObject(request.toBuilder().overrideConfiguration(override).build(),
          body);
    }

    @Override
    public void close() {
      // The encryption clients wrap the same sync and async clients; close them once, and the
      // async client of the puts.
      single.close();
      putAsync.close();
      cmm.close(); // zeroes the cached data keys
    }
  }
}
