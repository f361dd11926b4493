package dev.smartparking.catalog;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Issues device secrets. They carry 192 random bits, so storing their SHA-256
 * ({@link dev.smartparking.secret.SecretDigest}) is safe and a mass reconnect costs one hash
 * per device, not a password KDF.
 */
public final class DeviceSecrets {

  /** 192 bits; base64url without padding gives 32 characters. */
  private static final int ISSUED_BYTES = 24;

  private static final SecureRandom RANDOM = new SecureRandom();

  private DeviceSecrets() {}

  public static String issue() {
    byte[] bytes = new byte[ISSUED_BYTES];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
