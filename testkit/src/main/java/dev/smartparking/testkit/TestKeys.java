package dev.smartparking.testkit;

import java.security.SecureRandom;
import java.util.Base64;

/** Fresh keys and tokens of the strength the server requires, for fixtures that start one. */
public final class TestKeys {

  private static final SecureRandom RANDOM = new SecureRandom();

  private TestKeys() {}

  /** A value for {@code ingest.plate-key}: 32 random bytes, base64. */
  public static String plateKey() {
    return Base64.getEncoder().encodeToString(bytes(32));
  }

  /** A bearer token of 32 characters (24 random bytes, base64url), the shortest the server takes. */
  public static String token() {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(24));
  }

  private static byte[] bytes(int n) {
    byte[] bytes = new byte[n];
    RANDOM.nextBytes(bytes);
    return bytes;
  }
}
