package io.github.hipaas3.testing;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.opentest4j.TestAbortedException;

/** One invocation per test server; see {@link S3ServerTest}. */
public final class S3ServersExtension implements TestTemplateInvocationContextProvider {

  @Override
  public boolean supportsTestTemplate(ExtensionContext context) {
    return context.getTestMethod()
        .map(m -> Arrays.asList(m.getParameterTypes()).contains(S3TestServer.class))
        .orElse(false);
  }

  @Override
  public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(
      ExtensionContext context) {
    return Arrays.stream(ServerKind.values()).map(Invocation::new);
  }

  private static final class Invocation implements TestTemplateInvocationContext {
    private final ServerKind kind;

    Invocation(ServerKind kind) {
      this.kind = kind;
    }

    @Override
    public String getDisplayName(int invocationIndex) {
      return "[" + kind.id() + "]";
    }

    @Override
    public List<Extension> getAdditionalExtensions() {
      return List.of(new Availability(kind), new Resolver(kind));
    }
  }

  /** Skips (or, when required, fails) before the test body when the server is unavailable. */
  private static final class Availability implements BeforeEachCallback {
    private final ServerKind kind;

    Availability(ServerKind kind) {
      this.kind = kind;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
      try {
        S3Servers.get(kind);
      } catch (S3Servers.Unavailable e) {
        if (S3Servers.required(kind)) {
          throw new IllegalStateException(kind.id() + " is required by HIPAAS3_REQUIRE_SERVERS"
              + " but unavailable: " + e.getMessage(), e);
        }
        throw new TestAbortedException(kind.id() + " unavailable: " + e.getMessage());
      }
    }
  }

  private static final class Resolver implements ParameterResolver {
    private final ServerKind kind;

    Resolver(ServerKind kind) {
      this.kind = kind;
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
      return p.getParameter().getType() == S3TestServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
      try {
        return S3Servers.get(kind);
      } catch (S3Servers.Unavailable unavailable) {
        throw new TestAbortedException(kind.id() + " unavailable: " + unavailable.getMessage());
      }
    }
  }
}
