package io.github.hipaas3.internal.detect;

import java.util.List;

/** The built-in detectors, most specific first. */
public final class BuiltInDetectors {
  private static final List<BuiltInDetector> FIXED = List.of(
      new SsnDetector(),
      new NpiDetector(),
      new DeaNumberDetector(),
      new MedicareMbiDetector(),
      new PaymentCardDetector(),
      new NanpPhoneDetector(),
      new EmailDetector(),
      new UrlDetector(),
      new IpAddressDetector(),
      new FullDateDetector(),
      new ZipPlus4Detector(),
      new Icd10CmDetector());

  private BuiltInDetectors() {}

  /**
   * All built-in detectors in screening order: US_SSN, US_NPI, DEA_NUMBER, MEDICARE_MBI,
   * PAYMENT_CARD, NANP_PHONE, EMAIL, URL, IP_ADDRESS, FULL_DATE, ZIP_PLUS_4, ICD10_CM, DIGIT_RUN.
   *
   * @param digitRunThreshold the DIGIT_RUN threshold, already range-checked by the caller
   * @return an immutable list
   */
  public static List<BuiltInDetector> all(int digitRunThreshold) {
    BuiltInDetector[] all = FIXED.toArray(new BuiltInDetector[FIXED.size() + 1]);
    all[FIXED.size()] = new DigitRunDetector(digitRunThreshold);
    return List.of(all);
  }
}
