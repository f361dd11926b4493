package dev.smartparking.simulator.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smartparking.simulator.city.LotKind;
import java.time.LocalTime;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LotOccupancyTest {

  @Test
  void aCommuterLotFillsThroughTheMorningRush() {
    SplittableRandom random = new SplittableRandom(11);
    LocalTime time = LocalTime.of(6, 30);
    LotOccupancy lot = new LotOccupancy(300, DemandCurve.forKind(LotKind.COMMUTER), 1.0, time);
    int freeAtStart = lot.free();

    for (int minute = 0; minute < 180; minute++) {
      time = time.plusMinutes(1);
      lot.advance(time, 1.0, random);
    }

    assertThat(freeAtStart).isGreaterThan(250);
    assertThat(lot.free()).isLessThan(70);
  }

  @Test
  void freeCountStaysWithinZeroAndCapacityEvenWithLargeSteps() {
    SplittableRandom random = new SplittableRandom(5);
    LocalTime time = LocalTime.of(0, 0);
    LotOccupancy lot = new LotOccupancy(8, DemandCurve.forKind(LotKind.RESIDENTIAL), 1.1, time);

    for (int step = 0; step < 2000; step++) {
      time = time.plusMinutes(7);
      assertThat(lot.advance(time, 7.0, random)).isBetween(0, 8);
    }
  }

  @Test
  void noTimePassedMeansNoChange() {
    LotOccupancy lot = new LotOccupancy(100, DemandCurve.forKind(LotKind.HOSPITAL), 1.0, LocalTime.NOON);
    int before = lot.free();

    assertThat(lot.advance(LocalTime.NOON, 0.0, new SplittableRandom(1))).isEqualTo(before);
  }
}
