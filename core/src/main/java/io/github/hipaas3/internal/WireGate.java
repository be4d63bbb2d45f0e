package io.github.hipaas3.internal;

import static io.github.hipaas3.internal.WireValues.CHECKSUM_PREFIX;
import static io.github.hipaas3.internal.WireValues.MEDIA_TYPE;
import static io.github.hipaas3.internal.WireValues.checkInvariants;
import static io.github.hipaas3.internal.WireValues.checkSdkFilled;
import static io.github.hipaas3.internal.WireValues.fieldString;
import static io.github.hipaas3.internal.WireValues.isHex;
import static io.github.hipaas3.internal.WireValues.lowerCase;
import static io.github.hipaas3.internal.WireValues.percentDecode;
import static io.github.hipaas3.internal.WireValues.present;
import static io.github.hipaas3.internal.WireValues.refused;
import static io.github.hipaas3.internal.WireValues.sameValue;
import static io.github.hipaas3.internal.WireValues.sdkFilled;

import io.github.hipaas3.HipaaS3PolicyViolationException;
import io.github.hipaas3.PhiDetectors;
import io.github.hipaas3.ViolationCode;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.model.S3Request;

/**
 * The last check on every HTTP request a client built by hipaa-s3 sends: it runs in
 * {@code beforeTransmission}, after signing and after every other interceptor, and looks at the
 * request that is about to leave the process, not at the model it was made from. Deny by
 * default:
 *
 * <ul>
 *   <li>HTTPS to the configured endpoint's host (or the bucket's virtual host under it), with
 *       the path the request's bucket and key give, signed with SigV4;
 *   <li>only header and query-parameter names that the operation's request fields marshal to
 *       ({@link WireRules}), its sub-resource parameter, and the SDK's transport headers
 *       ({@link #TRANSPORT}), each at most once;
 *   <li>every header or parameter that a request field marshals to carries exactly that field's
 *       value, and every field with a value is on the wire; the headers the SDK fills in itself
 *       (length, content type, checksums) must have their format;
 *   <li>every value with a reviewed format ({@link Formats}) has it, and every other value
 *       passes the PHI detectors.
 * </ul>
 *
 * <p>A refusal throws {@link HipaaS3PolicyViolationException} ({@code WIRE_REFUSED}, or
 * {@code INSECURE_TRANSPORT} for plaintext) and nothing is sent. Messages name the checked
 * header or parameter when it is on the allowlist, never a value or an unknown name.
 */
public final class WireGate implements ExecutionInterceptor {

  /** The service a client talks to. */
  public enum Service {
    /** Amazon S3 (or an S3-compatible endpoint). */
    S3,
    /** AWS STS, which hipaa-s3 asks only for the caller's identity. */
    STS
  }

  /** A header the SDK adds itself, with the format its value must have. */
  private record Transport(String description, Formats.Format format) {}

  private static final Set<String> CONTENT_SHA256 = Set.of("UNSIGNED-PAYLOAD",
      "STREAMING-UNSIGNED-PAYLOAD-TRAILER", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
      "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER", "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD",
      "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER");
  private static final Pattern SDK_REQUEST = Pattern.compile(
      "(ttl=[0-9]{8}T[0-9]{6}Z; )?attempt=[0-9]{1,3}; max=[0-9]{1,3}");
  private static final Pattern TRAILER = Pattern.compile(
      "x-amz-checksum-(crc32|crc32c|crc64nvme|sha1|sha256)");

  /**
   * The headers the SDK's transport adds to every request, with their formats. User-Agent is
   * listed for its name; its caller-influenced tokens are screened by the detectors.
   */
  private static final Map<String, Transport> TRANSPORT = Map.ofEntries(
      Map.entry("host", new Transport("the endpoint's host", v -> true)),
      Map.entry("authorization", new Transport("a SigV4 signature", WireValues::isSigV4)),
      Map.entry("x-amz-date", new Transport("a SigV4 date", WireValues::isAmzDate)),
      Map.entry("x-amz-content-sha256", new Transport("a payload hash",
          v -> isHex(v, 64) || CONTENT_SHA256.contains(v))),
      Map.entry("x-amz-security-token", new Transport("a session token",
          WireValues::isSessionToken)),
      Map.entry("user-agent", new Transport("the SDK's user agent", v -> true)),
      Map.entry("amz-sdk-invocation-id", new Transport("an invocation ID", Formats::isUuid)),
      Map.entry("amz-sdk-request", new Transport("the attempt counter",
          v -> SDK_REQUEST.matcher(v).matches())),
      Map.entry("content-length", new Transport("a length", WireValues::isLength)),
      Map.entry("x-amz-decoded-content-length", new Transport("a length",
          WireValues::isLength)),
      Map.entry("expect", new Transport("100-continue", "100-continue"::equals)),
      Map.entry("transfer-encoding", new Transport("chunked", "chunked"::equals)),
      Map.entry("x-amz-trailer", new Transport("a checksum trailer",
          v -> TRAILER.matcher(v).matches())),
      Map.entry("content-type", new Transport("a media type",
          v -> MEDIA_TYPE.matcher(v).matches())),
      Map.entry("content-encoding", new Transport("a content encoding", v -> true)));

