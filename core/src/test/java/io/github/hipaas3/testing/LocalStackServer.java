package io.github.hipaas3.testing;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Paths;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * LocalStack through Testcontainers, for users with a Docker engine. LocalStack answers HTTPS
 * on its edge port with a publicly trusted certificate for {@code localhost.localstack.cloud},
 * so the JDK's trust store is used for it.
 */
final class LocalStackServer {
  static final String IMAGE = "localstack/localstack:4.10";

  private LocalStackServer() {}

  static S3TestServer start() throws S3Servers.Unavailable {
    // Ask cheaply first: Testcontainers' own probe is slow and noisy when there is no engine.
    boolean socket = Files.exists(Paths.get("/var/run/docker.sock"))
        || System.getenv("DOCKER_HOST") != null;
    if (!socket || !DockerClientFactory.instance().isDockerAvailable()) {
      throw new S3Servers.Unavailable("no Docker engine is reachable, so LocalStack cannot run"
          + " (the docker CLI alone is not enough)");
    }
    LocalStackContainer container = new LocalStackContainer(DockerImageName.parse(IMAGE))
        .withServices("s3", "kms");
    container.start();
    Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "localstack-stop"));
    URI http = container.getEndpoint();
    URI https = URI.create("https://localhost.localstack.cloud:" + http.getPort());
    return new S3TestServer(ServerKind.LOCALSTACK, https, null,
        Region.of(container.getRegion()),
        StaticCredentialsProvider.create(AwsSessionCredentials.create(
            container.getAccessKey(), container.getSecretKey(), "localstack-session")));
  }
}
