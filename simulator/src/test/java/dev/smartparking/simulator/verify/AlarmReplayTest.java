package dev.smartparking.simulator.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smartparking.simulator.city.AlarmType;
import dev.smartparking.simulator.city.CoverLimits;
import dev.smartparking.simulator.ledger.Answer;
import dev.smartparking.simulator.ledger.CoverTruth;
import dev.smartparking.simulator.ledger.LedgerEntry;
import dev.smartparking.simulator.verify.AlarmReplay.State;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Episodes of readings and the alarm events the server must make of them. */
class AlarmReplayTest {

  private static final CoverLimits LIMITS = CoverLimits.DEFAULTS;
  private static final double DRY = -150;

  private final List<LedgerEntry> readings = new ArrayList<>();
  private long ts = 1_700_000_000_000L;

  /** A reading with one measurement set apart from a quiet one's. */
  private LedgerEntry reading(CoverLimits limits, double tilt, boolean open, double water, double gas, int battery) {
    ts += 10_000;
    LedgerEntry entry =
        new LedgerEntry(
            "cs-C-1", "v1/covers/C-1/telemetry", ts / 10, ts, 1, LedgerEntry.ACCEPTED, Answer.ACKED, 0, null, "x",
            new CoverTruth("C-1", "U-01", limits, tilt, open, water, gas, battery), ts + 20);
    readings.add(entry);
    return entry;
  }

  private LedgerEntry quiet() {
    return reading(LIMITS, 1.0, false, DRY, 2.0, 80);
  }

  private LedgerEntry tilted() {
    return reading(LIMITS, 31.0, false, DRY, 2.0, 80);
  }

  private List<String> replay(AlarmType type, State initial) {
    return AlarmReplay.replay(readings, type, initial).stream()
        .map(e -> e.event() + " seq " + e.reading().seq() + (e.raised() ? (e.newAlarm() ? " new" : " again") : ""))
        .toList();
  }

  @Test
  void aTiltEpisodeRaisesOneAlarmAtItsFirstReadingAndClearsItAtTheFirstReadingBackWithinLimits() {
    quiet();
    LedgerEntry first = tilted();
    tilted();
    tilted();
    LedgerEntry back = quiet();
    quiet();

    assertThat(replay(AlarmType.TILT, State.NONE))
        .containsExactly("alarm.raised seq " + first.seq() + " new", "alarm.cleared seq " + back.seq());
    assertThat(replay(AlarmType.GAS, State.NONE)).isEmpty();
  }

  @Test
  void aSecondEpisodeBeforeAnyoneResolvesTheFirstRaisesTheSameAlarmAgain() {
    LedgerEntry first = tilted();
    LedgerEntry back = quiet();
    LedgerEntry again = tilted();

    assertThat(replay(AlarmType.TILT, State.NONE))
        .containsExactly(
            "alarm.raised seq " + first.seq() + " new", "alarm.cleared seq " + back.seq(), "alarm.raised seq " + again.seq() + " again");
  }

  @Test
  void onlyTheNewestReadingJudges() {
    LedgerEntry first = tilted();
    LedgerEntry back = quiet();
    // Sent later but stamped before the newest: the server keeps the newest ts and this one judges nothing.
    readings.add(withTs(tilted(), back.ts() - 1));
    readings.remove(readings.size() - 2);

    assertThat(replay(AlarmType.TILT, State.NONE))
        .containsExactly("alarm.raised seq " + first.seq() + " new", "alarm.cleared seq " + back.seq());
  }

  @Test
  void aReadingWithTheSameTsAsTheNewestJudgesNothing() {
    LedgerEntry back = quiet();
    readings.add(withTs(tilted(), back.ts()));
    readings.remove(readings.size() - 2);

    assertThat(replay(AlarmType.TILT, State.NONE)).isEmpty();
  }

