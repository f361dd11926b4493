package dev.smartparking.simulator.realistic;

import java.time.Duration;
import java.time.LocalDateTime;

/**
 * Accelerated time: {@code wallDuration} of real time covers {@code simSpan} from {@code simStart}.
 *
 * <p>Simulated time only drives demand, weather and report intervals; messages carry the real clock.
 */
public record SimClock(LocalDateTime simStart, Duration simSpan, Duration wallDuration, long wallStartNanos) {

  public SimClock {
    if (simSpan.isNegative() || wallDuration.isNegative() || wallDuration.isZero()) {
      throw new IllegalArgumentException("need a simulated span >= 0 and a wall duration > 0");
    }
  }

  /** Simulated time elapsed at monotonic time {@code nanos}, never beyond the span. */
  public Duration simElapsed(long nanos) {
    double fraction = Math.min(1.0, Math.max(0.0, (nanos - wallStartNanos) / (double) wallDuration.toNanos()));
    return Duration.ofNanos(Math.round(simSpan.toNanos() * fraction));
  }

  public LocalDateTime simTimeAt(long nanos) {
    return simStart.plus(simElapsed(nanos));
  }

  public LocalDateTime simEnd() {
    return simStart.plus(simSpan);
  }

  /** Simulated seconds per wall second. */
  public double speedUp() {
    return simSpan.toNanos() / (double) wallDuration.toNanos();
  }

  public boolean finishedAt(long nanos) {
    return nanos - wallStartNanos >= wallDuration.toNanos();
  }
}
