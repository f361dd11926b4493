package dev.smartparking.simulator.city;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Device secrets derived as HMAC-SHA256(seed, device id), first 24 bytes, base64url.
 *
 * <p>The same seed gives the same secrets, so a run can be repeated against a server that kept the
 * devices. They are only as secret as the seed: fine for test benches, not for a real deployment
 * (use {@link RandomSecrets}).
 */
public final class SeededSecrets implements SecretSource {

  private static final int SECRET_BYTES = 24;
  // One keyed Mac per thread: Mac.getInstance is a provider lookup, too slow for a 50,000-device city.
  private final ThreadLocal<Mac> mac;

  public SeededSecrets(long seed) {
    byte[] label = "smartparking-simulator-secret:".getBytes(StandardCharsets.US_ASCII);
    byte[] keyBytes = ByteBuffer.allocate(label.length + Long.BYTES).put(label).putLong(seed).array();
    SecretKeySpec key = new SecretKeySpec(keyBytes, "HmacSHA256");
    this.mac = ThreadLocal.withInitial(() -> keyed(key));
  }

  private static Mac keyed(SecretKeySpec key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required of every JVM", e);
    }
  }

  @Override
  public String secretFor(String deviceId) {
    byte[] digest = mac.get().doFinal(deviceId.getBytes(StandardCharsets.UTF_8));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, SECRET_BYTES));
  }
}
