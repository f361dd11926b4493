package dev.smartparking.catalog;

import java.util.Optional;

/**
 * Judges a device secret a catalogue brings: it must carry at least 128 random bits, because the
 * server stores only its unsalted SHA-256 ({@link dev.smartparking.secret.SecretDigest}) and a
 * leaked hash of a guessable secret is the secret.
 *
 * <p>A string's randomness cannot be measured, only bounded: the estimate is its length times
 * the bits per character of the alphabet it draws from (hex 4, base64 6, every printable class
 * about 6.6), and a secret with far fewer distinct characters than a random one of that length
 * would have is refused as patterned ({@code aaaa…}, {@code abab…}). This catches short,
 * single-class and repetitive secrets; a secret that passes may still be a guessable phrase, so
 * the safe way stays to let the server issue one (leave {@code secret} out, or
 * {@code rotate_secret}).
 */
final class SecretStrength {

  static final int MIN_BITS = 128;
  /** 22 base64url characters (132 bits) is the shortest random secret that passes. */
  static final int MIN_LENGTH = 22;

  private SecretStrength() {}

  /** Why {@code secret} is too weak, or empty when it is strong enough. */
  static Optional<String> weakness(String given) {
    // Base64 padding carries no bits.
    String secret = given.replaceFirst("=+$", "");
    if (secret.length() < MIN_LENGTH) {
      return Optional.of(secret.length() + " characters; at least " + MIN_LENGTH + " random ones are needed");
    }
    int alphabet = alphabet(secret);
    double bits = secret.length() * Math.log(alphabet) / Math.log(2);
    if (bits < MIN_BITS) {
      return Optional.of("about " + (int) bits + " bits from its length and characters; at least " + MIN_BITS
          + " are needed");
    }
    int run = longestRun(secret);
    if (run >= runLimit(secret.length(), alphabet)) {
      return Optional.of("a run of " + run + " repeated or consecutive characters: a pattern, not a random secret");
    }
    long distinct = secret.chars().distinct().count();
    if (distinct < expectedDistinct(secret.length(), alphabet) / 2) {
      return Optional.of("only " + distinct + " distinct characters: a pattern, not a random secret");
    }
    return Optional.empty();
  }

  /**
   * The size of the alphabet the secret seems drawn from: hex if it is all hex digits, base64 if
   * it is all base64 (or base64url) characters of at least two classes (a random one may lack
   * digits, say), else the sum of the classes it uses.
   */
  private static int alphabet(String secret) {
    if (secret.chars().allMatch(c -> c < 128 && Character.digit(c, 16) >= 0)) {
      return 16;
    }
    boolean lower = secret.chars().anyMatch(c -> c >= 'a' && c <= 'z');
    boolean upper = secret.chars().anyMatch(c -> c >= 'A' && c <= 'Z');
    boolean digit = secret.chars().anyMatch(c -> c >= '0' && c <= '9');
    boolean other = secret.chars().anyMatch(c -> !(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z') && !(c >= '0' && c <= '9'));
    int classes = (lower ? 1 : 0) + (upper ? 1 : 0) + (digit ? 1 : 0);
    boolean base64 = secret.chars().allMatch(c -> c < 128 && (Character.isLetterOrDigit(c) || "+/-_=".indexOf(c) >= 0));
    if (base64 && classes >= 2) {
      return 64;
    }
    int size = (lower ? 26 : 0) + (upper ? 26 : 0) + (digit ? 10 : 0) + (other ? 32 : 0);
    return Math.max(size, 2);
  }

  /**
   * The longest stretch where each character repeats the one before or follows it by one, up or
   * down ({@code 7777}, {@code 3456}, {@code fedc}).
   */
  private static int longestRun(String secret) {
    int longest = 1;
    int run = 1;
    int step = 2; // none yet
    for (int i = 1; i < secret.length(); i++) {
      int d = secret.charAt(i) - secret.charAt(i - 1);
      if (Math.abs(d) <= 1 && (run == 1 || d == step)) {
        run++;
        step = d;
      } else {
        run = Math.abs(d) <= 1 ? 2 : 1;
        step = d;
      }
      longest = Math.max(longest, run);
    }
    return longest;
  }

  /**
   * The shortest run refused: one that a random secret of this length and alphabet shows with a
   * chance below one in a million (a run can start anywhere, and go three ways).
   */
  private static int runLimit(int n, int a) {
    int length = 2;
    while (3.0 * n * Math.pow(a, -(length - 1)) >= 1e-6) {
      length++;
    }
    return length;
  }

  /** How many distinct characters n random draws from an alphabet of a show on average. */
  private static double expectedDistinct(int n, int a) {
    return a * (1 - Math.pow(1 - 1.0 / a, n));
  }
}
