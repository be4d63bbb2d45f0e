package io.github.hipaas3.internal;

import io.github.hipaas3.PhiDetectors;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.ChecksumType;
import software.amazon.awssdk.services.s3.model.DataRedundancy;
import software.amazon.awssdk.services.s3.model.EncodingType;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.ObjectAttributes;
import software.amazon.awssdk.services.s3.model.ObjectLockLegalHoldStatus;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;
import software.amazon.awssdk.services.s3.model.ObjectOwnership;
import software.amazon.awssdk.services.s3.model.OptionalObjectAttributes;
import software.amazon.awssdk.services.s3.model.RequestPayer;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.StorageClass;
import software.amazon.awssdk.services.s3.model.TaggingDirective;

/**
 * The reviewed formats of values that are not free text: identifiers S3 generates (version and
 * upload IDs, continuation tokens), entity tags, account IDs, checksums, key material, byte
 * ranges and enum values. A value with a format is accepted only when it has that format, so an
 * SSN or an e-mail address cannot travel in a version ID; values without a format are free text
 * and go through the PHI detectors instead.
 *
 * <p>S3's own identifiers are random tokens. They are checked for their shape and then screened
 * by the detectors tuned for random text ({@link #tokenDetectors}): a random token of 32 base64
 * characters holds six digits in a row about once in 2,500 tokens, while an SSN, e-mail address,
 * phone number or an eight-digit record number inside one is still caught. UUIDs are accepted
 * by their shape.
 */
public final class Formats {
  private Formats() {}

  private static final java.util.regex.Pattern KMS_KEY_ID = java.util.regex.Pattern.compile(
      "(arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/)?[A-Za-z0-9-]{1,256}");
  private static final java.util.regex.Pattern KMS_ALIAS = java.util.regex.Pattern.compile(
      "(arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:)?alias/[A-Za-z0-9/_-]{1,250}");
  private static final java.util.regex.Pattern MFA_HEADER = java.util.regex.Pattern.compile(
      "(arn:aws[a-z-]*:iam::[0-9]{12}:mfa/[A-Za-z0-9+=,.@_-]{1,64}|[A-Z0-9]{9,64}) [0-9]{6}");
  private static final java.util.regex.Pattern REGION = java.util.regex.Pattern.compile(
      "[a-z]{2}(-[a-z]+)+-[0-9]{1,2}");


  /** A named check of one value's shape. */
  @FunctionalInterface
  public interface Format {
    /**
     * Whether the value has the format.
     *
     * @param value the value (never null)
     * @return whether it has the format
     */
    boolean test(String value);
  }

  /** What a value is, for messages: never the value itself. */
  public record Named(String description, Format format, boolean token) {}

  private static final Map<String, Named> BY_FIELD = new HashMap<>();

  /** An identifier S3 generates: a version or upload ID, a continuation token. */
  public static final Named TOKEN = new Named(
      "an identifier that S3 generated (1 to 1,024 characters of letters, digits and + / = . _ -"
          + " ~, with at least one letter, or a UUID)", v -> isUuid(v) || isToken(v), true);
  /** A version ID: a token, or S3's {@code null} version. */
  public static final Named VERSION_ID = new Named(
      "an S3 version ID as S3 returned it",
      v -> "null".equals(v) || isUuid(v) || isToken(v), true);
  /** An entity tag. */
  public static final Named ETAG = new Named(
      "an entity tag as S3 returned it (32 hexadecimal digits, optionally quoted, with an"
          + " optional -<parts> suffix, or *)", Formats::isEtag, false);
  /** A 12-digit AWS account ID. */
  public static final Named ACCOUNT_ID = new Named("a 12-digit AWS account ID",
      v -> v.length() == 12 && allDigits(v), false);
  /** A byte range header value. */
  public static final Named RANGE = new Named("a byte range such as bytes=0-1023",
      Formats::isRange, false);
  /** An SSE-KMS key identifier: key ID, key ARN, alias name or alias ARN. */
  public static final Named KMS_KEY = new Named(
      "a KMS key ID, key ARN, alias name or alias ARN", Formats::isKmsKey, true);
  /** A non-negative decimal integer. */
  public static final Named NUMBER = new Named("a decimal number", v -> !v.isEmpty()
      && v.length() <= 19 && allDigits(v), false);
  /** An MFA header: device serial (or ARN) and a six-digit code. */
  public static final Named MFA = new Named("an MFA device serial number and code",
      Formats::isMfa, false);

