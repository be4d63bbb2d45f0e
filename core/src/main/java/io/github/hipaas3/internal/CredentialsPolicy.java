package io.github.hipaas3.internal;

import io.github.hipaas3.HipaaS3PolicyViolationException;
import io.github.hipaas3.ViolationCode;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;

/**
 * Refuses anonymous access and long-term static access keys. A {@link StaticCredentialsProvider}
 * holding an access key without a session token is a long-lived secret, usually an IAM user's
 * key pasted into configuration; HIPAA deployments should use roles (instance profile, ECS/EKS
 * task role, web identity, SSO), whose credentials are temporary.
 */
public final class CredentialsPolicy {

  private CredentialsPolicy() {}

  /**
   * Checks a credentials provider.
   *
   * @param provider the provider; {@code null} means the SDK's default chain, which is allowed
   * @param allowLongTermStatic whether the insecure opt-in is set
   * @param where where the provider was given, for the message ("the client", "a request")
   * @return whether the provider holds long-term static credentials (allowed by the opt-in)
   */
  public static boolean check(@Nullable IdentityProvider<? extends AwsCredentialsIdentity> provider,
      boolean allowLongTermStatic, String where) {
    if (provider == null) {
      return false;
    }
    if (provider instanceof AnonymousCredentialsProvider) {
      throw new HipaaS3PolicyViolationException(ViolationCode.ANONYMOUS_CREDENTIALS,
          "Anonymous credentials were given to " + where + ". Unsigned requests can only"
              + " reach public buckets, and PHI buckets must never be public. Use an IAM role.");
    }
    if (provider instanceof StaticCredentialsProvider staticProvider) {
      AwsCredentialsIdentity identity = staticProvider.resolveCredentials();
      if (identity instanceof AwsSessionCredentialsIdentity) {
        return false;
      }
      if (!allowLongTermStatic) {
        throw new HipaaS3PolicyViolationException(ViolationCode.LONG_TERM_STATIC_CREDENTIALS,
            "Long-term static access keys (an access key with no session token) were given to "
                + where + ". Use an IAM role: leave credentialsProvider unset on EC2, ECS, EKS"
                + " or Lambda, or use StsAssumeRoleCredentialsProvider or session credentials."
                + " If you must use an access key, set"
                + " insecureAllowLongTermStaticCredentials(true) on the builder.");
      }
      return true;
    }
    return false;
  }
}
