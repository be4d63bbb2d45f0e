package io.github.hipaas3.internal;

import io.github.hipaas3.EncryptionMode;
import io.github.hipaas3.ViolationCode;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRetentionRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Request;
import software.amazon.awssdk.services.s3.model.S3Response;
import software.amazon.encryption.s3.S3EncryptionClientException;

/**
 * The order of enforcement, in one place. {@link PolicyGate} runs, for every call:
 *
 * <ol>
 *   <li>the allowlist: the operation's row in the {@link OperationTable} (unknown or refused
 *       operations stop here);
 *   <li>the {@linkplain #callerStages caller stages}, on the request as the caller gave it (IDs
 *       not yet mapped to stored keys), in list order;
 *   <li>key routing ({@code KeyRouting}): object IDs become stored keys; with older key-hashing
 *       secrets one call may become several requests (read fallback, a delete per key form);
 *   <li>the {@linkplain #sendStages send stages}, on each request sent, in list order (under
 *       SSE-C with older keys, a read is sent again with the next read key while S3 refuses
 *       the key);
 *   <li>the underlying client (the S3 Encryption Client in client-side modes), and on the HTTP
 *       request it builds the {@link WireGate}, the last interceptor before transmission;
 *   <li>on the response, the send stages' {@code onResponse} in reverse list order (for gets,
 *       from the response transformer, before any data reaches the caller); on a failure,
 *       their {@code onFailure} in reverse order.
 * </ol>
 */
final class GateStages {
  private final List<Stage> callerStages;
  private final List<Stage> sendStages;
  private final EncryptionPolicy encryption;

  /**
   * The stages of one client.
   *
   * @param names name screening
   * @param encryption the encryption mode's checks
   * @param allowUnauthenticatedRanges the insecure opt-in for ranged client-side gets
   * @param retention retention rules
   * @param integrity checksum rules
   * @param bucketCheck the first-use bucket check, or {@code null}
   * @param head heads an object on the underlying client
   * @param retentionHead the object's current lock fields for a retention change, or {@code
   *     null} when there is no such object
   */
  GateStages(NamePolicy names, EncryptionPolicy encryption, boolean allowUnauthenticatedRanges,
      RetentionPolicy retention, IntegrityPolicy integrity, @Nullable BucketCheck bucketCheck,
      Function<HeadObjectRequest, HeadObjectResponse> head,
      Function<PutObjectRetentionRequest, HeadObjectResponse> retentionHead,
      java.util.function.BiFunction<CopyObjectRequest, Integer, HeadObjectResponse> sourceHead) {
    this.encryption = encryption;
    this.callerStages = List.of(
        stage("directory buckets", (call, r) -> {
          RequestChecks.checkDirectoryBucket(call.rule(), r);
          return r;
        }),
        stage("request overrides", (call, r) -> {
          RequestChecks.checkOverrides(call.rule(), r);
          return r;
        }),
        stage("ACL fields", (call, r) -> {
          RequestChecks.checkAclFields(call.rule(), r);
          return r;
        }),
        stage("retention fields", (call, r) -> {
          retention.check(call.rule(), r);
          return r;
        }),
        stage("PHI screening", (call, r) -> {
          names.screen(call.rule(), r);
          return r;
        }),
        stage("rewrite", (call, r) -> {
          if (call.rule().disposition() != Disposition.REWRITE) {
            return r;
          }
          if (r instanceof CreateBucketRequest createRequest) {
            return RequestChecks.rewriteCreateBucket(call.rule(), createRequest);
          }
          return retention.apply(call.rule(), r);
        }),
        stage("unauthenticated ranges", (call, r) -> {
          checkRange(call.rule(), r, allowUnauthenticatedRanges);
          return r;
        }),
        stage("client-side limits", (call, r) -> {
          encryption.checkClientSide(call.rule(), r);
          return r;
        }));
    this.sendStages = List.of(
        new Stage() {
          @Override
          public String name() {
            return "checksums";
          }

          @Override
          public <T extends S3Request> T beforeSend(CallContext call, T request) {
            return integrity.apply(request);
          }

          @Override
          public SdkPojo onResponse(CallContext call, S3Request sent, SdkPojo response) {
            integrity.record(sent, response);
            if (sent instanceof GetObjectRequest getRequest) {
              integrity.verifyRead(call.rule(), getRequest, response);
            }
            return response;
          }
        },
        new Stage() {
          @Override
          public String name() {
            return "retention on reads";
          }

          @Override
          public SdkPojo onResponse(CallContext call, S3Request sent, SdkPojo response) {
            if (call.rule().has(Trait.READS_OBJECT_DATA)) {
              retention.verifyRead(call.rule(), sent, response);
            }
            return response;
          }
        },
        new Stage() {
          @Override
          public String name() {
            return "encryption";
          }

          @Override
          public <T extends S3Request> T beforeSend(CallContext call, T request) {
            return encryption.apply(call.rule(), request, call.attempt());
          }

          @Override
          public SdkPojo onResponse(CallContext call, S3Request sent, SdkPojo response) {
            if (call.rule().has(Trait.WRITES_DATA)) {
              encryption.verifyWrite(call.rule(), sent, response);
              return response;
            }
            if (call.rule().has(Trait.READS_OBJECT_DATA)) {
              encryption.verifyRead(call.rule(), sent, response);
              return response instanceof S3Response s3Response
                  ? encryption.plaintextView(s3Response) : response;
            }
            return response;
          }

          @Override
          public RuntimeException onFailure(CallContext call, S3Request sent,
              RuntimeException failure) {
            if (failure instanceof S3Exception s3Exception) {
              return encryption.explainFailure(call.rule(), sent, s3Exception);
            }
            if (failure instanceof S3EncryptionClientException s3ecException) {
              return PolicyGate.clientSideFailure(call.rule(), sent,
                  s3ecException);
            }
            return failure;
          }
        },
        new Stage() {
          @Override
          public String name() {
            return "whole object";
          }

          @Override
          public SdkPojo onResponse(CallContext call, S3Request sent, SdkPojo response) {
            if (sent instanceof GetObjectRequest getRequest
                && response instanceof GetObjectResponse getResponse) {
              IntegrityPolicy.verifyWholeObject(call.operationName(), getRequest,
                  getResponse);
            }
            return response;
          }
        },
        stage("bucket protection", (call, r) -> {
          if (bucketCheck != null) {
            checkBucket(bucketCheck, call.rule(), r);
          }
          return r;
        }),
        stage("client-side copy source", (call, r) -> {
          if (encryption.kind().clientSide() && r instanceof CopyObjectRequest copyRequest) {
            return encryption.checkClientSideCopySource(call.rule(), copyRequest,
                head);
          }
          return r;
        }),
        stage("SSE-C key ID of copies", (call, r) -> {
          if (encryption.kind() == EncryptionMode.Kind.SSE_C
              && r instanceof CopyObjectRequest copy) {
            return encryption.copyWithKeyId(call.rule(), copy,
                () -> sourceHead.apply(copy, call.attempt()));
          }
          return r;
        }),
        stage("retention changes", (call, r) -> {
          if (r instanceof PutObjectRetentionRequest change) {
            retention.checkRetentionChange(call.rule(), change, retentionHead.apply(change));
          }
          return r;
        }));
  }