  static {
    for (String f : List.of("VersionId", "SourceVersionId", "VersionIdMarker")) {
      BY_FIELD.put(f, VERSION_ID);
    }
    for (String f : List.of("UploadId", "UploadIdMarker", "ContinuationToken")) {
      BY_FIELD.put(f, TOKEN);
    }
    for (String f : List.of("ETag", "IfMatch", "IfNoneMatch", "CopySourceIfMatch",
        "CopySourceIfNoneMatch")) {
      BY_FIELD.put(f, ETAG);
    }
    BY_FIELD.put("ExpectedBucketOwner", ACCOUNT_ID);
    BY_FIELD.put("ExpectedSourceBucketOwner", ACCOUNT_ID);
    BY_FIELD.put("Range", RANGE);
    BY_FIELD.put("CopySourceRange", RANGE);
    BY_FIELD.put("SSEKMSKeyId", KMS_KEY);
    BY_FIELD.put("MFA", MFA);
    BY_FIELD.put("SSECustomerAlgorithm", enumOf("AES256"));
    BY_FIELD.put("CopySourceSSECustomerAlgorithm", enumOf("AES256"));
    BY_FIELD.put("SSECustomerKey", base64("a base64 AES-256 key", 32));
    BY_FIELD.put("CopySourceSSECustomerKey", base64("a base64 AES-256 key", 32));
    BY_FIELD.put("SSECustomerKeyMD5", base64("a base64 MD5 digest", 16));
    BY_FIELD.put("CopySourceSSECustomerKeyMD5", base64("a base64 MD5 digest", 16));
    BY_FIELD.put("ContentMD5", base64("a base64 MD5 digest", 16));
    for (Map.Entry<String, Integer> e : checksumLengths().entrySet()) {
      BY_FIELD.put(e.getKey(), base64("a base64 checksum of " + e.getValue() + " bytes",
          e.getValue()));
    }
    BY_FIELD.put("ChecksumAlgorithm", enumOf(ChecksumAlgorithm.knownValues()));
    BY_FIELD.put("ChecksumMode", enumOf(ChecksumMode.knownValues()));
    BY_FIELD.put("ChecksumType", enumOf(ChecksumType.knownValues()));
    BY_FIELD.put("RequestPayer", enumOf(RequestPayer.knownValues()));
    BY_FIELD.put("StorageClass", enumOf(StorageClass.knownValues()));
    BY_FIELD.put("ServerSideEncryption", enumOf(ServerSideEncryption.knownValues()));
    BY_FIELD.put("ObjectLockMode", enumOf(ObjectLockMode.knownValues()));
    BY_FIELD.put("ObjectLockLegalHoldStatus", enumOf(ObjectLockLegalHoldStatus.knownValues()));
    BY_FIELD.put("MetadataDirective", enumOf(MetadataDirective.knownValues()));
    BY_FIELD.put("TaggingDirective", enumOf(TaggingDirective.knownValues()));
    BY_FIELD.put("EncodingType", enumOf(EncodingType.knownValues()));
    BY_FIELD.put("ObjectOwnership", enumOf(ObjectOwnership.knownValues()));
    BY_FIELD.put("OptionalObjectAttributes", enumOf(OptionalObjectAttributes.knownValues()));
    BY_FIELD.put("ObjectAttributes", enumOf(ObjectAttributes.knownValues()));
    BY_FIELD.put("DataRedundancy", enumOf(DataRedundancy.knownValues()));
    BY_FIELD.put("Mode", enumOf(union(ObjectLockRetentionMode.knownValues(),
        ObjectLockMode.knownValues())));
    BY_FIELD.put("Status", enumOf(union(ObjectLockLegalHoldStatus.knownValues(),
        BucketVersioningStatus.knownValues())));
    BY_FIELD.put("Type", enumOf(union(union(software.amazon.awssdk.services.s3.model.Type
        .knownValues(), software.amazon.awssdk.services.s3.model.LocationType.knownValues()),
        software.amazon.awssdk.services.s3.model.BucketType.knownValues())));
    BY_FIELD.put("BucketNamespace",
        enumOf(software.amazon.awssdk.services.s3.model.BucketNamespace.knownValues()));
    BY_FIELD.put("LocationConstraint", new Named("an AWS Region name",
        v -> BucketLocationConstraint.fromValue(v)
            != BucketLocationConstraint.UNKNOWN_TO_SDK_VERSION || REGION.matcher(v).matches(),
        false));
  }

