package dev.smartparking.api.replica;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The standby's age from the primary's sampled WAL positions; never flattering. */
class ReplicaLagTest {

  private static final long S = TimeUnit.SECONDS.toNanos(1);
  private final ReplicaLag lag = new ReplicaLag(null, null, () -> 0L);

  @Test
  void aStandbyAsOldAsTheNewestSampleItReplayed() {
    lag.sample(0, 100);
    lag.sample(S, 200);
    lag.sample(2 * S, 300);

    assertThat(lag.behind(2 * S + S / 2, 250)).isEqualTo(1.5);
  }

  @Test
  void aStandbyThatReplayedEverythingSampledIsAsOldAsTheLastSample() {
    lag.sample(0, 100);
    lag.sample(S, 100);

    assertThat(lag.behind(S, 100)).isZero();
  }

  @Test
  void aStandbyBehindEverySampleIsAtLeastAsOldAsTheOldest() {
    lag.sample(0, 100);
    lag.sample(S, 200);

    assertThat(lag.behind(3 * S, 50)).isEqualTo(3.0);
  }

  @Test
  void theStandbyCatchingUpLowersItsAge() {
    lag.sample(0, 100);
    lag.sample(S, 200);
    assertThat(lag.behind(2 * S, 150)).isEqualTo(2.0);

    lag.sample(2 * S, 300);
    assertThat(lag.behind(2 * S, 300)).isZero();
  }
}
