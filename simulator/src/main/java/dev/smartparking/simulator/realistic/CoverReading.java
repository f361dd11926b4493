package dev.smartparking.simulator.realistic;

import dev.smartparking.simulator.city.AlarmType;
import dev.smartparking.simulator.city.CoverLimits;
import java.util.Set;

/**
 * One reading of a cover's sensor, in the units of the telemetry payload and already at its
 * precision (tenths), so that what is judged here is exactly what the server reads.
 */
public record CoverReading(double tiltDeg, boolean open, double waterLevelCm, double gasPpm, int batteryPct, int rssiDbm) {

  /** The alarm types this reading's condition meets under {@code limits}. */
  public Set<AlarmType> breaches(CoverLimits limits) {
    return limits.breachedBy(tiltDeg, open, waterLevelCm, gasPpm, batteryPct);
  }

  /** A sensor reports tenths; the payload carries the same. */
  static double tenths(double value) {
    return Math.round(value * 10) / 10.0;
  }
}
