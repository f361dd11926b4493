package dev.smartparking.ingest.registry;

import dev.smartparking.ingest.Outcome;
import dev.smartparking.ingest.decode.DeviceFault;
import dev.smartparking.ingest.decode.Topic;
import io.vertx.core.Future;

/** Lets a device publish only about the lots and covers it is bound to; tells forbidden from unknown_entity. */
public final class Authorizer {

  private final DeviceRegistry registry;

  public Authorizer(DeviceRegistry registry) {
    this.registry = registry;
  }

  public Future<Topic> authorize(Device device, Topic topic) {
    if (device.isBoundTo(topic)) {
      return Future.succeededFuture(topic);
    }
    return registry.exists(topic).compose(exists -> Future.failedFuture(exists
        ? new DeviceFault(Outcome.FORBIDDEN, device.id() + " is not bound to " + topic.entityId())
        : new DeviceFault(Outcome.UNKNOWN_ENTITY, "no " + topic.kind().entity().name().toLowerCase(java.util.Locale.ROOT)
            + " '" + topic.entityId() + "' is registered")));
  }
}
