package dev.smartparking.simulator.verify;

import dev.smartparking.simulator.city.AlarmType;
import dev.smartparking.simulator.ledger.LedgerEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the server must have done with one cover's readings for one reading-judged alarm type
 * (API.md "Manhole-cover alarms", and the design the server follows):
 *
 * <ul>
 *   <li>only the cover's newest reading judges: one whose ts is not after the newest so far raises
 *       and clears nothing;
 *   <li>condition met and no unresolved alarm: a new alarm, {@code alarm.raised};
 *   <li>condition met and the unresolved alarm cleared (not active): the same alarm active again,
 *       {@code alarm.raised} again;
 *   <li>condition met and the alarm active: nothing;
 *   <li>condition gone and the alarm active: {@code alarm.cleared};
 *   <li>condition gone otherwise: nothing.
 * </ul>
 *
 * Nobody resolves alarms during a run, so an alarm once raised stays the cover's one for that type.
 */
final class AlarmReplay {

  /** Where a (cover, type) stands. */
  enum State {
    /** No unresolved alarm. */
    NONE,
    /** An unresolved alarm whose condition is present. */
    ACTIVE,
    /** An unresolved alarm whose condition has gone (cleared, not yet resolved). */
    CLEARED
  }

  /**
   * One event the readings call for.
   *
   * @param reading the reading that causes it
   * @param newAlarm for a raise: a new alarm rather than the unresolved one active again
   */
  record Expected(String event, LedgerEntry reading, boolean newAlarm) {

    boolean raised() {
      return AlarmEvent.RAISED.equals(event);
    }
  }

  private AlarmReplay() {}

  /** The events {@code readings} (in ts order) call for, from {@code initial}. */
  static List<Expected> replay(List<LedgerEntry> readings, AlarmType type, State initial) {
    if (type == AlarmType.SILENT) {
      throw new IllegalArgumentException("silent is judged by the server's clock, not by readings");
    }
    List<Expected> expected = new ArrayList<>();
    State state = initial;
    Long newestTs = null;
    for (LedgerEntry reading : readings) {
      if (newestTs != null && reading.ts() <= newestTs) {
        continue;
      }
      newestTs = reading.ts();
      boolean met = reading.cover().breaches().contains(type);
      if (met && state != State.ACTIVE) {
        expected.add(new Expected(AlarmEvent.RAISED, reading, state == State.NONE));
        state = State.ACTIVE;
      } else if (!met && state == State.ACTIVE) {
        expected.add(new Expected(AlarmEvent.CLEARED, reading, false));
        state = State.CLEARED;
      }
    }
    return expected;
  }

  /**
   * Where a (cover, type) stood when the run began, from the histories of its alarms: as the last
   * event before {@code since} left the alarm (each event carries the alarm after the change); an
   * alarm without events before then did not exist yet, a resolved one no longer counts.
   */
  static State initial(List<AlarmRecord> alarms, Instant since) {
    for (AlarmRecord alarm : alarms) {
      AlarmEvent last = null;
      for (AlarmEvent event : alarm.events()) {
        if (event.occurredAt().isBefore(since)) {
          last = event;
        }
      }
      if (last != null && !AlarmEvent.RESOLVED.equals(last.event()) && last.alarm() != null) {
        return Boolean.TRUE.equals(last.alarm().getBoolean("active")) ? State.ACTIVE : State.CLEARED;
      }
    }
    return State.NONE;
  }
}
