package dev.smartparking.simulator.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a delivery (API.md "Delivery to the responsible unit"): {@code sha256=} and the
 * hex HMAC-SHA256, keyed with the unit's secret, of the timestamp header, a dot and the raw body.
 * Written here from the contract, as a unit's receiver would, not taken from the server.
 */
public final class WebhookSignature {

  public static final String EVENT_ID_HEADER = "X-SmartParking-Event-Id";
  public static final String TIMESTAMP_HEADER = "X-SmartParking-Timestamp";
  public static final String SIGNATURE_HEADER = "X-SmartParking-Signature";
  private static final String PREFIX = "sha256=";

  /**
   * How far the timestamp may lie from the receiver's clock: a receiver refuses older ones so that a
   * captured delivery cannot be replayed later (the usual webhook practice; the server signs at
   * sending, so a retry carries a fresh one).
   */
  public static final Duration MAX_SKEW = Duration.ofMinutes(5);

  private WebhookSignature() {}

  /** The header value for {@code body} sent at {@code timestamp} (epoch seconds, as the header writes it). */
  public static String sign(String secret, String timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
      return PREFIX + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("every JVM has HmacSHA256", e);
    }
  }

  /**
   * What is wrong with a delivery's signature headers, or null when they are right: both present, the
   * timestamp within {@link #MAX_SKEW} of {@code nowMillis}, the signature the secret gives.
   */
  public static String fault(String secret, String timestamp, String signature, byte[] body, long nowMillis) {
    if (timestamp == null || signature == null) {
      return "no " + (timestamp == null ? TIMESTAMP_HEADER : SIGNATURE_HEADER) + " header";
    }
    long seconds;
    try {
      seconds = Long.parseLong(timestamp);
    } catch (NumberFormatException e) {
      return TIMESTAMP_HEADER + " '" + timestamp + "' is not epoch seconds";
    }
    long skew = Math.abs(nowMillis / 1000 - seconds);
    if (skew > MAX_SKEW.toSeconds()) {
      return TIMESTAMP_HEADER + " " + timestamp + " is " + skew + " s away from the receiver's clock";
    }
    byte[] expected = sign(secret, timestamp, body).getBytes(StandardCharsets.UTF_8);
    // Constant time, as a receiver must compare a secret-derived value.
    if (!MessageDigest.isEqual(expected, signature.strip().getBytes(StandardCharsets.UTF_8))) {
      return "the signature does not match the body and timestamp under the unit's secret";
    }
    return null;
  }
}
