package io.github.hipaas3.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.hipaas3.PhiDetectors;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The formats of opaque values: what S3 and S3-compatible servers generate passes (and rarely
 * trips a detector), what carries PHI does not.
 */
class FormatsTest {
  private static final PhiDetectors TOKENS = Formats.tokenDetectors(PhiDetectors.defaults());
  private static final String URL_SAFE =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._";
  private static final String BASE64 =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

  private static String random(Random r, String alphabet, int length) {
    StringBuilder b = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      b.append(alphabet.charAt(r.nextInt(alphabet.length())));
    }
    return b.toString();
  }

  @Test
  void generatedIdentifiers_passAlmostAlways() {
    Random r = new Random(13);
    int n = 200_000;
    int refusedVersions = 0;
    int refusedTokens = 0;
    for (int i = 0; i < n; i++) {
      // Amazon S3 version IDs: 32 URL-safe characters; continuation tokens: longer base64.
      if (!Formats.accepts(Formats.VERSION_ID, random(r, URL_SAFE, 32), TOKENS)) {
        refusedVersions++;
      }
      if (!Formats.accepts(Formats.TOKEN, random(r, BASE64, 76) + "=", TOKENS)) {
        refusedTokens++;
      }
      // S3Mock and moto: UUIDs, whose hex digits form long digit runs.
      // (A UUID may hold no letter at all, about once in 1.3 million.)
      String uuid = new UUID(r.nextLong(), r.nextLong()).toString();
      assertThat(Formats.accepts(Formats.VERSION_ID, uuid, TOKENS)).as(uuid).isTrue();
      assertThat(Formats.accepts(Formats.TOKEN, uuid, TOKENS)).as(uuid).isTrue();
    }
    // Measured: see the note of issue 13; the bound keeps a regression from passing silently.
    assertThat(refusedVersions).as("32-character version IDs refused of " + n)
        .isLessThan(n / 10_000);
    assertThat(refusedTokens).as("77-character tokens refused of " + n)
        .isLessThan(n / 2_000);
    assertThat(Formats.accepts(Formats.VERSION_ID, "null", TOKENS)).isTrue();
    String digitsOnly = "12345678-1234-4123-8123-123456789012";
    assertThat(Formats.accepts(Formats.VERSION_ID, digitsOnly, TOKENS)).isTrue();
  }

  @Test
  void phiInAnIdentifier_isRefused() {
    for (String phi : new String[] {"123-45-6789", "jane.doe@example.com", "(212) 555-0143",
        "MRN00482913", "x00482913y", "2125550143", "1985-03-14", "patient 12", ""}) {
      assertThat(Formats.accepts(Formats.VERSION_ID, phi, TOKENS)).as(phi).isFalse();
      assertThat(Formats.accepts(Formats.TOKEN, phi, TOKENS)).as(phi).isFalse();
    }
  }

  @Test
  void hexDigestTokens_likeMotosContinuationTokens_areRandomHex_andPass() {
    // An MD5 digest with a phone-shaped run of ten digits: moto answered with such a token.
    String digest = "f6975b32e0deaa9037315b2125550143";
    assertThat(Formats.accepts(Formats.TOKEN, digest, TOKENS)).isTrue();
    // The same run in a token of another shape, or with a separator, is still refused.
    assertThat(Formats.accepts(Formats.TOKEN, "x2125550143y", TOKENS)).isFalse();
    assertThat(Formats.accepts(Formats.TOKEN, digest.substring(1) + "g", TOKENS)).isFalse();
    assertThat(Formats.accepts(Formats.TOKEN, "f6975b32e0deaa9037-212-555-0143", TOKENS))
        .isFalse();
  }

  @Test
  void fixedFormats_acceptTheirShapeOnly() {
    assertThat(Formats.ETAG.format().test("\"5d41402abc4b2a76b9719d911017c592\"")).isTrue();
    assertThat(Formats.ETAG.format().test("5d41402abc4b2a76b9719d911017c592-12")).isTrue();
    assertThat(Formats.ETAG.format().test("\"123-45-6789\"")).isFalse();
    assertThat(Formats.ACCOUNT_ID.format().test("111122223333")).isTrue();
    assertThat(Formats.ACCOUNT_ID.format().test("123-45-6789")).isFalse();
    assertThat(Formats.RANGE.format().test("bytes=0-1023")).isTrue();
    assertThat(Formats.RANGE.format().test("bytes=-")).isFalse();
    assertThat(Formats.RANGE.format().test("bytes=0-1,5-9")).isFalse();
    assertThat(Formats.forField("ChecksumCRC32C").format().test("mnG7TA==")).isTrue();
    assertThat(Formats.forField("ChecksumCRC32C").format().test("MTIzNDU2Nzg5")).isFalse();
    assertThat(Formats.forField("StorageClass").format().test("STANDARD")).isTrue();
    assertThat(Formats.forField("StorageClass").format().test("123-45-6789")).isFalse();
    assertThat(Formats.accepts(Formats.KMS_KEY,
        "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab", TOKENS))
        .isTrue();
    assertThat(Formats.accepts(Formats.KMS_KEY,
        "arn:aws:kms:us-east-1:111122223333:alias/123-45-6789", TOKENS)).isFalse();
  }
}
