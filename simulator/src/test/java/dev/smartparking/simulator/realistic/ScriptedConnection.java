package dev.smartparking.simulator.realistic;

import dev.smartparking.simulator.device.DeviceConnection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A connection that keeps what is published and lets the test decide how each PUBACK ends; a
 * disconnect fails the attempts still waiting, as a client does when its connection closes.
 */
final class ScriptedConnection implements DeviceConnection {

  record Sent(String topic, String payload, CompletableFuture<Void> ack) {}

  final List<Sent> sent = new ArrayList<>();
  int connects;
  private boolean connected = true;

  @Override
  public CompletableFuture<Void> connect() {
    connects++;
    connected = true;
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletableFuture<Void> publish(String topic, byte[] payload) {
    CompletableFuture<Void> ack = new CompletableFuture<>();
    sent.add(new Sent(topic, new String(payload, StandardCharsets.UTF_8), ack));
    return ack;
  }

  void ackAll() {
    sent.forEach(s -> s.ack().complete(null));
  }

  @Override
  public boolean isConnected() {
    return connected;
  }

  /** The server ends the connection: attempts without an answer fail, as the MQTT client fails them. */
  void serverCloses() {
    connected = false;
    sent.stream().filter(s -> !s.ack().isDone())
        .forEach(s -> s.ack().completeExceptionally(new IllegalStateException("connection closed by the server")));
  }

  @Override
  public CompletableFuture<Void> disconnect() {
    connected = false;
    sent.forEach(s -> s.ack().completeExceptionally(new IllegalStateException("connection closed")));
    return CompletableFuture.completedFuture(null);
  }
}
