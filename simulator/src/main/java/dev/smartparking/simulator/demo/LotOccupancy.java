package dev.smartparking.simulator.demo;

import java.time.LocalTime;
import java.util.random.RandomGenerator;

/**
 * A lot's occupied spaces as a mean-reverting random walk around its demand curve.
 *
 * <p>It drifts towards the curve with a time constant of {@value #TAU_MINUTES} simulated minutes and
 * jitters as independent arrivals and departures would.
 */
public final class LotOccupancy {

  static final double TAU_MINUTES = 12.0;

  private final int capacity;
  private final DemandCurve curve;
  private final double propensity;
  private double occupied;

  /**
   * @param propensity how much busier (above 1) or quieter than its kind this lot runs
   */
  public LotOccupancy(int capacity, DemandCurve curve, double propensity, LocalTime start) {
    this.capacity = capacity;
    this.curve = curve;
    this.propensity = propensity;
    this.occupied = target(start);
  }

  /** Moves the lot forward by {@code minutes} of simulated time ending at {@code at}; returns the free count. */
  public int advance(LocalTime at, double minutes, RandomGenerator random) {
    if (minutes > 0) {
      double pull = 1 - Math.exp(-minutes / TAU_MINUTES);
      double sigmaPerSqrtMinute = Math.max(0.4, capacity * 0.02);
      occupied += (target(at) - occupied) * pull + random.nextGaussian() * sigmaPerSqrtMinute * Math.sqrt(minutes);
      occupied = Math.max(0, Math.min(capacity, occupied));
    }
    return free();
  }

  public int free() {
    return capacity - (int) Math.round(occupied);
  }

  private double target(LocalTime at) {
    return Math.min(1.0, curve.occupancyAt(at) * propensity) * capacity;
  }
}
