package io.github.hipaas3.benchmarks;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.DelegatingS3Client;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * A raw {@link S3Client} that sends what a hipaa-s3 client sends, without hipaa-s3: the floor
 * of a hipaa-s3 mode on a server. Its puts carry the same checksum algorithm and, for SSE-C,
 * the same customer-key headers; for client-side encryption they carry, instead of the
 * caller's body, a ciphertext and envelope metadata that a hipaa-s3 client wrote for a body of
 * that length (so the server stores and returns the same bytes and metadata). Its gets carry
 * the same SSE-C headers. What the server and the SDK spend on those requests is then measured
 * apart from what hipaa-s3 itself adds (the gate, the audit, encryption and decryption).
 */
final class SameRequestClient extends DelegatingS3Client {
  /** A stored object a hipaa-s3 client wrote: its bytes and user metadata. */
  record Template(byte[] body, Map<String, String> metadata) {}

  private final ChecksumAlgorithm checksum;
  /** The SSE-C key header and its MD5, made once: the floor client's calls do no extra work. */
  private final String sseCKey;
  private final String sseCKeyMd5;
  private final Map<Integer, Template> templates;

  private SameRequestClient(S3Client raw, ChecksumAlgorithm checksum, byte[] sseCKey,
      Map<Integer, Template> templates) {
    super(raw);
    this.checksum = checksum;
    this.sseCKey = sseCKey == null ? null : base64(sseCKey);
    this.sseCKeyMd5 = sseCKey == null ? null : base64(md5(sseCKey));
    this.templates = Map.copyOf(templates);
  }

  /** Puts with the checksum and the SSE-C headers of a hipaa-s3 SSE-C client; gets with the key. */
  static SameRequestClient sseC(S3Client raw, ChecksumAlgorithm checksum, byte[] key) {
    return new SameRequestClient(raw, checksum, key, Map.of());
  }

  /**
   * Puts, for a body of each length, the ciphertext and metadata a hipaa-s3 client-side client
   * stored for a body of that length, with its checksum algorithm.
   */
  static SameRequestClient clientSide(S3Client raw, ChecksumAlgorithm checksum,
      Map<Integer, Template> byPlaintextLength) {
    return new SameRequestClient(raw, checksum, null, byPlaintextLength);
  }

  /** How many more bytes a get returns than the plaintext put (the ciphertext's tag). */
  int getOverhead(int plaintextLength) {
    Template template = templates.get(plaintextLength);
    return template == null ? 0 : template.body().length - plaintextLength;
  }

  @Override
  public PutObjectResponse putObject(PutObjectRequest request, RequestBody body) {
    PutObjectRequest.Builder same = request.toBuilder().checksumAlgorithm(checksum);
    RequestBody sent = body;
    long length = body.optionalContentLength().orElse(-1L);
    Template template = templates.get((int) length);
    if (template != null) {
      same.metadata(template.metadata());
      sent = RequestBody.fromBytes(template.body());
    }
    if (sseCKey != null) {
      same.sseCustomerAlgorithm("AES256").sseCustomerKey(sseCKey).sseCustomerKeyMD5(sseCKeyMd5);
    }
    return delegate().putObject(same.build(), sent);
  }

  @Override
  public <R> R getObject(GetObjectRequest request,
      ResponseTransformer<GetObjectResponse, R> transformer) {
    if (sseCKey == null) {
      return delegate().getObject(request, transformer);
    }
    return delegate().getObject(request.toBuilder().sseCustomerAlgorithm("AES256")
        .sseCustomerKey(sseCKey).sseCustomerKeyMD5(sseCKeyMd5).build(), transformer);
  }

  @Override
  public S3Client delegate() {
    return (S3Client) super.delegate();
  }

  private static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  private static byte[] md5(byte[] bytes) {
    try {
      return MessageDigest.getInstance("MD5").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
