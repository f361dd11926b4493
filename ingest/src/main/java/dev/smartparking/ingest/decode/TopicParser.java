package dev.smartparking.ingest.decode;

/**
 * Splits {@code v1/lots/{lotId}/status} and its siblings into a {@link ParsedTopic}, whose
 * {@link ParsedTopic#topic()} refuses any other as unknown_topic.
 */
public final class TopicParser {

  private TopicParser() {}

  /** Run once per message, by its session: the received metric and the inspection both read the result. */
  public static ParsedTopic parse(String name) {
    int first = name.indexOf('/');
    int second = first < 0 ? -1 : name.indexOf('/', first + 1);
    int third = second < 0 ? -1 : name.indexOf('/', second + 1);
    if (third < 0 || name.indexOf('/', third + 1) >= 0) {
      // not four levels
      return new ParsedTopic(name, null, null);
    }
    Topic.Kind kind = kindOf(name, first, second, third);
    // An id with a control character names nothing, and must not reach a registry query.
    boolean namesEntity = kind != null && third > second + 1 && ControlCharacters.indexIn(name) < 0;
    return new ParsedTopic(name, kind, namesEntity ? name.substring(second + 1, third) : null);
  }

  /**
   * The kind the levels around the id name, compared in place: this runs for every message, and
   * a string for each level was a tenth of what the ingest path allocated (split, before that, was
   * its hottest method). Only the id, which the message carries on, is cut out.
   */
  private static Topic.Kind kindOf(String topic, int first, int second, int third) {
    if (!level(topic, 0, first, "v1")) {
      return null;
    }
    int last = third + 1;
    if (level(topic, first + 1, second, "lots")) {
      if (level(topic, last, topic.length(), "status")) {
        return Topic.Kind.LOT_STATUS;
      }
      if (level(topic, last, topic.length(), "passages")) {
        return Topic.Kind.LOT_PASSAGES;
      }
      return level(topic, last, topic.length(), "bays") ? Topic.Kind.LOT_BAYS : null;
    }
    return level(topic, first + 1, second, "covers") && level(topic, last, topic.length(), "telemetry")
        ? Topic.Kind.COVER_TELEMETRY : null;
  }

  /** Whether the level between {@code from} and {@code to} is {@code name}. */
  private static boolean level(String topic, int from, int to, String name) {
    return to - from == name.length() && topic.startsWith(name, from);
  }
}
