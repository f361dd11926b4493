package dev.smartparking.ingest.decode;

import io.vertx.core.buffer.Buffer;

/** A PUBLISH as it arrived from an authenticated device, before anything is judged. */
public record Inbound(String deviceId, String topic, int qos, Buffer payload, long receivedAtMillis) {

  public Inbound withPayload(Buffer replacement) {
    return new Inbound(deviceId, topic, qos, replacement, receivedAtMillis);
  }
}
