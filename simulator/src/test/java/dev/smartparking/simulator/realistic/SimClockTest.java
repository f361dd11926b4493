package dev.smartparking.simulator.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;

class SimClockTest {

  private static final long START = 1_000_000_000L;
  private final SimClock clock = new SimClock(LocalTime.of(7, 30), Duration.ofMinutes(60), Duration.ofSeconds(60), START);

  @Test
  void wallDurationCoversTheSimulatedSpan() {
    assertThat(clock.simTimeAt(START)).isEqualTo(LocalTime.of(7, 30));
    assertThat(clock.simTimeAt(START + Duration.ofSeconds(30).toNanos())).isEqualTo(LocalTime.of(8, 0));
    assertThat(clock.simTimeAt(START + Duration.ofSeconds(60).toNanos())).isEqualTo(LocalTime.of(8, 30));
  }

  @Test
  void simulatedTimeStopsAtTheEndOfTheSpan() {
    assertThat(clock.simTimeAt(START + Duration.ofSeconds(90).toNanos())).isEqualTo(LocalTime.of(8, 30));
    assertThat(clock.finishedAt(START + Duration.ofSeconds(59).toNanos())).isFalse();
    assertThat(clock.finishedAt(START + Duration.ofSeconds(60).toNanos())).isTrue();
  }
}
