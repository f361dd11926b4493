package dev.smartparking.ingest.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import dev.smartparking.ingest.IngestFixture;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** An MQTT 5 gateway that remembers how its connection ended, and publishes lot status at QoS 1. */
final class WatchedDevice {

  private final Mqtt5AsyncClient client;
  private final String lot;
  private final CompletableFuture<Throwable> disconnected = new CompletableFuture<>();

  private WatchedDevice(Mqtt5AsyncClient client, String lot) {
    this.client = client;
    this.lot = lot;
  }

  static WatchedDevice connect(int port, String device, String secret, String lot) throws Exception {
    CompletableFuture<Throwable> disconnected = new CompletableFuture<>();
    Mqtt5AsyncClient client = MqttClient.builder().useMqttVersion5().identifier(device)
        .serverHost("127.0.0.1").serverPort(port)
        .addDisconnectedListener(context -> disconnected.complete(context.getCause()))
        .buildAsync();
    client.connectWith().simpleAuth().username(device).password(secret.getBytes(StandardCharsets.UTF_8))
        .applySimpleAuth().send().get(10, TimeUnit.SECONDS);
    WatchedDevice watched = new WatchedDevice(client, lot);
    disconnected.whenComplete((cause, e) -> watched.disconnected.complete(cause));
    return watched;
  }

  CompletableFuture<Mqtt5PublishResult> status(long seq, long ts) {
    return client.publishWith().topic("v1/lots/" + lot + "/status").qos(MqttQos.AT_LEAST_ONCE)
        .payload(IngestFixture.status(seq, ts, 420, (int) (seq % 100))).send();
  }

  /** The reason code of the server's DISCONNECT, or null if the connection ended otherwise. */
  Mqtt5DisconnectReasonCode disconnectReason(long seconds) throws Exception {
    Throwable cause = disconnected.get(seconds, TimeUnit.SECONDS);
    return cause instanceof Mqtt5DisconnectException e ? e.getMqttMessage().getReasonCode() : null;
  }

  /** A PUBACK with a success code came back for the message. */
  static boolean acknowledged(CompletableFuture<Mqtt5PublishResult> publish) {
    return publish.isDone() && !publish.isCompletedExceptionally() && acknowledged(publish.join());
  }

  static boolean acknowledged(Mqtt5PublishResult result) {
    return result.getError().isEmpty();
  }
}
