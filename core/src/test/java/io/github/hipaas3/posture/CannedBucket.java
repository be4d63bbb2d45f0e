package io.github.hipaas3.posture;

import io.github.hipaas3.testing.RecordingHttpClient;
import io.github.hipaas3.testing.RecordingHttpClient.Canned;
import io.github.hipaas3.testing.S3TestServer;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Offline bucket settings: each bucket-configuration read is answered from a map keyed by its
 * query parameter, starting from a bucket that passes every control; tests replace one answer.
 */
final class CannedBucket {
  static final String BUCKET = "clinic-records";
  static final String KEY = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef";

  final Map<String, Canned> answers = new HashMap<>();
  final RecordingHttpClient http = new RecordingHttpClient().route(this::answer);

  CannedBucket(PostureRequirements requirements) {
    String key = requirements.kmsKeyArn().orElse(KEY);
    ok("ownershipControls", "<OwnershipControls><Rule><ObjectOwnership>BucketOwnerEnforced"
        + "</ObjectOwnership></Rule></OwnershipControls>");
    ok("publicAccessBlock", "<PublicAccessBlockConfiguration><BlockPublicAcls>true"
        + "</BlockPublicAcls><IgnorePublicAcls>true</IgnorePublicAcls><BlockPublicPolicy>true"
        + "</BlockPublicPolicy><RestrictPublicBuckets>true</RestrictPublicBuckets>"
        + "</PublicAccessBlockConfiguration>");
    policy(BucketPolicyGenerator.policy(BUCKET, requirements));
    ok("encryption", "<ServerSideEncryptionConfiguration><Rule><ApplyServerSideEncryptionByDefault>"
        + "<SSEAlgorithm>aws:kms</SSEAlgorithm><KMSMasterKeyID>" + key + "</KMSMasterKeyID>"
        + "</ApplyServerSideEncryptionByDefault><BucketKeyEnabled>true</BucketKeyEnabled>"
        + "<BlockedEncryptionTypes><EncryptionType>SSE-C</EncryptionType>"
        + "</BlockedEncryptionTypes></Rule></ServerSideEncryptionConfiguration>");
    ok("versioning", "<VersioningConfiguration><Status>Enabled</Status>"
        + "</VersioningConfiguration>");
    ok("object-lock", "<ObjectLockConfiguration><ObjectLockEnabled>Enabled</ObjectLockEnabled>"
        + "<Rule><DefaultRetention><Mode>COMPLIANCE</Mode><Years>6</Years></DefaultRetention>"
        + "</Rule></ObjectLockConfiguration>");
    ok("logging", "<BucketLoggingStatus><LoggingEnabled><TargetBucket>clinic-logs"
        + "</TargetBucket><TargetPrefix>records/</TargetPrefix></LoggingEnabled>"
        + "</BucketLoggingStatus>");
    ok("replication", "<ReplicationConfiguration><Role>arn:aws:iam::111122223333:role/repl"
        + "</Role><Rule><ID>all</ID><Priority>1</Priority><Status>Enabled</Status><Filter>"
        + "<Prefix></Prefix></Filter><Destination><Bucket>arn:aws:s3:::clinic-replica</Bucket>"
        + "</Destination></Rule></ReplicationConfiguration>");
    ok("lifecycle", "<LifecycleConfiguration><Rule><ID>nc</ID><Filter><Prefix></Prefix>"
        + "</Filter><Status>Enabled</Status><NoncurrentVersionExpiration><NoncurrentDays>2192"
        + "</NoncurrentDays></NoncurrentVersionExpiration></Rule></LifecycleConfiguration>");
  }

  CannedBucket ok(String query, String xml) {
    answers.put(query, new Canned(200, Map.of(), xml));
    return this;
  }

  CannedBucket error(String query, int status, String code) {
    answers.put(query, new Canned(status, Map.of(), "<Error><Code>" + code + "</Code>"
        + "<Message>canned</Message></Error>"));
    return this;
  }

  CannedBucket policy(String json) {
    return ok("policy", json);
  }

  Canned answer(SdkHttpRequest r) {
    if (r.method() != software.amazon.awssdk.http.SdkHttpMethod.GET) {
      return null; // writes succeed
    }
    if (r.rawQueryParameters().containsKey("location")) {
      // The source bucket is in us-east-1, the replica in us-west-2.
      boolean replica = r.getUri().getHost().startsWith("clinic-replica")
          || r.getUri().getPath().contains("clinic-replica");
      return new Canned(200, Map.of(), "<LocationConstraint>"
          + (replica ? "us-west-2" : "") + "</LocationConstraint>");
    }
    for (Map.Entry<String, Canned> a : answers.entrySet()) {
      if (r.rawQueryParameters().containsKey(a.getKey())) {
        return a.getValue();
      }
    }
    return null;
  }

  S3Client client() {
    return S3Client.builder().region(Region.US_EAST_1)
        .endpointOverride(URI.create("https://s3.test.invalid"))
        .credentialsProvider(S3TestServer.testCredentials()).httpClient(http).build();
  }
}
