package dev.smartparking.simulator.device;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * A device session over MQTT 3.1.1 (HiveMQ client).
 *
 * <p>3.1.1 has no negative PUBACK, so a message the server stored as rejected looks acknowledged here.
 */
final class Mqtt3DeviceConnection implements DeviceConnection {

  private final Mqtt3AsyncClient client;

  Mqtt3DeviceConnection(Broker broker, String deviceId, String secret) {
    this.client =
        MqttClient.builder()
            .identifier(deviceId)
            .serverHost(broker.host())
            .serverPort(broker.port())
            .useMqttVersion3()
            .simpleAuth()
            .username(deviceId)
            .password(secret.getBytes(StandardCharsets.UTF_8))
            .applySimpleAuth()
            .buildAsync();
  }

  @Override
  public CompletableFuture<Void> connect() {
    return client
        .connectWith()
        .cleanSession(true)
        .keepAlive(Broker.KEEP_ALIVE_S)
        .send()
        .thenApply(connAck -> null);
  }

  @Override
  public CompletableFuture<Void> publish(String topic, byte[] payload) {
    return client
        .publishWith()
        .topic(topic)
        .qos(MqttQos.AT_LEAST_ONCE)
        .payload(payload)
        .send()
        .thenApply(publish -> null);
  }

  @Override
  public boolean isConnected() {
    return client.getState().isConnected();
  }

  @Override
  public CompletableFuture<Void> disconnect() {
    return client.disconnect().exceptionally(error -> null);
  }
}