  /** The stages run on the caller's request, in order. */
  List<Stage> callerStages() {
    return callerStages;
  }

  /** The stages run on each request sent, in order (responses in reverse order). */
  List<Stage> sendStages() {
    return sendStages;
  }

  /** The encryption policy (for SSE-C read-key attempts and the audit's view of gets). */
  EncryptionPolicy encryption() {
    return encryption;
  }

  /** A check-or-rewrite on the request, as a function of the same type. */
  private interface Rewrite {
    S3Request apply(CallContext call, S3Request request);
  }

  private static Stage stage(String name, Rewrite rewrite) {
    return new Stage() {
      @Override
      public String name() {
        return name;
      }

      @Override
      @SuppressWarnings("unchecked") // S3 model classes are final: a rewrite returns a T
      public <T extends S3Request> T beforeSend(CallContext call, T request) {
        return (T) rewrite.apply(call, request);
      }

      @Override
      public String toString() {
        return name;
      }
    };
  }

  /** The bucket an object operation addresses (a copy's destination), checked on first use. */
  private static void checkBucket(BucketCheck bucketCheck, OperationRule rule,
      S3Request request) {
    java.util.Optional<String> destination =
        request.getValueForField("DestinationBucket", String.class);
    if (destination.isPresent()) {
      bucketCheck.require(rule, destination.get());
    } else if (request.getValueForField("Key", String.class).isPresent()
        || request instanceof software.amazon.awssdk.services.s3.model.DeleteObjectsRequest) {
      request.getValueForField("Bucket", String.class)
          .ifPresent(bucket -> bucketCheck.require(rule, bucket));
    }
  }

  /**
   * Ranged and part gets under client-side encryption return plaintext that was never
   * authenticated (the GCM tag covers the whole object), so they are refused unless opted in.
   */
  private void checkRange(OperationRule rule, S3Request request, boolean allowed) {
    if (!encryption.kind().clientSide() || allowed) {
      return;
    }
    boolean ranged = request.getValueForField("Range", String.class).isPresent()
        || request.getValueForField("PartNumber", Integer.class).isPresent();
    if (ranged && rule.has(Trait.READS_OBJECT_DATA)) {
      throw Violations.refused(ViolationCode.UNAUTHENTICATED_RANGE, rule.operationName(),
          "The request asks for a byte range (or a part) of a client-side encrypted object."
              + " The S3 Encryption Client can decrypt a range only without authenticating it"
              + " (the AES-GCM tag covers the whole object), so a tampered range would be"
              + " returned as plaintext. Get the whole object, or set"
              + " insecureAllowUnauthenticatedRangedGets(true) on the client.");
    }
  }
}