  /** The user-agent token prefixes the SDK fills from the JVM and OS, not from the caller. */
  private static final Set<String> UA_ENVIRONMENT = Set.of(
      "aws-sdk-java", "md", "ua", "api", "os", "lang", "m", "cfg", "exec-env", "ft");

  private static final Map<String, Formats.Named> ENVELOPE = Map.of(
      "x-amz-c", new Formats.Named("a content cipher ID",
          v -> v.length() <= 4 && WireValues.isLength(v), false),
      "x-amz-w", new Formats.Named("a wrapping algorithm ID",
          v -> v.length() <= 4 && WireValues.isLength(v), false),
      "x-amz-d", envelopeBytes(), "x-amz-i", envelopeBytes(), "x-amz-3", envelopeBytes(),
      "x-amz-key-v2", envelopeBytes(), "x-amz-iv", envelopeBytes(),
      // The encryption context and materials description: JSON the S3 Encryption Client writes
      // from the caller's context (screened in full by the model gate) and hipaa-s3's binding
      // (bucket, stored key, a base64 tag). Random base64 in them trips ICD-10 and digit-run
      // rules by chance, so they get the detectors tuned for random text.
      "x-amz-t", envelopeJson(), "x-amz-m", envelopeJson());

  private final Service service;
  private final List<String> hosts;
  private final int port;
  private final String basePath;
  private final PhiDetectors detectors;
  private final PhiDetectors tokenDetectors;
  private final NamePolicy names;
  private final boolean clientSide;
  private final WireInvariants invariants;
  private final @Nullable WireKeys keys;
  /** The last user agent and KMS key that passed (both repeat on every call). */
  private volatile @Nullable String lastUserAgent;
  private volatile @Nullable String lastKmsKey;

  /**
   * Creates the gate for one client.
   *
   * @param service the service the client talks to
   * @param region the client's region
   * @param endpointOverride the client's endpoint, or {@code null} for AWS's
   * @param names the client's name screening (its detectors screen the wire's free text, and it
   *     screens the fields of request bodies again, as they are marshalled)
   * @param clientSide whether the client encrypts client-side (then the S3 Encryption Client's
   *     envelope metadata is checked by its format; callers cannot set those names)
   * @param invariants what the policy allows on the wire whatever the model says
   */
  public WireGate(Service service, @Nullable Region region, @Nullable URI endpointOverride,
      NamePolicy names, boolean clientSide, WireInvariants invariants) {
    this(service, region, endpointOverride, names, clientSide, invariants, null);
  }

  /**
   * Creates the gate of a client whose key mode replaces keys: every key and listing position
   * on the wire must also have the mapper's stored form ({@link WireKeys}).
   *
   * @param service the service the client talks to
   * @param region the client's region
   * @param endpointOverride the client's endpoint, or {@code null} for AWS's
   * @param names the client's name screening
   * @param clientSide whether the client encrypts client-side
   * @param invariants what the policy allows on the wire whatever the model says
   * @param keys the client's key mapper, or {@code null} when keys pass through (screened)
   */
  public WireGate(Service service, @Nullable Region region, @Nullable URI endpointOverride,
      NamePolicy names, boolean clientSide, WireInvariants invariants,
      @Nullable KeyMapper keys) {
    this.keys = keys == null ? null : new WireKeys(keys, clientSide);
    this.service = Objects.requireNonNull(service, "service");
    this.names = Objects.requireNonNull(names, "names");
    PhiDetectors detectors = names.detectors();
    this.clientSide = clientSide;
    this.invariants = Objects.requireNonNull(invariants, "invariants");
    this.detectors = detectors;
    this.tokenDetectors = names.tokenDetectors();
    if (endpointOverride != null) {
      this.hosts = List.of(endpointOverride.getHost().toLowerCase(Locale.ROOT));
      this.port = endpointOverride.getPort() < 0 ? 443 : endpointOverride.getPort();
      String path = endpointOverride.getRawPath() == null ? "" : endpointOverride.getRawPath();
      this.basePath = percentDecode(path.endsWith("/") ? path.substring(0, path.length() - 1)
          : path);
    } else {
      this.hosts = WireValues.awsHosts(service == Service.S3,
          Objects.requireNonNull(region, "region"));
      this.port = 443;
      this.basePath = "";
    }
  }

