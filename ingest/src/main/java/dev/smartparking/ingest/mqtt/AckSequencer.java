package dev.smartparking.ingest.mqtt;

import dev.smartparking.ingest.IngestMetrics;
import dev.smartparking.ingest.Outcome;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageFactory;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.messages.MqttPublishMessage;
import io.vertx.mqtt.messages.codes.MqttDisconnectReasonCode;
import java.util.ArrayDeque;

/**
 * Sends PUBACK / PUBREC in the order the PUBLISH packets arrived (MQTT 3.1.1 §4.6), whatever
 * order their writes commit in: an acknowledgement waits until those before it are ready.
 * Acknowledgements are written to the socket beneath the endpoint and flushed at the end of the
 * event-loop turn ({@link PendingFlushes}), so all that one commit releases leave in one write.
 * Netty's MQTT encoder sends the reason code to MQTT 5 clients only, as vertx-mqtt's own
 * {@code publishAcknowledge} does.
 */
final class AckSequencer {

  private static final MqttFixedHeader PUBACK =
      new MqttFixedHeader(MqttMessageType.PUBACK, false, MqttQoS.AT_MOST_ONCE, false, 0);
  private static final MqttFixedHeader PUBREC =
      new MqttFixedHeader(MqttMessageType.PUBREC, false, MqttQoS.AT_MOST_ONCE, false, 0);
  private static final MqttFixedHeader DISCONNECT =
      new MqttFixedHeader(MqttMessageType.DISCONNECT, false, MqttQoS.AT_MOST_ONCE, false, 0);

  private final MqttEndpoint endpoint;
  private final ChannelHandlerContext socket;
  private final PendingFlushes flushes;
  private final IngestMetrics metrics;
  /** Sized for an idle connection (the default is 17 slots); it grows with the device's window. */
  private final ArrayDeque<Slot> slots = new ArrayDeque<>(1);
  private boolean unflushed;
  private boolean disconnected;
  private long sent;

  AckSequencer(MqttEndpoint endpoint, ChannelHandlerContext socket, PendingFlushes flushes, IngestMetrics metrics) {
    this.endpoint = endpoint;
    this.socket = socket;
    this.flushes = flushes;
    this.metrics = metrics;
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

  /** Messages read and not acknowledged yet. */
  int pending() {
    return slots.size();
  }

  /** Acknowledgements written so far. */
  long sent() {
    return sent;
  }

  /**
   * The server closes the connection without a DISCONNECT (MQTT 3.1.1 has none from a server): what
   * is written goes out now, and nothing more is acknowledged.
   */
  void close() {
    disconnected = true;
    flush();
  }

  /**
   * MQTT 5: the server ends the connection with {@code reason}. The DISCONNECT follows the
   * acknowledgements already written and is the last packet sent: messages still in flight are not
   * acknowledged (MQTT 5 §3.14: nothing after a DISCONNECT). The caller closes the connection.
   */
  void disconnect(MqttDisconnectReasonCode reason) {
    disconnected = true;
    socket.writeAndFlush(MqttMessageFactory.newMessage(DISCONNECT,
        new MqttReasonCodeAndPropertiesVariableHeader(reason.value(), MqttProperties.NO_PROPERTIES), null),
        socket.voidPromise());
  }

  void flush() {
    unflushed = false;
    socket.flush();
  }

  private void send(Slot slot) {
    if (disconnected || !endpoint.isConnected()) {
      // The device left (or is being sent away) before its writes committed; it resends what it
      // saw unacknowledged.
      return;
    }
    socket.write(reply(slot), socket.voidPromise());
    if (!unflushed) {
      unflushed = true;
      flushes.add(this);
    }
    sent++;
    metrics.acknowledged(System.nanoTime() - slot.readAt);
  }

  private static MqttMessage reply(Slot slot) {
    boolean qos1 = slot.qos == MqttQoS.AT_LEAST_ONCE;
    byte code = qos1 ? slot.outcome.pubAckCode().value() : slot.outcome.pubRecCode().value();
    return MqttMessageFactory.newMessage(qos1 ? PUBACK : PUBREC,
        new MqttPubReplyMessageVariableHeader(slot.messageId, code, MqttProperties.NO_PROPERTIES), null);
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
