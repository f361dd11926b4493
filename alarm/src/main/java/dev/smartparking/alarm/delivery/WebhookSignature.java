package dev.smartparking.alarm.delivery;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The headers that let a unit check a delivery came from us (API.md "Delivery to the responsible
 * unit"): {@code X-SmartParking-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>}
 * over the exact bytes sent, with the timestamp in {@code X-SmartParking-Timestamp} so a receiver
 * can refuse old replays.
 */
final class WebhookSignature {

  static final String EVENT_ID = "X-SmartParking-Event-Id";
  static final String TIMESTAMP = "X-SmartParking-Timestamp";
  static final String SIGNATURE = "X-SmartParking-Signature";

  private WebhookSignature() {}

  static String sign(String secret, long epochSeconds, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((epochSeconds + ".").getBytes(StandardCharsets.US_ASCII));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
