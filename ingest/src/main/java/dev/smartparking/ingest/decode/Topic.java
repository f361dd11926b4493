package dev.smartparking.ingest.decode;

/** A parsed device topic: which kind of message, about which lot or cover. */
public record Topic(Kind kind, String entityId) {

  /** The topics of PROTOCOL.md, with the entity each one is about. */
  public enum Kind {
    LOT_STATUS(Entity.LOT),
    LOT_PASSAGES(Entity.LOT),
    LOT_BAYS(Entity.LOT),
    COVER_TELEMETRY(Entity.COVER);

    private final Entity entity;

    Kind(Entity entity) {
      this.entity = entity;
    }

    public Entity entity() {
      return entity;
    }
  }

  /** What a topic names. */
  public enum Entity {
    LOT,
    COVER
  }
}
