package dev.smartparking.simulator.hostile;

import java.nio.charset.StandardCharsets;

/**
 * One message to publish: topic, raw payload, and the seq and ts the server can read from it
 * (null when the payload carries none it could read).
 *
 * @param variant what exactly is wrong with it, for the report and for tests
 */
public record HostileMessage(HostileKind kind, String variant, String topic, byte[] payload, Long seq, Long ts) {

  static HostileMessage text(HostileKind kind, String variant, String topic, String payload, Long seq, Long ts) {
    return new HostileMessage(kind, variant, topic, payload.getBytes(StandardCharsets.UTF_8), seq, ts);
  }
}
