package io.github.hipaas3.testing;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;

/**
 * Keeps the AWS SDK's shared Netty event loop group open for the whole test JVM (registered for
 * every test class through {@code META-INF/services} and {@code junit-platform.properties}).
 *
 * <p>The group is reference-counted: closing the last async client that uses it shuts it down
 * and waits out Netty's two-second quiet period. Without this holder every test that builds and
 * closes a client-side client alone paid those two seconds per client; it used to be hidden
 * because a server test that ran earlier in the same JVM happened to keep a client open. Tests
 * behave the same; only the wait goes.
 */
public final class SharedEventLoopExtension implements BeforeAllCallback {
  /** Never closed: the forked test JVM ends with it. */
  private static final SdkAsyncHttpClient HOLDER = NettyNioAsyncHttpClient.create();

  @Override
  public void beforeAll(ExtensionContext context) {
    // Loading the class took the reference; nothing else to do.
    java.util.Objects.requireNonNull(HOLDER);
  }
}
