package dev.smartparking.ingest.mqtt;

import dev.smartparking.ingest.IngestMetrics;
import dev.smartparking.ingest.decode.Inbound;
import dev.smartparking.ingest.registry.Device;
import dev.smartparking.ingest.store.BatchWriter;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.vertx.core.Context;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.messages.MqttPublishMessage;
import io.vertx.mqtt.messages.MqttSubscribeMessage;
import io.vertx.mqtt.messages.MqttUnsubscribeMessage;
import io.vertx.mqtt.messages.codes.MqttDisconnectReasonCode;
import io.vertx.mqtt.messages.codes.MqttSubAckReasonCode;
import io.vertx.mqtt.messages.codes.MqttUnsubAckReasonCode;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.util.Collections;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One authenticated device connection. Its publish path is one flat chain: inspect, write,
 * acknowledge in order; a storage failure closes the connection unacknowledged so the device
 * sends again.
 */
final class DeviceSession {

  private static final Logger LOG = LoggerFactory.getLogger(DeviceSession.class);

  private final MqttEndpoint endpoint;
  private final Device device;
  private final Context context;
  private final MessageInspector inspector;
  private final BatchWriter writer;
  private final Sessions sessions;
  private final IngestMetrics metrics;
  private final int maxPayloadBytes;
  private final AckSequencer acks;

  DeviceSession(MqttEndpoint endpoint, Device device, Context context, MessageInspector inspector,
      BatchWriter writer, Sessions sessions, IngestMetrics metrics, int maxPayloadBytes) {
    this.endpoint = endpoint;
    this.device = device;
    this.context = context;
    this.inspector = inspector;
    this.writer = writer;
    this.sessions = sessions;
    this.metrics = metrics;
    this.maxPayloadBytes = maxPayloadBytes;
    this.acks = new AckSequencer(endpoint);
  }

  String deviceId() {
    return device.id();
  }

  void open(MqttProperties connackProperties) {
    endpoint.publishAutoAck(false)
        .publishHandler(this::onPublish)
        .publishReleaseHandler(endpoint::publishComplete)
        .subscribeHandler(this::onSubscribe)
        .unsubscribeHandler(this::onUnsubscribe)
        .exceptionHandler(e -> LOG.debug("Connection of {} failed: {}", device.id(), e.getMessage()))
        .closeHandler(v -> onClose());
    endpoint.subscriptionAutoAck(false);
    sessions.register(this);
    metrics.connectionOpened();
    endpoint.accept(false, connackProperties);
  }

  private void onPublish(MqttPublishMessage message) {
    if (message.payload().length() > maxPayloadBytes) {
      LOG.info("Closing {}: payload of {} bytes exceeds {}", device.id(), message.payload().length(), maxPayloadBytes);
      endpoint.close();
      return;
    }
    AckSequencer.Slot slot = acks.expect(message);
    Inbound inbound = new Inbound(device.id(), message.topicName(), message.qosLevel().value(), message.payload(),
        System.currentTimeMillis());
    inspector.inspect(device, inbound)
        .compose(writer::write)
        .onSuccess(outcome -> acks.complete(slot, outcome))
        .onFailure(this::onStorageFailure);
  }

  /** Infrastructure failed: nothing is acknowledged, and closing makes the device retransmit on reconnect. */
  private void onStorageFailure(Throwable cause) {
    if (endpoint.isConnected()) {
      LOG.warn("Closing {} unacknowledged: storage failed: {}", device.id(), cause.getMessage());
      endpoint.close();
    }
  }

  /** Devices only publish (PROTOCOL.md): every subscription is refused. */
  private void onSubscribe(MqttSubscribeMessage subscribe) {
    int n = subscribe.topicSubscriptions().size();
    if (endpoint.protocolVersion() >= 5) {
      endpoint.subscribeAcknowledge(subscribe.messageId(),
          Collections.nCopies(n, MqttSubAckReasonCode.NOT_AUTHORIZED), MqttProperties.NO_PROPERTIES);
    } else {
      endpoint.subscribeAcknowledge(subscribe.messageId(), Collections.nCopies(n, MqttQoS.FAILURE));
    }
  }

  private void onUnsubscribe(MqttUnsubscribeMessage unsubscribe) {
    if (endpoint.protocolVersion() >= 5) {
      endpoint.unsubscribeAcknowledge(unsubscribe.messageId(),
          Collections.nCopies(unsubscribe.topics().size(), MqttUnsubAckReasonCode.NO_SUBSCRIPTION_EXISTED),
          MqttProperties.NO_PROPERTIES);
    } else {
      endpoint.unsubscribeAcknowledge(unsubscribe.messageId());
    }
  }

  /** Another connection with this client id arrived: close this one, on its own event loop. */
  void takenOver() {
    context.runOnContext(v -> {
      if (!endpoint.isConnected()) {
        return;
      }
      if (endpoint.protocolVersion() >= 5) {
        endpoint.disconnect(MqttDisconnectReasonCode.SESSION_TAKEN_OVER, MqttProperties.NO_PROPERTIES);
      }
      endpoint.close();
    });
  }

  private void onClose() {
    sessions.unregister(this);
    metrics.connectionClosed();
  }
}
