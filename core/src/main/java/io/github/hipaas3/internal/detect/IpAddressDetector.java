package io.github.hipaas3.internal.detect;

/**
 * IP addresses.
 *
 * <p>IPv4: a dotted quad of octets 0-255 written without leading zeros ({@code 0} itself is
 * fine, {@code 01} is not), not preceded by a digit or by a digit and a dot, and not followed by a
 * digit or by a dot and a digit. So {@code 1.2.3.4.5} (a dotted run of five numbers, such as a
 * version string) is deliberately not an IPv4 address, nor is any quad inside it.
 *
 * <p>IPv6: a token of hex digits, colons and dots (not touching a letter or digit; a single
 * leading or trailing colon and trailing dots are trimmed, so {@code ip:2001:db8::1} and
 * {@code [::1]:443} count) that is a full address of eight groups of 1-4 hex digits, or a
 * compressed one with exactly one {@code "::"} and at most seven groups, optionally ending in an
 * embedded IPv4 quad that counts as two groups. At least one group is required, so a bare
 * {@code "::"} is not flagged. Times such as {@code 10:30} and {@code 12:30:45} have too few
 * groups and are not flagged; {@code Foo::bar} style paths touch letters and are not flagged.
 */
final class IpAddressDetector extends BuiltInDetector {

  IpAddressDetector() {
    super("IP_ADDRESS", Prefilter.ANY.digits(4).dots(3).or(Prefilter.ANY.colons(2)));
  }

  @Override
  public boolean scan(CharSequence value) {
    return hasIpv4(value) || hasIpv6(value);
  }

  static boolean hasIpv4(CharSequence s) {
    int n = s.length();
    for (int i = 0; i < n; i++) {
      if (!Ascii.isDigit(s.charAt(i)) || Ascii.isDigitAt(s, i - 1)
          || (i >= 2 && s.charAt(i - 1) == '.' && Ascii.isDigit(s.charAt(i - 2)))) {
        continue;
      }
      int end = quadEnd(s, i, n);
      if (end > 0 && !Ascii.isDigitAt(s, end)
          && !(end < n && s.charAt(end) == '.' && Ascii.isDigitAt(s, end + 1))) {
        return true;
      }
    }
    return false;
  }

  /** The end of a dotted quad starting at {@code start} and ending by {@code limit}, or -1. */
  private static int quadEnd(CharSequence s, int start, int limit) {
    int i = start;
    for (int octet = 0; octet < 4; octet++) {
      if (octet > 0) {
        if (i >= limit || s.charAt(i) != '.') {
          return -1;
        }
        i++;
      }
      int begin = i;
      while (i < limit && i - begin < 4 && Ascii.isDigit(s.charAt(i))) {
        i++;
      }
      int len = i - begin;
      if (len == 0 || len > 3 || (len > 1 && s.charAt(begin) == '0')
          || Ascii.toInt(s, begin, i) > 255) {
        return -1;
      }
    }
    return i;
  }

  static boolean hasIpv6(CharSequence s) {
    int n = s.length();
    int i = 0;
    while (i < n) {
      if (!isIpv6Char(s.charAt(i))) {
        i++;
        continue;
      }
      int start = i;
      int colons = 0;
      while (i < n && isIpv6Char(s.charAt(i))) {
        if (s.charAt(i) == ':') {
          colons++;
        }
        i++;
      }
      if (colons >= 2 && isIpv6Token(s, start, i)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Trims a maximal run of {@code [0-9A-Fa-f:.]} (dots at either end, one single colon at either
   * end), requires that an untrimmed end does not touch a letter or digit, then validates it.
   */
  private static boolean isIpv6Token(CharSequence s, int runStart, int runEnd) {
    int start = runStart;
    int end = runEnd;
    while (start < end && s.charAt(start) == '.') {
      start++;
    }
    while (end > start && s.charAt(end - 1) == '.') {
      end--;
    }
    if (end - start >= 2 && s.charAt(end - 1) == ':' && s.charAt(end - 2) != ':') {
      end--;
    }
    if (end - start >= 2 && s.charAt(start) == ':' && s.charAt(start + 1) != ':') {
      start++;
    }
    if (start == runStart && start > 0 && Ascii.isAlnum(s.charAt(start - 1))) {
      return false;
    }
    if (end == runEnd && end < s.length() && Ascii.isAlnum(s.charAt(end))) {
      return false;
    }
    return isIpv6(s, start, end);
  }

  /** Whether {@code s[start, end)} is exactly one IPv6 address with at least one group. */
  static boolean isIpv6(CharSequence s, int start, int end) {
    int i = start;
    int groups = 0;
    boolean compressed = false;
    if (end - start >= 2 && s.charAt(i) == ':' && s.charAt(i + 1) == ':') {
      compressed = true;
      i += 2;
    }
    while (i < end) {
      int begin = i;
      while (i < end && Ascii.isHex(s.charAt(i))) {
        i++;
      }
      if (i < end && s.charAt(i) == '.') {
        if (quadEnd(s, begin, end) != end) {
          return false;
        }
        groups += 2;
        break;
      }
      int len = i - begin;
      if (len == 0 || len > 4) {
        return false;
      }
      groups++;
      if (i == end) {
        break;
      }
      i++; // the ':' after the group
      if (i < end && s.charAt(i) == ':') {
        if (compressed) {
          return false;
        }
        compressed = true;
        i++;
      } else if (i == end) {
        return false;
      }
    }
    return groups > 0 && (compressed ? groups <= 7 : groups == 8);
  }

  private static boolean isIpv6Char(char c) {
    return Ascii.isHex(c) || c == ':' || c == '.';
  }
}
