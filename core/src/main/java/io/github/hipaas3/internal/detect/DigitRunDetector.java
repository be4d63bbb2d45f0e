package io.github.hipaas3.internal.detect;

/**
 * A run of at least {@code threshold} consecutive ASCII digits: record numbers, account numbers
 * and other identifiers no specific detector knows.
 */
final class DigitRunDetector extends BuiltInDetector {
  private final int threshold;

  DigitRunDetector(int threshold) {
    super("DIGIT_RUN", Prefilter.ANY.digitRun(threshold));
    this.threshold = threshold;
  }

  @Override
  public boolean scan(CharSequence value) {
    int run = 0;
    for (int i = 0; i < value.length(); i++) {
      run = Ascii.isDigit(value.charAt(i)) ? run + 1 : 0;
      if (run >= threshold) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "PhiDetector{name=" + name() + ", threshold=" + threshold + "}";
  }
}
