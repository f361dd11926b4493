package dev.smartparking.simulator.realistic;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Gateways losing their uplink: each online gateway drops at {@code perHour} per simulated hour and
 * stays away for half to one and a half times {@code meanLength} of simulated time.
 */
public record Outages(double perHour, Duration meanLength) {

  public Outages {
    if (perHour < 0 || meanLength.isNegative() || meanLength.isZero()) {
      throw new IllegalArgumentException("need a rate >= 0 and a positive outage length");
    }
  }

  public boolean startsWithin(double minutes, RandomGenerator random) {
    return random.nextDouble() < 1 - Math.exp(-perHour * minutes / 60);
  }

  public Duration draw(RandomGenerator random) {
    return Duration.ofMillis((long) (meanLength.toMillis() * (0.5 + random.nextDouble())));
  }
}
