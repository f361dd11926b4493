package dev.smartparking.simulator.city;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LargestRemainderTest {

  @Test
  void partsAddUpToTheTotalAndStayWithinOneOfTheirQuota() {
    Random random = new Random(1);
    for (int round = 0; round < 200; round++) {
      List<Long> weights = IntStream.range(0, 1 + random.nextInt(12)).mapToObj(i -> (long) random.nextInt(100_000)).toList();
      int total = random.nextInt(1000);
      double sum = weights.stream().mapToLong(Long::longValue).sum();

      int[] parts = LargestRemainder.apportion(total, weights);

      if (sum == 0) {
        assertThat(IntStream.of(parts).sum()).isZero();
        continue;
      }
      assertThat(IntStream.of(parts).sum()).isEqualTo(total);
      for (int i = 0; i < parts.length; i++) {
        assertThat((double) parts[i]).isCloseTo(total * weights.get(i) / sum, within(1.0));
      }
    }
  }

  @Test
  void largestRemaindersGetTheLeftoverAndTiesGoToTheEarlierShare() {
    assertThat(LargestRemainder.apportion(10, List.of(1L, 1L, 1L))).containsExactly(4, 3, 3);
    assertThat(LargestRemainder.apportion(5, List.of(10L, 35L, 55L))).containsExactly(0, 2, 3);
  }

  @Test
  void nothingToShareGivesZeroes() {
    assertThat(LargestRemainder.apportion(0, List.of(3L, 4L))).containsExactly(0, 0);
  }
}
