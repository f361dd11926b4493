package dev.smartparking.ingest.registry;

import dev.smartparking.ingest.decode.Topic;
import java.util.Set;

/** A registered device as ingest needs it: its secret's hash and what it may publish about. */
public record Device(String id, String kind, byte[] secretSha256, boolean enabled, Set<String> lots,
    Set<String> covers) {

  public boolean isBoundTo(Topic topic) {
    return switch (topic.kind().entity()) {
      case LOT -> lots.contains(topic.entityId());
      case COVER -> covers.contains(topic.entityId());
    };
  }
}
