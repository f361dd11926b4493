package dev.smartparking.simulator.demo;

import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttAuth;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.MqttServer;
import io.vertx.mqtt.MqttServerOptions;
import io.vertx.mqtt.messages.MqttPublishMessage;
import io.vertx.mqtt.messages.codes.MqttPubAckReasonCode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for the server's MQTT listener: authenticates devices against the secrets the fake
 * platform was given, records every publish, and acknowledges as the test asks.
 */
final class FakeBroker implements AutoCloseable {

  enum Acks {
    ACCEPT,
    REJECT,
    NEVER
  }

  record Received(String clientId, String topic, String payload) {}

  final Map<String, String> secrets = new ConcurrentHashMap<>();
  final List<Received> received = new CopyOnWriteArrayList<>();
  final Set<String> accepted = ConcurrentHashMap.newKeySet();
  final Set<String> refused = ConcurrentHashMap.newKeySet();
  volatile Acks acks = Acks.ACCEPT;

  private final Vertx vertx = Vertx.vertx();
  private final MqttServer server;

  FakeBroker() throws Exception {
    server = MqttServer.create(vertx, new MqttServerOptions().setHost("127.0.0.1").setPort(0));
    server.endpointHandler(this::onEndpoint);
    server.listen().await(10, TimeUnit.SECONDS);
  }

  int port() {
    return server.actualPort();
  }

  private void onEndpoint(MqttEndpoint endpoint) {
    String clientId = endpoint.clientIdentifier();
    MqttAuth auth = endpoint.auth();
    boolean valid =
        auth != null
            && clientId.equals(auth.getUsername())
            && auth.getPassword() != null
            && auth.getPassword().equals(secrets.get(clientId));
    if (!valid) {
      refused.add(clientId);
      endpoint.reject(
          endpoint.protocolVersion() == 5
              ? MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USERNAME_OR_PASSWORD
              : MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD);
      return;
    }
    endpoint.publishAutoAck(false);
    endpoint.publishHandler(message -> onPublish(endpoint, message));
    endpoint.accept(false);
    accepted.add(clientId);
  }

  private void onPublish(MqttEndpoint endpoint, MqttPublishMessage message) {
    received.add(
        new Received(endpoint.clientIdentifier(), message.topicName(), message.payload().toString(StandardCharsets.UTF_8)));
    switch (acks) {
      case ACCEPT -> endpoint.publishAcknowledge(message.messageId());
      case REJECT ->
          endpoint.publishAcknowledge(
              message.messageId(), MqttPubAckReasonCode.PAYLOAD_FORMAT_INVALID, MqttProperties.NO_PROPERTIES);
      case NEVER -> {}
    }
  }

  @Override
  public void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }
}
