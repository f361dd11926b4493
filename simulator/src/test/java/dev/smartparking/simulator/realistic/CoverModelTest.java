package dev.smartparking.simulator.realistic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smartparking.simulator.city.AlarmType;
import dev.smartparking.simulator.city.Cover;
import dev.smartparking.simulator.city.CoverLimits;
import dev.smartparking.simulator.city.GeoPoint;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CoverModelTest {

  private static final Cover COVER = new Cover("C-0001", "U-01", "410802", new GeoPoint(35.24, 113.23), CoverLimits.DEFAULTS);
  private static final CoverHazards QUIET = new CoverHazards(0, 0, 0, 0);

  private static boolean breaches(CoverReading reading, AlarmType type) {
    return reading.breaches(COVER.limits()).contains(type);
  }

  private static CoverModel cover(CoverHazards hazards, long seed) {
    return new CoverModel(COVER, hazards, new SplittableRandom(seed));
  }

  @Test
  void rainRaisesTheWaterLevelAndItDrainsAfterwards() {
    SplittableRandom random = new SplittableRandom(1);
    CoverModel cover = cover(QUIET, 1);
    double dry = cover.read(random).waterLevelCm();
    IntStream.range(0, 30).forEach(minute -> cover.advance(1, true, QUIET, random));
    double wet = cover.read(random).waterLevelCm();
    IntStream.range(0, 600).forEach(minute -> cover.advance(1, false, QUIET, random));
    double drained = cover.read(random).waterLevelCm();

    assertThat(dry).isBetween(-200.0, -90.0);
    assertThat(wet).isGreaterThan(dry + 10);
    assertThat(drained).isEqualTo(dry);
  }

  @Test
  void withoutRainTheWaterLevelStaysAtItsDryLevel() {
    SplittableRandom random = new SplittableRandom(2);
    CoverModel cover = cover(QUIET, 2);
    double dry = cover.read(random).waterLevelCm();
    IntStream.range(0, 120).forEach(minute -> cover.advance(1, false, QUIET, random));

    assertThat(cover.read(random).waterLevelCm()).isEqualTo(dry);
  }

  @Test
  void longRainBringsLowCoversWithinAlarmDistanceOfTheRimButNeverFarOverIt() {
    SplittableRandom random = new SplittableRandom(3);
    CoverModel cover = cover(QUIET, 3);
    IntStream.range(0, 600).forEach(minute -> cover.advance(1, true, QUIET, random));

    CoverReading reading = cover.read(random);
    assertThat(breaches(reading, AlarmType.WATER)).isTrue();
    assertThat(reading.waterLevelCm()).isLessThanOrEqualTo(5.0);
  }

  @Test
  void theLowBatteryShareDecidesHowManyCoversStartBelowTwentyPercent() {
    CoverHazards allLow = new CoverHazards(0, 0, 0, 1.0);
    SplittableRandom random = new SplittableRandom(4);
    for (long seed = 0; seed < 20; seed++) {
      assertThat(breaches(cover(allLow, seed).read(random), AlarmType.BATTERY)).isTrue();
      assertThat(breaches(cover(QUIET, seed).read(random), AlarmType.BATTERY)).isFalse();
    }
  }

  @Test
  void frequentHazardsTiltOpenAndLeakGasAboveTheCoversLimit() {
    CoverHazards always = new CoverHazards(1000, 1000, 1000, 0);
    SplittableRandom random = new SplittableRandom(5);
    CoverModel cover = cover(always, 5);
    cover.advance(1, false, always, random);

    CoverReading reading = cover.read(random);
    assertThat(breaches(reading, AlarmType.TILT)).isTrue();
    assertThat(reading.open()).isTrue();
    assertThat(reading.gasPpm()).isGreaterThan(COVER.limits().gasLimitPpm());
  }

  @Test
  void readingsCarryTenthsSoThatTheyAreJudgedAsThePayloadCarriesThem() {
    SplittableRandom random = new SplittableRandom(7);
    CoverModel cover = cover(new CoverHazards(1000, 0, 1000, 0), 7);
    IntStream.range(0, 20).forEach(minute -> cover.advance(1, true, QUIET, random));

    CoverReading reading = cover.read(random);
    for (double value : new double[] {reading.tiltDeg(), reading.waterLevelCm(), reading.gasPpm()}) {
      assertThat(Math.round(value * 10) / 10.0).isEqualTo(value);
    }
  }

  @Test
  void quietCoversStayUprightClosedAndGasFree() {
    SplittableRandom random = new SplittableRandom(6);
    CoverModel cover = cover(QUIET, 6);
    IntStream.range(0, 24 * 60).forEach(minute -> cover.advance(1, false, QUIET, random));

    CoverReading reading = cover.read(random);
    assertThat(breaches(reading, AlarmType.TILT)).isFalse();
    assertThat(reading.open()).isFalse();
    assertThat(reading.gasPpm()).isLessThan(COVER.limits().gasLimitPpm());
  }
}
