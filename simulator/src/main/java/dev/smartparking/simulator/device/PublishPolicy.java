package dev.smartparking.simulator.device;

import java.time.Duration;

/**
 * Decides when a gateway publishes a snapshot.
 *
 * <p>First thing; on a change of the free count, but no more often than {@code minInterval}; and
 * after {@code heartbeat} without one even if nothing changed, so the server sees the lot is alive.
 */
public record PublishPolicy(Duration minInterval, Duration heartbeat) {

  public PublishPolicy {
    if (minInterval.isNegative() || heartbeat.isNegative() || heartbeat.isZero()) {
      throw new IllegalArgumentException("need minInterval >= 0 and heartbeat > 0");
    }
  }

  public boolean due(boolean neverPublished, boolean changed, long millisSinceLast) {
    if (neverPublished) {
      return true;
    }
    if (millisSinceLast >= heartbeat.toMillis()) {
      return true;
    }
    return changed && millisSinceLast >= minInterval.toMillis();
  }
}
