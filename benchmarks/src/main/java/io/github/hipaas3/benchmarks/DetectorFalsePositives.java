package io.github.hipaas3.benchmarks;

import io.github.hipaas3.EncryptionMode;
import io.github.hipaas3.HipaaS3Client;
import io.github.hipaas3.KeyHashingSecret;
import io.github.hipaas3.PhiDetector;
import io.github.hipaas3.PhiDetectors;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * False positives of the default PHI detectors on strings that are never PHI: hashed object keys
 * in the library's own format, random UUIDs, ISO-8601 timestamps, realistic bucket names, common
 * content types, ASCII file names (release artifacts, data parts) and names in other scripts.
 * Prints, per corpus, how many values {@link PhiDetectors#firstMatch} refuses and which detector
 * refuses them, how many each detector flags on its own, and a few examples. Every corpus is
 * generated from fixed seeds, so two builds can be compared.
 *
 * <p>Uses only the public API ({@link HipaaS3Client#objectKey} on a client whose endpoint is
 * never contacted, and {@link PhiDetectors}), so the same class runs against older builds.
 *
 * <p>Run with {@code mvn -B -q -pl benchmarks exec:exec@false-positives} after an install, or
 * {@code java -cp <benchmarks classpath> io.github.hipaas3.benchmarks.DetectorFalsePositives}.
 */
public final class DetectorFalsePositives {
  private static final int EXAMPLES = 3;

  private DetectorFalsePositives() {}

  /**
   * Builds the corpora, screens them and prints the report as Markdown.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    Map<String, List<String>> corpora = new LinkedHashMap<>();
    corpora.put("hashed keys", hashedKeys(1_000_000));
    corpora.put("UUIDs (lower case)", uuids(100_000, false));
    corpora.put("UUIDs (upper case)", uuids(100_000, true));
    corpora.put("ISO-8601 timestamps", timestamps(100_000));
    List<String> buckets = bucketNames();
    List<String> plainBuckets = new ArrayList<>();
    List<String> numberedBuckets = new ArrayList<>();
    for (String b : buckets) {
      (hasDigitRun(b, 6) || hasDate(b) ? numberedBuckets : plainBuckets).add(b);
    }
    corpora.put("bucket names", plainBuckets);
    corpora.put("bucket names with account IDs or dates", numberedBuckets);
    corpora.put("content types", contentTypes());
    corpora.put("file names (releases, data parts)", fileNames());
    corpora.put("non-ASCII names", nonAsciiNames());

    PhiDetectors detectors = PhiDetectors.defaults();
    PhiDetector icd = detectors.detector(PhiDetectors.ICD10_CM).orElseThrow();
    System.out.println("| Corpus | Values | Refused by firstMatch | First detector: count |"
        + " ICD10_CM if fully case-insensitive |");
    System.out.println("|---|---:|---:|---|---:|");
    Map<String, Map<String, Integer>> alone = new LinkedHashMap<>();
    Map<String, Map<String, List<String>>> examples = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> corpus : corpora.entrySet()) {
      Map<String, Integer> first = new TreeMap<>();
      Map<String, Integer> each = new LinkedHashMap<>();
      Map<String, List<String>> shown = new LinkedHashMap<>();
      int refused = 0;
      int icdAnyCase = 0;
      for (String value : corpus.getValue()) {
        Optional<String> match = detectors.firstMatch(value);
        if (match.isPresent()) {
          refused++;
          first.merge(match.get(), 1, Integer::sum);
          List<String> list = shown.computeIfAbsent(match.get(), k -> new ArrayList<>());
          if (list.size() < EXAMPLES) {
            list.add(value);
          }
          for (String name : detectors.names()) {
            if (detectors.detector(name).orElseThrow().detect(value)) {
              each.merge(name, 1, Integer::sum);
            }
          }
        }
        if (icd.detect(asciiUpperCase(value))) {
          icdAnyCase++;
        }
      }
      alone.put(corpus.getKey(), each);
      examples.put(corpus.getKey(), shown);
      int n = corpus.getValue().size();
      System.out.printf(Locale.ROOT, "| %s | %,d | %,d (%s) | %s | %,d (%s) |%n", corpus.getKey(),
          n, refused, percent(refused, n), first.isEmpty() ? "-" : first.toString(), icdAnyCase,
          percent(icdAnyCase, n));
    }
    System.out.println();
    System.out.println("Each detector on its own (values it flags, whether or not it is first):");
    System.out.println();
    for (Map.Entry<String, Map<String, Integer>> e : alone.entrySet()) {
      System.out.println("- " + e.getKey() + ": " + (e.getValue().isEmpty() ? "none"
          : e.getValue().toString()));
    }
    System.out.println();
    System.out.println("Examples (first " + EXAMPLES + " per corpus and first detector):");
    System.out.println();
    for (Map.Entry<String, Map<String, List<String>>> e : examples.entrySet()) {
      for (Map.Entry<String, List<String>> d : e.getValue().entrySet()) {
        System.out.println("- " + e.getKey() + ", " + d.getKey() + ": " + d.getValue());
      }
    }
  }

  // ---- corpora --------------------------------------------------------------------------------

  /**
   * Keys from {@link HipaaS3Client#objectKey}, a quarter each from four clients: no prefix and
   * secret version 1 (the default), the prefix {@code tenant-a/lab-reports} with version 1, the
   * prefix {@code prod/imaging} with version 12, and no prefix with version 2024 (a rotated
   * secret numbered by year). The object IDs are full of SSNs, record numbers and dates.
   */
  static List<String> hashedKeys(int count) {
    List<String> keys = new ArrayList<>(count);
    String[] prefixes = {null, "tenant-a/lab-reports", "prod/imaging", null};
    int[] versions = {1, 1, 12, 2024};
    SplittableRandom random = new SplittableRandom(20261128L);
    for (int c = 0; c < prefixes.length; c++) {
      try (HipaaS3Client client = client(prefixes[c], versions[c])) {
        for (int i = c; i < count; i += prefixes.length) {
          String id = String.format(Locale.ROOT, "patients/%03d-%02d-%04d/mrn-%08d/%d.pdf",
              random.nextInt(1, 900), random.nextInt(1, 100), random.nextInt(1, 10000),
              random.nextInt(100_000_000), i);
          keys.add(client.objectKey(id));
        }
      }
    }
    return keys;
  }

  private static HipaaS3Client client(String prefix, int version) {
    byte[] secret = new byte[32];
    for (int i = 0; i < secret.length; i++) {
      secret[i] = (byte) (i * 7 + version);
    }
    var builder = HipaaS3Client.builder().region(Region.US_EAST_1)
        .endpointOverride(URI.create("https://s3.false-positives.invalid"))
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsSessionCredentials.create("akid", "secret", "session")))
        .httpClient(new NoOpHttpClient())
        .encryption(EncryptionMode.sseKms(
            "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"))
        .keyHashingSecret(KeyHashingSecret.fromBytes(version, secret))
        .insecureSkipBucketProtectionCheck(true).insecureDisableAudit(true);
    if (prefix != null) {
      builder.keyPrefix(prefix);
    }
    return builder.build();
  }

  /** Version 4 UUIDs from a seeded generator, in {@link UUID#toString()} form. */
  static List<String> uuids(int count, boolean upperCase) {
    SplittableRandom random = new SplittableRandom(upperCase ? 4242L : 42L);
    List<String> list = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      long high = (random.nextLong() & ~0xF000L) | 0x4000L;
      long low = (random.nextLong() & ~(0x3L << 62)) | (0x2L << 62);
      String s = new UUID(high, low).toString();
      list.add(upperCase ? s.toUpperCase(Locale.ROOT) : s);
    }
    return list;
  }

  /**
   * Instants between 2000 and 2030 in four ISO-8601 forms: {@code 2024-01-05T10:30:45Z},
   * with milliseconds, with a numeric offset, and the basic form {@code 20240105T103045Z}.
   */
  static List<String> timestamps(int count) {
    SplittableRandom random = new SplittableRandom(8601L);
    long from = Instant.parse("2000-01-01T00:00:00Z").getEpochSecond();
    long to = Instant.parse("2030-01-01T00:00:00Z").getEpochSecond();
    DateTimeFormatter basic = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'", Locale.ROOT)
        .withZone(ZoneOffset.UTC);
    DateTimeFormatter millis = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'",
        Locale.ROOT).withZone(ZoneOffset.UTC);
    List<String> list = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Instant t = Instant.ofEpochSecond(random.nextLong(from, to), random.nextInt(1_000_000_000));
      switch (i % 4) {
        case 0:
          list.add(t.truncatedTo(ChronoUnit.SECONDS).toString());
          break;
        case 1:
          list.add(millis.format(t));
          break;
        case 2:
          list.add(OffsetDateTime.ofInstant(t, ZoneOffset.ofHours(random.nextInt(-8, 10)))
              .truncatedTo(ChronoUnit.SECONDS).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
          break;
        default:
          list.add(basic.format(t));
          break;
      }
    }
    return list;
  }

  private static final String[] COMPANIES = {"acme", "contoso", "initech", "globex", "umbrella",
      "stark", "wayne-ent", "hooli", "northwind", "fabrikam", "medicorp", "carehealth",
      "mercy-hospital", "bluecross-east", "healthplus", "vitalis", "radnet", "labcore",
      "pacific-clinic", "st-marys"};
  private static final String[] ENVS = {"prod", "dev", "staging", "qa", "test", "sandbox",
      "uat", "dr"};
  private static final String[] PURPOSES = {"logs", "data-lake", "backups", "artifacts",
      "assets", "static", "uploads", "exports", "imaging", "dicom", "claims", "reports",
      "analytics", "raw", "curated", "archive", "terraform-state", "cloudtrail", "config",
      "media", "ml-models", "etl", "fhir-bundles", "hl7-inbound", "audit", "inventory",
      "access-logs", "athena-results", "emr-logs", "glue-scripts"};
  private static final String[] REGIONS = {"us-east-1", "us-east-2", "us-west-1", "us-west-2",
      "eu-west-1", "eu-central-1", "ap-southeast-2", "ca-central-1", "ap-northeast-1",
      "sa-east-1"};

  /**
   * A few hundred bucket names in the naming patterns real teams and AWS services use: company,
   * environment, purpose and region; years and months; AWS account IDs in service-created
   * buckets (CloudTrail, Elastic Beanstalk, SageMaker, CDK, Athena, CodePipeline); domain-style
   * names; dated backups.
   */
  static List<String> bucketNames() {
    SplittableRandom random = new SplittableRandom(3L);
    LinkedHashSet<String> names = new LinkedHashSet<>();
    names.addAll(List.of("acme-prod-logs-us-east-1", "company-data-lake-2024",
        "assets.example.com", "www.example.org", "static.acme-corp.net", "my-terraform-state",
        "cdk-hnb659fds-assets-123456789012-us-east-1", "aws-glue-scripts-us-west-2",
        "amzn-s3-demo-bucket", "elasticbeanstalk-us-east-1-123456789012",
        "sagemaker-us-west-2-210987654321", "aws-cloudtrail-logs-111122223333-a1b2c3d4",
        "aws-athena-query-results-444455556666-us-east-1", "codepipeline-us-east-1-913579246801",
        "cf-templates-1a2b3c4d5e6f-us-east-1", "config-bucket-777788889999",
        "aws-emr-resources-123456789012-us-east-1", "do-not-delete-gatedgarden-audit-1234567890",
        "amplify-myapp-dev-90123-deployment", "lambda-artifacts-5f4dcc3b5aa765d6",
        "logs.internal.medicorp.io", "dicom-archive-v2", "fhir-r4-exports", "hl7-v2-inbound",
        "x-ray-images-prod", "covid19-research-data", "s3-access-logs-us-east-2",
        "backup-2023-12-31", "ehr-extracts-20240105", "snapshots-2024-06", "q3-2024-reports"));
    for (String c : COMPANIES) {
      for (int k = 0; k < 6; k++) {
        String env = ENVS[random.nextInt(ENVS.length)];
        String purpose = PURPOSES[random.nextInt(PURPOSES.length)];
        String region = REGIONS[random.nextInt(REGIONS.length)];
        switch (k) {
          case 0:
            names.add(c + "-" + env + "-" + purpose + "-" + region);
            break;
          case 1:
            names.add(c + "-" + purpose + "-" + (2015 + random.nextInt(11)));
            break;
          case 2:
            names.add(c + "-" + env + "-" + purpose);
            break;
          case 3:
            names.add(c + "-" + purpose + "-" + accountId(random) + "-" + region);
            break;
          case 4:
            names.add(c + "-" + purpose + "-" + (2018 + random.nextInt(8)) + "-"
                + String.format(Locale.ROOT, "%02d", 1 + random.nextInt(12)));
            break;
          default:
            names.add(purpose + "." + env + "." + c + ".com");
            break;
        }
      }
      names.add(c + "-" + ENVS[random.nextInt(ENVS.length)] + "-"
          + PURPOSES[random.nextInt(PURPOSES.length)] + "-v" + (1 + random.nextInt(3)));
      names.add(c + "-backups-" + dateString(random));
      names.add(c + "-" + PURPOSES[random.nextInt(PURPOSES.length)] + "-"
          + String.format(Locale.ROOT, "%08x", random.nextInt()));
    }
    for (String region : REGIONS) {
      names.add("cdk-hnb659fds-assets-" + accountId(random) + "-" + region);
      names.add("elasticbeanstalk-" + region + "-" + accountId(random));
      names.add("sagemaker-" + region + "-" + accountId(random));
    }
    return new ArrayList<>(names);
  }

  private static String accountId(SplittableRandom random) {
    return String.format(Locale.ROOT, "%012d", random.nextLong(100_000_000_000L,
        1_000_000_000_000L));
  }

  private static String dateString(SplittableRandom random) {
    return String.format(Locale.ROOT, "%d-%02d-%02d", 2019 + random.nextInt(7),
        1 + random.nextInt(12), 1 + random.nextInt(28));
  }

  /** Common content types, with the parameters clients send. */
  static List<String> contentTypes() {
    return List.of("application/json", "application/json; charset=utf-8", "application/xml",
        "application/pdf", "application/zip", "application/gzip", "application/x-gzip",
        "application/x-tar", "application/octet-stream", "application/javascript",
        "application/x-www-form-urlencoded", "application/ld+json", "application/fhir+json",
        "application/fhir+xml", "application/fhir+json; fhirVersion=4.0",
        "application/dicom", "application/dicom+json", "application/hl7-v2",
        "application/hl7-v2+er7", "application/vnd.ms-excel", "application/msword",
        "application/vnd.ms-powerpoint", "application/rtf", "application/x-ndjson",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "application/vnd.oasis.opendocument.text", "application/vnd.apache.parquet",
        "application/x-parquet", "application/avro", "application/x-protobuf",
        "application/vnd.api+json", "application/problem+json", "application/x-yaml",
        "application/yaml", "application/sql", "application/x-sh", "application/java-archive",
        "application/wasm", "application/pkcs7-mime", "application/x-x509-ca-cert",
        "application/pkix-cert", "application/x-pem-file", "application/vnd.ms-excel.sheet"
            + ".macroEnabled.12", "application/xhtml+xml", "application/atom+xml",
        "application/rss+xml", "application/epub+zip", "application/x-7z-compressed",
        "application/vnd.rar", "application/x-bzip2", "application/zstd", "text/plain",
        "text/plain; charset=utf-8", "text/plain; charset=ISO-8859-1", "text/csv",
        "text/csv; charset=utf-8; header=present", "text/html", "text/html; charset=UTF-8",
        "text/css", "text/markdown", "text/xml", "text/calendar", "text/tab-separated-values",
        "text/vcard", "text/javascript", "image/png", "image/jpeg", "image/gif", "image/webp",
        "image/svg+xml", "image/tiff", "image/bmp", "image/heic", "image/avif",
        "image/x-icon", "image/vnd.microsoft.icon", "image/jp2", "image/dicom-rle",
        "audio/mpeg", "audio/wav", "audio/ogg", "audio/webm", "audio/aac", "audio/mp4",
        "audio/L16", "audio/L24; rate=48000", "audio/flac", "audio/opus", "video/mp4",
        "video/mpeg", "video/webm", "video/quicktime", "video/x-msvideo", "video/H264",
        "video/H265", "video/mp2t", "video/3gpp", "font/woff", "font/woff2", "font/ttf",
        "font/otf", "model/gltf+json", "model/stl", "multipart/form-data",
        "multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW",
        "multipart/mixed", "message/rfc822", "binary/octet-stream");
  }

  private static final String[] TOOLS = {"node", "terraform", "kubectl", "helm", "go", "python",
      "openjdk", "postgresql", "redis", "nginx", "envoy", "grafana", "prometheus", "vault",
      "consul", "dcm4che", "orthanc", "hapi-fhir-cli", "mirth-connect", "awscli"};
  private static final String[] OSES = {"linux", "darwin", "windows", "win", "macos", "alpine"};
  private static final String[] ARCHES = {"x64", "x86", "x86_64", "amd64", "arm64", "aarch64",
      "i386", "i686", "ppc64le", "s390x", "armv7", "universal"};
  private static final String[] ARCHIVES = {"tar.gz", "tar.xz", "zip", "msi", "exe", "dmg",
      "deb", "rpm", "jar", "whl", "pkg", "tgz"};
  private static final String[] DATASETS = {"claims", "encounters", "lab-results", "vitals",
      "orders", "providers", "members", "eligibility", "rx-fills", "adt-events", "images",
      "audit", "export", "batch", "chunk", "segment"};
  private static final String[] DATA_EXTENSIONS = {"csv", "csv.gz", "parquet", "json", "ndjson",
      "txt", "log", "avro", "orc", "xml", "bin", "dat", "zst"};

  /**
   * Twenty thousand ASCII file names of the kinds object keys are made of: release artifacts
   * with versions and architectures ({@code node-v18.17.0-linux-x64.tar.xz},
   * {@code terraform_1.7.5_linux_amd64.zip}), two-part versions ({@code helm-v12.3.zip}), data
   * parts ({@code claims_part_a01.csv.gz}, {@code chunk-b12.bin}, {@code x00.gz}) and dated or
   * numbered exports with dots and underscores ({@code export_2024_03.csv},
   * {@code batch.0042.json}).
   */
  static List<String> fileNames() {
    SplittableRandom random = new SplittableRandom(20240315L);
    List<String> list = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      String tool = TOOLS[random.nextInt(TOOLS.length)];
      String os = OSES[random.nextInt(OSES.length)];
      String arch = ARCHES[random.nextInt(ARCHES.length)];
      String archive = ARCHIVES[random.nextInt(ARCHIVES.length)];
      String dataset = DATASETS[random.nextInt(DATASETS.length)];
      String ext = DATA_EXTENSIONS[random.nextInt(DATA_EXTENSIONS.length)];
      int major = random.nextInt(30);
      int minor = random.nextInt(25);
      int patch = random.nextInt(40);
      char letter = (char) ('a' + random.nextInt(26));
      switch (i % 8) {
        case 0:
          list.add(tool + "-v" + major + "." + minor + "." + patch + "-" + os + "-" + arch + "."
              + archive);
          break;
        case 1:
          list.add(tool + "_" + major + "." + minor + "." + patch + "_" + os + "_" + arch + "."
              + archive);
          break;
        case 2:
          list.add(tool + "-v" + major + "." + minor + "." + archive);
          break;
        case 3:
          list.add(dataset + "_part_" + letter + String.format(Locale.ROOT, "%02d",
              random.nextInt(100)) + "." + ext);
          break;
        case 4:
          list.add(dataset + "-" + letter + String.format(Locale.ROOT, "%02d",
              random.nextInt(100)) + "." + ext);
          break;
        case 5:
          list.add("x" + (char) ('a' + random.nextInt(26)) + (char) ('a' + random.nextInt(26))
              + (random.nextBoolean() ? "" : ".gz") + "/" + "x" + String.format(Locale.ROOT,
              "%02d", random.nextInt(100)) + "." + ext);
          break;
        case 6:
          list.add(dataset + "_" + (2015 + random.nextInt(11)) + "_" + String.format(Locale.ROOT,
              "%02d", 1 + random.nextInt(12)) + "." + ext);
          break;
        default:
          list.add(dataset + "." + String.format(Locale.ROOT, "%04d", random.nextInt(10_000))
              + "." + ext);
          break;
      }
    }
    return list;
  }

  /**
   * Names in other scripts and with compatibility characters that teams use for folders,
   * files and metadata: accented Latin, Cyrillic, Greek, Arabic, Hebrew, Devanagari, Thai,
   * Chinese, Japanese and Korean words, full-width forms, digits of other scripts in years and
   * version numbers, typographic dashes and no-break spaces, each alone and under a few
   * prefixes.
   */
  static List<String> nonAsciiNames() {
    List<String> words = List.of("radiolog\u00eda/informe-final.pdf",
        "Gr\u00f6\u00dfen\u00fcbersicht.xlsx", "r\u00e9sum\u00e9s/\u00e9t\u00e9-2024",
        "donn\u00e9es_patients_anonymis\u00e9es", "S\u00e3o Paulo \u2013 filial",
        "\u0441\u0432\u043e\u0434\u043a\u0430-2024.docx",
        "\u03b1\u03bd\u03b1\u03c6\u03bf\u03c1\u03ac.pdf",
        "\u062a\u0642\u0631\u064a\u0631_\u0662\u0660\u0662\u0664.pdf",
        "\u05d3\u05d5\u05d7-\u05e9\u05e0\u05ea\u05d9.pdf",
        "\u0930\u093f\u092a\u094b\u0930\u094d\u091f-\u0968\u0966\u0968\u096a.pdf",
        "\u0e23\u0e32\u0e22\u0e07\u0e32\u0e19\u0e1b\u0e35 \u0e52\u0e55\u0e56\u0e57",
        "\u5e74\u5ea6\u62a5\u544a/\u7b2c3\u5b63\u5ea6.pdf",
        "\u30ec\u30dd\u30fc\u30c8/\uff12\uff10\uff12\uff14\u5e74\u5ea6.pdf",
        "\uff21\uff22\uff23\u682a\u5f0f\u4f1a\u793e", "\u4ee4\u548c\uff16\u5e74",
        "\ubcf4\uace0\uc11c_2024\ub144_3\ubd84\uae30.hwp", "caf\u00e9\u00a0menu",
        "na\u00efve\u2011bayes\u2011model", "size\u00a0\u2264\u00a010\u00a0MB",
        "\u00bd-scale-thumbnail.png", "\u2460-intro.md", "version\u00a0\u0663.\u0661",
        "\ud83d\udcc4 notes.txt", "caf\u00e9-ole\u0301.txt", "\u212b-units.csv",
        "\u2116 42 \u2013 summary", "\u00a9 2024 Contoso", "\u00b5g-dose-table.csv",
        "temp\u00b0C-log.csv", "\u2018quoted\u2019 name.txt", "\u201cdraft\u201d v2.docx",
        "page\u00a01\u00a0of\u00a010", "Zo\u00eb/\u00c5sa/\u00d8rjan",
        "\ufb01nal-report.pdf", "\u2162-chapter.md", "\u00b2-squared.png",
        "\u0661\u0662:\u0663\u0660", "\u0968\u0966\u0968\u096a-\u0966\u0969",
        "\uff56\uff11\uff0e\uff12\uff0e\uff13", "\uff4c\uff41\uff42\uff0d\uff52"
            + "\uff45\uff50\uff4f\uff52\uff54");
    String[] prefixes = {"", "shared/", "tenant-a/docs/", "\u5171\u6709/", "archivo/"};
    List<String> list = new ArrayList<>();
    for (String prefix : prefixes) {
      for (String word : words) {
        list.add(prefix + word);
      }
    }
    return list;
  }

  // ---- helpers --------------------------------------------------------------------------------

  private static boolean hasDigitRun(String s, int length) {
    int run = 0;
    for (int i = 0; i < s.length(); i++) {
      run = Character.isDigit(s.charAt(i)) ? run + 1 : 0;
      if (run >= length) {
        return true;
      }
    }
    return false;
  }

  /** Whether a bucket name has a {@code yyyy-mm-dd} or {@code yyyymmdd} part (by construction). */
  private static boolean hasDate(String s) {
    return s.matches(".*(19|20)\\d\\d-?\\d\\d-?\\d\\d.*");
  }

  private static String asciiUpperCase(String s) {
    char[] chars = s.toCharArray();
    for (int i = 0; i < chars.length; i++) {
      if (chars[i] >= 'a' && chars[i] <= 'z') {
        chars[i] -= 32;
      }
    }
    return new String(chars);
  }

  private static String percent(int part, int whole) {
    return String.format(Locale.ROOT, "%.2f%%", 100.0 * part / whole);
  }
}
