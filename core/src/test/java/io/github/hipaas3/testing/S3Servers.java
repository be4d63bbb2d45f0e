package io.github.hipaas3.testing;

import com.adobe.testing.s3mock.S3MockApplication;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.TlsTrustManagersProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Starts each test server once per JVM, on first use, and stops it at exit. A server that
 * cannot start here is reported as unavailable with the reason; tests on it are then skipped
 * (or fail, for servers named in {@code HIPAAS3_REQUIRE_SERVERS}, as CI sets it).
 */
public final class S3Servers {
  /** The moto version the tests install; pinned so CI is repeatable. */
  static final String MOTO_REQUIREMENT = "moto[server]==5.2.5";

  /**
   * moto computes CRC32C with this library; without it, moto silently computes CRC32 under the
   * CRC32C name, and every full-object CRC32C checksum it reports is wrong.
   */
  static final String CRC32C_REQUIREMENT = "crc32c==2.9.post0";

  private static final Map<ServerKind, Object> STARTED = new EnumMap<>(ServerKind.class);

  private S3Servers() {}

  /** Thrown when a server cannot run on this machine; the message is the reason. */
  public static final class Unavailable extends Exception {
    private static final long serialVersionUID = 1L;

    Unavailable(String reason) {
      super(reason);
    }

    Unavailable(String reason, Throwable cause) {
      super(reason, cause);
    }
  }

  /** Whether CI demands this server (then unavailability fails the test instead of skipping). */
  public static boolean required(ServerKind kind) {
    String required = System.getenv("HIPAAS3_REQUIRE_SERVERS");
    if (required == null) {
      return false;
    }
    for (String id : required.split(",")) {
      if (id.trim().equalsIgnoreCase(kind.id())) {
        return true;
      }
    }
    return false;
  }

  /** The running server, started on first call. */
  public static synchronized S3TestServer get(ServerKind kind) throws Unavailable {
    Object state = STARTED.get(kind);
    if (state == null) {
      try {
        state = start(kind);
      } catch (Unavailable e) {
        state = e;
      } catch (Exception e) {
        state = new Unavailable(kind.id() + " failed to start: " + e, e);
      }
      STARTED.put(kind, state);
    }
    if (state instanceof Unavailable) {
      throw (Unavailable) state;
    }
    return (S3TestServer) state;
  }

  private static S3TestServer start(ServerKind kind) throws Exception {
    switch (kind) {
      case S3MOCK:
        return startS3Mock();
      case MOTO:
        return startMoto();
      case LOCALSTACK:
        return LocalStackServer.start();
      default:
        throw new Unavailable("unknown server " + kind);
    }
  }

  private static S3TestServer startS3Mock() throws Exception {
    int httpsPort = freePort();
    int httpPort = freePort();
    Path root = Files.createTempDirectory("hipaas3-s3mock");
    Map<String, Object> props = new java.util.HashMap<>();
    props.put(S3MockApplication.PROP_HTTPS_PORT, httpsPort);
    props.put(S3MockApplication.PROP_HTTP_PORT, httpPort);
    props.put(S3MockApplication.PROP_ROOT_DIRECTORY, root.toString());
    props.put("com.adobe.testing.s3mock.store.retainFilesOnExit", "false");
    // S3Mock accepts SSE-KMS only with keys it was told about.
    props.put("com.adobe.testing.s3mock.store.validKmsKeys", TestSecrets.KMS_KEY_ARN);
    props.put(S3MockApplication.PROP_SILENT, "true");
    props.put("spring.main.banner-mode", "off");
    S3MockApplication app = S3MockApplication.start(props);
    Runtime.getRuntime().addShutdownHook(new Thread(app::stop, "s3mock-stop"));
    TlsTrustManagersProvider trust =
        TestCertificates.trustOnly(TestCertificates.s3MockCertificate());
    S3TestServer server = new S3TestServer(ServerKind.S3MOCK,
        URI.create("https://localhost:" + httpsPort), trust, Region.US_EAST_1,
        S3TestServer.testCredentials(), root);
    awaitReady(server, Duration.ofSeconds(60), null);
    return server;
  }

