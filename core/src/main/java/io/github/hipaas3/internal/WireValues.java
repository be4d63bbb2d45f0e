package io.github.hipaas3.internal;

import io.github.hipaas3.HipaaS3PolicyViolationException;
import io.github.hipaas3.ViolationCode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.RegionMetadata;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;

/**
 * The value formats and helpers of the {@link WireGate}: what a SigV4 header, an AMZ date or a
 * checksum looks like, how a wire value compares with a model value, and the policy's
 * invariants on the HTTP request.
 */
final class WireValues {
  static final Pattern MEDIA_TYPE = Pattern.compile(
      "[A-Za-z0-9!#$&^_.+-]{1,127}/[A-Za-z0-9!#$&^_.+-]{1,127}"
          + "( ?; ?[A-Za-z0-9_-]{1,64}=(\"?)[A-Za-z0-9_.+-]{1,64}\\2){0,4}");
  static final String CHECKSUM_PREFIX = "x-amz-checksum-";

  private WireValues() {}

  /**
   * Whether a value is a SigV4 (or SigV4a) Authorization header: algorithm, a credential scope
   * for s3, s3express or sts, signed header names and a hexadecimal signature (checked by hand;
   * a regular expression over the ~400 characters cost more than the rest of the check).
   */
  static boolean isSigV4(String v) {
    int n = v.length();
    if (n > 8192) {
      return false;
    }
    if (v.startsWith("AWS4-HMAC-SHA256 ") || v.startsWith("AWS4-ECDSA-P256-SHA256 ")) {
      return sigV4ByHand(v);
    }
    return false;
  }

