package io.github.hipaas3.examples;

import io.github.hipaas3.posture.BucketPolicyGenerator;
import io.github.hipaas3.posture.BucketProvisioner;
import io.github.hipaas3.posture.PostureReport;
import io.github.hipaas3.posture.PostureRequirements;
import java.io.PrintStream;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Creates (or brings into line) a bucket that passes every posture control, with the standard
 * AWS configuration of an administrative role, and prints the audit afterwards. Exits 0 when
 * every control passes, 1 otherwise, 2 on usage.
 *
 * <pre>
 * ProvisionCompliantBucket &lt;bucket&gt; &lt;kms-key-arn&gt; &lt;log-bucket&gt;
 *     [&lt;replication-role-arn&gt; &lt;replica-bucket-arn&gt;] [--print-policy]
 * </pre>
 *
 * <p>The log bucket must exist; the program gives it the log-delivery policy S3 needs. The
 * replica bucket (another Region, versioning on) is optional here, but the replication control
 * fails without it.
 */
public final class ProvisionCompliantBucket {
  private ProvisionCompliantBucket() {}

  public static void main(String[] args) {
    try (S3Client s3 = S3Client.create()) {
      System.exit(run(args, System.out, s3));
    }
  }

  /**
   * Provisions the bucket.
   *
   * @param args the command line
   * @param out where the report goes
   * @param s3 the administrative S3 client
   * @return the exit code
   */
  public static int run(String[] args, PrintStream out, S3Client s3) {
    boolean printPolicy = args.length > 0 && "--print-policy".equals(args[args.length - 1]);
    int n = printPolicy ? args.length - 1 : args.length;
    if (n != 3 && n != 5) {
      out.println("usage: ProvisionCompliantBucket <bucket> <kms-key-arn> <log-bucket>"
          + " [<replication-role-arn> <replica-bucket-arn>] [--print-policy]");
      return 2;
    }
    String bucket = args[0];
    String logBucket = args[2];
    PostureRequirements requirements = PostureRequirements.builder().kmsKeyArn(args[1]).build();
    if (printPolicy) {
      out.print(BucketPolicyGenerator.policy(bucket, requirements));
    }
    s3.putBucketPolicy(b -> b.bucket(logBucket).policy(
        BucketPolicyGenerator.logDeliveryPolicy(logBucket, bucket + "/", bucket)));
    BucketProvisioner.Builder provisioner = BucketProvisioner.builder(s3, requirements)
        .logBucket(logBucket, bucket + "/");
    if (n == 5) {
      provisioner.replication(args[3], args[4]);
    }
    PostureReport report = provisioner.build().provision(bucket);
    out.print(report.toTable());
    return report.passed() ? 0 : 1;
  }
}
