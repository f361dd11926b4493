package dev.smartparking.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RetryDelayTest {

  @Test
  void doublesUpToItsCeiling() {
    RetryDelay delay = RetryDelay.startingAt(50, 2_000);
    long[] seen = new long[8];
    for (int i = 0; i < seen.length; i++) {
      seen[i] = delay.currentMillis();
      delay = delay.next();
    }

    assertThat(seen).containsExactly(50, 100, 200, 400, 800, 1600, 2000, 2000);
  }

  @Test
  void eachWaitIsBetweenHalfAndAllOfTheDelay() {
    RetryDelay delay = RetryDelay.startingAt(2_000, 2_000);
    for (int i = 0; i < 1_000; i++) {
      assertThat(delay.jitteredMillis()).isBetween(1_000L, 2_000L);
    }
  }

  /** Waiters hit by the same fault must not come back in step: not every draw the same. */
  @Test
  void waitsAreSpread() {
    RetryDelay delay = RetryDelay.startingAt(2_000, 2_000);
    Set<Long> waits = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      waits.add(delay.jitteredMillis());
    }

    // 100 draws from 1001 values: fewer than 20 distinct ones would be a broken jitter
    assertThat(waits).hasSizeGreaterThan(20);
  }
}