  static boolean sigV4ByHand(String v) {
    int credential = v.indexOf(" Credential=");
    int signed = v.indexOf(", SignedHeaders=");
    int signature = v.indexOf(", Signature=");
    if (credential < 0 || signed < credential || signature < signed) {
      return false;
    }
    String scope = v.substring(credential + 12, signed);
    if (!(scope.endsWith("/s3/aws4_request") || scope.endsWith("/sts/aws4_request")
        || scope.endsWith("/s3express/aws4_request"))) {
      return false;
    }
    for (int i = 0; i < scope.length(); i++) {
      char c = scope.charAt(i);
      if (!(Character.isLetterOrDigit(c) && c < 128) && c != '/' && c != '-' && c != '_') {
        return false;
      }
    }
    for (int i = signed + 16; i < signature; i++) {
      char c = v.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == ';' || c == '-'
          || c == '.' || c == '_')) {
        return false;
      }
    }
    String hex = v.substring(signature + 12);
    return hex.length() >= 64 && hex.length() <= 160 && isHex(hex, hex.length());
  }

  static boolean isAmzDate(String v) {
    if (v.length() != 16 || v.charAt(8) != 'T' || v.charAt(15) != 'Z') {
      return false;
    }
    for (int i = 0; i < 15; i++) {
      if (i != 8 && (v.charAt(i) < '0' || v.charAt(i) > '9')) {
        return false;
      }
    }
    return true;
  }

  /**
   * hipaa-s3's object binding tag in an envelope's JSON: {@code "hipaa-s3:binding":"1:"} and
   * the base64 of an HMAC-SHA256 (32 bytes). A MAC is random output, not text: it is taken out
   * before the JSON is screened, or about one put in 200,000 is refused because the tag holds
   * eight digits in a row (the concurrent soak and the small-object benchmark each met one).
   */
  private static final Pattern BINDING_TAG =
      Pattern.compile("\"hipaa-s3:binding\":\"1:[A-Za-z0-9+/]{43}=\"");

  /** The envelope JSON with hipaa-s3's binding tags replaced by an empty tag, for screening. */
  static String withoutBindingTags(String json) {
    return json.contains("\"hipaa-s3:binding\"")
        ? BINDING_TAG.matcher(json).replaceAll("\"hipaa-s3:binding\":\"1:\"") : json;
  }

  /** 1-19 decimal digits (a length), checked by hand: it is on every request. */
  static boolean isLength(String v) {
    return !v.isEmpty() && v.length() <= 19 && Formats.allDigits(v);
  }

  /**
   * A session token: 1-8,192 base64 or URL-safe base64 characters, checked by hand (an STS
   * token is about a thousand characters, on every request).
   */
  static boolean isSessionToken(String v) {
    int n = v.length();
    if (n == 0 || n > 8192) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = v.charAt(i);
      if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '+' || c == '/' || c == '=' || c == '_' || c == '-')) {
        return false;
      }
    }
    return true;
  }

  static boolean isHex(String v, int length) {
    if (v.length() != length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      char c = v.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  /** The policy's own limits, checked on the HTTP request whatever the model says. */
  static void checkInvariants(WireInvariants invariants, WireRules.Operation op,
      SdkRequest model,
      Map<String, List<String>> headers, Map<String, List<String>> query) {
    for (String name : headers.keySet()) {
      if (name.equals("x-amz-acl") || name.startsWith("x-amz-grant-")) {
        throw refused(op.name(), "the request carries an ACL (" + name + "). ACLs stay"
            + " disabled; grant access with IAM and bucket policies.");
      }
    }
    String ownership = first(headers, "x-amz-object-ownership");
    if (ownership != null && !"BucketOwnerEnforced".equals(ownership)) {
      throw refused(op.name(), "the request enables ACLs through object ownership.");
    }
    if (!invariants.allowBypass() && headers.containsKey("x-amz-bypass-governance-retention")) {
      throw refused(op.name(), "the request bypasses governance retention.");
    }
    if (!invariants.allowVersionDelete() && (("DeleteObject".equals(op.name())
        && query.containsKey("versionId")) || deletesVersions(model))) {
      throw refused(op.name(), "the request deletes an object version.");
    }
    String sse = first(headers, "x-amz-server-side-encryption");
    if (sse != null && !sse.equals(invariants.encryption())) {
      throw refused(op.name(), "the request asks for server-side encryption other than the"
          + " client's mode.");
    }
    String kmsKey = first(headers, "x-amz-server-side-encryption-aws-kms-key-id");
    if (kmsKey != null && !kmsKey.equals(invariants.kmsKeyArn())) {
      throw refused(op.name(), "the request names another KMS key than the client's.");
    }
    String lock = first(headers, "x-amz-object-lock-mode");
    Object bucket = op.bucket() == null ? null : op.bucket().getValueOrDefault(model);
    if (lock != null && !invariants.lockModesFor(bucket instanceof String string ? string
        : null).contains(lock)) {
      throw refused(op.name(), "the request asks for a weaker Object Lock mode than the"
          + " bucket's retention.");
    }
  }

  static boolean deletesVersions(SdkRequest model) {
    if (!(model instanceof DeleteObjectsRequest d)) {
      return false;
    }
    return d.delete() != null && d.delete().hasObjects()
        && d.delete().objects().stream().anyMatch(o -> o.versionId() != null);
  }

  static @Nullable String first(Map<String, List<String>> headers, String name) {
    List<String> values = headers.get(name);
    return values == null ? null : values.get(0);
  }

  /** Headers the SDK fills in itself when the request leaves them empty. */
  static boolean sdkFilled(String name, @Nullable String checksumAlgorithm) {
    switch (name) {
      case "content-length":
      case "content-type":
      case "content-md5":
      case "x-amz-sdk-checksum-algorithm":
        return true;
      default:
        return name.startsWith(CHECKSUM_PREFIX) && checksumAlgorithm != null
            && name.equals(CHECKSUM_PREFIX + checksumAlgorithm);
    }
  }

  static void checkSdkFilled(WireRules.Operation op, String name, String value) {
    boolean ok;
    switch (name) {
      case "content-length":
        ok = isLength(value);
        break;
      case "content-type":
        ok = MEDIA_TYPE.matcher(value).matches();
        break;
      case "content-md5":
        ok = Formats.isBase64(value, 16);
        break;
      case "x-amz-sdk-checksum-algorithm":
        ok = Objects.requireNonNull(Formats.forField("ChecksumAlgorithm"), "a known field")
            .format().test(value);
        break;
      default:
        ok = checksumValue(name, value);
        break;
    }
    if (!ok) {
      throw refused(op.name(), "the header " + name + " does not have the format the SDK"
          + " gives it.");
    }
  }

  static boolean checksumValue(String name, String value) {
    String algorithm = name.substring(CHECKSUM_PREFIX.length());
    for (Map.Entry<String, Integer> e : Formats.checksumLengths().entrySet()) {
      if (e.getKey().substring("Checksum".length()).equalsIgnoreCase(algorithm)) {
        return Formats.isBase64(value, e.getValue());
      }
    }
    return false;
  }

  /** Header names in lower case; a header given twice (in any case) is refused. */
  static Map<String, List<String>> lowerCase(WireRules.Operation op,
      software.amazon.awssdk.http.SdkHttpHeaders http) {
    // forEachHeader reads the request's own map; headers() would copy it deeply first.
    Map<String, List<String>> lower = new HashMap<>(64);
    http.forEachHeader((name, values) -> {
      if (values.size() != 1 || lower.put(name.toLowerCase(Locale.ROOT), values) != null) {
        throw refused(op.name(), "a header is repeated, so two values would travel (a request"
            + " override or interceptor added a second one). Each header may appear once.");
      }
    });
    return lower;
  }

  /** Whether a wire value is what the SDK marshals for a model value. */
  static boolean sameValue(@Nullable Object modelValue, String wire) {
    if (modelValue == null) {
      return false;
    }
    if (modelValue instanceof Instant instant) {
      if (modelValue.toString().equals(wire)) {
        return true; // the SDK's ISO-8601 form: no parsing needed
      }
      Instant parsed = parseInstant(wire);
      return parsed != null
          && Math.abs(parsed.getEpochSecond() - instant.getEpochSecond()) <= 1;
    }
    if (modelValue instanceof List) {
      StringBuilder joined = new StringBuilder();
      for (Object o : (List<?>) modelValue) {
        joined.append(joined.length() == 0 ? "" : ",").append(o);
      }
      return joined.toString().equals(wire);
    }
    return modelValue.toString().equals(wire);
  }

  /** A model value, or null when it is empty (the SDK does not marshal empty lists). */
  static @Nullable Object present(Object v) {
    return v instanceof java.util.Collection && ((java.util.Collection<?>) v).isEmpty() ? null
        : v;
  }

  /** The AWS endpoint host names of S3 (or STS) in a region. */
  @SuppressWarnings("deprecation") // RegionMetadata.domain() has no replacement for the DNS suffix
  static List<String> awsHosts(boolean s3, Region region) {
    RegionMetadata metadata = region.metadata();
    String dns = metadata != null && metadata.domain() != null ? metadata.domain()
        : region.id().startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
    String r = region.id();
    List<String> hosts = new ArrayList<>();
    String name = s3 ? "s3" : "sts";
    hosts.add(name + "." + r + "." + dns);
    hosts.add(name + "-fips." + r + "." + dns);
    if (s3) {
      hosts.add("s3.dualstack." + r + "." + dns);
      hosts.add("s3-fips.dualstack." + r + "." + dns);
    }
    if ("us-east-1".equals(r) || "aws-global".equals(r)) {
      hosts.add(name + "." + dns);
    }
    return List.copyOf(hosts);
  }

  /** The decoded {@code [/]bucket/key} an {@code x-amz-copy-source} value names. */
  static String copySourcePath(String value) {
    int q = value.indexOf('?');
    return percentDecode(q < 0 ? value : value.substring(0, q));
  }

  static @Nullable Instant parseInstant(String v) {
    try {
      return Instant.parse(v);
    } catch (DateTimeParseException e) {
      try {
        return ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      } catch (DateTimeParseException e2) {
        return null;
      }
    }
  }

  static @Nullable String fieldString(SdkField<?> field, SdkRequest model) {
    Object v = field.getValueOrDefault(model);
    return v == null ? null : v.toString();
  }

  /** Decodes %XX escapes (UTF-8); a malformed escape is kept as text. */
  static String percentDecode(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '%' && i + 2 < s.length() && Character.digit(s.charAt(i + 1), 16) >= 0
          && Character.digit(s.charAt(i + 2), 16) >= 0) {
        out.write(Character.digit(s.charAt(i + 1), 16) * 16 + Character.digit(s.charAt(i + 2),
            16));
        i += 3;
      } else {
        int cp = s.codePointAt(i);
        byte[] b = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
        i += Character.charCount(cp);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  static HipaaS3PolicyViolationException refused(String operation, String why) {
    return new HipaaS3PolicyViolationException(ViolationCode.WIRE_REFUSED, operation
        + " was refused by hipaa-s3's final check of the HTTP request, and nothing was sent:"
        + " " + why);
  }
}
