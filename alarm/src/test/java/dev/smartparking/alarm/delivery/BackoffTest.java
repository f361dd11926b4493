package dev.smartparking.alarm.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BackoffTest {

  private final Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5), new SplittableRandom(7));

  @Test
  void theCeilingDoublesWithEachFailedAttemptUpToTheCap() {
    assertThat(IntStream.rangeClosed(1, 11).mapToLong(backoff::ceilingMs).boxed().toList())
        .containsExactly(1_000L, 2_000L, 4_000L, 8_000L, 16_000L, 32_000L, 64_000L, 128_000L, 256_000L, 300_000L,
            300_000L);
    assertThat(backoff.ceilingMs(10_000)).isEqualTo(300_000L);
  }

  @Test
  void delaysAreSpreadBetweenZeroAndTheCeiling() {
    List<Long> delays = IntStream.range(0, 2_000).mapToLong(i -> backoff.delayMs(4)).boxed().toList();

    assertThat(delays).allMatch(d -> d >= 0 && d <= 8_000);
    assertThat(delays.stream().filter(d -> d < 2_000).count()).isBetween(350L, 650L);
    assertThat(delays.stream().filter(d -> d > 6_000).count()).isBetween(350L, 650L);
  }
}
