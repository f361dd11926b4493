package dev.smartparking.simulator.device;

/** A snapshot of what happened to published messages; latencies in microseconds, publish call to PUBACK. */
public record DeliveryFigures(
    long sent, long acknowledged, long rejected, long failed, long p50Micros, long p99Micros) {

  /** Sent but neither acknowledged, rejected nor failed yet. */
  public long pending() {
    return sent - acknowledged - rejected - failed;
  }

  /** Every message sent was accepted by the server. */
  public boolean allAccepted() {
    return acknowledged == sent;
  }
}
