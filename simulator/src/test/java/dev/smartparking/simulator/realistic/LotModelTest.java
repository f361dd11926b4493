package dev.smartparking.simulator.realistic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smartparking.simulator.city.GeoPoint;
import dev.smartparking.simulator.city.Lot;
import dev.smartparking.simulator.city.LotKind;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LotModelTest {

  // 2026-11-27 is a Friday.
  private static final LocalDateTime FRIDAY_MIDNIGHT = LocalDateTime.of(2026, 11, 27, 0, 0);

  static Lot lot(LotKind kind, int capacity) {
    return new Lot("L-410802-0001", "解放区停车场01", "410802", new GeoPoint(35.24, 113.23), capacity, kind, List.of());
  }

  static Lot segment(int bays) {
    List<String> ids = IntStream.rangeClosed(1, bays).mapToObj(i -> "S-410802-0001-%02d".formatted(i)).toList();
    return new Lot("S-410802-0001", "解放区路内泊位01", "410802", new GeoPoint(35.24, 113.23), bays, LotKind.ON_STREET, ids);
  }

  private static LotModel model(Lot lot, LocalDateTime start, long seed) {
    return new LotModel(lot, LotDemand.forKind(lot.kind()), 1.0, start, new SplittableRandom(seed));
  }

  @Test
  void freeStaysWithinZeroAndCapacityThroughAWholeWeekendForEveryKind() {
    for (LotKind kind : LotKind.values()) {
      Lot lot = kind == LotKind.ON_STREET ? segment(12) : lot(kind, 150);
      LotModel model = model(lot, FRIDAY_MIDNIGHT, 3);
      LocalDateTime at = FRIDAY_MIDNIGHT;
      for (int step = 0; step < 3 * 24 * 60; step++) {
        for (LotEvent event : model.advance(at, at.plusMinutes(1))) {
          assertThat(event.free()).as(kind + " at " + at).isBetween(0, lot.capacity());
        }
        at = at.plusMinutes(1);
        assertThat(model.free()).isBetween(0, lot.capacity());
      }
    }
  }

  @Test
  void aCommuterLotFillsWithTheMorningRushAndEmptiesInTheEvening() {
    LotModel model = model(lot(LotKind.COMMUTER, 300), FRIDAY_MIDNIGHT.plusHours(6), 5);
    int earlyFree = model.free();
    LocalDateTime at = FRIDAY_MIDNIGHT.plusHours(6);
    int nineThirtyFree = -1;
    for (int minute = 0; minute < 15 * 60; minute++) {
      model.advance(at, at.plusMinutes(1));
      at = at.plusMinutes(1);
      if (at.getHour() == 9 && at.getMinute() == 30) {
        nineThirtyFree = model.free();
      }
    }

    assertThat(earlyFree).as("06:00").isGreaterThan(240);
    assertThat(nineThirtyFree).as("09:30").isLessThan(60);
    assertThat(model.free()).as("21:00").isGreaterThan(200);
  }

  @Test
  void occupancyFollowsTheCurveOfTheDayType() {
    LotModel friday = model(lot(LotKind.COMMERCIAL, 400), FRIDAY_MIDNIGHT.plusHours(15), 9);
    LotModel saturday = model(lot(LotKind.COMMERCIAL, 400), FRIDAY_MIDNIGHT.plusDays(1).plusHours(15), 9);

    assertThat(400 - saturday.free()).isGreaterThan(400 - friday.free() + 40);
  }

  @Test
  void everyDepartureIsACarThatWasThereAndEveryArrivalAGateEntry() {
    LotModel model = model(lot(LotKind.COMMERCIAL, 80), FRIDAY_MIDNIGHT.plusHours(11), 11);
    Set<String> inside = new HashSet<>();
    int free = model.free();
    LocalDateTime at = FRIDAY_MIDNIGHT.plusHours(11);
    int departuresOfCarsSeenArriving = 0;
    for (int minute = 0; minute < 8 * 60; minute++) {
      for (LotEvent event : model.advance(at, at.plusMinutes(1))) {
        free += event.in() ? -1 : 1;
        assertThat(event.free()).isEqualTo(free);
        assertThat(event.plate()).matches("豫H[0-9A-HJ-NP-Z]{5}");
        if (event.in()) {
          assertThat(event.gate()).matches("E\\d");
          inside.add(event.plate());
        } else {
          assertThat(event.gate()).matches("X\\d");
          departuresOfCarsSeenArriving += inside.remove(event.plate()) ? 1 : 0;
        }
      }
      at = at.plusMinutes(1);
    }
    assertThat(departuresOfCarsSeenArriving).as("cars that came and went within the run").isGreaterThan(20);
  }

  @Test
  void aBayLotsEventsNameTheBayAndItsFreeCountIsTheBaysNotOccupied() {
    Lot segment = segment(16);
    LotModel model = model(segment, FRIDAY_MIDNIGHT.plusHours(9), 13);
    LocalDateTime at = FRIDAY_MIDNIGHT.plusHours(9);
    int events = 0;
    for (int minute = 0; minute < 4 * 60; minute++) {
      for (LotEvent event : model.advance(at, at.plus(Duration.ofMinutes(1)))) {
        assertThat(segment.bays()).contains(event.bay());
        assertThat(model.isOccupied(event.bay()) || !event.in()).isTrue();
        events++;
      }
      at = at.plusMinutes(1);
      long notOccupied = segment.bays().stream().filter(bay -> !model.isOccupied(bay)).count();
      assertThat(notOccupied).isEqualTo(model.free());
    }
    assertThat(events).isGreaterThan(20);
  }
}