  private static S3TestServer startMoto() throws Exception {
    Path python = findOnPath("python3");
    if (python == null) {
      throw new Unavailable("python3 is not on PATH, so moto server cannot be installed");
    }
    Path venv = motoVenv();
    Path motoServer = venv.resolve("bin").resolve("moto_server");
    // The marker names what is installed, so a changed requirement reinstalls.
    Path installed = venv.resolve("installed-" + Integer.toHexString(
        (MOTO_REQUIREMENT + " " + CRC32C_REQUIREMENT).hashCode()));
    if (!Files.isExecutable(motoServer) || !Files.exists(installed)) {
      if (!Files.isExecutable(venv.resolve("bin").resolve("pip"))) {
        run(List.of(python.toString(), "-m", "venv", venv.toString()), Duration.ofMinutes(2));
      }
      run(List.of(venv.resolve("bin").resolve("pip").toString(), "install",
          "--disable-pip-version-check", "--quiet", MOTO_REQUIREMENT, CRC32C_REQUIREMENT),
          Duration.ofMinutes(8));
      Files.createFile(installed);
    }
    Path dir = Files.createTempDirectory("hipaas3-moto");
    TestCertificates.PemPair pem = TestCertificates.selfSignedLocalhost(dir);
    int port = freePort();
    Path log = dir.resolve("moto.log");
    // moto_server.py is moto's own server with a fix for a moto bug (see the script).
    Path script = dir.resolve("moto_server.py");
    try (java.io.InputStream in = S3Servers.class.getResourceAsStream("/moto/moto_server.py")) {
      Files.copy(java.util.Objects.requireNonNull(in, "moto/moto_server.py"), script);
    }
    Process process = new ProcessBuilder(venv.resolve("bin").resolve("python").toString(),
        script.toString(), "-H", "127.0.0.1",
        "-p", Integer.toString(port), "--ssl-cert", pem.certFile().toString(),
        "--ssl-key", pem.keyFile().toString())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, "moto-stop"));
    // moto's KMS and S3 accept any credentials; long-term-looking ones are fine for the raw
    // client, but the hipaa-s3 clients get session credentials like everywhere else.
    S3TestServer server = new S3TestServer(ServerKind.MOTO,
        URI.create("https://localhost:" + port), TestCertificates.trustOnly(pem.certificate()),
        Region.US_EAST_1, S3TestServer.testCredentials());
    awaitReady(server, Duration.ofSeconds(60), process);
    return server;
  }

  /** The project-local virtual environment for moto (ignored by git). */
  static Path motoVenv() {
    String configured = System.getProperty("hipaas3.motoVenv");
    if (configured != null && !configured.isBlank()) {
      return Paths.get(configured);
    }
    return Paths.get(System.getProperty("user.dir")).resolve("..").resolve(".venv-moto")
        .normalize();
  }

  private static void awaitReady(S3TestServer server, Duration timeout, Process process)
      throws Unavailable, InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    Exception last = null;
    try (S3Client raw = server.rawClient()) {
      while (Instant.now().isBefore(deadline)) {
        if (process != null && !process.isAlive()) {
          throw new Unavailable(server.kind().id() + " exited with code " + process.exitValue());
        }
        try {
          raw.listBuckets();
          return;
        } catch (RuntimeException e) {
          last = e;
          Thread.sleep(250);
        }
      }
    }
    throw new Unavailable(server.kind().id() + " did not answer over HTTPS within " + timeout,
        last);
  }

  private static void run(List<String> command, Duration timeout)
      throws IOException, InterruptedException, Unavailable {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output;
    try (InputStream in = p.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly();
      throw new Unavailable("timed out: " + String.join(" ", command));
    }
    if (p.exitValue() != 0) {
      throw new Unavailable("failed (" + p.exitValue() + "): " + String.join(" ", command)
          + "\n" + output);
    }
  }

  private static Path findOnPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Paths.get(dir, name);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }

  /** Long-term-looking credentials, only for tests that check they are refused. */
  public static StaticCredentialsProvider longTermCredentials() {
    return StaticCredentialsProvider.create(
        AwsBasicCredentials.create("AKIAEXAMPLEEXAMPLE00", "not-a-real-secret-key-000000"));
  }

}
