package dev.smartparking.ingest.mqtt;

import dev.smartparking.ingest.IngestMetrics;
import dev.smartparking.ingest.Outcome;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.messages.MqttPublishMessage;
import java.util.ArrayDeque;

/**
 * Sends PUBACK / PUBREC in the order the PUBLISH packets arrived (MQTT 3.1.1 §4.6), whatever
 * order their writes commit in: an acknowledgement waits until those before it are ready.
 */
final class AckSequencer {

  private final MqttEndpoint endpoint;
  private final IngestMetrics metrics;
  private final boolean mqtt5;
  private final ArrayDeque<Slot> slots = new ArrayDeque<>();

  AckSequencer(MqttEndpoint endpoint, IngestMetrics metrics) {
    this.endpoint = endpoint;
    this.metrics = metrics;
    this.mqtt5 = endpoint.protocolVersion() >= 5;
  }

  /** A place in line for a QoS 1 or 2 message; null for QoS 0, which is never acknowledged. */
  Slot expect(MqttPublishMessage message) {
    if (message.qosLevel() == MqttQoS.AT_MOST_ONCE) {
      return null;
    }
    Slot slot = new Slot(message.messageId(), message.qosLevel(), System.nanoTime());
    slots.add(slot);
    return slot;
  }

  void complete(Slot slot, Outcome outcome) {
    if (slot == null) {
      return;
    }
    slot.outcome = outcome;
    while (!slots.isEmpty() && slots.peek().outcome != null) {
      send(slots.poll());
    }
  }

  int pending() {
    return slots.size();
  }

  private void send(Slot slot) {
    if (!endpoint.isConnected()) {
      // The device left before its writes committed; it resends what it saw unacknowledged.
      return;
    }
    if (slot.qos == MqttQoS.AT_LEAST_ONCE) {
      if (mqtt5) {
        endpoint.publishAcknowledge(slot.messageId, slot.outcome.pubAckCode(), MqttProperties.NO_PROPERTIES);
      } else {
        endpoint.publishAcknowledge(slot.messageId);
      }
    } else if (mqtt5) {
      endpoint.publishReceived(slot.messageId, slot.outcome.pubRecCode(), MqttProperties.NO_PROPERTIES);
    } else {
      endpoint.publishReceived(slot.messageId);
    }
    metrics.acknowledged(System.nanoTime() - slot.readAt);
  }

  /** One message waiting for its acknowledgement. */
  static final class Slot {
    private final int messageId;
    private final MqttQoS qos;
    private final long readAt;
    private Outcome outcome;

    private Slot(int messageId, MqttQoS qos, long readAt) {
      this.messageId = messageId;
      this.qos = qos;
      this.readAt = readAt;
    }
  }
}
