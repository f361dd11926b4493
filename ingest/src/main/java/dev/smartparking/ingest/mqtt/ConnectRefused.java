package dev.smartparking.ingest.mqtt;

/** A CONNECT that must be refused, with the result that picks the CONNACK code. */
final class ConnectRefused extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final ConnectResult result;

  ConnectRefused(ConnectResult result, String detail) {
    super(detail, null, false, false);
    this.result = result;
  }

  ConnectResult result() {
    return result;
  }
}
