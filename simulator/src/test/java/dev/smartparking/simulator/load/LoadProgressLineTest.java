package dev.smartparking.simulator.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LoadProgressLineTest {

  private static LoadCounts counts(long sent, long cpuNanos) {
    return new LoadCounts(sent, sent, 0, 0, 0, 4, 0, 0, 0, 4, 4, cpuNanos);
  }

  @Test
  void cpuPerMessageIsThatSecondsCpuOverThatSecondsMessages() {
    LoadProgressLine line = new LoadProgressLine(4, 0);
    Histogram none = new Histogram(3);

    line.next("publishing", 1, counts(1_000, 50_000_000), none, 0, 1_000_000_000L);
    // The next second: 2,000 more messages for 3 ms more CPU, 1.5 µs each (not 53 ms over 3,000).
    String second = line.next("publishing", 2, counts(3_000, 53_000_000), none, 0, 2_000_000_000L);

    assertThat(second).endsWith("| cpu 1.50us/msg");
  }

  @Test
  void aSecondWithoutMessagesShowsNoCpuPerMessage() {
    LoadProgressLine line = new LoadProgressLine(4, 0);

    String first = line.next("connecting", 1, counts(0, 80_000_000), new Histogram(3), 0, 1_000_000_000L);

    assertThat(first).endsWith("| cpu -");
  }
}
