package io.github.hipaas3.examples;

import io.github.hipaas3.EncryptionMode;
import io.github.hipaas3.posture.BucketPostureAuditor;
import io.github.hipaas3.posture.PostureReport;
import io.github.hipaas3.posture.PostureRequirements;
import java.io.PrintStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Audits a bucket's posture against the HIPAA-on-S3 checklist and exits non-zero on any
 * failure, for CI pipelines. Credentials and region come from the standard AWS configuration
 * (environment, profile, role).
 *
 * <pre>
 * AuditBucketPosture &lt;bucket&gt; [--json] [--region us-east-1] [--kms-key arn:aws:kms:...]
 *     [--encryption SSE_KMS|DSSE_KMS|CLIENT_SIDE_KMS|...] [--vpce vpce-...]...
 *     [--endpoint https://...]
 * </pre>
 *
 * <p>Exit codes: 0 every control passed (unknowns are printed), 1 a control failed, 2 usage.
 */
public final class AuditBucketPosture {
  private AuditBucketPosture() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, null));
  }

  /**
   * Runs the audit.
   *
   * @param args the command line
   * @param out where the report goes
   * @param client the S3 client to use, or null to build one from the standard configuration
   * @return the exit code
   */
  public static int run(String[] args, PrintStream out, S3Client client) {
    String bucket = null;
    boolean json = false;
    String region = null;
    String endpoint = null;
    PostureRequirements.Builder requirements = PostureRequirements.builder();
    List<String> vpce = new ArrayList<>();
    try {
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--json":
            json = true;
            break;
          case "--region":
            region = args[++i];
            break;
          case "--endpoint":
            endpoint = args[++i];
            break;
          case "--kms-key":
            requirements.kmsKeyArn(args[++i]);
            break;
          case "--encryption":
            requirements.encryption(EncryptionMode.Kind.valueOf(args[++i]));
            break;
          case "--vpce":
            vpce.add(args[++i]);
            break;
          default:
            if (args[i].startsWith("--") || bucket != null) {
              throw new IllegalArgumentException("unknown argument " + args[i]);
            }
            bucket = args[i];
        }
      }
      if (bucket == null) {
        throw new IllegalArgumentException("no bucket given");
      }
      if (endpoint != null && !endpoint.startsWith("https://")) {
        throw new IllegalArgumentException("the endpoint must be https://");
      }
    } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
      out.println("usage: AuditBucketPosture <bucket> [--json] [--region R] [--kms-key ARN]"
          + " [--encryption KIND] [--vpce ID]... [--endpoint https://...]  (" + e.getMessage()
          + ")");
      return 2;
    }
    requirements.vpcEndpointIds(vpce.toArray(new String[0]));
    S3Client s3 = client;
    if (s3 == null) {
      S3ClientBuilder builder = S3Client.builder();
      if (region != null) {
        builder.region(Region.of(region));
      }
      if (endpoint != null) {
        builder.endpointOverride(URI.create(endpoint));
      }
      s3 = builder.build();
    }
    try {
      PostureReport report = new BucketPostureAuditor(s3, requirements.build()).audit(bucket);
      out.print(json ? report.toJson() + "\n" : report.toTable());
      return report.passed() ? 0 : 1;
    } finally {
      if (client == null) {
        s3.close();
      }
    }
  }
}
