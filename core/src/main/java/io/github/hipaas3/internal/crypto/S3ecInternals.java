package io.github.hipaas3.internal.crypto;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import javax.crypto.SecretKey;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumType;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;
import software.amazon.encryption.s3.S3EncryptionClient;
import software.amazon.encryption.s3.algorithms.AlgorithmSuite;
import software.amazon.encryption.s3.internal.ApiNameVersion;
import software.amazon.encryption.s3.internal.CipherProvider;
import software.amazon.encryption.s3.internal.ContentMetadata;
import software.amazon.encryption.s3.internal.ContentMetadataDecodingStrategy;
import software.amazon.encryption.s3.internal.ContentMetadataEncodingStrategy;
import software.amazon.encryption.s3.internal.ConvertSDKRequests;
import software.amazon.encryption.s3.internal.InstructionFileConfig;
import software.amazon.encryption.s3.internal.PartCreationEvent;
import software.amazon.encryption.s3.internal.UploadObjectObserver;
import software.amazon.encryption.s3.materials.DecryptionMaterials;
import software.amazon.encryption.s3.materials.EncryptedDataKey;
import software.amazon.encryption.s3.materials.EncryptionMaterials;
import software.amazon.encryption.s3.materials.MaterialsDescription;
import software.amazon.encryption.s3.materials.MultipartConfiguration;

/**
 * Every use hipaa-s3 makes of the Amazon S3 Encryption Client's internal classes (package
 * {@code software.amazon.encryption.s3.internal}), which carry no compatibility promise: the
 * envelope decoding and content-key derivation that streaming decryption needs, the content
 * encryption and envelope encoding of the in-memory put ({@link SmallPut}), instruction files
 * turned off, and the multipart upload observer that carries checksums. {@code
 * S3ecVersionTest} fails when the S3 Encryption Client on the class path is not {@value
 * #TESTED_VERSION}, the version the interoperability tests ran against.
 */
final class S3ecInternals {
  /** The S3 Encryption Client version this adapter and the interop tests were checked with. */
  static final String TESTED_VERSION = "4.0.1";

  private static final InstructionFileConfig NO_INSTRUCTION_FILES =
      InstructionFileConfig.builder().disableInstructionFile(true).build();

  private S3ecInternals() {}

  /**
   * The builder with instruction files off: hipaa-s3 neither writes nor reads them (their GET
   * would bypass the gate and the audit, and would not carry the object's version ID).
   *
   * @param builder the encryption client builder
   * @return the builder
   */
  static S3EncryptionClient.Builder withoutInstructionFiles(S3EncryptionClient.Builder builder) {
    return builder.instructionFileConfig(NO_INSTRUCTION_FILES);
  }

  /**
   * The multipart settings for one put: a fresh observer that keeps this upload's part
   * checksums for the completion and aborts a failed attempt's upload under the retries.
   *
   * @param retries the caller's retry strategy, for the abort
   * @return the settings
   */
  static MultipartConfiguration checksummedMultipart(Retries retries) {
    return MultipartConfiguration.builder()
        .uploadObjectObserver(new ChecksummedUploadObserver(retries)).build();
  }

  /** The encryption client's API name on a request, as its own put sets it (built once). */
  private static final AwsRequestOverrideConfiguration API_NAME =
      AwsRequestOverrideConfiguration.builder().applyMutation(ApiNameVersion.API_NAME_INTERCEPTOR)
          .build();

  /** The encrypted body of a small put and the request that carries its envelope. */
  @SuppressWarnings("ArrayRecordComponent") // a carrier handed over once, never compared
  record Encrypted(PutObjectRequest request, byte[] ciphertext, byte[] messageId) {}