  @Test
  void anAlarmActiveWhenTheRunBeganIsClearedByItsFirstReadingWithinLimits() {
    LedgerEntry back = quiet();
    tilted();

    assertThat(replay(AlarmType.TILT, State.ACTIVE)).containsExactly("alarm.cleared seq " + back.seq(), "alarm.raised seq " + (back.seq() + 1000) + " again");
    assertThat(replay(AlarmType.TILT, State.CLEARED)).containsExactly("alarm.raised seq " + (back.seq() + 1000) + " again");
  }

  @Test
  void thresholdsAreTheCoversOwnWithTheProtocolsComparisons() {
    CoverLimits own = new CoverLimits(600, 10.0, 20.0, 50.0, 30);
    reading(own, 20.0, false, -50.0, 10.0, 30); // each exactly at its threshold
    LedgerEntry over = reading(own, 20.1, true, -45.0, 10.1, 29);

    assertThat(replay(AlarmType.TILT, State.NONE)).containsExactly("alarm.raised seq " + over.seq() + " new");
    assertThat(replay(AlarmType.OPEN, State.NONE)).containsExactly("alarm.raised seq " + over.seq() + " new");
    // water: at most the margin below the rim (>=), so exactly at it counts
    assertThat(replay(AlarmType.WATER, State.NONE)).containsExactly("alarm.raised seq " + readings.get(0).seq() + " new");
    assertThat(replay(AlarmType.GAS, State.NONE)).containsExactly("alarm.raised seq " + over.seq() + " new");
    assertThat(replay(AlarmType.BATTERY, State.NONE)).containsExactly("alarm.raised seq " + over.seq() + " new");
  }

  @Test
  void theDefaultThresholdsAreThoseOfTheProtocol() {
    LedgerEntry edge = reading(LIMITS, 15.0, false, -30.0, 25.0, 20);

    assertThat(edge.cover().breaches()).containsExactly(AlarmType.WATER);
  }

  @Test
  void whereTheRunBeganIsReadFromEachAlarmsLastEventBeforeIt() {
    Instant since = Instant.parse("2026-11-27T07:30:00Z");
    AlarmRecord cleared = alarm("A-000001", event(1, "alarm.raised", "2026-11-27T07:00:00Z", true), event(2, "alarm.cleared", "2026-11-27T07:10:00Z", false));
    AlarmRecord activeThenClearedInRun =
        alarm("A-000002", event(3, "alarm.raised", "2026-11-27T07:20:00Z", true), event(4, "alarm.cleared", "2026-11-27T07:31:00Z", false));
    AlarmRecord raisedInRun = alarm("A-000003", event(5, "alarm.raised", "2026-11-27T07:40:00Z", true));

    assertThat(AlarmReplay.initial(List.of(cleared), since)).isEqualTo(State.CLEARED);
    assertThat(AlarmReplay.initial(List.of(activeThenClearedInRun), since)).isEqualTo(State.ACTIVE);
    assertThat(AlarmReplay.initial(List.of(raisedInRun), since)).isEqualTo(State.NONE);
    assertThat(AlarmReplay.initial(List.of(), since)).isEqualTo(State.NONE);
  }

  private static LedgerEntry withTs(LedgerEntry entry, long ts) {
    return new LedgerEntry(
        entry.device(), entry.topic(), entry.seq(), ts, entry.qos(), entry.expect(), entry.answer(), entry.reasonCode(), null,
        entry.payloadSha256(), entry.cover(), entry.answeredAt());
  }

  private static AlarmEvent event(long number, String kind, String at, boolean active) {
    return new AlarmEvent(
        number, "E-%06d".formatted(number), kind, Instant.parse(at), new JsonObject().put("active", active), new JsonObject());
  }

  private static AlarmRecord alarm(String id, AlarmEvent... events) {
    return new AlarmRecord(id, "C-1", "U-01", AlarmType.TILT, "open", true, new JsonObject().put("id", id), List.of(events));
  }
}
