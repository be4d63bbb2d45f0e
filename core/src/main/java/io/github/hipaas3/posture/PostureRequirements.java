package io.github.hipaas3.posture;

import io.github.hipaas3.EncryptionMode;
import io.github.hipaas3.HipaaPolicy;
import io.github.hipaas3.ObjectRetention;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a bucket must have: the encryption the client writes with (and so the bucket policy's
 * put condition), the KMS key for default encryption, the minimum Object Lock retention,
 * whether SSE-C may stay allowed, and the VPC endpoints requests must come through (optional).
 */
public final class PostureRequirements {
  private final EncryptionMode.Kind encryption;
  private final @Nullable String kmsKeyArn;
  private final ObjectRetention retention;
  private final boolean anyDefaultRetention;
  private final boolean sseCAllowed;
  private final List<String> vpcEndpointIds;

  private PostureRequirements(Builder b) {
    this.encryption = Objects.requireNonNull(b.encryption, "encryption");
    this.kmsKeyArn = b.kmsKeyArn;
    this.retention = Objects.requireNonNull(b.retention, "retention");
    this.anyDefaultRetention = b.anyDefaultRetention;
    this.sseCAllowed = b.sseCAllowed || b.encryption == EncryptionMode.Kind.SSE_C;
    this.vpcEndpointIds = List.copyOf(b.vpcEndpointIds);
  }

  /**
   * A builder: SSE-KMS, any key, six years COMPLIANCE, SSE-C blocked, no VPC endpoint.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The requirements a client's policy implies: its encryption mode and KMS key, its
   * retention, and SSE-C allowed only when the client uses it. A client that takes its
   * retention from each bucket's default rule requires a default rule, of any mode and period
   * (the bucket's rule is the decision); {@link #retention()} is then the builder's default,
   * which {@link BucketProvisioner} sets on a bucket without a rule.
   *
   * @param policy the client's policy ({@code HipaaS3Client.policy()})
   * @return the requirements
   */
  public static PostureRequirements forClient(HipaaPolicy policy) {
    boolean serverSideKms = policy.encryption().kind() == EncryptionMode.Kind.SSE_KMS
        || policy.encryption().kind() == EncryptionMode.Kind.DSSE_KMS;
    // A client-side KMS key wraps data keys; it says nothing about the bucket's default key.
    Builder builder = builder().encryption(policy.encryption().kind())
        .kmsKeyArn(serverSideKms ? policy.encryption().kmsKeyArn() : null);
    if (policy.retention().client() != null) {
      builder.retention(policy.retention().client());
    } else {
      builder.anyDefaultRetention = true;
    }
    return builder.build();
  }

  /**
   * The encryption mode the client writes with.
   *
   * @return the mode
   */
  public EncryptionMode.Kind encryption() {
    return encryption;
  }

  /**
   * The KMS key default encryption (and the put condition) must name, if fixed.
   *
   * @return the key ARN
   */
  public Optional<String> kmsKeyArn() {
    return Optional.ofNullable(kmsKeyArn);
  }

  /**
   * The minimum Object Lock retention.
   *
   * @return the retention
   */
  public ObjectRetention retention() {
    return retention;
  }

  /** Whether any default retention rule passes (a client that takes the bucket's rule). */
  boolean anyDefaultRetention() {
    return anyDefaultRetention;
  }

  /**
   * Whether SSE-C may stay allowed on the bucket.
   *
   * @return whether SSE-C is allowed
   */
  public boolean sseCAllowed() {
    return sseCAllowed;
  }

  /**
   * The VPC endpoints requests must come through; empty when not required.
   *
   * @return the endpoint IDs
   */
  public List<String> vpcEndpointIds() {
    return vpcEndpointIds;
  }

  /** Builds {@link PostureRequirements}. */
  public static final class Builder {
    private EncryptionMode.Kind encryption = EncryptionMode.Kind.SSE_KMS;
    private @Nullable String kmsKeyArn;
    private ObjectRetention retention = ObjectRetention.defaults();
    private boolean anyDefaultRetention;
    private boolean sseCAllowed;
    private List<String> vpcEndpointIds = List.of();

    private Builder() {}

    /**
     * The encryption mode the client writes with.
     *
     * @param kind the mode
     * @return this builder
     */
    public Builder encryption(EncryptionMode.Kind kind) {
      this.encryption = Objects.requireNonNull(kind, "kind");
      return this;
    }

    /**
     * The KMS key default encryption must use (a full ARN), or null for any KMS key.
     *
     * @param arn the key ARN
     * @return this builder
     */
    public Builder kmsKeyArn(@Nullable String arn) {
      this.kmsKeyArn = arn;
      return this;
    }

    /**
     * The minimum Object Lock retention.
     *
     * @param retention the retention
     * @return this builder
     */
    public Builder retention(ObjectRetention retention) {
      this.retention = Objects.requireNonNull(retention, "retention");
      return this;
    }

    /**
     * Whether SSE-C may stay allowed (implied when the client uses SSE-C).
     *
     * @param allowed whether SSE-C is allowed
     * @return this builder
     */
    public Builder sseCAllowed(boolean allowed) {
      this.sseCAllowed = allowed;
      return this;
    }

    /**
     * The VPC endpoints every request must come through.
     *
     * @param ids the endpoint IDs ({@code vpce-...})
     * @return this builder
     */
    public Builder vpcEndpointIds(String... ids) {
      this.vpcEndpointIds = List.of(ids);
      return this;
    }

    /**
     * Builds the requirements.
     *
     * @return the requirements
     */
    public PostureRequirements build() {
      return new PostureRequirements(this);
    }
  }
}
