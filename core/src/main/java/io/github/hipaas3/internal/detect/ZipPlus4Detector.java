package io.github.hipaas3.internal.detect;

/** US ZIP+4 codes: five digits, a dash and four digits, not adjacent to a digit. */
final class ZipPlus4Detector extends BuiltInDetector {

  ZipPlus4Detector() {
    super("ZIP_PLUS_4", Prefilter.ANY.digits(9).digitRun(5));
  }

  @Override
  public boolean scan(CharSequence value) {
    return Ascii.anyDigitRun(value, (s, start, end) -> end - start == 5
        && Ascii.isCharAt(s, end, '-') && Ascii.digitRunEnd(s, end + 1) - end - 1 == 4);
  }
}
