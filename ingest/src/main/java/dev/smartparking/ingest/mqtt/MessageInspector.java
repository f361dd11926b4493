package dev.smartparking.ingest.mqtt;

import dev.smartparking.ingest.Outcome;
import dev.smartparking.ingest.decode.BaysDecoder;
import dev.smartparking.ingest.decode.ClockRule;
import dev.smartparking.ingest.decode.DeviceFault;
import dev.smartparking.ingest.decode.Inbound;
import dev.smartparking.ingest.decode.ParsedTopic;
import dev.smartparking.ingest.decode.PassageDecoder;
import dev.smartparking.ingest.decode.PlateHasher;
import dev.smartparking.ingest.decode.Rejected;
import dev.smartparking.ingest.decode.StatusDecoder;
import dev.smartparking.ingest.decode.TelemetryDecoder;
import dev.smartparking.ingest.decode.Topic;
import dev.smartparking.ingest.decode.Verdict;
import dev.smartparking.ingest.registry.Authorizer;
import dev.smartparking.ingest.registry.Device;
import dev.smartparking.ingest.registry.LotRegistry;
import dev.smartparking.ingest.registry.RegisteredLot;
import io.vertx.core.Future;

/**
 * Judges one inbound message in the order docs/protocol.md gives: topic, binding, payload,
 * and the payload's timestamps against the clock last (each decoder checks them at its end). Device faults become a {@link Rejected} verdict, with any licence plate scrubbed
 * from the payload kept and from the detail (which may quote what the device sent); the
 * returned future fails only when the registry cannot be read.
 */
final class MessageInspector {

  private final Authorizer authorizer;
  private final LotRegistry lots;
  private final ClockRule clock;
  private final PlateHasher plates;

  MessageInspector(Authorizer authorizer, LotRegistry lots, ClockRule clock, PlateHasher plates) {
    this.authorizer = authorizer;
    this.lots = lots;
    this.clock = clock;
    this.plates = plates;
  }

  /** {@code parsed} is the inbound's topic, parsed once by its session, which also counts it by kind. */
  Future<Verdict> inspect(Device device, ParsedTopic parsed, Inbound inbound) {
    return Future.succeededFuture(parsed)
        .map(ParsedTopic::topic)
        .compose(topic -> authorizer.authorize(device, topic))
        .compose(topic -> decode(topic, inbound))
        .recover(e -> e instanceof DeviceFault fault
            ? Future.succeededFuture(new Rejected(inbound.withPayload(plates.redact(inbound.payload())),
                fault.reason(), plates.redact(fault.detail())))
            : Future.failedFuture(e));
  }

  private Future<Verdict> decode(Topic topic, Inbound inbound) {
    if (topic.kind() == Topic.Kind.COVER_TELEMETRY) {
      return Future.succeededFuture(TelemetryDecoder.decode(inbound, topic.entityId(), clock));
    }
    // A bound lot exists, unless the registry changed a moment ago.
    return lots.lot(topic.entityId()).map(found -> {
      RegisteredLot lot = found.orElseThrow(() -> new DeviceFault(Outcome.UNKNOWN_ENTITY,
          "no lot '" + topic.entityId() + "' is registered"));
      checkCounting(topic, lot);
      return switch (topic.kind()) {
        case LOT_STATUS -> StatusDecoder.decode(inbound, lot.id(), clock);
        case LOT_PASSAGES -> PassageDecoder.decode(inbound, lot.id(), clock, plates);
        case LOT_BAYS -> BaysDecoder.decode(inbound, lot.id(), lot.bays(), clock);
        case COVER_TELEMETRY -> throw new IllegalStateException("handled above");
      };
    });
  }

  /** A lot is counted one way: its gateway's snapshots and passages, or its bay sensors. */
  private static void checkCounting(Topic topic, RegisteredLot lot) {
    boolean baysTopic = topic.kind() == Topic.Kind.LOT_BAYS;
    if (baysTopic != lot.countedByBays()) {
      throw new DeviceFault(Outcome.INVALID, "lot " + lot.id() + " is counted by "
          + (lot.countedByBays() ? "bays" : "status") + ", so it takes no " + (baysTopic ? "bays" : "status or passages")
          + " messages");
    }
  }
}
