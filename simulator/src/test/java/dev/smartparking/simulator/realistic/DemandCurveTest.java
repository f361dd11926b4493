package dev.smartparking.simulator.realistic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.smartparking.simulator.city.LotKind;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemandCurveTest {

  private static double at(LotKind kind, String time) {
    return DemandCurve.weekday(kind).occupancyAt(LocalTime.parse(time));
  }

  @Test
  void commuterLotsFillInTheMorningAndEmptyInTheEvening() {
    assertThat(at(LotKind.COMMUTER, "06:00")).isLessThan(0.2);
    assertThat(at(LotKind.COMMUTER, "09:30")).isGreaterThan(0.85);
    assertThat(at(LotKind.COMMUTER, "21:00")).isLessThan(0.2);
  }

  @Test
  void commercialLotsPeakAtMidday() {
    assertThat(at(LotKind.COMMERCIAL, "12:00")).isGreaterThan(at(LotKind.COMMERCIAL, "08:00") + 0.5);
    assertThat(at(LotKind.COMMERCIAL, "12:00")).isGreaterThan(at(LotKind.COMMERCIAL, "15:00"));
  }

  @Test
  void hospitalLotsAreBusyThroughTheWorkingDay() {
    assertThat(at(LotKind.HOSPITAL, "10:00")).isGreaterThan(0.9);
    assertThat(at(LotKind.HOSPITAL, "14:00")).isGreaterThan(0.85);
    assertThat(at(LotKind.HOSPITAL, "03:00")).isLessThan(0.4);
  }

  @Test
  void residentialLotsEmptyInTheMorningAndRefillInTheEvening() {
    assertThat(at(LotKind.RESIDENTIAL, "06:00")).isGreaterThan(0.9);
    assertThat(at(LotKind.RESIDENTIAL, "10:00")).isLessThan(0.5);
    assertThat(at(LotKind.RESIDENTIAL, "21:00")).isGreaterThan(0.85);
  }

  @Test
  void curvesStayBetweenEmptyAndFullAllDay() {
    for (LotKind kind : LotKind.values()) {
      for (DemandCurve curve : List.of(DemandCurve.weekday(kind), DemandCurve.weekend(kind))) {
        for (int minute = 0; minute < 24 * 60; minute++) {
          assertThat(curve.occupancyAt(LocalTime.ofSecondOfDay(minute * 60L))).as(kind + " at " + minute).isBetween(0.0, 1.0);
        }
      }
    }
  }

  private static double weekend(LotKind kind, String time) {
    return DemandCurve.weekend(kind).occupancyAt(LocalTime.parse(time));
  }

  @Test
  void commuterLotsStayMostlyEmptyAtWeekends() {
    assertThat(weekend(LotKind.COMMUTER, "10:00")).isLessThan(0.4).isLessThan(at(LotKind.COMMUTER, "10:00") - 0.5);
  }

  @Test
  void commercialLotsAreBusierAtWeekendsThanOnWeekdays() {
    assertThat(weekend(LotKind.COMMERCIAL, "15:00")).isGreaterThan(0.9).isGreaterThan(at(LotKind.COMMERCIAL, "15:00"));
  }

  @Test
  void hospitalLotsAreQuieterAtWeekendsWithoutClinics() {
    assertThat(weekend(LotKind.HOSPITAL, "10:00")).isLessThan(at(LotKind.HOSPITAL, "10:00") - 0.2);
  }

  @Test
  void residentsStayHomeAtWeekends() {
    assertThat(weekend(LotKind.RESIDENTIAL, "10:00")).isGreaterThan(0.75).isGreaterThan(at(LotKind.RESIDENTIAL, "10:00") + 0.3);
  }

  @Test
  void aLotsDemandTakesTheWeekendCurveOnSaturdayAndSunday() {
    LotDemand demand = LotDemand.forKind(LotKind.COMMUTER);
    LocalTime ten = LocalTime.of(10, 0);

    // 2026-11-27 is a Friday.
    assertThat(demand.occupancyAt(LocalDateTime.of(2026, 11, 27, 10, 0))).isEqualTo(DemandCurve.weekday(LotKind.COMMUTER).occupancyAt(ten));
    assertThat(demand.occupancyAt(LocalDateTime.of(2026, 11, 28, 10, 0))).isEqualTo(DemandCurve.weekend(LotKind.COMMUTER).occupancyAt(ten));
    assertThat(demand.occupancyAt(LocalDateTime.of(2026, 11, 29, 10, 0))).isEqualTo(DemandCurve.weekend(LotKind.COMMUTER).occupancyAt(ten));
    assertThat(demand.occupancyAt(LocalDateTime.of(2026, 11, 30, 10, 0))).isEqualTo(DemandCurve.weekday(LotKind.COMMUTER).occupancyAt(ten));
  }

  @Test
  void occupancyIsLinearBetweenPoints() {
    DemandCurve curve = new DemandCurve(List.of(new DemandCurve.Point(0, 0.0), new DemandCurve.Point(600, 0.6), new DemandCurve.Point(1440, 0.0)));

    assertThat(curve.occupancyAt(LocalTime.of(5, 0))).isCloseTo(0.3, within(1e-9));
    assertThat(curve.occupancyAt(LocalTime.of(17, 0))).isCloseTo(0.6 * 420 / 840, within(1e-9));
  }

  @Test
  void aCurveMustCoverTheWholeDay() {
    assertThatThrownBy(() -> new DemandCurve(List.of(new DemandCurve.Point(0, 0.1), new DemandCurve.Point(600, 0.2))))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
