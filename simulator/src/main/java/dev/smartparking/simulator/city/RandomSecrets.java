package dev.smartparking.simulator.city;

import java.security.SecureRandom;
import java.util.Base64;

/** Fresh secrets from SecureRandom, 24 bytes base64url: unguessable, different on every run. */
public final class RandomSecrets implements SecretSource {

  private final SecureRandom random = new SecureRandom();

  @Override
  public String secretFor(String deviceId) {
    byte[] bytes = new byte[24];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