  /**
   * Encrypts a whole body in memory exactly as the encryption client's put pipeline does
   * ({@code PutEncryptedObjectPipeline} with {@code StreamingAesGcmContentStrategy}): the IV of
   * 0x01 bytes, a random message ID, the materials' IV and message ID set, the cipher from
   * {@code CipherProvider} (HKDF content key, key commitment set on the materials, the suite ID
   * as AAD), and the envelope written into the metadata by {@code
   * ContentMetadataEncodingStrategy} without instruction files. The request gets the
   * ciphertext's length and the encryption client's API name, as the stock put's does.
   *
   * @param materials fresh encryption materials for this object (not used before)
   * @param plaintext the whole body
   * @param random the source of the message ID
   * @param request the put as the gate passed it
   * @return the request with the envelope, the ciphertext and the message ID
   */
  static Encrypted encrypt(EncryptionMaterials materials, byte[] plaintext,
      java.security.SecureRandom random, PutObjectRequest request) {
    AlgorithmSuite suite = materials.algorithmSuite();
    if (suite != AlgorithmSuite.ALG_AES_256_GCM_HKDF_SHA512_COMMIT_KEY) {
      throw new IllegalStateException("the materials are not for the committing suite");
    }
    byte[] iv = new byte[suite.iVLengthBytes()];
    java.util.Arrays.fill(iv, (byte) 0x01);
    byte[] messageId = new byte[suite.commitmentNonceLengthBytes()];
    random.nextBytes(messageId);
    // Derives the content key (HKDF, key commitment) and initializes the materials' cipher.
    materials.setIvAndMessageId(iv, messageId);
    javax.crypto.Cipher cipher = materials.getCipher(iv);
    byte[] ciphertext;
    try {
      ciphertext = cipher.doFinal(plaintext);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM encryption failed", e);
    }
    PutObjectRequest encoded = new ContentMetadataEncodingStrategy(NO_INSTRUCTION_FILES)
        .encodeMetadata(materials, messageId, request).toBuilder()
        .overrideConfiguration(API_NAME)
        .contentLength((long) ciphertext.length)
        .build();
    return new Encrypted(encoded, ciphertext, messageId);
  }

  /** An object's envelope, as the metadata holds it. */
  @SuppressWarnings("ArrayRecordComponent") // a carrier handed over once, never compared
  record Envelope(AlgorithmSuite suite, EncryptedDataKey encryptedDataKey,
      Map<String, String> encryptionContext, MaterialsDescription materialsDescription,
      byte[] keyCommitment, byte[] messageId) {}

  /**
   * Decodes the envelope in a get response's metadata (instruction files are off).
   *
   * @param request the get as sent
   * @param response the get response
   * @return the envelope
   */
  static Envelope decode(GetObjectRequest request, GetObjectResponse response) {
    ContentMetadata m =
        new ContentMetadataDecodingStrategy(NO_INSTRUCTION_FILES).decode(request, response);
    return new Envelope(m.algorithmSuite(), m.encryptedDataKey(), m.encryptionContext(),
        m.materialsDescription(), m.keyCommitment(), m.contentMessageId());
  }

  /**
   * Derives the content key with HKDF from the data key and the message ID, checking the stored
   * key commitment (throws on a mismatch).
   *
   * @param materials the decryption materials (with the key commitment)
   * @param messageId the envelope's message ID
   * @return the content key
   */
  static SecretKey contentKey(DecryptionMaterials materials, byte[] messageId) {
    return CipherProvider.generateDerivedEncryptionKey(materials, messageId);
  }

  /**
   * The S3 Encryption Client's multipart-put observer with checksums: the upload is created with
   * the put's checksum algorithm (as a full-object checksum for the CRC algorithms), every part
   * carries it, and the complete request lists each part's checksum, as S3 requires. The stock
   * observer drops the part checksums from the complete request, which S3 then refuses.
   *
   * <p>One instance serves one put; the encryption client calls it from its part threads.
   */
  private static final class ChecksummedUploadObserver extends UploadObjectObserver {
    private final Map<Integer, UploadPartResponse> parts = new ConcurrentHashMap<>();
    private final Retries retries;
    private volatile @Nullable PutObjectRequest request;
    private volatile @Nullable S3AsyncClient async;
    private volatile @Nullable S3EncryptionClient encryptionClient;
    private volatile @Nullable String uploadId;

