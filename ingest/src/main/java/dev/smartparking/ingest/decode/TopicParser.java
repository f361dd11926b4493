package dev.smartparking.ingest.decode;

import dev.smartparking.ingest.Outcome;

/** Splits {@code v1/lots/{lotId}/status} and its siblings into a {@link Topic}, or refuses it as unknown_topic. */
public final class TopicParser {

  private TopicParser() {}

  public static Topic parse(String topic) {
    Topic.Kind kind = kindOf(topic);
    // An id with a control character names nothing, and must not reach a registry query.
    if (kind == null || ControlCharacters.indexIn(topic) >= 0 || topic.split("/", -1)[2].isEmpty()) {
      throw unknown(topic);
    }
    return new Topic(kind, topic.split("/", -1)[2]);
  }

  /** The kind of message a topic's shape names, or null: what metrics count it as, before any check of its id. */
  public static Topic.Kind kindOf(String topic) {
    String[] levels = topic.split("/", -1);
    if (levels.length != 4 || !levels[0].equals("v1")) {
      return null;
    }
    return switch (levels[1] + "/" + levels[3]) {
      case "lots/status" -> Topic.Kind.LOT_STATUS;
      case "lots/passages" -> Topic.Kind.LOT_PASSAGES;
      case "lots/bays" -> Topic.Kind.LOT_BAYS;
      case "covers/telemetry" -> Topic.Kind.COVER_TELEMETRY;
      default -> null;
    };
  }

  private static DeviceFault unknown(String topic) {
    return new DeviceFault(Outcome.UNKNOWN_TOPIC,
        "'" + topic + "' is not a device topic (v1/lots/{id}/status|passages|bays, v1/covers/{id}/telemetry)");
  }
}
