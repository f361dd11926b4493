package dev.smartparking.simulator.device;

/** The server acknowledged a message with an MQTT 5 error reason code: stored as rejected, not accepted. */
public final class PublishRejected extends RuntimeException {

  private final int reasonCode;

  public PublishRejected(String message) {
    this(message, 0);
  }

  public PublishRejected(String message, int reasonCode) {
    super(message);
    this.reasonCode = reasonCode;
  }

  /** The PUBACK's reason code (0x80 and above), or 0 when it was not recorded. */
  public int reasonCode() {
    return reasonCode;
  }
}
