package dev.smartparking.simulator.city;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CapacityDistributionTest {

  @Test
  void drawsStayWithinBoundsAndAverageLikeATriangle() {
    CapacityDistribution distribution = new CapacityDistribution(10, 20, 100);
    SplittableRandom random = new SplittableRandom(3);
    long sum = 0;
    int n = 100_000;
    for (int i = 0; i < n; i++) {
      int draw = distribution.draw(random);
      assertThat(draw).isBetween(10, 100);
      sum += draw;
    }

    assertThat((double) sum / n).isCloseTo((10 + 20 + 100) / 3.0, within(0.5));
  }

  @Test
  void boundsOutOfOrderAreRefused() {
    assertThatThrownBy(() -> new CapacityDistribution(10, 5, 100)).isInstanceOf(IllegalArgumentException.class);
  }
}
