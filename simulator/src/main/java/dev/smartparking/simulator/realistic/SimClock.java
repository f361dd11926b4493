package dev.smartparking.simulator.demo;

import java.time.Duration;
import java.time.LocalTime;

/**
 * Accelerated time: {@code wallDuration} of real time covers {@code simSpan} from {@code simStart}.
 *
 * <p>Simulated time only drives demand; messages always carry the real clock.
 */
public record SimClock(LocalTime simStart, Duration simSpan, Duration wallDuration, long wallStartNanos) {

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

  public LocalTime simTimeAt(long nanos) {
    return simStart.plus(simElapsed(nanos));
  }

  public boolean finishedAt(long nanos) {
    return nanos - wallStartNanos >= wallDuration.toNanos();
  }
}
