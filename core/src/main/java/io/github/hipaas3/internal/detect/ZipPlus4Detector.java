package io.github.hipaas3.internal.detect;

/** US ZIP+4 codes: five digits, a dash and four digits, not adjacent to a digit. */
final class ZipPlus4Detector extends BuiltInDetector {

  ZipPlus4Detector() {
    super("ZIP_PLUS_4", Prefilter.ANY.digits(9).digitRun(5));
  }

  @Override
  public boolean scan(CharSequence value) {
    int n = value.length();
    int i = 0;
    while (i < n) {
      if (!Ascii.isDigit(value.charAt(i))) {
        i++;
        continue;
      }
      int end = Ascii.digitRunEnd(value, i);
      if (end - i == 5 && Ascii.isCharAt(value, end, '-')
          && Ascii.digitRunEnd(value, end + 1) - end - 1 == 4) {
        return true;
      }
      i = end;
    }
    return false;
  }
}
