package dev.smartparking.simulator.realistic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RainTest {

  private static final LocalDateTime START = LocalDateTime.of(2026, 11, 27, 7, 30);

  @Test
  void rainIsGivenAsTimeOfDayAndDurationInSimulatedTime() {
    Rain rain = Rain.parse("08:10,30m", START);

    assertThat(rain).isEqualTo(new Rain(LocalDateTime.of(2026, 11, 27, 8, 10), Duration.ofMinutes(30)));
    assertThat(rain.at(LocalDateTime.of(2026, 11, 27, 8, 9))).isFalse();
    assertThat(rain.at(LocalDateTime.of(2026, 11, 27, 8, 10))).isTrue();
    assertThat(rain.at(LocalDateTime.of(2026, 11, 27, 8, 40))).isFalse();
  }

  @Test
  void aRainTimeEarlierThanTheStartFallsOnTheNextDay() {
    assertThat(Rain.parse("06:00,1h", START).start()).isEqualTo(LocalDateTime.of(2026, 11, 28, 6, 0));
  }

  @Test
  void aRainWithoutDurationIsRefused() {
    assertThatThrownBy(() -> Rain.parse("08:10", START)).hasMessageContaining("START,DURATION");
  }

  @Test
  void aCertainChanceGivesARainOfTwentyToNinetyMinutesWithinTheRun() {
    for (long seed = 0; seed < 50; seed++) {
      Optional<Rain> rain = Rain.byChance(1.0, START, Duration.ofHours(2), new SplittableRandom(seed));

      assertThat(rain).isPresent();
      assertThat(rain.get().start()).isBetween(START, START.plusHours(2));
      assertThat(rain.get().length()).isBetween(Duration.ofMinutes(20), Duration.ofMinutes(90));
    }
  }

  @Test
  void noChanceGivesNoRain() {
    assertThat(Rain.byChance(0.0, START, Duration.ofHours(2), new SplittableRandom(1))).isEmpty();
  }
}
