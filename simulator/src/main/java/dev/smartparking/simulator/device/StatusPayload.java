package dev.smartparking.simulator.device;

import java.nio.charset.StandardCharsets;

/**
 * A {@code v1/lots/{lotId}/status} payload and its JSON encoding.
 *
 * <p>Encoded here rather than by any server class, so that a misreading of the protocol shared by
 * both sides cannot hide.
 */
public record StatusPayload(long seq, long ts, int total, int free) {

  public static final int MAX_TOTAL = 100_000;

  public StatusPayload {
    if (seq < 0) {
      throw new IllegalArgumentException("seq must be >= 0, got " + seq);
    }
    if (free < 0 || free > total || total > MAX_TOTAL) {
      throw new IllegalArgumentException("need 0 <= free <= total <= 100000, got free=" + free + " total=" + total);
    }
  }

  public static String topic(String lotId) {
    return "v1/lots/" + lotId + "/status";
  }

  public String json() {
    return "{\"seq\":" + seq + ",\"ts\":" + ts + ",\"total\":" + total + ",\"free\":" + free + "}";
  }

  public byte[] bytes() {
    return json().getBytes(StandardCharsets.UTF_8);
  }
}
