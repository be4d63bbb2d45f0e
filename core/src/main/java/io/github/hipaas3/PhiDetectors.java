package io.github.hipaas3;

import io.github.hipaas3.internal.detect.BuiltInDetector;
import io.github.hipaas3.internal.detect.BuiltInDetectors;
import io.github.hipaas3.internal.detect.CharProfile;
import io.github.hipaas3.internal.detect.DetectorNames;
import io.github.hipaas3.internal.detect.DetectorText;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An ordered, immutable and thread-safe set of {@link PhiDetector}s that screens strings for
 * protected health information (PHI).
 *
 * <p><b>Normalized text.</b> Every detector, built-in or custom, sees the value in one
 * normalized form, computed once per {@link #firstMatch} call, so that a value disguised with
 * look-alike or invisible characters is screened as the value a reader sees:
 *
 * <ol>
 *   <li>NFKC (full-width and other compatibility forms become plain characters: full-width
 *       digits and at sign, mathematical digits, circled digits, a no-break space);
 *   <li>format characters ({@code \p{Cf}}: zero-width space and joiners, soft hyphen, byte-order
 *       mark, bidirectional controls, tags) and the other default-ignorable code points
 *       (variation selectors, the combining grapheme joiner, Hangul fillers) are removed, and so
 *       are combining marks that follow an ASCII character (a keycap on a digit);
 *   <li>every Unicode decimal digit ({@code \p{Nd}}: Arabic-Indic, Devanagari, Thai...) becomes
 *       the ASCII digit of the same value;
 *   <li>every space separator ({@code \p{Zs}}) becomes a space, and dash punctuation
 *       ({@code \p{Pd}}) and the minus signs become {@code -}; the ideographic full stop becomes
 *       {@code .}, the fraction and division slashes {@code /}, the ratio sign {@code :}.
 * </ol>
 *
 * <p>An ASCII value is already in that form and is passed to the detectors as it is, with no
 * copy; only values with a non-ASCII character pay for normalization, and those it leaves
 * unchanged (most words of other languages) are passed as they are too. Letters keep their case,
 * and letters of other scripts that only look like ASCII letters (Cyrillic, Greek) are not
 * mapped.
 *
 * <p>The built-in detectors use validators, not bare patterns (check digits, issued ranges, real
 * calendar dates), and token boundaries: a number detector requires that the match is not
 * preceded or followed by a digit, so {@code patients/123-45-6789/xray.png} and
 * {@code abc123456789xyz} are flagged while longer digit strings are left to
 * {@link #DIGIT_RUN}. In screening order, most specific first:
 *
 * <ul>
 *   <li>{@link #US_SSN}: 3-2-4 digits separated consistently by {@code -}, a space, {@code .},
 *       {@code _} or nothing; area not 000, 666 or 900-999, group not 00, serial not 0000.
 *   <li>{@link #US_NPI}: 10 digits starting with 1 or 2, Luhn-valid with the prefix 80840.
 *   <li>{@link #DEA_NUMBER}: registrant letter, letter or 9, seven digits with the DEA check
 *       digit; case-insensitive; not preceded by a letter or digit, not followed by a digit.
 *   <li>{@link #MEDICARE_MBI}: Medicare Beneficiary Identifier, plain or 4-3-4 with dashes,
 *       case-insensitive, not adjacent to a letter or digit.
 *   <li>{@link #PAYMENT_CARD}: 13-19 digits starting 2-6, optionally grouped by single spaces
 *       or dashes, Luhn-valid.
 *   <li>{@link #NANP_PHONE}: North American numbers with an optional {@code +1}/{@code 1}
 *       prefix: {@code 2125550143}, {@code 212-555-0143}, {@code 212.555.0143},
 *       {@code 212_555_0143}, {@code 212 555 0143}, {@code (212) 555-0143}; valid area code and
 *       exchange.
 *   <li>{@link #EMAIL}: {@code local@domain.tld}; the local part and domain may use letters of
 *       any script (internationalized addresses).
 *   <li>{@link #URL}: {@code scheme://host...} or {@code www.domain.tld}.
 *   <li>{@link #IP_ADDRESS}: IPv4 dotted quads (a quad inside a longer dotted number run such
 *       as {@code 1.2.3.4.5} is not one) and IPv6 (full, compressed, IPv4 tail); times such as
 *       {@code 12:30:45} are not flagged.
 *   <li>{@link #FULL_DATE}: a real day, month and year (1900-2099) in numeric or English
 *       month-name formats; a year alone or a month and year are not flagged.
 *   <li>{@link #ZIP_PLUS_4}: {@code 12345-6789}.
 *   <li>{@link #ICD10_CM}: ICD-10-CM codes as whole tokens: upper case with or without the dot
 *       ({@code E11.9}, {@code S72.001A}, {@code E119}, {@code Z3A}), and any case when written
 *       with the dot and a subcode that holds a digit ({@code e11.9}, {@code s72.001a}), is one
 *       letter ({@code f32.a}) or is {@code x} placeholders and a letter ({@code x58.xxxa}).
 *       Lower-case versions and file names ({@code v18.17.0}, {@code v12.3},
 *       {@code linux-x64.tar.gz}, {@code b12.txt}) and lower-case codes without a dot
 *       ({@code e119}, {@code x86}, {@code h264}) are not flagged: in lower case those shapes
 *       are mostly hexadecimal (UUID groups), versions, file extensions, codecs and
 *       architectures.
 *   <li>{@link #DIGIT_RUN}: {@link #digitRunThreshold()} or more consecutive digits.
 * </ul>
 *
 * <p>Screening is cheap: one pass over the characters builds counts (digits, longest digit run,
 * {@code '@'}, {@code ':'}, {@code '.'}, letters, whether all are ASCII) and each built-in
 * detector runs its hand-written scanner only if those counts allow a match, so ordinary words
 * such as {@code lab-report} never reach a scanner. No regular expressions are used. Detectors
 * and this class never log, print, keep or echo a screened value.
 */
public final class PhiDetectors {
  /** US Social Security number. */
  public static final String US_SSN = "US_SSN";
  /** US National Provider Identifier. */
  public static final String US_NPI = "US_NPI";
  /** DEA registration number. */
  public static final String DEA_NUMBER = "DEA_NUMBER";
  /** Medicare Beneficiary Identifier. */
  public static final String MEDICARE_MBI = "MEDICARE_MBI";
  /** ICD-10-CM diagnosis code. */
  public static final String ICD10_CM = "ICD10_CM";
  /** E-mail address. */
  public static final String EMAIL = "EMAIL";
  /** North American (NANP) phone number. */
  public static final String NANP_PHONE = "NANP_PHONE";
  /** Full calendar date (day, month and year). */
  public static final String FULL_DATE = "FULL_DATE";
  /** IPv4 or IPv6 address. */
  public static final String IP_ADDRESS = "IP_ADDRESS";
  /** URL ({@code scheme://host} or {@code www.domain}). */
  public static final String URL = "URL";
  /** US ZIP+4 code. */
  public static final String ZIP_PLUS_4 = "ZIP_PLUS_4";
  /** Payment card number. */
  public static final String PAYMENT_CARD = "PAYMENT_CARD";
  /** A run of at least {@link #digitRunThreshold()} consecutive digits. */
  public static final String DIGIT_RUN = "DIGIT_RUN";
  /** The {@link #DIGIT_RUN} threshold of {@link #defaults()}. */
  public static final int DEFAULT_DIGIT_RUN_THRESHOLD = 6;

  private static final int MIN_DIGIT_RUN_THRESHOLD = 4;
  private static final int MAX_DIGIT_RUN_THRESHOLD = 64;
  private static final PhiDetectors NONE =
      new PhiDetectors(List.of(), DEFAULT_DIGIT_RUN_THRESHOLD);
  private static final PhiDetectors DEFAULTS =
      new PhiDetectors(BuiltInDetectors.all(DEFAULT_DIGIT_RUN_THRESHOLD),
          DEFAULT_DIGIT_RUN_THRESHOLD);

  private final PhiDetector[] detectors;
  /** {@code builtIns[i]} is {@code detectors[i]} if it is a built-in, else {@code null}. */
  private final BuiltInDetector[] builtIns;
  private final String[] nameArray;
  private final List<String> names;
  private final boolean anyBuiltIn;
  private final int digitRunThreshold;

  private PhiDetectors(List<? extends PhiDetector> list, int digitRunThreshold) {
    this(list, list.stream().map(PhiDetector::name).toList(), digitRunThreshold);
  }

  /** {@code names} are the detectors' names as validated, each read once from the detector. */
  private PhiDetectors(List<? extends PhiDetector> list, List<String> names,
      int digitRunThreshold) {
    int n = list.size();
    this.detectors = list.toArray(new PhiDetector[n]);
    this.builtIns = new BuiltInDetector[n];
    this.nameArray = names.toArray(new String[n]);
    boolean builtIn = false;
    for (int i = 0; i < n; i++) {
      if (detectors[i] instanceof BuiltInDetector b) {
        builtIns[i] = b;
        builtIn = true;
      }
    }
    this.names = List.of(nameArray);
    this.anyBuiltIn = builtIn;
    this.digitRunThreshold = digitRunThreshold;
  }

  /**
   * All built-in detectors, with a {@link #DIGIT_RUN} threshold of
   * {@value #DEFAULT_DIGIT_RUN_THRESHOLD}.
   *
   * @return the default detectors
   */
  public static PhiDetectors defaults() {
    return DEFAULTS;
  }

  /**
   * All built-in detectors with the given {@link #DIGIT_RUN} threshold.
   *
   * @param digitRunThreshold how many consecutive digits {@link #DIGIT_RUN} flags, 4 to 64
   * @return the built-in detectors
   * @throws IllegalArgumentException if {@code digitRunThreshold} is out of range
   */
  public static PhiDetectors builtIn(int digitRunThreshold) {
    if (digitRunThreshold < MIN_DIGIT_RUN_THRESHOLD
        || digitRunThreshold > MAX_DIGIT_RUN_THRESHOLD) {
      throw new IllegalArgumentException("digitRunThreshold must be between "
          + MIN_DIGIT_RUN_THRESHOLD + " and " + MAX_DIGIT_RUN_THRESHOLD + ", was "
          + digitRunThreshold);
    }
    if (digitRunThreshold == DEFAULT_DIGIT_RUN_THRESHOLD) {
      return DEFAULTS;
    }
    return new PhiDetectors(BuiltInDetectors.all(digitRunThreshold), digitRunThreshold);
  }

  /**
   * No detectors at all, for callers who add only their own with {@link #with}. Its
   * {@link #digitRunThreshold()} is {@value #DEFAULT_DIGIT_RUN_THRESHOLD} and unused.
   *
   * @return the empty set
   */
  public static PhiDetectors none() {
    return NONE;
  }

  /**
   * A new set with {@code extra} appended, in order, after this set's detectors; this set's
   * {@link #digitRunThreshold()} is kept. Built-in detectors obtained from
   * {@link #detector(String)} may be added too, for example to build a set of one built-in.
   *
   * @param extra the detectors to append
   * @return the new set
   * @throws NullPointerException if {@code extra} or one of its elements is {@code null}
   * @throws IllegalArgumentException if a detector's name is invalid (see
   *     {@link PhiDetector#name()}) or already used in this set or among {@code extra}
   */
  public PhiDetectors with(PhiDetector... extra) {
    Objects.requireNonNull(extra, "extra must not be null");
    List<PhiDetector> all = new ArrayList<>(detectors.length + extra.length);
    List<String> allNames = new ArrayList<>(detectors.length + extra.length);
    all.addAll(List.of(detectors));
    allNames.addAll(names);
    Set<String> seen = new HashSet<>(names);
    for (PhiDetector d : extra) {
      Objects.requireNonNull(d, "extra detector must not be null");
      String name = DetectorNames.requireValid(d.name());
      if (!seen.add(name)) {
        throw new IllegalArgumentException("duplicate detector name: " + name);
      }
      all.add(d);
      allNames.add(name);
    }
    return new PhiDetectors(all, allNames, digitRunThreshold);
  }

  /**
   * The name of the first detector, in {@link #names()} order, that flags {@code value}.
   *
   * <p>The value is normalized once (see the class comment) and every detector, custom ones
   * included, receives the normalized text: the caller's {@code value} itself if normalization
   * changes nothing (always so for ASCII), otherwise a new string. A custom detector therefore
   * sees {@code MRN-12} for
   * {@code MRN-12} written with a non-breaking hyphen, full-width digits or a zero-width space,
   * and needs no Unicode handling of its own.
   *
   * <p>Fails closed: a detector that throws a {@link RuntimeException} (or any other exception,
   * a {@link StackOverflowError} or an {@link Error} that is not a {@link VirtualMachineError})
   * counts as a match and its name is returned; the throwable, which might carry the value, is
   * dropped. Other virtual machine errors such as {@link OutOfMemoryError} propagate, and so do
   * exceptions thrown by {@code value}'s own {@link CharSequence} methods while it is profiled
   * or normalized (before any detector runs).
   *
   * @param value the string to screen; never kept, logged or echoed
   * @return the name of the first detector that flags {@code value}, or empty if none does
   * @throws NullPointerException if {@code value} is {@code null}
   */
  public Optional<String> firstMatch(CharSequence value) {
    Objects.requireNonNull(value, "value to screen must not be null");
    if (detectors.length == 0) {
      return Optional.empty();
    }
    CharSequence text = value;
    CharProfile profile = null;
    if (anyBuiltIn) {
      profile = CharProfile.of(value);
      if (!profile.ascii()) { // ASCII is already normalized: the common case costs nothing
        text = DetectorText.normalize(value);
        if (text != value) {
          profile = CharProfile.of(text);
        }
      }
    } else if (!DetectorText.isAscii(value)) {
      text = DetectorText.normalize(value);
    }
    boolean skipBuiltIns = profile != null && profile.inert();
    for (int i = 0; i < detectors.length; i++) {
      BuiltInDetector builtIn = builtIns[i];
      if ((builtIn == null || !skipBuiltIns) && flags(builtIn, i, profile, text)) {
        return Optional.of(nameArray[i]);
      }
    }
    return Optional.empty();
  }

  private boolean flags(@Nullable BuiltInDetector builtIn, int i, @Nullable CharProfile profile,
      CharSequence value) {
    try {
      // A built-in detector means firstMatch profiled the value.
      return builtIn != null
          ? builtIn.matches(Objects.requireNonNull(profile, "profiled"), value)
          : detectors[i].detect(value);
    } catch (StackOverflowError e) {
      return true; // fail closed, as below (a deep regex or a recursive predicate)
    } catch (VirtualMachineError e) {
      throw e; // out of memory or a JVM fault: nothing of the value, and not ours to swallow
    } catch (Exception | Error e) {
      return true; // fail closed; the throwable may carry the value, so it goes no further
    }
  }

  /**
   * The detector with the given name, for example to screen with a single built-in detector:
   * {@code PhiDetectors.defaults().detector(PhiDetectors.US_SSN)}. Built-in detectors normalize
   * the value and run their prefilter and scanner exactly as in {@link #firstMatch}, but their
   * {@code detect} method propagates exceptions rather than failing closed. A custom detector is
   * returned as it was added: called directly, it sees the caller's value, not normalized text.
   *
   * @param name a detector name
   * @return the detector, or empty if this set has none of that name
   * @throws NullPointerException if {@code name} is {@code null}
   */
  public Optional<PhiDetector> detector(String name) {
    Objects.requireNonNull(name, "name must not be null");
    for (int i = 0; i < detectors.length; i++) {
      if (nameArray[i].equals(name)) {
        return Optional.of(detectors[i]);
      }
    }
    return Optional.empty();
  }

  /**
   * The detector names in screening order.
   *
   * @return an immutable list
   */
  public List<String> names() {
    return names;
  }

  /**
   * How many consecutive digits {@link #DIGIT_RUN} flags in the set this one was built from
   * ({@link #defaults()}, {@link #builtIn(int)} or {@link #none()}).
   *
   * @return the threshold, 4 to 64
   */
  public int digitRunThreshold() {
    return digitRunThreshold;
  }

  /**
   * Equal if the detector names (in order) and the digit-run threshold are equal.
   *
   * @param o the other object
   * @return whether equal
   */
  @Override
  public boolean equals(Object o) {
    return o == this || (o instanceof PhiDetectors other
        && digitRunThreshold == other.digitRunThreshold && names.equals(other.names));
  }

  /**
   * A hash of the detector names and the digit-run threshold.
   *
   * @return the hash code
   */
  @Override
  public int hashCode() {
    return Objects.hash(names, digitRunThreshold);
  }

  /**
   * The names and threshold, for example
   * {@code PhiDetectors{names=[US_SSN, ...], digitRunThreshold=6}}.
   *
   * @return the description
   */
  @Override
  public String toString() {
    return "PhiDetectors{names=" + names + ", digitRunThreshold=" + digitRunThreshold + "}";
  }
}
