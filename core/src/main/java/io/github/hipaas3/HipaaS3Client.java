package io.github.hipaas3;

import io.github.hipaas3.internal.AuditTrail;
import io.github.hipaas3.internal.ClientBuilder;
import io.github.hipaas3.internal.ClientParts;
import io.github.hipaas3.internal.CountedBody;
import io.github.hipaas3.internal.FileDestination;
import io.github.hipaas3.internal.PolicyGate;
import java.nio.file.Path;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.DelegatingS3Client;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Request;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;
import software.amazon.awssdk.services.s3.waiters.S3Waiter;

/**
 * A drop-in {@link S3Client} that makes every call HIPAA-safe or refuses it.
 *
 * <p>Replace {@code S3Client.builder()...build()} with {@code HipaaS3Client.builder()...build()}
 * and keep calling {@code putObject}, {@code getObject} and the rest. Every operation, including
 * those reached through paginators and waiters, passes one policy gate ({@link #invokeOperation}):
 * operations on a reviewed allowlist are checked, rewritten when they write, and forwarded;
 * everything else throws {@link HipaaS3PolicyViolationException} before anything is sent.
 * Requests travel over HTTPS only, checked on every outgoing request.
 *
 * <p>Instances are immutable and thread-safe, like the SDK's client. Close the client to
 * release its HTTP connections.
 */
public final class HipaaS3Client extends DelegatingS3Client {
  /**
   * The default {@link Builder#multipartThreshold(long)}: 512 MiB. Below it a put streams as one
   * request (S3 takes up to 5 GiB); above it the S3 Encryption Client stages encrypted 5 MiB
   * parts in temporary files and uploads them in parallel, which measured 0.55x the throughput
   * of a single put for 256 MiB against S3Mock (see src/docs/benchmarks.md).
   */
  public static final long DEFAULT_MULTIPART_THRESHOLD = 512L * 1024 * 1024;

  /** The default {@link Builder#authenticationBufferSize(long)}: 64 MiB. */
  public static final long DEFAULT_AUTHENTICATION_BUFFER_SIZE = 64L * 1024 * 1024;

  private final PolicyGate gate;
  private final HipaaPolicy policy;
  private final S3Client underlying;
  private final @Nullable AuditTrail audit;

  private HipaaS3Client(ClientParts parts) {
    super(parts.delegate());
    this.underlying = parts.delegate();
    this.audit = parts.audit();
    this.gate = parts.gate();
    this.policy = parts.policy();
  }

  /**
   * A builder for a client with the secure defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new ClientBuilder(HipaaS3Client::new);
  }

  /**
   * The object key that an object ID is stored under (with the current key-hashing secret), so
   * that an application can index its own records or find an object in a listing. Calling
   * {@code getObject} with the object ID itself does the same mapping.
   *
   * <p>The key is {@code [<keyPrefix>/]v<version>/<64 letters>}: the letters encode
   * HMAC-SHA256(secret, UTF-8 bytes of the ID), four bits per letter, over the consonants
   * {@code bcdfghjkmnpqrstv}. A key that already has this form is returned unchanged.
   *
   * @param objectId the object ID (it may contain PHI; it is never sent or logged)
   * @return the stored key
   * @throws HipaaS3PolicyViolationException when the client is in {@link KeyMode#PASS_THROUGH}
   *     mode, or the ID is empty or not well-formed Unicode
   */
  public String objectKey(String objectId) {
    return gate.objectKey(objectId);
  }

  /**
   * The policy this client enforces.
   *
   * @return the immutable policy
   */
  public HipaaPolicy policy() {
    return policy;
  }

  //= HIPAA 164.312(a)(1) access control: one chokepoint, deny by default.
  @Override
  protected <T extends S3Request, ReturnT> ReturnT invokeOperation(
      T request, Function<T, ReturnT> operation) {
    return gate.invoke(request, operation);
  }

