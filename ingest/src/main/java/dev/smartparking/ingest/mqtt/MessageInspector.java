package dev.smartparking.ingest.mqtt;

import dev.smartparking.ingest.Outcome;
import dev.smartparking.ingest.decode.DeviceFault;
import dev.smartparking.ingest.decode.Inbound;
import dev.smartparking.ingest.decode.LotStatusReport;
import dev.smartparking.ingest.decode.Rejected;
import dev.smartparking.ingest.decode.StatusDecoder;
import dev.smartparking.ingest.decode.Topic;
import dev.smartparking.ingest.decode.TopicParser;
import dev.smartparking.ingest.decode.Verdict;
import dev.smartparking.ingest.registry.Authorizer;
import dev.smartparking.ingest.registry.Device;
import io.vertx.core.Future;
import java.time.Duration;

/**
 * Judges one inbound message in the order PROTOCOL.md implies: topic, binding, payload, clock.
 * Device faults become a {@link Rejected} verdict, never a failure; the returned future fails
 * only when the registry cannot be read.
 */
final class MessageInspector {

  private final Authorizer authorizer;
  private final long maxClockAheadMillis;

  MessageInspector(Authorizer authorizer, Duration maxClockAhead) {
    this.authorizer = authorizer;
    this.maxClockAheadMillis = maxClockAhead.toMillis();
  }

  Future<Verdict> inspect(Device device, Inbound inbound) {
    return Future.succeededFuture(inbound.topic())
        .map(TopicParser::parse)
        .compose(topic -> authorizer.authorize(device, topic))
        .map(topic -> decode(topic, inbound))
        .recover(e -> e instanceof DeviceFault fault
            ? Future.succeededFuture(new Rejected(inbound, fault.reason(), fault.detail()))
            : Future.failedFuture(e));
  }

  private Verdict decode(Topic topic, Inbound inbound) {
    if (topic.kind() != Topic.Kind.LOT_STATUS) {
      throw new DeviceFault(Outcome.UNKNOWN_TOPIC, "topic kind " + topic.kind() + " is not accepted by this server yet");
    }
    LotStatusReport report = StatusDecoder.decode(inbound, topic.entityId());
    checkClock(report.tsMillis(), inbound);
    return report;
  }

  private void checkClock(long tsMillis, Inbound inbound) {
    long ahead = tsMillis - inbound.receivedAtMillis();
    if (ahead > maxClockAheadMillis) {
      throw new DeviceFault(Outcome.CLOCK, "ts is " + ahead / 1000 + " s ahead of the server clock (at most "
          + maxClockAheadMillis / 1000 + " s allowed)");
    }
  }
}
