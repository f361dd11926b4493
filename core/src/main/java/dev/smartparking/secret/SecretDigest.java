package dev.smartparking.secret;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 of high-entropy secrets (device secrets, API tokens), and their constant-time check.
 * Fit for random secrets only: a fast hash does not protect a guessable password.
 */
public final class SecretDigest {

  private SecretDigest() {}

  public static byte[] of(String secret) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** Constant-time, so response timing tells nothing about the stored digest. */
  public static boolean matches(String presented, byte[] digest) {
    return presented != null && MessageDigest.isEqual(of(presented), digest);
  }
}
