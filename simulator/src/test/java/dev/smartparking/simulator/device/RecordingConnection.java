package dev.smartparking.simulator.device;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A connection that keeps what is published and lets the test decide how each PUBACK ends. */
final class RecordingConnection implements DeviceConnection {

  record Sent(String topic, String payload, CompletableFuture<Void> ack) {}

  final List<Sent> sent = new ArrayList<>();

  @Override
  public CompletableFuture<Void> connect() {
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletableFuture<Void> publish(String topic, byte[] payload) {
    CompletableFuture<Void> ack = new CompletableFuture<>();
    sent.add(new Sent(topic, new String(payload, StandardCharsets.UTF_8), ack));
    return ack;
  }

  @Override
  public boolean isConnected() {
    return true;
  }

  @Override
  public CompletableFuture<Void> disconnect() {
    return CompletableFuture.completedFuture(null);
  }
}
