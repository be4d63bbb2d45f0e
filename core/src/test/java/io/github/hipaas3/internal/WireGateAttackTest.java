package io.github.hipaas3.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.github.hipaas3.HipaaS3Client;
import io.github.hipaas3.HipaaS3PolicyViolationException;
import io.github.hipaas3.ViolationCode;
import io.github.hipaas3.testing.RecordingHttpClient;
import io.github.hipaas3.testing.WireTamperer;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.SdkPlugin;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.pagination.sync.SdkIterable;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.s3.model.S3Request;

/**
 * The attack table: every allowed operation, reached through the public {@code S3Client}
 * interface of a {@link HipaaS3Client} on a recording transport, against every channel that can
 * change what goes on the wire, with PHI, ACL, Object Lock, encryption and bypass payloads.
 * Each must be refused and nothing may reach the transport.
 *
 * <p>Two layers are attacked: the request overrides a caller can set (refused by the model gate,
 * {@code REQUEST_OVERRIDE_REFUSED}), and changes made to the HTTP request after the model gate
 * by anything in between (a global interceptor, as any jar on the class path can register; the
 * wire gate refuses them, {@code WIRE_REFUSED}, or {@code INSECURE_TRANSPORT} for plaintext).
 */
class WireGateAttackTest {
  private static final String SSN = "123-45-6789";
  private static final AtomicInteger ATTACKED = new AtomicInteger();
  private static final ExecutionAttribute<Boolean> DISABLE_CHECKS =
      new ExecutionAttribute<>("hipaas3-test-DisableChecksums");

  @TempDir Path scratch;

  @AfterEach
  void reset() {
    WireTamperer.reset();
  }

  /** Changes to the HTTP request between the model gate and the wire gate. */
  static Map<String, UnaryOperator<SdkHttpRequest>> wireChanges() {
    Map<String, UnaryOperator<SdkHttpRequest>> m = new LinkedHashMap<>();
    m.put("metadata header with PHI", header("x-amz-meta-note", SSN));
    m.put("metadata header named with PHI", header("x-amz-meta-" + SSN, "x"));
    m.put("tagging header with PHI", header("x-amz-tagging", "patient=" + SSN));
    m.put("canned ACL", header("x-amz-acl", "public-read"));
    m.put("grant to everyone", header("x-amz-grant-read",
        "uri=\"http://acs.amazonaws.com/groups/global/AllUsers\""));
    m.put("governance bypass", header("x-amz-bypass-governance-retention", "true"));
    m.put("second Object Lock mode", r -> r.toBuilder()
        .appendHeader("x-amz-object-lock-mode", "GOVERNANCE").build());
    m.put("second encryption", r -> r.toBuilder()
        .appendHeader("x-amz-server-side-encryption", "AES256").build());
    m.put("encryption in another letter case", header("X-Amz-Server-Side-Encryption",
        "AES256"));
    m.put("another KMS key", header("x-amz-server-side-encryption-aws-kms-key-id",
        "arn:aws:kms:us-east-1:444455556666:key/attacker"));
    m.put("unknown header with PHI", header("x-patient-ssn", SSN));
    m.put("unknown header", header("x-amz-website-redirect-location", "/elsewhere"));
    m.put("version ID parameter", query("versionId", "3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrH"));
    m.put("query parameter with PHI", query("note", SSN));
    m.put("retention sub-resource", query("retention", null));
    m.put("legal-hold sub-resource", query("legal-hold", null));
    m.put("acl sub-resource", query("acl", null));
    m.put("presigned signature parameter", query("X-Amz-Signature", "00"));
    m.put("another host", r -> r.toBuilder().host("evil.test.invalid").build());
    m.put("another port", r -> r.toBuilder().port(8443).build());
    m.put("another path", r -> r.toBuilder().encodedPath(r.encodedPath() + "-other").build());
    m.put("plaintext http", r -> r.toBuilder().protocol("http").build());
    return m;
  }

  private static UnaryOperator<SdkHttpRequest> header(String name, String value) {
    return r -> r.toBuilder().putHeader(name, value).build();
  }

  private static UnaryOperator<SdkHttpRequest> query(String name, String value) {
    return r -> r.toBuilder().appendRawQueryParameter(name, value).build();
  }

