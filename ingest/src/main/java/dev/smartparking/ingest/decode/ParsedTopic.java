package dev.smartparking.ingest.decode;

import dev.smartparking.ingest.Outcome;

/**
 * A PUBLISH's topic name, parsed once for everything that reads it. {@code kind} is the kind of
 * message its shape names, null for none: what metrics count the message as, before any check of
 * its id. {@code entityId} is the id it names, null when the shape is unknown or the id names
 * nothing (empty, or with a control character).
 */
public record ParsedTopic(String name, Topic.Kind kind, String entityId) {

  /** The device topic named, or an unknown_topic fault when there is none. */
  public Topic topic() {
    if (kind == null || entityId == null) {
      throw new DeviceFault(Outcome.UNKNOWN_TOPIC,
          "'" + name + "' is not a device topic (v1/lots/{id}/status|passages|bays, v1/covers/{id}/telemetry)");
    }
    return new Topic(kind, entityId);
  }
}
