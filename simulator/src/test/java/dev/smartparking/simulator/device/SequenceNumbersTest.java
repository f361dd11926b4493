package dev.smartparking.simulator.device;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SequenceNumbersTest {

  @Test
  void sequenceNumbersIncreaseByOne() {
    SequenceNumbers seq = SequenceNumbers.startingAt(5);

    assertThat(seq.next()).isEqualTo(5);
    assertThat(seq.next()).isEqualTo(6);
  }

  @Test
  void aLaterRunStartsAboveEverythingAnEarlierRunSent() {
    long firstRunStart = 1_763_870_400_000L;
    SequenceNumbers firstRun = SequenceNumbers.fromWallClock(firstRunStart);
    long last = 0;
    // 10 ms of running at 999 messages per millisecond, far beyond one snapshot a second.
    for (int i = 0; i < 9_990; i++) {
      last = firstRun.next();
    }

    long secondRunFirst = SequenceNumbers.fromWallClock(firstRunStart + 10).next();

    assertThat(secondRunFirst).isGreaterThan(last);
  }
}
