package io.github.hipaas3.audit;

import io.github.hipaas3.HipaaS3Client;
import io.github.hipaas3.HipaaS3ConfigurationException;
import io.github.hipaas3.KeyMode;
import io.github.hipaas3.ObjectRetention;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;

/**
 * Where a fleet sink's objects go and what its end record says. Every key is a PHI-free name
 * built here ({@code <prefix>/<stream>/seg-<n>.jsonl}, {@code <prefix>/<stream>/end.json});
 * segment numbers are grouped in threes ({@code seg-1_234_567}) so no key holds a run of digits
 * that the client's screening would take for an identifier.
 */
final class FleetLayout {
  static final String END = "end.json";
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,62}");
  private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9-]{0,62}"
      + "(/[a-z][a-z0-9-]{0,62}){0,7}");
  private static final Pattern SEGMENT = Pattern.compile("seg-(0|[1-9][0-9]{0,2}(_[0-9]{3})*)"
      + "\\.jsonl");
  private static final String LETTERS = "bcdfghjkmnpqrstvwxz";

  private FleetLayout() {}

  /**
   * The client, checked: a {@link HipaaS3Client} in {@link KeyMode#PASS_THROUGH} mode (the keys
   * are names this class builds, listable by stream) and, for writing, with COMPLIANCE
   * retention.
   */
  static HipaaS3Client client(@Nullable S3Client client, boolean writes) {
    if (!(client instanceof HipaaS3Client hipaa)) {
      throw new HipaaS3ConfigurationException("The fleet audit sink and its verifier need a"
          + " HipaaS3Client (so segments are encrypted, retained and checked on read), not a"
          + " plain S3Client. Build one with HipaaS3Client.builder().");
    }
    if (hipaa.policy().names().keyMode() != KeyMode.PASS_THROUGH) {
      throw new HipaaS3ConfigurationException("The fleet audit sink needs a HipaaS3Client with"
          + " keyMode(KeyMode.PASS_THROUGH): its keys are PHI-free names of streams and"
          + " segments that the verifier lists; hashed keys cannot be listed by stream. Use a"
          + " client of its own for the audit bucket.");
    }
    ObjectRetention retention = hipaa.policy().retention().client();
    if (writes && (retention == null || retention.mode() != ObjectLockMode.COMPLIANCE)) {
      throw new HipaaS3ConfigurationException("The fleet audit sink needs a HipaaS3Client"
          + " built with retention(...) in COMPLIANCE mode (for example"
          + " ObjectRetention.defaults()), so that no one can delete or shorten a shipped"
          + " segment; this one " + (retention == null ? "takes each bucket's default rule,"
          + " which hipaa-s3 cannot check at build()." : "uses " + retention.mode() + "."));
    }
    return hipaa;
  }

  /** Checks a stream name: lower-case letters, digits and dashes, screened for PHI. */
  static String streamName(String name, HipaaS3Client client) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new HipaaS3ConfigurationException("A fleet audit stream name must be 1 to 63"
          + " lower-case letters, digits and dashes, starting with a letter.");
    }
    screen("stream name", name, client);
    return name;
  }

  /** Whether a name found in a spool directory may be shipped as a stream name. */
  static boolean shippable(String name, HipaaS3Client client) {
    return NAME.matcher(name).matches()
        && client.policy().names().phiDetectors().firstMatch(name).isEmpty();
  }

  /** Checks a key prefix: up to 8 segments like stream names, screened for PHI. */
  static String prefix(@Nullable String prefix, HipaaS3Client client) {
    if (prefix == null || !PREFIX.matcher(prefix).matches()) {
      throw new HipaaS3ConfigurationException("A fleet audit key prefix must be 1 to 8 segments"
          + " separated by '/', each of lower-case letters, digits and dashes starting with a"
          + " letter (no leading or trailing '/').");
    }
    screen("key prefix", prefix, client);
    return prefix;
  }

  private static void screen(String what, String value, HipaaS3Client client) {
    Optional<String> hit = client.policy().names().phiDetectors().firstMatch(value);
    if (hit.isPresent()) {
      throw new HipaaS3ConfigurationException("The fleet audit " + what + " looks like PHI to"
          + " the client's detector " + hit.get() + "; choose a name without identifiers.");
    }
  }

  /**
   * A stream name for this JVM: {@code jvm-} and 16 letters of a hash of the host name, the
   * process ID, the start time and random bytes. The host name may name a person, so only its
   * hash is used; the random bytes keep two JVMs with the same host, PID and start apart.
   */
  static String defaultStreamName() {
    StringBuilder in = new StringBuilder();
    try {
      in.append(InetAddress.getLocalHost().getHostName());
    } catch (java.io.IOException | SecurityException e) {
      in.append("unknown-host");
    }
    ProcessHandle self = ProcessHandle.current();
    in.append('\n').append(self.pid()).append('\n')
        .append(self.info().startInstant().map(Object::toString).orElse("")).append('\n');
    byte[] random = new byte[16];
    new SecureRandom().nextBytes(random);
    in.append(HexFormat.of().formatHex(random));
    byte[] hash;
    try {
      hash = MessageDigest.getInstance("SHA-256")
          .digest(in.toString().getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
    StringBuilder name = new StringBuilder("jvm-");
    for (int i = 0; i < 16; i++) {
      name.append(LETTERS.charAt((hash[i] & 0xff) % LETTERS.length()));
    }
    return name.toString();
  }

  /** The key of segment {@code index} of a stream. */
  static String segmentKey(String prefix, String stream, long index) {
    String digits = Long.toString(index);
    StringBuilder grouped = new StringBuilder();
    int head = digits.length() % 3 == 0 ? 3 : digits.length() % 3;
    grouped.append(digits, 0, head);
    for (int i = head; i < digits.length(); i += 3) {
      grouped.append('_').append(digits, i, i + 3);
    }
    return prefix + "/" + stream + "/seg-" + grouped + ".jsonl";
  }

  /** The key of a stream's end record. */
  static String endKey(String prefix, String stream) {
    return prefix + "/" + stream + "/" + END;
  }

  /** The segment index a key's last part names, or -1. */
  static long segmentIndex(String lastPart) {
    Matcher m = SEGMENT.matcher(lastPart);
    if (!m.matches()) {
      return -1;
    }
    try {
      return Long.parseLong(m.group(1).replace("_", ""));
    } catch (NumberFormatException tooLong) {
      return -1;
    }
  }

  /**
   * A stream's end record: the index of its last segment (-1 when it shipped none) and that
   * segment's verification result as shipped (status, file ID, last seal line and MAC),
   * sealed with HMAC-SHA256 under the sealing key, domain-separated from the log's seals.
   */
  record End(String stream, long lastSegment, AuditLogVerifier.Status status, String fileId,
      long sealLine, String sealMac) {

    static End of(String stream, long lastSegment, AuditLogVerifier.Result last) {
      return last == null ? new End(stream, -1, AuditLogVerifier.Status.INCOMPLETE, "", 0, "")
          : new End(stream, lastSegment, last.status(), last.fileId().orElse(""),
              last.lastSealLine(), last.lastSealMac().orElse(""));
    }

    /** Whether the shipped last segment's result is the one recorded. */
    boolean matches(AuditLogVerifier.Result last) {
      return status == last.status() && fileId.equals(last.fileId().orElse(""))
          && sealLine == last.lastSealLine() && sealMac.equals(last.lastSealMac().orElse(""));
    }

    String toJson(AuditSealingKey key) {
      Map<String, Object> m = fields();
      m.put("mac", mac(key));
      StringBuilder out = new StringBuilder();
      StrictJson.render(out, m);
      return out.append('\n').toString();
    }

    private Map<String, Object> fields() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("type", "fleet-end");
      m.put("format", 1L);
      m.put("stream", stream);
      m.put("lastSegment", lastSegment);
      m.put("status", status.name());
      m.put("file", fileId);
      m.put("sealLine", sealLine);
      m.put("sealMac", sealMac);
      return m;
    }

    private String mac(AuditSealingKey key) {
      try {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(key.secretKey());
        String input = "hipaa-s3 fleet end\n1\n" + stream + "\n" + lastSegment + "\n"
            + status.name() + "\n" + fileId + "\n" + sealLine + "\n" + sealMac;
        return HexFormat.of().formatHex(mac.doFinal(input.getBytes(StandardCharsets.UTF_8)));
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("HmacSHA256 is not available", e);
      }
    }

    /** Parses and checks an end record; returns null when it is malformed or its MAC fails. */
    static @Nullable End parse(String text, AuditSealingKey key) {
      Map<String, Object> m;
      try {
        m = StrictJson.parseObject(text.endsWith("\n") ? text.substring(0, text.length() - 1)
            : text);
      } catch (StrictJson.ParseException e) {
        return null;
      }
      if (m.size() != 9 || !"fleet-end".equals(m.get("type")) || !Long.valueOf(1).equals(
          m.get("format")) || !(m.get("stream") instanceof String)
          || !(m.get("lastSegment") instanceof Long) || !(m.get("status") instanceof String)
          || !(m.get("file") instanceof String) || !(m.get("sealLine") instanceof Long)
          || !(m.get("sealMac") instanceof String) || !(m.get("mac") instanceof String)) {
        return null;
      }
      End end;
      try {
        end = new End((String) m.get("stream"), (Long) m.get("lastSegment"),
            AuditLogVerifier.Status.valueOf((String) m.get("status")), (String) m.get("file"),
            (Long) m.get("sealLine"), (String) m.get("sealMac"));
      } catch (IllegalArgumentException e) {
        return null;
      }
      boolean ok = MessageDigest.isEqual(end.mac(key).getBytes(StandardCharsets.US_ASCII),
          ((String) m.get("mac")).getBytes(StandardCharsets.UTF_8));
      return ok ? end : null;
    }
  }
}
