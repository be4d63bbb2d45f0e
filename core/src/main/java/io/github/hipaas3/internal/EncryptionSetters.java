package io.github.hipaas3.internal;

import static io.github.hipaas3.internal.EncryptionPolicy.BUCKET_KEY;
import static io.github.hipaas3.internal.EncryptionPolicy.KMS_KEY;
import static io.github.hipaas3.internal.EncryptionPolicy.SRC_ALG;
import static io.github.hipaas3.internal.EncryptionPolicy.SRC_KEY;
import static io.github.hipaas3.internal.EncryptionPolicy.SRC_MD5;
import static io.github.hipaas3.internal.EncryptionPolicy.SSE;
import static io.github.hipaas3.internal.EncryptionPolicy.SSEC_ALG;
import static io.github.hipaas3.internal.EncryptionPolicy.SSEC_KEY;
import static io.github.hipaas3.internal.EncryptionPolicy.SSEC_MD5;

import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.GetObjectAttributesRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.ListPartsRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.UploadPartCopyRequest;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/** The one table of typed setters for the encryption fields {@link EncryptionPolicy} owns. */
final class EncryptionSetters {
  private EncryptionSetters() {}

  /**
   * The typed builder setters of the encryption fields, for each request type that gets them:
   * the server-side setting on the writes that create objects, the SSE-C key on every request
   * that addresses an SSE-C object, and the copy source's key on copies.
   */
  static final TypedSetters SETTERS = TypedSetters.builder()
      .type(PutObjectRequest.class, PutObjectRequest.Builder.class)
      .set(SSE, String.class, PutObjectRequest.Builder::serverSideEncryption)
      .set(KMS_KEY, String.class, PutObjectRequest.Builder::ssekmsKeyId)
      .set(BUCKET_KEY, Boolean.class, PutObjectRequest.Builder::bucketKeyEnabled)
      .set(SSEC_ALG, String.class, PutObjectRequest.Builder::sseCustomerAlgorithm)
      .set(SSEC_KEY, String.class, PutObjectRequest.Builder::sseCustomerKey)
      .set(SSEC_MD5, String.class, PutObjectRequest.Builder::sseCustomerKeyMD5)
      .type(CopyObjectRequest.class, CopyObjectRequest.Builder.class)
      .set(SSE, String.class, CopyObjectRequest.Builder::serverSideEncryption)
      .set(KMS_KEY, String.class, CopyObjectRequest.Builder::ssekmsKeyId)
      .set(BUCKET_KEY, Boolean.class, CopyObjectRequest.Builder::bucketKeyEnabled)
      .set(SSEC_ALG, String.class, CopyObjectRequest.Builder::sseCustomerAlgorithm)
      .set(SSEC_KEY, String.class, CopyObjectRequest.Builder::sseCustomerKey)
      .set(SSEC_MD5, String.class, CopyObjectRequest.Builder::sseCustomerKeyMD5)
      .set(SRC_ALG, String.class, CopyObjectRequest.Builder::copySourceSSECustomerAlgorithm)
      .set(SRC_KEY, String.class, CopyObjectRequest.Builder::copySourceSSECustomerKey)
      .set(SRC_MD5, String.class, CopyObjectRequest.Builder::copySourceSSECustomerKeyMD5)
      .type(CreateMultipartUploadRequest.class, CreateMultipartUploadRequest.Builder.class)
      .set(SSE, String.class, CreateMultipartUploadRequest.Builder::serverSideEncryption)
      .set(KMS_KEY, String.class, CreateMultipartUploadRequest.Builder::ssekmsKeyId)
      .set(BUCKET_KEY, Boolean.class, CreateMultipartUploadRequest.Builder::bucketKeyEnabled)
      .set(SSEC_ALG, String.class, CreateMultipartUploadRequest.Builder::sseCustomerAlgorithm)
      .set(SSEC_KEY, String.class, CreateMultipartUploadRequest.Builder::sseCustomerKey)
      .set(SSEC_MD5, String.class, CreateMultipartUploadRequest.Builder::sseCustomerKeyMD5)
      .type(UploadPartRequest.class, UploadPartRequest.Builder.class)
      .set(SSEC_ALG, String.class, UploadPartRequest.Builder::sseCustomerAlgorithm)
      .set(SSEC_KEY, String.class, UploadPartRequest.Builder::sseCustomerKey)
      .set(SSEC_MD5, String.class, UploadPartRequest.Builder::sseCustomerKeyMD5)
      .type(UploadPartCopyRequest.class, UploadPartCopyRequest.Builder.class)
      .set(SSEC_ALG, String.class, UploadPartCopyRequest.Builder::sseCustomerAlgorithm)
      .set(SSEC_KEY, String.class, UploadPartCopyRequest.Builder::sseCustomerKey)
      .set(SSEC_MD5, String.class, UploadPartCopyRequest.Builder::sseCustomerKeyMD5)
      .set(SRC_ALG, String.class, UploadPartCopyRequest.Builder::copySourceSSECustomerAlgorithm)
      .set(SRC_KEY, String.class, UploadPartCopyRequest.Builder::copySourceSSECustomerKey)
      .set(SRC_MD5, String.class, UploadPartCopyRequest.Builder::copySourceSSECustomerKeyMD5)
      .type(CompleteMultipartUploadRequest.class, CompleteMultipartUploadRequest.Builder.class)
      .set(SSEC_ALG, String.class, CompleteMultipartUploadRequest.Builder::sseCustomerAlgorithm)
      .set(SSEC_KEY, String.class, CompleteMultipartUploadRequest.Builder::sseCustomerKey)
      .set(SSEC_MD5, String.class, CompleteMultipartUploadRequest.Builder::sseCustomerKeyMD5)
      .type(GetObjectRequest.class, GetObjectRequest.Builder.class)
      .set(SSEC_ALG, String.class, GetObjectRequest.Builder::sseCustomerAlgorithm)
      .set(SSEC_KEY, String.class, GetObjectRequest.Builder::sseCustomerKey)
      .set(SSEC_MD5, String.class, GetObjectRequest.Builder::sseCustomerKeyMD5)
      .type(HeadObjectRequest.class, HeadObjectRequest.Builder.class)
      .set(SSEC_ALG, String.class, HeadObjectRequest.Builder::sseCustomerAlgorithm)
      .set(SSEC_KEY, String.class, HeadObjectRequest.Builder::sseCustomerKey)
      .set(SSEC_MD5, String.class, HeadObjectRequest.Builder::sseCustomerKeyMD5)
      .type(GetObjectAttributesRequest.class, GetObjectAttributesRequest.Builder.class)
      .set(SSEC_ALG, String.class, GetObjectAttributesRequest.Builder::sseCustomerAlgorithm)
      .set(SSEC_KEY, String.class, GetObjectAttributesRequest.Builder::sseCustomerKey)
      .set(SSEC_MD5, String.class, GetObjectAttributesRequest.Builder::sseCustomerKeyMD5)
      .type(ListPartsRequest.class, ListPartsRequest.Builder.class)
      .set(SSEC_ALG, String.class, ListPartsRequest.Builder::sseCustomerAlgorithm)
      .set(SSEC_KEY, String.class, ListPartsRequest.Builder::sseCustomerKey)
      .set(SSEC_MD5, String.class, ListPartsRequest.Builder::sseCustomerKeyMD5)
      .build();
}
