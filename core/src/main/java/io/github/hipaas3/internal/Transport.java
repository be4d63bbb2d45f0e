package io.github.hipaas3.internal;

import io.github.hipaas3.HipaaS3ConfigurationException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.config.AwsAdvancedClientOption;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.TlsTrustManagersProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3BaseClientBuilder;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The one set of transport settings every SDK client hipaa-s3 builds comes from: the sync S3
 * client, the async S3 client the S3 Encryption Client puts through, and the STS client. Each
 * gets the same region, endpoint, credentials, HTTP transport (the caller's client or builder,
 * or hipaa-s3's TLS 1.2/1.3 ones) and the same reviewed subset of the caller's
 * {@link ClientOverrideConfiguration}, with hipaa-s3's wire gate appended after the caller's
 * interceptors so that it is always the last check before transmission.
 *
 * <p>Rules, checked by {@link Builder#build(boolean)}: a transport configured by the caller for
 * one side must be configured for every side the client uses (sync always; async too in
 * client-side modes), so that no request travels around a caller's proxy or CA; trust managers
 * apply to the HTTP clients hipaa-s3 builds (its own, or from the caller's builders), never to a
 * client the caller already built. Immutable once built.
 */
public final class Transport {
  private final @Nullable Region region;
  private final @Nullable URI endpoint;
  private final boolean forcePathStyle;
  private final @Nullable AwsCredentialsProvider credentials;
  private final @Nullable SdkHttpClient httpClient;
  private final SdkHttpClient.@Nullable Builder<?> httpClientBuilder;
  private final @Nullable SdkAsyncHttpClient asyncHttpClient;
  private final SdkAsyncHttpClient.@Nullable Builder<?> asyncHttpClientBuilder;
  private final @Nullable TlsTrustManagersProvider trust;
  private final ClientOverrideConfiguration overrides;

  private Transport(Builder b) {
    this.region = b.region;
    this.endpoint = b.endpoint;
    this.forcePathStyle = b.forcePathStyle;
    this.credentials = b.credentials;
    this.httpClient = b.httpClient;
    this.httpClientBuilder = b.httpClientBuilder;
    this.asyncHttpClient = b.asyncHttpClient;
    this.asyncHttpClientBuilder = b.asyncHttpClientBuilder;
    this.trust = b.trust;
    this.overrides = b.overrides;
  }

  /**
   * A builder for the settings.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Whether the caller supplied any HTTP client or HTTP client builder.
   *
   * @return true when the HTTP transport is the caller's
   */
  public boolean callerHttpClient() {
    return httpClient != null || httpClientBuilder != null || asyncHttpClient != null
        || asyncHttpClientBuilder != null;
  }

  /**
   * The sync S3 client, with the wire gate as its last interceptor.
   *
   * @param wireGate the wire gate
   * @return the client
   */
  public S3Client s3(ExecutionInterceptor wireGate) {
    return sync(s3Settings(S3Client.builder()), wireGate).build();
  }

  /**
   * The async S3 client the S3 Encryption Client streams through.
   *
   * @param wireGate the wire gate
   * @return the client
   */
  public S3AsyncClient s3Async(ExecutionInterceptor wireGate) {
    return s3Async(wireGate, overrides);
  }

  private S3AsyncClient s3Async(ExecutionInterceptor wireGate,
      ClientOverrideConfiguration settings) {
    var builder = common(s3Settings(S3AsyncClient.builder()), wireGate, settings)
        // Without Expect: 100-continue: S3-compatible servers such as moto answer it with a
        // bare 100 that the SDK's Netty client reports as an error. The cost is that a part
        // S3 refuses is sent in full before the refusal.
        .serviceConfiguration(S3Configuration.builder().expectContinueEnabled(false).build());
    if (asyncHttpClient != null) {
      builder.httpClient(asyncHttpClient);
    } else if (asyncHttpClientBuilder != null) {
      builder.httpClientBuilder(asyncHttpClientBuilder);
    } else {
      builder.httpClientBuilder(TransportPolicy.tlsOnlyAsyncHttpClient(trust));
    }
    return builder.build();
  }

  /**
   * An async S3 client like {@link #s3Async} whose SDK retries are off: the S3 Encryption
   * Client's puts go through it. The encryption client cannot resend a body it has encrypted
   * (the same data key and IV must not be used twice), so hipaa-s3 retries the whole put itself,
   * with fresh materials, under {@link #retryStrategy()}.
   *
   * @param wireGate the wire gate
   * @return the client
   */
  public S3AsyncClient s3AsyncWithoutRetries(ExecutionInterceptor wireGate) {
    return s3Async(wireGate, overrides.toBuilder().retryStrategy(AwsRetryStrategy.doNotRetry())
        .build());
  }

  /**
   * The retry strategy the caller configured in {@code overrideConfiguration} (a strategy, a
   * configurator, a retry mode or a legacy retry policy), or the SDK's standard strategy; with
   * the SDK's retry conditions added when the strategy asks for the client's defaults, as the
   * SDK's own clients do.
   *
   * @return the strategy that decides hipaa-s3's own retries
   */
  @SuppressWarnings("deprecation") // the legacy retry policy is still honoured
  public RetryStrategy retryStrategy() {
    RetryStrategy strategy;
    if (overrides.retryStrategy().isPresent()) {
      strategy = overrides.retryStrategy().get();
    } else if (overrides.retryStrategyConfigurator().isPresent()) {
      RetryStrategy.Builder<?, ?> builder = AwsRetryStrategy.standardRetryStrategy().toBuilder();
      overrides.retryStrategyConfigurator().get().accept(builder);
      strategy = builder.build();
    } else if (overrides.retryMode().isPresent()) {
      strategy = AwsRetryStrategy.forRetryMode(overrides.retryMode().get());
    } else if (overrides.retryPolicy().isPresent()) {
      strategy = AwsRetryStrategy.standardRetryStrategy().toBuilder()
          .maxAttempts(overrides.retryPolicy().get().numRetries() + 1).build();
    } else {
      strategy = AwsRetryStrategy.standardRetryStrategy();
    }
    return strategy.useClientDefaults() ? AwsRetryStrategy.addRetryConditions(strategy)
        : strategy;
  }

  /**
   * An STS client (for the caller's identity), on the same transport as S3.
   *
   * @param wireGate the wire gate
   * @return the client; the caller closes it
   */
  public StsClient sts(ExecutionInterceptor wireGate) {
    return sync(StsClient.builder(), wireGate).build();
  }

  private <B extends S3BaseClientBuilder<B, ?>> B s3Settings(B builder) {
    return builder.forcePathStyle(forcePathStyle)
        // S3 Express session auth would make the SDK call CreateSession on its own, outside
        // the gate; directory buckets are refused anyway (no Object Lock).
        .disableS3ExpressSessionAuth(true);
  }

  private <B extends AwsClientBuilder<B, ?> & SdkSyncClientBuilder<B, ?>> B sync(B builder,
      ExecutionInterceptor wireGate) {
    common(builder, wireGate);
    if (httpClient != null) {
      builder.httpClient(httpClient);
    } else if (httpClientBuilder != null) {
      builder.httpClientBuilder(httpClientBuilder);
    } else {
      builder.httpClientBuilder(TransportPolicy.tlsOnlyHttpClient(trust));
    }
    return builder;
  }

  private <B extends AwsClientBuilder<B, ?>> B common(B builder, ExecutionInterceptor wireGate) {
    return common(builder, wireGate, overrides);
  }

  private <B extends AwsClientBuilder<B, ?>> B common(B builder, ExecutionInterceptor wireGate,
      ClientOverrideConfiguration settings) {
    builder.region(region);
    if (endpoint != null) {
      builder.endpointOverride(endpoint);
    }
    if (credentials != null) {
      builder.credentialsProvider(credentials);
    }
    // The wire gate is added after the caller's interceptors, so it runs after every other one.
    return builder.overrideConfiguration(settings.toBuilder()
        .addExecutionInterceptor(wireGate).build());
  }

  /** Collects the settings; {@link #build(boolean)} checks how they fit together. */
  public static final class Builder {
    private @Nullable Region region;
    private @Nullable URI endpoint;
    private boolean forcePathStyle;
    private @Nullable AwsCredentialsProvider credentials;
    private @Nullable SdkHttpClient httpClient;
    private SdkHttpClient.@Nullable Builder<?> httpClientBuilder;
    private @Nullable SdkAsyncHttpClient asyncHttpClient;
    private SdkAsyncHttpClient.@Nullable Builder<?> asyncHttpClientBuilder;
    private @Nullable TlsTrustManagersProvider trust;
    private ClientOverrideConfiguration overrides = ClientOverrideConfiguration.builder().build();

    private Builder() {}

    /**
     * Sets the region.
     *
     * @param region the region
     * @return this builder
     */
    public Builder region(Region region) {
      this.region = region;
      return this;
    }

    /**
     * Sets the checked endpoint, or null.
     *
     * @param endpoint the checked endpoint, or null
     * @return this builder
     */
    public Builder endpoint(@Nullable URI endpoint) {
      this.endpoint = endpoint;
      return this;
    }

    /**
     * Sets whether to force path-style addressing.
     *
     * @param forcePathStyle whether to force path-style addressing
     * @return this builder
     */
    public Builder forcePathStyle(boolean forcePathStyle) {
      this.forcePathStyle = forcePathStyle;
      return this;
    }

    /**
     * Sets the credentials provider, or null for the SDK's chain.
     *
     * @param credentials the credentials provider, or null for the SDK's chain
     * @return this builder
     */
    public Builder credentials(@Nullable AwsCredentialsProvider credentials) {
      this.credentials = credentials;
      return this;
    }

    /**
     * Sets the caller's sync HTTP client, or null.
     *
     * @param client the caller's sync HTTP client, or null
     * @return this builder
     */
    public Builder httpClient(SdkHttpClient client) {
      this.httpClient = client;
      return this;
    }

    /**
     * Sets the caller's sync HTTP client builder, or null.
     *
     * @param builder the caller's sync HTTP client builder, or null
     * @return this builder
     */
    public Builder httpClientBuilder(SdkHttpClient.Builder<?> builder) {
      this.httpClientBuilder = builder;
      return this;
    }

    /**
     * Sets the caller's async HTTP client, or null.
     *
     * @param client the caller's async HTTP client, or null
     * @return this builder
     */
    public Builder asyncHttpClient(SdkAsyncHttpClient client) {
      this.asyncHttpClient = client;
      return this;
    }

    /**
     * Sets the caller's async HTTP client builder, or null.
     *
     * @param builder the caller's async HTTP client builder, or null
     * @return this builder
     */
    public Builder asyncHttpClientBuilder(SdkAsyncHttpClient.Builder<?> builder) {
      this.asyncHttpClientBuilder = builder;
      return this;
    }

    /**
     * Sets trust managers, or null for the JDK's.
     *
     * @param trust trust managers, or null for the JDK's
     * @return this builder
     */
    public Builder trust(TlsTrustManagersProvider trust) {
      this.trust = trust;
      return this;
    }

    /**
     * Sets the caller's override configuration, or null.
     *
     * @param overrides the caller's override configuration, or null
     * @return this builder
     */
    public Builder overrides(ClientOverrideConfiguration overrides) {
      this.overrides = overrides == null ? ClientOverrideConfiguration.builder().build()
          : overrides;
      return this;
    }

    /**
     * Checks the settings and applies the trust managers to the caller's builders.
     *
     * @param clientSide whether the client encrypts client-side (puts then use the async side)
     * @return the settings
     * @throws HipaaS3ConfigurationException when the settings conflict
     */
    public Transport build(boolean clientSide) {
      if (httpClient != null && httpClientBuilder != null) {
        throw new HipaaS3ConfigurationException("httpClient and httpClientBuilder were both"
            + " set. Set one of them.");
      }
      if (asyncHttpClient != null && asyncHttpClientBuilder != null) {
        throw new HipaaS3ConfigurationException("asyncHttpClient and asyncHttpClientBuilder"
            + " were both set. Set one of them.");
      }
      boolean sync = httpClient != null || httpClientBuilder != null;
      boolean async = asyncHttpClient != null || asyncHttpClientBuilder != null;
      if (async && !sync) {
        throw new HipaaS3ConfigurationException("An async HTTP client (asyncHttpClient or"
            + " asyncHttpClientBuilder) was set but no sync one. Gets, heads, lists and every"
            + " server-side put travel on the sync client, and would bypass the proxy, trust"
            + " and timeouts of yours: set httpClient(...) or httpClientBuilder(...) too,"
            + " configured the same way.");
      }
      if (clientSide && sync && !async) {
        throw new HipaaS3ConfigurationException("A sync HTTP client (httpClient or"
            + " httpClientBuilder) was set but no async one. In client-side modes every put"
            + " travels through the S3 Encryption Client on an async client, and hipaa-s3 cannot"
            + " copy a proxy, trust or timeouts from a sync client to it, so puts would bypass"
            + " them: set asyncHttpClient(...) or asyncHttpClientBuilder(...) too (for example"
            + " NettyNioAsyncHttpClient.builder() with the same proxy and trust).");
      }
      if (trust != null && httpClient != null) {
        throw new HipaaS3ConfigurationException("httpClient and tlsTrustManagersProvider were"
            + " both set, but trust managers cannot be applied to a client that is already"
            + " built. Set the trust managers on your own HTTP client, or pass its builder with"
            + " httpClientBuilder(...) to have tlsTrustManagersProvider applied to it.");
      }
      if (trust != null && asyncHttpClient != null) {
        throw new HipaaS3ConfigurationException("asyncHttpClient and tlsTrustManagersProvider"
            + " were both set, but trust managers cannot be applied to a client that is already"
            + " built. Set the trust managers on your own async HTTP client, or pass its builder"
            + " with asyncHttpClientBuilder(...) to have tlsTrustManagersProvider applied to"
            + " it.");
      }
      if (trust != null) {
        // Wrapped so that a handshake below TLS 1.2 fails on the caller's builders too.
        TlsTrustManagersProvider pinned = TransportPolicy.pinnedTrust(trust);
        if (httpClientBuilder != null) {
          applyTrust(httpClientBuilder, pinned, "httpClientBuilder");
        }
        if (asyncHttpClientBuilder != null) {
          applyTrust(asyncHttpClientBuilder, pinned, "asyncHttpClientBuilder");
        }
      }
      overrides = reviewed(overrides);
      return new Transport(this);
    }
  }

  /**
   * The caller's override configuration, reduced to the settings hipaa-s3 reviewed: retry
   * strategy, timeouts, metric publishers, interceptors, scheduled executor, profile file and
   * name, application ID and user-agent affixes (the wire gate screens the User-Agent). Headers,
   * execution attributes, signers, compression and other advanced options are refused: they
   * change the request after hipaa-s3 checked it or turn off checks.
   */
  @SuppressWarnings("deprecation") // the deprecated SIGNER options are refused, so they are read
  static ClientOverrideConfiguration reviewed(ClientOverrideConfiguration caller) {
    String refused = null;
    if (!caller.headers().isEmpty()) {
      refused = "headers (putHeader/headers) are added to every request after hipaa-s3 checked"
          + " it, so they could carry PHI, ACLs, another encryption or a governance bypass";
    } else if (!caller.executionAttributes().getAttributes().isEmpty()) {
      refused = "execution attributes can turn off the SDK's checksums, validation or signing";
    } else if (caller.advancedOption(SdkAdvancedClientOption.SIGNER).isPresent()
        || caller.advancedOption(SdkAdvancedClientOption.TOKEN_SIGNER).isPresent()) {
      refused = "a signer can send unsigned or wrongly signed requests";
    } else if (caller.advancedOption(SdkAdvancedClientOption.DISABLE_HOST_PREFIX_INJECTION)
        .isPresent()
        || caller.advancedOption(AwsAdvancedClientOption.ENABLE_DEFAULT_REGION_DETECTION)
        .isPresent()) {
      refused = "advanced options other than USER_AGENT_PREFIX and USER_AGENT_SUFFIX change"
          + " where or how requests are sent";
    } else if (caller.compressionConfiguration().isPresent()) {
      refused = "a compression setting changes the body after hipaa-s3 checked it (S3 does not"
          + " decompress request bodies)";
    }
    if (refused != null) {
      throw new HipaaS3ConfigurationException("overrideConfiguration is refused: " + refused
          + ". Remove that setting; retry strategy, timeouts, metric publishers, interceptors,"
          + " scheduled executor, profile, application ID and user-agent affixes are allowed.");
    }
    ClientOverrideConfiguration.Builder out = ClientOverrideConfiguration.builder()
        .executionInterceptors(caller.executionInterceptors())
        .metricPublishers(caller.metricPublishers());
    if (caller.retryStrategy().isPresent()) {
      out.retryStrategy(caller.retryStrategy().get());
    } else if (caller.retryStrategyConfigurator().isPresent()) {
      out.retryStrategy(caller.retryStrategyConfigurator().get());
    } else if (caller.retryMode().isPresent()) {
      out.retryStrategy(caller.retryMode().get());
    } else {
      copyLegacyRetryPolicy(caller, out);
    }
    caller.apiCallTimeout().ifPresent(out::apiCallTimeout);
    caller.apiCallAttemptTimeout().ifPresent(out::apiCallAttemptTimeout);
    caller.scheduledExecutorService().ifPresent(out::scheduledExecutorService);
    if (caller.defaultProfileFileSupplier().isPresent()) {
      out.defaultProfileFileSupplier(caller.defaultProfileFileSupplier().get());
    } else {
      caller.defaultProfileFile().ifPresent(out::defaultProfileFile);
    }
    caller.defaultProfileName().ifPresent(out::defaultProfileName);
    caller.appId().ifPresent(out::appId);
    caller.advancedOption(SdkAdvancedClientOption.USER_AGENT_PREFIX)
        .ifPresent(v -> out.putAdvancedOption(SdkAdvancedClientOption.USER_AGENT_PREFIX, v));
    caller.advancedOption(SdkAdvancedClientOption.USER_AGENT_SUFFIX)
        .ifPresent(v -> out.putAdvancedOption(SdkAdvancedClientOption.USER_AGENT_SUFFIX, v));
    return out.build();
  }

  @SuppressWarnings("deprecation") // the SDK still accepts the legacy retry policy; keep it
  private static void copyLegacyRetryPolicy(ClientOverrideConfiguration caller,
      ClientOverrideConfiguration.Builder out) {
    caller.retryPolicy().ifPresent(out::retryPolicy);
  }

  /**
   * Sets trust managers on a caller's HTTP client builder through its
   * {@code tlsTrustManagersProvider} method (Apache, Apache 5, URL connection and Netty
   * builders have one).
   */
  @SuppressWarnings("deprecation") // callers may still pass the deprecated Apache 4 builder
  private static void applyTrust(Object builder, TlsTrustManagersProvider trust, String setting) {
    if (builder instanceof ApacheHttpClient.Builder apache) {
      apache.tlsTrustManagersProvider(trust);
      return;
    }
    if (builder instanceof NettyNioAsyncHttpClient.Builder netty) {
      netty.tlsTrustManagersProvider(trust);
      return;
    }
    Method method = publicMethod(builder.getClass(), "tlsTrustManagersProvider",
        TlsTrustManagersProvider.class);
    if (method == null) {
      throw new HipaaS3ConfigurationException("The " + setting + " has no"
          + " tlsTrustManagersProvider(...) method, so tlsTrustManagersProvider cannot be applied"
          + " to it. Set the trust on that builder yourself and remove"
          + " tlsTrustManagersProvider.");
    }
    try {
      method.invoke(builder, trust);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new HipaaS3ConfigurationException("tlsTrustManagersProvider could not be applied to"
          + " the " + setting + " (" + e.getClass().getSimpleName() + "). Set the trust on that"
          + " builder yourself and remove tlsTrustManagersProvider.");
    }
  }

  /** The method as declared by a public class or interface of the object's type, or null. */
  private static @Nullable Method publicMethod(Class<?> type, String name, Class<?> parameter) {
    Deque<Class<?>> queue = new ArrayDeque<>();
    Set<Class<?>> seen = new HashSet<>();
    queue.add(type);
    while (!queue.isEmpty()) {
      Class<?> current = queue.poll();
      if (!seen.add(current)) {
        continue;
      }
      if (Modifier.isPublic(current.getModifiers())) {
        try {
          return current.getMethod(name, parameter);
        } catch (NoSuchMethodException e) {
          // look further up
        }
      }
      if (current.getSuperclass() != null) {
        queue.add(current.getSuperclass());
      }
      queue.addAll(java.util.List.of(current.getInterfaces()));
    }
    return null;
  }

  /**
   * The actor audit events record: the configured one, or, when asked for and STS answers, the
   * caller's IAM ARN from {@code GetCallerIdentity} (on an STS client built like the others,
   * behind its own wire gate).
   *
   * @param audit the client's audit settings
   * @param names the name screening the STS wire gate uses
   * @return the actor, or {@code null}
   */
  @Nullable String auditActor(io.github.hipaas3.HipaaPolicy.Audit audit, NamePolicy names) {
    if (!audit.actorFromSts()) {
      return audit.actor();
    }
    try (software.amazon.awssdk.services.sts.StsClient client = sts(new WireGate(
        WireGate.Service.STS, region, endpoint, names, false, WireInvariants.NONE))) {
      return client.getCallerIdentity().arn();
    } catch (software.amazon.awssdk.core.exception.SdkException e) {
      org.slf4j.LoggerFactory.getLogger(io.github.hipaas3.HipaaS3Client.class).warn(
          "auditActorFromSts: STS GetCallerIdentity failed ({}); audit events record {}.",
          e.getClass().getSimpleName(), audit.actor() == null ? "no actor"
              : "the configured auditActor");
      return audit.actor();
    }
  }
}
