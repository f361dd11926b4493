package dev.smartparking.simulator.realistic;

import dev.smartparking.simulator.DurationText;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Optional;
import java.util.random.RandomGenerator;

/** A rain episode in simulated time; covers' water levels rise while it lasts and fall after it. */
public record Rain(LocalDateTime start, Duration length) {

  static final Duration SHORTEST_CHANCE_RAIN = Duration.ofMinutes(20);
  static final Duration LONGEST_CHANCE_RAIN = Duration.ofMinutes(90);

  public Rain {
    if (length.isNegative() || length.isZero()) {
      throw new IllegalArgumentException("rain must last some time");
    }
  }

  public boolean at(LocalDateTime time) {
    return !time.isBefore(start) && time.isBefore(start.plus(length));
  }

  /**
   * Reads {@code HH:mm,DURATION} (e.g. {@code 08:10,30m}): the first such time of day at or after
   * {@code runStart}.
   */
  public static Rain parse(String text, LocalDateTime runStart) {
    String[] parts = text.split(",", -1);
    if (parts.length != 2) {
      throw new IllegalArgumentException("--rain takes START,DURATION, e.g. 08:10,30m; got " + text);
    }
    LocalDateTime start = runStart.toLocalDate().atTime(LocalTime.parse(parts[0].strip()));
    if (start.isBefore(runStart)) {
      start = start.plusDays(1);
    }
    return new Rain(start, DurationText.parse(parts[1]));
  }

  /** With probability {@code chance}, a rain of 20 to 90 minutes starting somewhere in the run. */
  public static Optional<Rain> byChance(double chance, LocalDateTime runStart, Duration runSpan, RandomGenerator random) {
    if (random.nextDouble() >= chance || runSpan.isZero()) {
      return Optional.empty();
    }
    long offsetSeconds = (long) (runSpan.toSeconds() * random.nextDouble() * 0.6);
    long spread = LONGEST_CHANCE_RAIN.minus(SHORTEST_CHANCE_RAIN).toSeconds();
    Duration length = SHORTEST_CHANCE_RAIN.plusSeconds((long) (spread * random.nextDouble()));
    return Optional.of(new Rain(runStart.plusSeconds(offsetSeconds), length));
  }
}