  /**
   * Gets an object through the gate. Before the caller's transformer sees any data, the
   * response is checked: the object must be encrypted by the client's mode, or the stream is
   * aborted and {@link HipaaS3SecurityException} is thrown. Every other {@code getObject}
   * overload (bytes, path, stream) ends here. The SDK's {@link ResponseTransformer#toFile}
   * is replaced by the same safe file write as {@link #getObject(GetObjectRequest, Path)}.
   */
  @Override
  public <ReturnT> ReturnT getObject(GetObjectRequest request,
      ResponseTransformer<GetObjectResponse, ReturnT> responseTransformer) {
    try {
      return gate.getObject(request, FileDestination.replacingSdkFile(responseTransformer),
          underlying::getObject);
    } catch (SdkClientException e) {
      // The SDK wraps exceptions thrown by a response transformer; give the caller ours.
      for (Throwable c = e; c != null; c = c.getCause()) {
        if (c instanceof HipaaS3Exception) {
          throw (HipaaS3Exception) c;
        }
      }
      throw e;
    }
  }

  /**
   * Gets an object into a file that must not exist yet, like the SDK's. The data goes to a
   * temporary file with a random name in the same directory and is moved to the destination
   * only once the whole object was read and every check passed (checksum, and under
   * client-side encryption the AES-GCM tag): after a failure the destination does not exist
   * and no temporary file is left. Errors never contain the path.
   *
   * @param request the request
   * @param destinationPath the file to create; its directory must exist
   * @return the response
   */
  @Override
  public GetObjectResponse getObject(GetObjectRequest request, Path destinationPath) {
    return getObject(request, new FileDestination(destinationPath));
  }

  /**
   * A waiter whose polling calls pass through this client's policy gate (the inherited waiter
   * would poll the underlying client directly).
   */
  @Override
  public S3Waiter waiter() {
    return S3Waiter.builder().client(this).build();
  }

  /**
   * Refused: handing out the underlying client would let callers bypass the policy gate.
   *
   * @throws HipaaS3PolicyViolationException always
   */
  @Override
  public SdkClient delegate() {
    throw new HipaaS3PolicyViolationException(ViolationCode.OPERATION_REFUSED,
        "The underlying S3 client is not exposed, because calls made on it would bypass"
            + " hipaa-s3's policy gate. Call the operation on the HipaaS3Client itself.");
  }

  @Override
  public String toString() {
    return "HipaaS3Client{" + policy + "}";
  }

  /**
   * Closes the underlying clients, then the audit trail: events still queued are written and
   * the sink is closed (a JSON-lines sink writes its final seal).
   */
  @Override
  public void close() {
    try {
      super.close();
    } finally {
      if (audit != null) {
        audit.close();
      }
    }
  }

  /**
   * Puts an object through the gate. The audit records the body's length, or for a body of
   * unknown length the bytes streamed from it (counted as they are read, not buffered).
   */
  @Override
  public PutObjectResponse putObject(PutObjectRequest request, RequestBody body) {
    CountedBody counted = CountedBody.ofUnknownLength(body);
    RequestBody toSend = counted == null ? body : counted.body();
    return gate.invoke(request, sent -> underlying.putObject(sent, toSend),
        counted == null ? () -> length(body) : counted::bytes);
  }

  /**
   * Uploads a part through the gate. The audit records the body's length, or for a body of
   * unknown length the bytes streamed from it.
   */
  @Override
  public UploadPartResponse uploadPart(UploadPartRequest request, RequestBody body) {
    CountedBody counted = CountedBody.ofUnknownLength(body);
    RequestBody toSend = counted == null ? body : counted.body();
    return gate.invoke(request, sent -> underlying.uploadPart(sent, toSend),
        counted == null ? () -> length(body) : counted::bytes);
  }

  private static @Nullable Long length(RequestBody body) {
    return body == null ? null : body.optionalContentLength().orElse(null);
  }

  /**
   * Configures a {@link HipaaS3Client}: the settings are declared by {@link
   * HipaaS3ClientBuilder}. Each setter checks its own argument; {@link #build()} checks how the
   * settings fit together and fails with a message that says how to fix it.
   */
  public interface Builder extends HipaaS3ClientBuilder {}
}
