package dev.smartparking.simulator.realistic;

import dev.smartparking.simulator.city.City;
import dev.smartparking.simulator.device.PublishPolicy;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Optional;

/**
 * How a realistic run plays: simulated start and span, the wall time it takes, and what happens in it.
 *
 * @param tick wall time between two simulation steps
 * @param silences which cover sensors fall silent, and the server's sweep interval they are planned by
 */
public record RunSettings(
    LocalDateTime start,
    Duration simSpan,
    Duration wallDuration,
    Duration tick,
    PublishPolicy policy,
    Optional<Rain> rain,
    CoverHazards hazards,
    Outages outages,
    CoverSilences silences) {

  /** Simulated seconds per wall second. */
  public double speedUp() {
    return simSpan.toNanos() / (double) wallDuration.toNanos();
  }

  /**
   * The city as the server must know it for this run: each cover's report interval in wall seconds.
   *
   * <p>The server judges silence by its own clock (2 × report_interval_s since it last received a
   * reading), and cannot know that the run's time is sped up. So the catalogue the run provisions
   * states the interval its sensors really keep in wall time: the generated (simulated) interval
   * divided by the speed-up, rounded, at least 1 s. The sensor then reports every that many wall
   * seconds, i.e. every interval × speed-up of simulated time ({@link CityRun}), so the server's
   * expectation and the sensor agree and a silence means what it says.
   */
  public City inWallClock(City city) {
    double speedUp = speedUp();
    return city.withCovers(
        c -> c.withLimits(c.limits().withReportIntervalS((int) Math.max(1, Math.round(c.limits().reportIntervalS() / speedUp)))));
  }
}
