package dev.smartparking.simulator.realistic;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

class SimClockTest {

  private static final long START = 1_000_000_000L;
  private final SimClock clock = new SimClock(LocalDateTime.of(2026, 11, 27, 7, 30), Duration.ofMinutes(60), Duration.ofSeconds(60), START);

  @Test
  void wallDurationCoversTheSimulatedSpan() {
    assertThat(clock.simTimeAt(START)).isEqualTo(LocalDateTime.of(2026, 11, 27, 7, 30));
    assertThat(clock.simTimeAt(START + Duration.ofSeconds(30).toNanos())).isEqualTo(LocalDateTime.of(2026, 11, 27, 8, 0));
    assertThat(clock.simTimeAt(START + Duration.ofSeconds(60).toNanos())).isEqualTo(LocalDateTime.of(2026, 11, 27, 8, 30));
  }

  @Test
  void simulatedTimeStopsAtTheEndOfTheSpan() {
    assertThat(clock.simTimeAt(START + Duration.ofSeconds(90).toNanos())).isEqualTo(LocalDateTime.of(2026, 11, 27, 8, 30));
    assertThat(clock.finishedAt(START + Duration.ofSeconds(59).toNanos())).isFalse();
    assertThat(clock.finishedAt(START + Duration.ofSeconds(60).toNanos())).isTrue();
  }

  @Test
  void aLongRunCrossesIntoTheWeekendAtItsSpeedUp() {
    SimClock weekend = new SimClock(LocalDateTime.of(2026, 11, 27, 20, 0), Duration.ofHours(12), Duration.ofMinutes(2), START);

    assertThat(weekend.speedUp()).isEqualTo(360.0);
    assertThat(weekend.simTimeAt(START + Duration.ofMinutes(1).toNanos())).isEqualTo(LocalDateTime.of(2026, 11, 28, 2, 0));
    assertThat(LotDemand.isWeekend(weekend.simEnd())).isTrue();
  }
}
