package dev.smartparking.ingest.registry;

import dev.smartparking.ingest.decode.Topic;
import java.util.Arrays;
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

  /**
   * Whether a session authenticated as {@code this} may go on as {@code now}: same secret, still
   * enabled, same bindings. Anything else is a revocation.
   */
  public boolean grantsAsMuchAs(Device now) {
    return now != null && now.enabled && enabled && Arrays.equals(secretSha256, now.secretSha256)
        && lots.equals(now.lots) && covers.equals(now.covers);
  }
}
