package dev.smartparking.simulator.device;

/** The server acknowledged a message with an MQTT 5 error reason code: stored as rejected, not accepted. */
public final class PublishRejected extends RuntimeException {

  public PublishRejected(String message) {
    super(message);
  }
}