  /** Fields set on the request model after the model gate, by name, where a request has them. */
  static Map<String, Object> modelChanges() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ACL", "public-read");
    m.put("GrantRead", "uri=\"http://acs.amazonaws.com/groups/global/AllUsers\"");
    m.put("GrantFullControl", "id=attacker");
    m.put("BypassGovernanceRetention", Boolean.TRUE);
    m.put("ServerSideEncryption", "AES256");
    m.put("SSEKMSKeyId", "arn:aws:kms:us-east-1:444455556666:key/attacker");
    m.put("ObjectLockMode", "GOVERNANCE");
    m.put("ObjectOwnership", "ObjectWriter");
    m.put("Metadata", Map.of("note", SSN));
    m.put("Tagging", "patient=" + SSN);
    m.put("ContentDisposition", "attachment; filename=" + SSN + ".pdf");
    return m;
  }

  @TestFactory
  List<DynamicTest> everyAllowedOperation_everyModelChangeAfterTheGate_isRefusedOnTheWire()
      throws Exception {
    List<DynamicTest> tests = new ArrayList<>();
    AtomicInteger applied = new AtomicInteger();
    for (Method m : reachableOperations()) {
      Class<? extends S3Request> requestClass = S3ClientMethods.requestClass(m).orElseThrow();
      java.util.Set<String> fields = new java.util.HashSet<>();
      for (software.amazon.awssdk.core.SdkField<?> f
          : S3ClientMethods.minimalRequest(requestClass).sdkFields()) {
        fields.add(f.memberName());
      }
      for (Map.Entry<String, Object> change : modelChanges().entrySet()) {
        if (!fields.contains(change.getKey())) {
          continue;
        }
        if (change.getKey().equals("VersionId") && !m.getName().equals("deleteObject")) {
          continue;
        }
        tests.add(DynamicTest.dynamicTest(m.getName() + ": model " + change.getKey(), () -> {
          RecordingHttpClient http = new RecordingHttpClient();
          try (HipaaS3Client client = client(http)) {
            WireTamperer.tamperModel(r -> set(r, change.getKey(), change.getValue()));
            Throwable thrown = call(client, m, null);
            assertRefused(thrown, ViolationCode.WIRE_REFUSED);
            // Only the gate's own lookups (a HEAD for the current retention) may have gone out.
            assertThat(http.requests()).as("reached the wire").allSatisfy(r -> assertThat(
                r.method()).isEqualTo(software.amazon.awssdk.http.SdkHttpMethod.HEAD));
            applied.incrementAndGet();
          }
        }));
      }
    }
    tests.add(DynamicTest.dynamicTest("model changes were applied",
        () -> assertThat(applied.get()).isGreaterThan(30)));
    return tests;
  }

  private static software.amazon.awssdk.core.SdkRequest set(
      software.amazon.awssdk.core.SdkRequest r, String field, Object value) {
    for (software.amazon.awssdk.core.SdkField<?> f : r.sdkFields()) {
      if (f.memberName().equals(field)) {
        software.amazon.awssdk.core.SdkRequest.Builder b = r.toBuilder();
        f.set(b, value);
        return b.build();
      }
    }
    return r;
  }

  /** Per-request overrides a caller can set on any request. */
  static Map<String, Consumer<AwsRequestOverrideConfiguration.Builder>> overrides() {
    Map<String, Consumer<AwsRequestOverrideConfiguration.Builder>> m = new LinkedHashMap<>();
    m.put("header: metadata with PHI", o -> o.putHeader("x-amz-meta-note", SSN));
    m.put("header: tagging", o -> o.putHeader("x-amz-tagging", "patient=" + SSN));
    m.put("header: canned ACL", o -> o.putHeader("x-amz-acl", "public-read"));
    m.put("header: grant", o -> o.putHeader("x-amz-grant-full-control", "id=attacker"));
    m.put("header: governance bypass", o -> o.putHeader("x-amz-bypass-governance-retention",
        "true"));
    m.put("header: second lock mode", o -> o.putHeader("x-amz-object-lock-mode", "GOVERNANCE"));
    m.put("header: second encryption", o -> o.putHeader("x-amz-server-side-encryption",
        "AES256"));
    m.put("query: version ID", o -> o.putRawQueryParameter("versionId", "abcdefgh"));
    m.put("query: PHI", o -> o.putRawQueryParameter("note", SSN));
    m.put("query: retention sub-resource", o -> o.putRawQueryParameter("retention", ""));
    m.put("endpoint provider", o -> o.endpointProvider(
        (software.amazon.awssdk.services.s3.endpoints.S3EndpointProvider) p ->
            java.util.concurrent.CompletableFuture.completedFuture(
                software.amazon.awssdk.endpoints.Endpoint.builder()
                    .url(URI.create("https://evil.test.invalid")).build())));
    m.put("auth scheme provider (noAuth)", o -> o.authSchemeProvider(
        (software.amazon.awssdk.services.s3.auth.scheme.S3AuthSchemeProvider) p -> List.of(
            software.amazon.awssdk.http.auth.spi.scheme.AuthSchemeOption.builder()
                .schemeId("smithy.api#noAuth").build())));
    m.put("signer", o -> o.signer(
        software.amazon.awssdk.auth.signer.AwsS3V4Signer.create()));
    m.put("plugin", o -> o.addPlugin((SdkPlugin) c -> { }));
    m.put("credentials", o -> o.credentialsProvider(
        io.github.hipaas3.testing.S3TestServer.testCredentials()));
    m.put("execution attribute", o -> o.putExecutionAttribute(
        DISABLE_CHECKS, true));
    return m;
  }

  @TestFactory
  List<DynamicTest> everyAllowedOperation_everyWireChange_isRefusedBeforeTransmission()
      throws Exception {
    List<DynamicTest> tests = new ArrayList<>();
    for (Method m : reachableOperations()) {
      for (Map.Entry<String, UnaryOperator<SdkHttpRequest>> change : wireChanges().entrySet()) {
        tests.add(DynamicTest.dynamicTest(m.getName() + ": " + change.getKey(), () -> {
          RecordingHttpClient http = new RecordingHttpClient();
          try (HipaaS3Client client = client(http)) {
            WireTamperer.tamper(change.getValue());
            Throwable thrown = call(client, m, null);
            assertRefused(thrown, change.getKey().equals("plaintext http")
                ? ViolationCode.INSECURE_TRANSPORT : ViolationCode.WIRE_REFUSED);
            assertThat(http.requests()).as("reached the wire").isEmpty();
            assertThat(http.bucketChecks()).as("reached the wire").isEmpty();
            ATTACKED.incrementAndGet();
          }
        }));
      }
    }
    tests.add(DynamicTest.dynamicTest("the table covered the allowed operations",
        () -> assertThat(ATTACKED.get()).isGreaterThan(40 * wireChanges().size())));
    return tests;
  }

  @TestFactory
  List<DynamicTest> everyAllowedOperation_everyRequestOverride_isRefusedBeforeTransmission()
      throws Exception {
    List<DynamicTest> tests = new ArrayList<>();
    for (Method m : reachableOperations()) {
      if (m.getParameterTypes()[0] == Consumer.class) {
        continue; // the overload taking the request itself carries the override
      }
      for (Map.Entry<String, Consumer<AwsRequestOverrideConfiguration.Builder>> o
          : overrides().entrySet()) {
        tests.add(DynamicTest.dynamicTest(m.getName() + ": " + o.getKey(), () -> {
          RecordingHttpClient http = new RecordingHttpClient();
          try (HipaaS3Client client = client(http)) {
            Throwable thrown = call(client, m, o.getValue());
            assertRefused(thrown, ViolationCode.REQUEST_OVERRIDE_REFUSED);
            assertThat(thrown.getMessage()).doesNotContain(SSN);
            assertThat(http.requests()).as("reached the wire").isEmpty();
          }
        }));
      }
    }
    return tests;
  }

  private static void assertRefused(Throwable thrown, ViolationCode code) {
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      if (t instanceof HipaaS3PolicyViolationException) {
        assertThat(((HipaaS3PolicyViolationException) t).violationCode()).isEqualTo(code);
        assertThat(t.getMessage()).doesNotContain(SSN);
        return;
      }
    }
    fail("not refused: " + thrown, thrown);
  }

  private static HipaaS3Client client(RecordingHttpClient http) {
    return http.hipaaClientBuilder().forcePathStyle(true).build();
  }

  /** One overload of each allowed operation whose minimal request reaches the wire. */
  private List<Method> reachableOperations() throws Exception {
    List<Method> reachable = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (Method m : S3ClientMethods.operations()) {
      if (m.getParameterCount() == 0 || m.getName().endsWith("Paginator")) {
        continue;
      }
      Class<? extends S3Request> requestClass = S3ClientMethods.requestClass(m).orElseThrow();
      OperationRule rule = OperationTable.ruleFor(requestClass).orElseThrow();
      if (rule.disposition() == Disposition.REFUSE
          || !seen.add(m.getName() + m.getParameterTypes()[0].getSimpleName())) {
        continue;
      }
      RecordingHttpClient http = new RecordingHttpClient();
      try (HipaaS3Client client = client(http)) {
        Throwable thrown = call(client, m, null);
        if (thrown instanceof HipaaS3PolicyViolationException) {
          fail("allowed " + m.getName() + " was refused without an attack", thrown);
        }
        if (!http.requests().isEmpty()) {
          reachable.add(m);
        }
      }
    }
    assertThat(reachable).hasSizeGreaterThan(80);
    return reachable;
  }

  private Throwable call(HipaaS3Client client, Method m,
      Consumer<AwsRequestOverrideConfiguration.Builder> override) throws Exception {
    Object[] args = S3ClientMethods.arguments(m, scratch);
    if (override != null && args[0] instanceof S3Request) {
      S3Request r = (S3Request) args[0];
      args[0] = r.toBuilder().overrideConfiguration(
          AwsRequestOverrideConfiguration.builder().applyMutation(override).build()).build();
    }
    try {
      Object result = m.invoke(client, args);
      if (result instanceof SdkIterable) {
        ((SdkIterable<?>) result).iterator().next();
      }
      return null;
    } catch (InvocationTargetException e) {
      return e.getCause();
    }
  }
}
