package dev.smartparking.ingest.registry;

import dev.smartparking.ingest.Outcome;
import dev.smartparking.ingest.decode.DeviceFault;
import dev.smartparking.ingest.decode.Topic;
import io.vertx.core.Future;
import java.util.Locale;
import java.util.Optional;

/**
 * Lets a device publish only about the lots and covers it is bound to; tells forbidden from
 * unknown_entity from the registries in memory, so a device publishing about others' entities
 * costs no query per message.
 */
public final class Authorizer {

  private final LotRegistry lots;
  private final CoverRegistry covers;

  public Authorizer(LotRegistry lots, CoverRegistry covers) {
    this.lots = lots;
    this.covers = covers;
  }

  public Future<Topic> authorize(Device device, Topic topic) {
    if (device.isBoundTo(topic)) {
      return Future.succeededFuture(topic);
    }
    return exists(topic).compose(exists -> Future.failedFuture(exists
        ? new DeviceFault(Outcome.FORBIDDEN, device.id() + " is not bound to " + topic.entityId())
        : new DeviceFault(Outcome.UNKNOWN_ENTITY, "no " + topic.kind().entity().name().toLowerCase(Locale.ROOT)
            + " '" + topic.entityId() + "' is registered")));
  }

  private Future<Boolean> exists(Topic topic) {
    return switch (topic.kind().entity()) {
      case LOT -> lots.lot(topic.entityId()).map(Optional::isPresent);
      case COVER -> covers.exists(topic.entityId());
    };
  }
}
