package dev.smartparking.simulator.realistic;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Which cover sensors fall silent in a run, and for how long.
 *
 * <p>The server judges silence by its own clock: a cover whose newest reading it received more
 * than 2 × {@code report_interval_s} wall seconds ago is {@code silent} at its next sweep (every
 * {@code sweepInterval}). So a planned silence lasts, in wall time, 2 × the cover's wall report
 * interval + the sweep interval + {@link #MARGIN} + up to one more interval: long enough that a sweep
 * certainly falls inside it whatever the step timing, and short enough that most fit in a run. It
 * starts at a random point between 10 % of the run and the point where half of it would still fit,
 * so some sensors come back (their next reading clears the alarm) and some are still silent at the
 * end.
 *
 * @param share share of cover sensors that fall silent once
 * @param sweepInterval how often the server sweeps for silent covers (its alarms.sweep-interval)
 */
public record CoverSilences(double share, Duration sweepInterval) {

  /** Beyond 2 intervals + a sweep: what step timing and acknowledgement latency may take off a gap. */
  public static final Duration MARGIN = Duration.ofSeconds(4);

  public static final CoverSilences NONE = new CoverSilences(0, Duration.ofSeconds(30));

  public CoverSilences {
    if (!(share >= 0 && share <= 1)) {
      throw new IllegalArgumentException("the silent share must lie within 0..1, got " + share);
    }
    if (sweepInterval.isNegative() || sweepInterval.isZero()) {
      throw new IllegalArgumentException("the sweep interval must be positive");
    }
  }

  /**
   * A silence for one cover sensor reporting every {@code wallInterval} of wall time, or none; in the
   * simulated time of a run from {@code start} over {@code span} at {@code speedUp}.
   */
  public Optional<Silence> draw(
      Duration wallInterval, LocalDateTime start, Duration span, double speedUp, RandomGenerator random) {
    if (random.nextDouble() >= share) {
      return Optional.empty();
    }
    double wallSeconds =
        2 * seconds(wallInterval) + seconds(sweepInterval) + seconds(MARGIN) + random.nextDouble() * seconds(wallInterval);
    Duration length = Duration.ofNanos(Math.round(wallSeconds * speedUp * 1e9));
    double spanSeconds = seconds(span);
    double earliest = 0.1 * spanSeconds;
    double latest = Math.max(earliest, spanSeconds - 0.5 * seconds(length));
    Duration offset = Duration.ofNanos(Math.round((earliest + random.nextDouble() * (latest - earliest)) * 1e9));
    LocalDateTime from = start.plus(offset);
    return Optional.of(new Silence(from, from.plus(length)));
  }

  private static double seconds(Duration duration) {
    return duration.toNanos() / 1e9;
  }
}