  /**
   * The format of a model field, by its member name; {@code null} for free text.
   *
   * @param memberName the field's name in the S3 API model
   * @return the format, or null
   */
  public static @Nullable Named forField(String memberName) {
    return BY_FIELD.get(memberName);
  }

  /**
   * The model fields that have a format.
   *
   * @return their member names
   */
  public static Set<String> fields() {
    return java.util.Collections.unmodifiableSet(BY_FIELD.keySet());
  }

  /** The checksum value fields of the S3 model and their digest lengths in bytes. */
  static Map<String, Integer> checksumLengths() {
    return Map.ofEntries(Map.entry("ChecksumCRC32", 4), Map.entry("ChecksumCRC32C", 4),
        Map.entry("ChecksumCRC64NVME", 8), Map.entry("ChecksumSHA1", 20),
        Map.entry("ChecksumSHA256", 32), Map.entry("ChecksumMD5", 16),
        Map.entry("ChecksumSHA512", 64), Map.entry("ChecksumXXHASH64", 8),
        Map.entry("ChecksumXXHASH3", 8), Map.entry("ChecksumXXHASH128", 16));
  }

  /**
   * A format for the base64 encoding of exactly {@code bytes} bytes.
   *
   * @param description what the value is
   * @param bytes the decoded length
   * @return the format
   */
  public static Named base64(String description, int bytes) {
    return new Named(description, v -> isBase64(v, bytes), false);
  }

  private static Named enumOf(Set<?> values) {
    Set<String> names = new HashSet<>();
    for (Object v : values) {
      names.add(v.toString());
    }
    return new Named("one of " + new java.util.TreeSet<>(names), names::contains, false);
  }

  private static Named enumOf(String... values) {
    return enumOf(Set.of((Object[]) values));
  }

  private static Set<Object> union(Set<?> a, Set<?> b) {
    Set<Object> all = new HashSet<>(a);
    all.addAll(b);
    return all;
  }

  /**
   * Checks a value that has a format; identifiers are also screened (see {@link #tokenMatch}).
   *
   * @param named the format
   * @param value the value
   * @param tokenDetectors the detectors for tokens (see {@link #tokenDetectors})
   * @return whether the value is acceptable
   */
  public static boolean accepts(Named named, String value, PhiDetectors tokenDetectors) {
    return named.format().test(value) && tokenMatch(named, value, tokenDetectors) == null;
  }

  /**
   * The detector that flags an identifier of a token format, or {@code null}. UUIDs pass by
   * their shape; of a KMS key ARN only the key ID or alias name is screened (the account ID is a
   * run of twelve digits by definition).
   *
   * @param named the format
   * @param value a value that has the format
   * @param tokenDetectors the detectors for tokens (see {@link #tokenDetectors})
   * @return the detector's name, or null
   */
  @SuppressWarnings("ReferenceEquality") // the Named formats are constants, compared by identity
  public static @Nullable String tokenMatch(Named named, String value,
      PhiDetectors tokenDetectors) {
    String screened = value;
    if (named == KMS_KEY) {
      screened = value.substring(value.lastIndexOf(':') + 1);
      screened = screened.startsWith("key/") ? screened.substring(4) : screened;
    }
    if (!named.token() || isUuid(screened) || isHexDigest(screened)) {
      return null;
    }
    return tokenDetectors.firstMatch(screened).orElse(null);
  }

  /** The digit-run threshold for identifiers S3 generates (the client's, if higher). */
  static final int TOKEN_DIGIT_RUN = 8;

