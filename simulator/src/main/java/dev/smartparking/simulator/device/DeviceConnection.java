package dev.smartparking.simulator.device;

import java.util.concurrent.CompletableFuture;

/** One device's MQTT session with the broker: connect, publish at QoS 1, disconnect. */
public interface DeviceConnection {

  /** Completes when the CONNACK accepts the device; fails on refusal or an unreachable broker. */
  CompletableFuture<Void> connect();

  /**
   * Completes when the PUBACK arrives; fails with {@link PublishRejected} when an MQTT 5 PUBACK
   * carries an error reason code, or with the client's exception when the message was not delivered.
   */
  CompletableFuture<Void> publish(String topic, byte[] payload);

  boolean isConnected();

  /** Completes once disconnected; never fails, since there is nothing useful left to do then. */
  CompletableFuture<Void> disconnect();
}
