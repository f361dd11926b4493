package dev.smartparking.ingest.decode;

import dev.smartparking.ingest.Outcome;

/** Splits {@code v1/lots/{lotId}/status} and its siblings into a {@link Topic}, or refuses it as unknown_topic. */
public final class TopicParser {

  private TopicParser() {}

  public static Topic parse(String topic) {
    String[] levels = topic.split("/", -1);
    // An id with a control character names nothing, and must not reach a registry query.
    if (ControlCharacters.indexIn(topic) >= 0 || levels.length != 4 || !levels[0].equals("v1") || levels[2].isEmpty()) {
      throw unknown(topic);
    }
    Topic.Kind kind = switch (levels[1] + "/" + levels[3]) {
      case "lots/status" -> Topic.Kind.LOT_STATUS;
      case "lots/passages" -> Topic.Kind.LOT_PASSAGES;
      case "lots/bays" -> Topic.Kind.LOT_BAYS;
      case "covers/telemetry" -> Topic.Kind.COVER_TELEMETRY;
      default -> throw unknown(topic);
    };
    return new Topic(kind, levels[2]);
  }

  private static DeviceFault unknown(String topic) {
    return new DeviceFault(Outcome.UNKNOWN_TOPIC,
        "'" + topic + "' is not a device topic (v1/lots/{id}/status|passages|bays, v1/covers/{id}/telemetry)");
  }
}
