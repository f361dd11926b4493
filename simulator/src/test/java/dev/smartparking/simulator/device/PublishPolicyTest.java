package dev.smartparking.simulator.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PublishPolicyTest {

  private final PublishPolicy policy = new PublishPolicy(Duration.ofSeconds(1), Duration.ofSeconds(30));

  @Test
  void firstSnapshotIsAlwaysDue() {
    assertThat(policy.due(true, false, 0)).isTrue();
  }

  @Test
  void aChangeWaitsForTheMinimumInterval() {
    assertThat(policy.due(false, true, 999)).isFalse();
    assertThat(policy.due(false, true, 1000)).isTrue();
  }

  @Test
  void anUnchangedSnapshotIsRepeatedOnlyAtTheHeartbeat() {
    assertThat(policy.due(false, false, 29_999)).isFalse();
    assertThat(policy.due(false, false, 30_000)).isTrue();
  }
}