  private static Formats.Named envelopeJson() {
    return new Formats.Named("envelope JSON", v -> v.length() >= 2 && v.length() <= 8192
        && v.charAt(0) == '{' && v.charAt(v.length() - 1) == '}', true);
  }

  private static Formats.Named envelopeBytes() {
    // Key material, IVs and commitments: random bytes, where detectors find only noise.
    return new Formats.Named("base64 envelope data", v -> v.length() >= 16 && v.length() <= 8192
        && v.chars().allMatch(c -> (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
            || (c >= '0' && c <= '9') || c == '+' || c == '/' || c == '='), false);
  }

  /**
   * Refuses a response that states a checked fact twice: a repeated encryption, Object Lock,
   * checksum, version, range or envelope header lets a lying or broken server show one value to
   * one check and another to the next. Nothing of the response reaches the caller.
   */
  @Override
  public void afterTransmission(Context.AfterTransmission context,
      ExecutionAttributes executionAttributes) {
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (Map.Entry<String, List<String>> h : context.httpResponse().headers().entrySet()) {
      String name = h.getKey().toLowerCase(Locale.ROOT);
      boolean vouching = name.startsWith("x-amz-server-side-encryption")
          || name.startsWith("x-amz-object-lock-") || name.startsWith(CHECKSUM_PREFIX)
          || name.startsWith("x-amz-meta-x-amz-") || name.equals("x-amz-version-id")
          || name.equals("content-range") || name.equals("content-length")
          || name.equals("etag");
      if (vouching && (h.getValue().size() > 1 || !seen.add(name))) {
        throw new io.github.hipaas3.HipaaS3SecurityException(ViolationCode.AMBIGUOUS_RESPONSE,
            "The response to a request carried the header " + name + " more than once, so"
                + " what S3 stored cannot be told; nothing of it was handed over. Check the"
                + " endpoint and any proxy between the client and S3.", null);
      }
    }
  }

  @Override
  public void beforeTransmission(Context.BeforeTransmission context,
      ExecutionAttributes executionAttributes) {
    check(context.request(), context.httpRequest());
  }

  /**
   * Checks one outgoing request against its model.
   *
   * @param model the request model the SDK marshalled (after every interceptor)
   * @param http the HTTP request about to be sent
   */
  public void check(SdkRequest model, SdkHttpRequest http) {
    if (!"https".equalsIgnoreCase(http.protocol())) {
      throw new HipaaS3PolicyViolationException(ViolationCode.INSECURE_TRANSPORT,
          "A request was about to leave the process without TLS and was stopped; nothing was"
              + " sent. PHI may only travel over HTTPS. Check endpointOverride and any"
              + " interceptor or plugin that rewrites the endpoint.");
    }
    WireRules.Operation op = service == Service.S3 ? WireRules.s3(model.getClass())
        : WireRules.sts(model.getClass());
    if (op == null) {
      throw refused(service + " request", "its operation is not on hipaa-s3's allowlist.");
    }
    String bucket = op.bucket() == null ? null : fieldString(op.bucket(), model);
    String key = op.key() == null ? null : fieldString(op.key(), model);
    checkDestination(op, http, bucket, key);
    Map<String, List<String>> headers = lowerCase(op, http);
    checkAuthorization(op, headers);
    checkInvariants(invariants, op, model, headers, http.rawQueryParameters());
    checkHeaders(op, model, headers);
    checkQuery(op, model, http.rawQueryParameters());
    if (keys != null && service == Service.S3) {
      List<String> copySource = headers.get("x-amz-copy-source");
      keys.check(op.name(), model, key, http.rawQueryParameters(),
          copySource == null ? null : copySource.get(0));
    }
    if (!op.payload().isEmpty() && model instanceof S3Request s3Request) {
      // The body (tagging, retention, delete lists, part lists, bucket configuration) is
      // marshalled from these fields of this model: screen them as the model gate did, again.
      names.screenFields(OperationTable.ruleFor(model.getClass()).orElseThrow(),
          s3Request, op.payload());
    }
  }

  private void checkDestination(WireRules.Operation op, SdkHttpRequest http,
      @Nullable String bucket,
      @Nullable String key) {
    String host = http.host() == null ? "" : http.host().toLowerCase(Locale.ROOT);
    int requestPort = http.port();
    boolean virtual = false;
    boolean known = false;
    for (String h : hosts) {
      if (host.equals(h)) {
        known = true;
      } else if (bucket != null && host.equals(bucket.toLowerCase(Locale.ROOT) + "." + h)) {
        known = true;
        virtual = true;
      }
    }
    if (!known || requestPort != port) {
      throw refused(op.name(), "the request was addressed to another host or port than the"
          + " client's endpoint. Requests go only to the endpoint the client was built with;"
          + " check for an endpoint provider or interceptor that redirects them.");
    }
    String path = percentDecode(http.encodedPath() == null ? "" : http.encodedPath());
    if (!path.startsWith(basePath)) {
      throw refused(op.name(), "the request path is not under the endpoint's path.");
    }
    String rest = path.substring(basePath.length());
    if (rest.isEmpty()) {
      rest = "/";
    }
    StringBuilder expected = new StringBuilder("/");
    if (bucket != null && !virtual) {
      expected.append(bucket);
    }
    boolean ok;
    if (key != null) {
      if (bucket != null && !virtual) {
        expected.append('/');
      }
      ok = rest.contentEquals(expected.append(key));
    } else {
      String e = expected.toString();
      ok = rest.equals(e) || rest.equals(e + "/");
    }
    if (!ok) {
      throw refused(op.name(), "the request path is not the one its bucket and key give.");
    }
  }

  private static void checkAuthorization(WireRules.Operation op,
      Map<String, List<String>> headers) {
    List<String> auth = headers.get("authorization");
    if (auth == null) {
      throw refused(op.name(), "the request is not signed (no Authorization header): an"
          + " anonymous request was about to be sent. Remove any auth scheme provider or"
          + " signer that turns signing off; the client signs every request with SigV4.");
    }
  }

  private void checkHeaders(WireRules.Operation op, SdkRequest model,
      Map<String, List<String>> headers) {
    String checksumAlgorithm = null;
    List<String> sdkAlgorithm = headers.get("x-amz-sdk-checksum-algorithm");
    if (sdkAlgorithm != null) {
      checksumAlgorithm = sdkAlgorithm.get(0).toLowerCase(Locale.ROOT);
    }
    for (Map.Entry<String, List<String>> h : headers.entrySet()) {
      String name = h.getKey();
      String value = h.getValue().get(0);
      SdkField<?> field = op.headers().get(name);
      if ("content-encoding".equals(name)) {
        checkContentEncoding(op, model, value);
        continue;
      }
      if ("content-length".equals(name)) {
        // The length of the body as sent (aws-chunked framing included), not the model's.
        checkSdkFilled(op, name, value);
        continue;
      }
      if (field != null) {
        Object modelValue = present(field.getValueOrDefault(model));
        if (modelValue == null && sdkFilled(name, checksumAlgorithm)) {
          checkSdkFilled(op, name, value);
        } else if (!sameValue(modelValue, value)) {
          throw refused(op.name(), "the header " + field.locationName() + " does not carry"
              + " the value of the checked request (it was added or changed after the"
              + " check, for example by a request override).");
        } else if (modelValue instanceof String) {
          screenField(op, field.memberName(), field.locationName(), value);
        }
        continue;
      }
      if (op.metadataPrefix() != null && name.startsWith(op.metadataPrefix())) {
        checkMetadata(op, model, name.substring(op.metadataPrefix().length()), value);
        continue;
      }
      if (name.startsWith(CHECKSUM_PREFIX) && sdkFilled(name, checksumAlgorithm)) {
        checkSdkFilled(op, name, value);
        continue;
      }
      Transport transport = TRANSPORT.get(name);
      if (transport == null) {
        throw refused(op.name(), "the request carries a header" + nameIfSafe(name) + " that is"
            + " not on the operation's allowlist (a header added by a request override or an"
            + " interceptor). Remove it; set the request's own fields instead.");
      }
      if (!transport.format().test(value)) {
        throw refused(op.name(), "the header " + name + " is not " + transport.description()
            + ".");
      }
      if ("user-agent".equals(name)) {
        screenUserAgent(op, value);
      } else if ("content-type".equals(name)) {
        screenText(op, name, value);
      } else if ("content-encoding".equals(name)) {
        checkContentEncoding(op, model, value);
      }
    }
    // Every header field the checked request has a value for must be on the wire.
    for (Map.Entry<String, SdkField<?>> e : op.headers().entrySet()) {
      // A field on the wire was compared with the model above: only the others are read here.
      if (!headers.containsKey(e.getKey()) && !"content-length".equals(e.getKey())
          && present(e.getValue().getValueOrDefault(model)) != null) {
        throw refused(op.name(), "the header " + e.getValue().locationName() + " of the"
            + " checked request is missing from the HTTP request.");
      }
    }
    if (op.metadata() != null) {
      Object metadata = Objects.requireNonNull(op.metadata(), "an operation with metadata")
        .getValueOrDefault(model);
      if (metadata instanceof Map) {
        for (Object k : ((Map<?, ?>) metadata).keySet()) {
          if (!headers.containsKey(op.metadataPrefix() + String.valueOf(k)
              .toLowerCase(Locale.ROOT))) {
            throw refused(op.name(), "user metadata of the checked request is missing from"
                + " the HTTP request.");
          }
        }
      }
    }
  }

  private void checkMetadata(WireRules.Operation op, SdkRequest model, String name,
      String value) {
    Object metadata = Objects.requireNonNull(op.metadata(), "an operation with metadata")
        .getValueOrDefault(model);
    String modelValue = null;
    if (metadata instanceof Map) {
      for (Map.Entry<?, ?> e : ((Map<?, ?>) metadata).entrySet()) {
        if (String.valueOf(e.getKey()).toLowerCase(Locale.ROOT).equals(name)) {
          modelValue = String.valueOf(e.getValue());
          break;
        }
      }
    }
    if (modelValue == null || !modelValue.equals(value)) {
      throw refused(op.name(), "the request carries user metadata that the checked request"
          + " does not have, or with another value (added by a request override or an"
          + " interceptor). Set metadata on the request itself.");
    }
    Formats.Named envelope = clientSide ? ENVELOPE.get(name) : null;
    if (envelope != null) {
      if (!envelope.format().test(value)) {
        throw refused(op.name(), "the client-side encryption envelope entry " + name
            + " does not have its format (" + envelope.description() + ").");
      }
      String detector = Formats.tokenMatch(envelope, WireValues.withoutBindingTags(value),
          tokenDetectors);
      if (detector != null) {
        throw refused(op.name(), "the client-side encryption envelope entry " + name
            + " matched the PHI detector " + detector + ".");
      }
      return;
    }
    screenText(op, "user metadata (a name)", name);
    screenText(op, "user metadata (a value)", value);
  }

  // Kept as it is: a change of split (it drops trailing empty tokens) would change what passes.
  @SuppressWarnings("StringSplitter")
  private void checkContentEncoding(WireRules.Operation op, SdkRequest model, String value) {
    Object modelEncoding = model.getValueForField("ContentEncoding", String.class).orElse(null);
    StringBuilder rest = new StringBuilder();
    for (String token : value.split(",")) {
      String t = token.trim();
      if (!"aws-chunked".equals(t)) {
        rest.append(rest.length() == 0 ? "" : ",").append(t);
      }
    }
    String caller = rest.toString();
    if (!caller.isEmpty() && !caller.equals(modelEncoding)) {
      throw refused(op.name(), "the header Content-Encoding does not carry the value of the"
          + " checked request.");
    }
  }

  private void checkQuery(WireRules.Operation op, SdkRequest model,
      Map<String, List<String>> query) {
    for (Map.Entry<String, List<String>> q : query.entrySet()) {
      String name = q.getKey();
      List<String> values = q.getValue();
      if (values.size() > 1) {
        throw refused(op.name(), "a query parameter is repeated.");
      }
      String value = values.isEmpty() ? null : values.get(0);
      SdkField<?> field = op.query().get(name);
      if (field != null) {
        Object modelValue = present(field.getValueOrDefault(model));
        if (value == null || !sameValue(modelValue, value)) {
          throw refused(op.name(), "the query parameter " + name + " does not carry the value"
              + " of the checked request (it was added or changed after the check, for"
              + " example by a request override).");
        }
        if (modelValue instanceof String) {
          screenField(op, field.memberName(), name, value);
        }
      } else if (name.equals(op.subresourceName())) {
        if (!(op.subresourceValue() == null ? value == null || value.isEmpty()
            : op.subresourceValue().equals(value))) {
          throw refused(op.name(), "the sub-resource parameter " + name + " has a value.");
        }
      } else if ("x-id".equals(name)) {
        if (!op.name().equals(value)) {
          throw refused(op.name(), "the x-id parameter names another operation.");
        }
      } else {
        throw refused(op.name(), "the request carries a query parameter" + nameIfSafe(name)
            + " that is not on the"
            + " operation's allowlist (added by a request override or an interceptor, or a"
            + " sub-resource of another operation). Remove it; use the request's fields.");
      }
    }
    for (Map.Entry<String, SdkField<?>> e : op.query().entrySet()) {
      if (present(e.getValue().getValueOrDefault(model)) != null
          && !query.containsKey(e.getKey())) {
        throw refused(op.name(), "the query parameter " + e.getKey() + " of the checked"
            + " request is missing from the HTTP request.");
      }
    }
    if (op.subresourceName() != null && !query.containsKey(op.subresourceName())) {
      throw refused(op.name(), "the operation's sub-resource parameter is missing.");
    }
  }

  /**
   * A text value that a request field marshalled: its format if it has one, else the detectors.
   * (Numbers, booleans, dates and lists of enum values are typed by the SDK and were compared
   * with the request.)
   */
  @SuppressWarnings("ReferenceEquality") // the Named formats are constants, compared by identity
  private void screenField(WireRules.Operation op, String member, String wireName,
      String value) {
    Formats.Named format = Formats.forField(member);
    if (format != null) {
      if (format == Formats.KMS_KEY && value.equals(lastKmsKey)) {
        return; // the client's key, on every put: checked once
      }
      if (!Formats.accepts(format, value, tokenDetectors)) {
        throw refused(op.name(), "the value of " + wireName + " is not " + format.description()
            + ".");
      }
      if (format == Formats.KMS_KEY) {
        lastKmsKey = value;
      }
      return;
    }
    if ("Tagging".equals(member)) {
      for (String pair : value.split("&", -1)) {
        screenText(op, wireName, percentDecode(pair.replace('+', ' ')));
      }
      return;
    }
    if ("CopySource".equals(member)) {
      screenCopySource(op, value);
      return;
    }
    screenText(op, wireName, value);
  }

  private void screenCopySource(WireRules.Operation op, String value) {
    int q = value.indexOf('?');
    screenText(op, "x-amz-copy-source", WireValues.copySourcePath(value));
    if (q >= 0) {
      String params = value.substring(q + 1);
      if (!params.startsWith("versionId=")
          || !Formats.accepts(Formats.VERSION_ID, percentDecode(params.substring(10)),
              tokenDetectors)) {
        throw refused(op.name(), "the copy source names something other than a version ID.");
      }
    }
  }

  // Trailing empty tokens, which split drops, carry no text to screen.
  @SuppressWarnings("StringSplitter")
  private void screenUserAgent(WireRules.Operation op, String value) {
    if (value.equals(lastUserAgent)) {
      return; // the same on most calls: screened once
    }
    for (String token : value.split(" ")) {
      int slash = token.indexOf('/');
      String prefix = slash < 0 ? token : token.substring(0, slash);
      if (!UA_ENVIRONMENT.contains(prefix)) {
        screenText(op, "user-agent", token);
      }
    }
    lastUserAgent = value;
  }

  /** A refused name, quoted, when it is short, plain and passes the detectors; else nothing. */
  private String nameIfSafe(String name) {
    return name.length() <= 64 && name.matches("[a-z][a-z0-9-]*")
        && detectors.firstMatch(name).isEmpty() ? " (" + name + ")" : "";
  }

  private void screenText(WireRules.Operation op, String where, String value) {
    detectors.firstMatch(value).ifPresent(detector -> {
      throw refused(op.name(), "the HTTP request's " + where + " matched the PHI detector "
          + detector + ". PHI must not be sent in the clear.");
    });
  }

}