  /**
   * The client's detectors for tokens that S3 generated (random characters): ICD-10-CM is left
   * out and the digit-run rule needs {@value #TOKEN_DIGIT_RUN} digits, because a letter and two
   * digits between a {@code +} and a {@code /}, or six digits in a row, occur in random base64
   * about once in a few thousand tokens, and eight digits in a row about once in 100,000.
   * Identifiers with structure (SSN, phone, e-mail, NPI, dates, ...), numbers of eight or more
   * digits such as record numbers, and the caller's own detectors still screen them.
   *
   * @param detectors the client's detectors
   * @return the detectors for tokens
   */
  public static PhiDetectors tokenDetectors(PhiDetectors detectors) {
    List<io.github.hipaas3.PhiDetector> kept = new java.util.ArrayList<>();
    for (String name : detectors.names()) {
      if (PhiDetectors.DIGIT_RUN.equals(name)) {
        PhiDetectors.builtIn(Math.max(TOKEN_DIGIT_RUN, detectors.digitRunThreshold()))
            .detector(name).ifPresent(kept::add);
      } else if (!PhiDetectors.ICD10_CM.equals(name)) {
        detectors.detector(name).ifPresent(kept::add);
      }
    }
    return PhiDetectors.none().with(kept.toArray(new io.github.hipaas3.PhiDetector[0]));
  }

  /**
   * Whether a value is a UUID (S3-compatible servers use them as version and upload IDs; their
   * hexadecimal digits form long digit runs, and their fixed shape cannot carry text).
   *
   * @param v the value
   * @return whether it is a UUID
   */
  /**
   * Whether a value is a lowercase hex digest of 128, 160 or 256 bits, the form some
   * S3-compatible servers give their identifiers (moto's continuation tokens are MD5 digests).
   * Like a UUID it is random hex, in which a run of digits shaped like a phone number is
   * common and means nothing.
   */
  static boolean isHexDigest(String v) {
    if (v.length() != 32 && v.length() != 40 && v.length() != 64) {
      return false;
    }
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  static boolean isUuid(String v) {
    if (v.length() != 36) {
      return false;
    }
    for (int i = 0; i < 36; i++) {
      char c = v.charAt(i);
      boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
      if (dash ? c != '-' : Character.digit(c, 16) < 0) {
        return false;
      }
    }
    return true;
  }

  static boolean isToken(String v) {
    int n = v.length();
    if (n == 0 || n > 1024) {
      return false;
    }
    boolean letter = false;
    for (int i = 0; i < n; i++) {
      char c = v.charAt(i);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
        letter = true;
      } else if (!((c >= '0' && c <= '9') || c == '+' || c == '/' || c == '=' || c == '.'
          || c == '_' || c == '-' || c == '~')) {
        return false;
      }
    }
    return letter;
  }

  static boolean isEtag(String v) {
    if ("*".equals(v)) {
      return true;
    }
    String s = v.startsWith("W/") ? v.substring(2) : v;
    if (s.length() >= 2 && s.charAt(0) == '"' && s.charAt(s.length() - 1) == '"') {
      s = s.substring(1, s.length() - 1);
    }
    int dash = s.indexOf('-');
    String hex = dash < 0 ? s : s.substring(0, dash);
    if (hex.length() != 32) {
      return false;
    }
    for (int i = 0; i < 32; i++) {
      if (Character.digit(hex.charAt(i), 16) < 0) {
        return false;
      }
    }
    if (dash < 0) {
      return true;
    }
    String parts = s.substring(dash + 1);
    return !parts.isEmpty() && parts.length() <= 5 && allDigits(parts);
  }

  static boolean isRange(String v) {
    if (!v.startsWith("bytes=")) {
      return false;
    }
    String r = v.substring(6);
    int dash = r.indexOf('-');
    if (dash < 0 || r.indexOf('-', dash + 1) >= 0) {
      return false;
    }
    String first = r.substring(0, dash);
    String last = r.substring(dash + 1);
    return (first.isEmpty() || (first.length() <= 19 && allDigits(first)))
        && (last.isEmpty() || (last.length() <= 19 && allDigits(last)))
        && !(first.isEmpty() && last.isEmpty());
  }

  static boolean isKmsKey(String v) {
    return v.length() <= 2048
        && (KMS_KEY_ID.matcher(v).matches() || KMS_ALIAS.matcher(v).matches());
  }

  static boolean isMfa(String v) {
    return MFA_HEADER.matcher(v).matches();
  }

  static boolean isBase64(String v, int bytes) {
    int expected = 4 * ((bytes + 2) / 3);
    if (v.length() != expected) {
      return false;
    }
    try {
      return Base64.getDecoder().decode(v).length == bytes;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  static boolean allDigits(String v) {
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return !v.isEmpty();
  }
}
