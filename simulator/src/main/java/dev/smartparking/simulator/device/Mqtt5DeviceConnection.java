package dev.smartparking.simulator.device;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAck;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** A device session over MQTT 5 (HiveMQ client), which reports rejected messages through PUBACK reason codes. */
final class Mqtt5DeviceConnection implements DeviceConnection {

  private final Mqtt5AsyncClient client;

  Mqtt5DeviceConnection(Broker broker, String deviceId, String secret) {
    this.client =
        MqttClient.builder()
            .identifier(deviceId)
            .serverHost(broker.host())
            .serverPort(broker.port())
            .useMqttVersion5()
            .simpleAuth()
            .username(deviceId)
            .password(secret.getBytes(StandardCharsets.UTF_8))
            .applySimpleAuth()
            .buildAsync();
  }

  @Override
  public CompletableFuture<Void> connect() {
    return client.connectWith().cleanStart(true).keepAlive(Broker.KEEP_ALIVE_S).send().thenApply(connAck -> null);
  }

  @Override
  public CompletableFuture<Void> publish(String topic, byte[] payload) {
    return client
        .publishWith()
        .topic(topic)
        .qos(MqttQos.AT_LEAST_ONCE)
        .payload(payload)
        .send()
        .handle(
            (result, error) -> {
              Throwable cause = error != null ? error : result.getError().orElse(null);
              if (cause != null) {
                throw new CompletionException(translate(cause));
              }
              return null;
            });
  }

  private static Throwable translate(Throwable error) {
    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof Mqtt5PubAckException rejection) {
      Mqtt5PubAck pubAck = rejection.getMqttMessage();
      String reason = pubAck.getReasonString().map(Object::toString).orElse("");
      return new PublishRejected(
          "PUBACK 0x%02X %s %s".formatted(pubAck.getReasonCode().getCode(), pubAck.getReasonCode(), reason).strip(),
          pubAck.getReasonCode().getCode());
    }
    return cause;
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
