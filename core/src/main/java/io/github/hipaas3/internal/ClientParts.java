package io.github.hipaas3.internal;

import io.github.hipaas3.HipaaPolicy;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What a {@code HipaaS3Client} is made of: the underlying client (the S3 Encryption Client in
 * client-side modes), the gate, the policy it enforces, and the audit trail.
 *
 * @param delegate the underlying client
 * @param gate the policy gate
 * @param policy the client's policy
 * @param audit the audit trail, or {@code null} when auditing is off
 */
public record ClientParts(S3Client delegate, PolicyGate gate, HipaaPolicy policy,
    @Nullable AuditTrail audit) {}
