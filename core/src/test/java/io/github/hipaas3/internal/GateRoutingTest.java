package io.github.hipaas3.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.github.hipaas3.HipaaS3Client;
import io.github.hipaas3.HipaaS3PolicyViolationException;
import io.github.hipaas3.ViolationCode;
import io.github.hipaas3.testing.RecordingHttpClient;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.pagination.sync.SdkIterable;
import java.util.Collections;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.services.s3.model.S3Request;

/**
 * Calls every public {@code S3Client} method of a {@link HipaaS3Client} (all overloads,
 * paginators included) against an offline HTTP client that records what reached the wire.
 * Refused operations must throw before anything is sent; allowed ones must be sent, over HTTPS.
 */
class GateRoutingTest {
  private static final AtomicInteger SENT = new AtomicInteger();

  @TempDir Path scratch;

  private static HipaaS3Client client(RecordingHttpClient http) {
    return http.hipaaClientBuilder().forcePathStyle(true).build();
  }

  @TestFactory
  List<DynamicTest> everyMethod_isGated() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Method m : S3ClientMethods.operations()) {
      tests.add(DynamicTest.dynamicTest(m.getName() + signature(m), () -> callThroughGate(m)));
    }
    assertThat(tests).hasSizeGreaterThan(200);
    tests.add(DynamicTest.dynamicTest("most allowed calls reached the wire",
        () -> assertThat(SENT.get()).isGreaterThan(100)));
    return tests;
  }

  private void callThroughGate(Method m) throws Exception {
    Class<? extends S3Request> requestClass = S3ClientMethods.requestClass(m).orElseThrow();
    OperationRule rule = OperationTable.ruleFor(requestClass).orElseThrow();
    RecordingHttpClient http = new RecordingHttpClient();
    try (HipaaS3Client client = client(http)) {
      Throwable thrown = null;
      try {
        Object result = m.invoke(client, S3ClientMethods.arguments(m, scratch));
        if (result instanceof SdkIterable) {
          ((SdkIterable<?>) result).iterator().next(); // paginators fetch lazily
        }
      } catch (InvocationTargetException e) {
        thrown = e.getCause();
      }
      if (rule.disposition() == Disposition.REFUSE) {
        assertThat(thrown).as("refused " + rule.operationName())
            .isInstanceOf(HipaaS3PolicyViolationException.class);
        assertThat(((HipaaS3PolicyViolationException) thrown).violationCode())
            .isEqualTo(rule.refusalCode());
        assertThat(http.requests()).as("requests sent for a refused operation").isEmpty();
      } else {
        if (thrown instanceof HipaaS3PolicyViolationException) {
          fail("allowed " + rule.operationName() + " was refused", thrown);
        }
        // Reached the underlying client: either the request went out, or the SDK client itself
        // (DefaultS3Client) rejected the minimal request while marshalling it.
        // (A caller's own Object Lock or versioning read is filed with the bucket checks.)
        boolean reachedDelegate = !http.requests().isEmpty() || !http.bucketChecks().isEmpty()
            || (thrown != null && Arrays.stream(thrown.getStackTrace())
                .anyMatch(f -> f.getClassName().endsWith(".DefaultS3Client")));
        assertThat(reachedDelegate).as("allowed " + rule.operationName()
            + " reached the underlying client" + (thrown == null ? "" : " (threw " + thrown + ")"))
            .isTrue();
        if (!http.requests().isEmpty()) {
          SENT.incrementAndGet();
        }
        assertThat(http.requests()).allMatch(r -> r.protocol().equals("https"));
      }
    }
  }

  @Test
  void waiter_pollsThroughTheGate() {
    RecordingHttpClient http = new RecordingHttpClient();
    try (HipaaS3Client client = client(http)) {
      client.waiter().waitUntilObjectExists(b -> b.bucket("b").key("k"),
          o -> o.maxAttempts(1));
    }
    assertThat(http.requests()).hasSize(1);
  }

  @Test
  void delegate_isNotExposed() {
    try (HipaaS3Client client = client(new RecordingHttpClient())) {
      assertThatThrownBy(client::delegate)
          .isInstanceOfSatisfying(HipaaS3PolicyViolationException.class,
              e -> assertThat(e.violationCode()).isEqualTo(ViolationCode.OPERATION_REFUSED));
    }
  }

  @Test
  void requestTypeMissingFromTheTable_isRefused() {
    PolicyGate gate = new PolicyGate(
        new NamePolicy(io.github.hipaas3.KeyMode.PASS_THROUGH,
            io.github.hipaas3.PhiDetectors.defaults()), null, head -> true,
        new EncryptionPolicy(io.github.hipaas3.EncryptionMode.Kind.SSE_S3, null, null, false,
            bucket -> false), false, new RetentionPolicy(false, false,
            io.github.hipaas3.ObjectRetention.defaults(), false, null),
        new IntegrityPolicy(software.amazon.awssdk.services.s3.model.ChecksumAlgorithm.CRC32_C,
            false), null, head -> {
              throw new AssertionError("no head expected");
            }, null);
    List<String> sent = new ArrayList<>();
    assertThatThrownBy(() -> gate.invoke(new FutureOperationRequest(), r -> sent.add("sent")))
        .isInstanceOfSatisfying(HipaaS3PolicyViolationException.class,
            e -> assertThat(e.violationCode()).isEqualTo(ViolationCode.OPERATION_REFUSED))
        .hasMessageContaining("FutureOperation")
        .hasMessageContaining("deny by default");
    assertThat(sent).isEmpty();
  }

  /** Stands for an operation that a future SDK adds and the table does not list yet. */
  private static final class FutureOperationRequest extends S3Request {
    FutureOperationRequest() {
      super(new Builder());
    }

    @Override
    public Builder toBuilder() {
      return new Builder();
    }

    @Override
    public List<SdkField<?>> sdkFields() {
      return Collections.emptyList();
    }

    private static final class Builder extends S3Request.BuilderImpl {
      @Override
      public FutureOperationRequest build() {
        return new FutureOperationRequest();
      }
    }
  }

  private static String signature(Method m) {
    StringBuilder s = new StringBuilder("(");
    for (Class<?> p : m.getParameterTypes()) {
      if (s.length() > 1) {
        s.append(", ");
      }
      s.append(p.getSimpleName());
    }
    return s.append(")").toString();
  }
}
