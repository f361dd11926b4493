package dev.smartparking.simulator.hostile;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * Builds each kind of message hostile mode sends, in a few variants each. Every hostile message
 * carries exactly one fault, so the reason the server gives it is not a matter of check order.
 */
public final class HostilePayloads {

  /** Ahead of the server clock by twice what it allows (5 minutes). */
  public static final Duration CLOCK_AHEAD = Duration.ofMinutes(10);
  /** Over the 64 KiB the server takes, by enough that no packet framing doubt remains. */
  public static final int OVERSIZED_BYTES = 70_000;

  /**
   * The lot a gateway reports on and its current figures, and another registered lot it must not
   * publish about.
   */
  public record Target(String lotId, int total, int free, String foreignLotId) {}

  private HostilePayloads() {}

  public static int variants(HostileKind kind) {
    return switch (kind) {
      case MALFORMED -> 4;
      case INVALID -> 6;
      case UNKNOWN_TOPIC -> 3;
      default -> 1;
    };
  }

  public static String topic(String lotId) {
    return "v1/lots/" + lotId + "/status";
  }

  /** A correct status snapshot. */
  public static HostileMessage valid(String lotId, long seq, long ts, int total, int free, boolean closed) {
    return HostileMessage.text(
        HostileKind.VALID, "status", topic(lotId), status(seq, ts, total, free) + (closed ? ",\"closed\":true}" : "}"), seq, ts);
  }

  /** A message of a hostile kind (not {@code VALID}, not {@code WRONG_PASSWORD}, which sends none). */
  public static HostileMessage hostile(HostileKind kind, int variant, Target target, long seq, long now) {
    String own = topic(target.lotId());
    String good = status(seq, now, target.total(), target.free()) + "}";
    return switch (kind) {
      case MALFORMED -> malformed(variant % variants(kind), own, seq, now, target);
      case INVALID -> invalid(variant % variants(kind), own, seq, now, target);
      case UNKNOWN_TOPIC -> unknownTopic(variant % variants(kind), target.lotId(), good, seq, now);
      case FORBIDDEN ->
          HostileMessage.text(kind, "foreign_lot", topic(target.foreignLotId()), good, seq, now);
      case UNKNOWN_ENTITY ->
          HostileMessage.text(kind, "unregistered_lot", topic("unregistered-" + target.lotId()), good, seq, now);
      case CLOCK -> {
        long ahead = now + CLOCK_AHEAD.toMillis();
        yield HostileMessage.text(
            kind, "ts_ahead", own, status(seq, ahead, target.total(), target.free()) + "}", seq, ahead);
      }
      case OVERSIZED ->
          HostileMessage.text(
              kind, "padded", own, status(seq, now, target.total(), target.free()) + ",\"pad\":\"" + "x".repeat(OVERSIZED_BYTES) + "\"}",
              seq, now);
      case VALID, WRONG_PASSWORD -> throw new IllegalArgumentException(kind + " is not a hostile message");
    };
  }

  private static String status(long seq, long ts, int total, int free) {
    return "{\"seq\":" + seq + ",\"ts\":" + ts + ",\"total\":" + total + ",\"free\":" + free;
  }

  /** Not a JSON object at all; the server can read neither seq nor ts. */
  private static HostileMessage malformed(int variant, String topic, long seq, long now, Target target) {
    HostileKind kind = HostileKind.MALFORMED;
    return switch (variant) {
      case 0 -> HostileMessage.text(kind, "not_json", topic, "seq=" + seq + " ts=" + now + " free=" + target.free(), null, null);
      case 1 -> {
        String whole = status(seq, now, target.total(), target.free()) + "}";
        yield HostileMessage.text(kind, "truncated", topic, whole.substring(0, whole.length() / 2), null, null);
      }
      case 2 -> {
        // Starts like JSON, so the server reads it as UTF-8, then bytes no UTF-8 text can hold.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(("{\"seq\":" + seq + ",\"ts\":").getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xFE, (byte) 0xC3, (byte) 0x28});
        bytes.writeBytes("}".getBytes(StandardCharsets.UTF_8));
        yield new HostileMessage(kind, "not_utf8", topic, bytes.toByteArray(), null, null);
      }
      default ->
          HostileMessage.text(kind, "array", topic, "[" + seq + "," + now + "," + target.total() + "," + target.free() + "]", null, null);
    };
  }

  /** A JSON object with every field right but one. */
  private static HostileMessage invalid(int variant, String topic, long seq, long now, Target target) {
    HostileKind kind = HostileKind.INVALID;
    int total = target.total();
    int free = target.free();
    return switch (variant) {
      case 0 -> HostileMessage.text(kind, "free_above_total", topic, status(seq, now, total, total + 1) + "}", seq, now);
      case 1 ->
          HostileMessage.text(kind, "missing_free", topic, "{\"seq\":" + seq + ",\"ts\":" + now + ",\"total\":" + total + "}", seq, now);
      case 2 -> HostileMessage.text(kind, "negative_seq", topic, status(-seq, now, total, free) + "}", -seq, now);
      case 3 ->
          HostileMessage.text(
              kind, "string_ts", topic,
              "{\"seq\":" + seq + ",\"ts\":\"" + Instant.ofEpochMilli(now) + "\",\"total\":" + total + ",\"free\":" + free + "}",
              seq, null);
      case 4 -> HostileMessage.text(kind, "negative_free", topic, status(seq, now, total, -1) + "}", seq, now);
      default ->
          HostileMessage.text(kind, "closed_not_boolean", topic, status(seq, now, total, free) + ",\"closed\":\"yes\"}", seq, now);
    };
  }

  /** A correct payload on a topic the protocol does not have. */
  private static HostileMessage unknownTopic(int variant, String lotId, String payload, long seq, long now) {
    HostileKind kind = HostileKind.UNKNOWN_TOPIC;
    return switch (variant) {
      case 0 -> HostileMessage.text(kind, "unknown_leaf", "v1/lots/" + lotId + "/unknown", payload, seq, now);
      case 1 -> HostileMessage.text(kind, "version_2", "v2/lots/" + lotId + "/status", payload, seq, now);
      default -> HostileMessage.text(kind, "too_deep", "v1/lots/" + lotId + "/status/extra", payload, seq, now);
    };
  }
}
