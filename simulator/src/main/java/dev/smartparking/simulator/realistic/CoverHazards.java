package dev.smartparking.simulator.realistic;

/**
 * How often rare things happen to a cover, per cover and simulated hour, and the share of covers
 * whose battery is already low.
 */
public record CoverHazards(double tiltPerHour, double openPerHour, double gasPerHour, double lowBatteryShare) {

  public CoverHazards {
    if (tiltPerHour < 0 || openPerHour < 0 || gasPerHour < 0 || lowBatteryShare < 0 || lowBatteryShare > 1) {
      throw new IllegalArgumentException("rates must be >= 0 and the low-battery share within 0..1");
    }
  }
}
