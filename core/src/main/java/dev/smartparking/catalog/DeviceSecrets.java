package dev.smartparking.catalog;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Issues device secrets and hashes them. Secrets carry at least 128 random bits, so a fast hash
 * is safe and a mass reconnect costs one SHA-256 per device, not a password KDF.
 */
public final class DeviceSecrets {

  /** 192 bits; base64url without padding gives 32 characters. */
  private static final int ISSUED_BYTES = 24;
  public static final int MIN_LENGTH = 16;

  private static final SecureRandom RANDOM = new SecureRandom();

  private DeviceSecrets() {}

  public static String issue() {
    byte[] bytes = new byte[ISSUED_BYTES];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  public static byte[] sha256(String secret) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** Constant-time, so response timing tells an attacker nothing about the stored hash. */
  public static boolean matches(String presented, byte[] storedSha256) {
    return presented != null && MessageDigest.isEqual(sha256(presented), storedSha256);
  }
}
