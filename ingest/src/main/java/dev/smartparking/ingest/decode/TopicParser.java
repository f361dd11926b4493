package dev.smartparking.ingest.decode;

/**
 * Splits {@code v1/lots/{lotId}/status} and its siblings into a {@link ParsedTopic}, whose
 * {@link ParsedTopic#topic()} refuses any other as unknown_topic.
 */
public final class TopicParser {

  private TopicParser() {}

  /** Run once per message, by its session: the received metric and the inspection both read the result. */
  public static ParsedTopic parse(String name) {
    String[] levels = levels(name);
    Topic.Kind kind = kindOf(levels);
    // An id with a control character names nothing, and must not reach a registry query.
    boolean namesEntity = kind != null && !levels[2].isEmpty() && ControlCharacters.indexIn(name) < 0;
    return new ParsedTopic(name, kind, namesEntity ? levels[2] : null);
  }

  private static Topic.Kind kindOf(String[] levels) {
    if (levels == null || !levels[0].equals("v1")) {
      return null;
    }
    if (levels[1].equals("lots")) {
      return switch (levels[3]) {
        case "status" -> Topic.Kind.LOT_STATUS;
        case "passages" -> Topic.Kind.LOT_PASSAGES;
        case "bays" -> Topic.Kind.LOT_BAYS;
        default -> null;
      };
    }
    return levels[1].equals("covers") && levels[3].equals("telemetry") ? Topic.Kind.COVER_TELEMETRY : null;
  }

  /**
   * The four levels of a topic, or null when it has another number of them. By hand rather than
   * {@code split}: this runs for every message, and split was the ingest path's hottest method.
   */
  private static String[] levels(String topic) {
    int first = topic.indexOf('/');
    int second = first < 0 ? -1 : topic.indexOf('/', first + 1);
    int third = second < 0 ? -1 : topic.indexOf('/', second + 1);
    if (third < 0 || topic.indexOf('/', third + 1) >= 0) {
      return null;
    }
    return new String[] {topic.substring(0, first), topic.substring(first + 1, second),
        topic.substring(second + 1, third), topic.substring(third + 1)};
  }
}
