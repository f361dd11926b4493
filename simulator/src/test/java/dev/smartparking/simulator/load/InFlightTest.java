package dev.smartparking.simulator.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InFlightTest {

  @Test
  void idsInFlightAreDistinctAndTheWindowCapsThem() {
    InFlight inFlight = new InFlight(4);
    Set<Integer> ids = new HashSet<>();

    for (int i = 0; i < 4; i++) {
      ids.add(inFlight.acquire(100 + i));
    }

    assertThat(ids).containsExactlyInAnyOrder(1, 2, 3, 4);
    assertThat(inFlight.acquire(200)).as("window full").isZero();
    assertThat(inFlight.room()).isZero();
  }

  @Test
  void releasingAnIdReturnsItsSendTimeAndFreesItForReuse() {
    InFlight inFlight = new InFlight(2);
    int first = inFlight.acquire(1_000);
    inFlight.acquire(2_000);

    assertThat(inFlight.release(first)).isEqualTo(1_000);
    assertThat(inFlight.holds(first)).isFalse();
    assertThat(inFlight.acquire(3_000)).isEqualTo(first);
    assertThat(inFlight.sentNanos(first)).isEqualTo(3_000);
  }

  @Test
  void idsNeverAcquiredOrOutOfRangeAreNotHeld() {
    InFlight inFlight = new InFlight(2);

    assertThat(inFlight.holds(1)).isFalse();
    assertThat(inFlight.holds(0)).isFalse();
    assertThat(inFlight.holds(3)).isFalse();
    assertThat(inFlight.holds(-1)).isFalse();
  }

  @Test
  void aServerReceiveMaximumBelowTheWindowLowersTheRoom() {
    InFlight inFlight = new InFlight(20);

    inFlight.limit(3);

    assertThat(inFlight.room()).isEqualTo(3);
    inFlight.acquire(1);
    inFlight.acquire(1);
    inFlight.acquire(1);
    assertThat(inFlight.acquire(1)).isZero();
  }

  @Test
  void aDuplicatePubrecIsRecognised() {
    InFlight inFlight = new InFlight(2);
    int id = inFlight.acquire(1);

    assertThat(inFlight.markReceived(id)).isTrue();
    assertThat(inFlight.markReceived(id)).isFalse();
  }

  @Test
  void clearingCountsWhatWasStillUnacknowledged() {
    InFlight inFlight = new InFlight(5);
    inFlight.acquire(1);
    int second = inFlight.acquire(1);
    inFlight.acquire(1);
    inFlight.release(second);

    assertThat(inFlight.clear()).isEqualTo(2);
    assertThat(inFlight.size()).isZero();
    assertThat(inFlight.room()).isEqualTo(5);
  }
}