    // init(...) sets these before the encryption client calls back.
    private PutObjectRequest request() {
      return Objects.requireNonNull(request, "set by init");
    }

    private S3AsyncClient async() {
      return Objects.requireNonNull(async, "set by init");
    }

    private S3EncryptionClient encryptionClient() {
      return Objects.requireNonNull(encryptionClient, "set by init");
    }

    ChecksummedUploadObserver(Retries retries) {
      this.retries = retries;
    }

    @Override
    public UploadObjectObserver init(PutObjectRequest req, S3AsyncClient s3AsyncClient,
        S3EncryptionClient s3EncryptionClient, ExecutorService es) {
      this.request = req;
      this.async = s3AsyncClient;
      this.encryptionClient = s3EncryptionClient;
      return super.init(req, s3AsyncClient, s3EncryptionClient, es);
    }

    @Override
    public String onUploadCreation(PutObjectRequest req) {
      CreateMultipartUploadRequest create = ConvertSDKRequests.convertRequest(req);
      ChecksumAlgorithm algorithm = req.checksumAlgorithm();
      if (algorithm != null && algorithm != ChecksumAlgorithm.SHA256
          && algorithm != ChecksumAlgorithm.SHA1) {
        create = create.toBuilder().checksumAlgorithm(algorithm)
            .checksumType(ChecksumType.FULL_OBJECT).build();
      }
      uploadId = encryptionClient().createMultipartUpload(create).uploadId();
      return uploadId;
    }

    @Override
    protected UploadPartRequest newUploadPartRequest(PartCreationEvent event) {
      return super.newUploadPartRequest(event).toBuilder().uploadId(uploadId)
          .checksumAlgorithm(request().checksumAlgorithm()).build();
    }

    @Override
    protected Map<Integer, UploadPartResponse> uploadPart(UploadPartRequest part,
        AsyncRequestBody body) {
      UploadPartResponse response = async().uploadPart(part, body).join();
      parts.put(part.partNumber(), response);
      return Map.of(part.partNumber(), response);
    }

    @Override
    public CompleteMultipartUploadResponse onCompletion(List<CompletedPart> partETags) {
      List<CompletedPart> withChecksums = new ArrayList<>();
      for (CompletedPart p : partETags) {
        UploadPartResponse r = parts.get(p.partNumber());
        withChecksums.add(r == null ? p : p.toBuilder().checksumCRC32(r.checksumCRC32())
            .checksumCRC32C(r.checksumCRC32C()).checksumCRC64NVME(r.checksumCRC64NVME())
            .checksumSHA1(r.checksumSHA1()).checksumSHA256(r.checksumSHA256()).build());
      }
      try {
        return encryptionClient().completeMultipartUpload(b -> b.bucket(request().bucket())
            .key(request().key()).uploadId(uploadId).multipartUpload(m -> m.parts(withChecksums)));
      } catch (RuntimeException e) {
        // The encryption client aborts after a failed part, not after a failed completion: the
        // attempt's upload would stay open while the next attempt makes another.
        abort();
        throw e;
      }
    }

    @Override
    public void onAbort() {
      for (Future<?> future : futures()) {
        future.cancel(true);
      }
      abort();
    }

    private void abort() {
      if (uploadId != null) {
        // A put stopped by an interrupt still aborts its upload: the SDK refuses to send from an
        // interrupted thread, so the flag is cleared for the abort and set again after it.
        boolean interrupted = Thread.interrupted();
        // The abort travels on the async client without SDK retries, like the put: it is
        // retried under the caller's strategy, or one 503 would leave the upload open.
        try {
          retries.run("AbortMultipartUpload", true, () -> encryptionClient().abortMultipartUpload(
              b -> b.bucket(request().bucket()).key(request().key()).uploadId(uploadId)));
        } catch (RuntimeException e) {
          // The upload stays open; the bucket's lifecycle rule for incomplete uploads removes it.
        } finally {
          if (interrupted) {
            Thread.currentThread().interrupt();
          }
        }
      }
    }
  }
}
