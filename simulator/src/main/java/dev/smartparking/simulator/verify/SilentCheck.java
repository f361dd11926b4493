package dev.smartparking.simulator.verify;

import dev.smartparking.simulator.ledger.LedgerEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One cover's {@code silent} alarm against its readings' times. The server raises it at a sweep
 * (every {@code sweepInterval}) when it last received a reading more than 2 × report_interval_s
 * (I) ago, by its own clock, and the cover's next accepted reading clears it. The simulator knows
 * each reading's ts (sent) and when its acknowledgement came, so it brackets when the server
 * received it, and judges:
 *
 * <ul>
 *   <li>a raise at r has a cause unless a reading sent after r − 2I (+ tolerance) had been
 *       acknowledged before r (− tolerance): the server then had one younger than 2I;
 *   <li>a clear belongs to the first reading after the raise: one sent at or before it and
 *       acknowledged at or after it, and no reading sent after the raise acknowledged well before it;
 *   <li>a raise still active with a reading sent after it is a clear that never came;
 *   <li>a gap between two readings longer than 2I + the sweep interval + {@link #SWEEP_SLACK}
 *       (from the earlier's acknowledgement to the later's ts) must hold a raise: a sweep certainly
 *       fell inside it. Shorter gaps may or may not raise one, and so may the gap before a cover's
 *       first reading (from when it was registered) and after its last (the run has ended).
 * </ul>
 *
 * <p>All silent episodes of a cover are one alarm, raised again after each clear (nobody resolves
 * it during a run).
 */
final class SilentCheck {

  /** A sweep's own duration and timer drift, beyond the interval. */
  static final Duration SWEEP_SLACK = Duration.ofSeconds(2);

  private static final Duration TOLERANCE = AlarmCheck.TOLERANCE;

  private SilentCheck() {}

  static void check(
      CoverReadings cover, List<AlarmRecord> alarms, List<AlarmEvent> run, Instant since, Duration sweepInterval, Differences differences) {
    List<LedgerEntry> readings = cover.readings();
    Duration twice = Duration.ofSeconds(2L * cover.newest().limits().reportIntervalS());
    String what = "cover %s silent".formatted(cover.coverId());
    AlarmReplay.State state = AlarmReplay.initial(alarms, since);
    String current = state == AlarmReplay.State.NONE ? null : AlarmCheck.unresolvedBefore(alarms, run);
    Instant lastRaise = state == AlarmReplay.State.ACTIVE ? Instant.MIN : null;
    Set<Integer> gapsRaised = new HashSet<>();
    for (AlarmEvent event : run) {
      String alarmId = event.alarm() == null ? null : event.alarm().getString("id");
      if (current != null && !current.equals(alarmId)) {
        differences.add(
            Check.ALARMS, "%s: %s is on %s while %s was unresolved; a cover has one silent alarm".formatted(what, event.describe(), alarmId, current));
      }
      current = alarmId;
      Instant at = event.occurredAt();
      if (event.raised()) {
        if (state == AlarmReplay.State.ACTIVE) {
          differences.add(Check.ALARMS, "%s: %s, but the alarm was active already".formatted(what, event.describe()));
        }
        LedgerEntry younger = youngerThanTwice(readings, at, twice);
        if (younger != null) {
          differences.add(
              Check.ALARMS,
              "%s: %s has no cause: reading seq %d was sent at %s and acknowledged at %s, less than 2 × %d s before"
                  .formatted(what, event.describe(), younger.seq(), sent(younger), answered(younger), cover.newest().limits().reportIntervalS()));
        }
        gapsRaised.add(gapOf(readings, at));
        state = AlarmReplay.State.ACTIVE;
        lastRaise = at;
      } else if (event.cleared()) {
        if (state != AlarmReplay.State.ACTIVE) {
          differences.add(Check.ALARMS, "%s: %s, but the alarm was not active".formatted(what, event.describe()));
        } else {
          String wrong = clearFault(readings, lastRaise, at);
          if (wrong != null) {
            differences.add(Check.ALARMS, "%s: %s %s".formatted(what, event.describe(), wrong));
          }
        }
        state = AlarmReplay.State.CLEARED;
      }
    }
    if (state == AlarmReplay.State.ACTIVE) {
      for (LedgerEntry reading : readings) {
        if (lastRaise == Instant.MIN || sent(reading).isAfter(lastRaise.plus(TOLERANCE))) {
          differences.add(
              Check.ALARMS,
              "%s: the alarm raised %s is still active, though reading seq %d came after it (sent %s)"
                  .formatted(what, lastRaise == Instant.MIN ? "before the run" : "at " + lastRaise, reading.seq(), sent(reading)));
          break;
        }
      }
    }
    Duration certain = twice.plus(sweepInterval).plus(SWEEP_SLACK);
    for (int i = 1; i < readings.size(); i++) {
      LedgerEntry before = readings.get(i - 1);
      LedgerEntry after = readings.get(i);
      Duration gap = Duration.between(answered(before), sent(after));
      if (gap.compareTo(certain) > 0 && !gapsRaised.contains(i)) {
        differences.add(
            Check.ALARMS,
            "%s: no reading from seq %d (acknowledged %s) to seq %d (sent %s), %.1f s, longer than 2 × %d s + the %d s sweep + %d s, yet no silent alarm was raised"
                .formatted(
                    what,
                    before.seq(),
                    answered(before),
                    after.seq(),
                    sent(after),
                    gap.toMillis() / 1000.0,
                    cover.newest().limits().reportIntervalS(),
                    sweepInterval.toSeconds(),
                    SWEEP_SLACK.toSeconds()));
      }
    }
  }

  /** The newest reading the server had certainly received less than 2I before {@code raisedAt}, or null. */
  private static LedgerEntry youngerThanTwice(List<LedgerEntry> readings, Instant raisedAt, Duration twice) {
    LedgerEntry younger = null;
    for (LedgerEntry reading : readings) {
      if (sent(reading).isAfter(raisedAt.minus(twice).plus(TOLERANCE)) && answered(reading).isBefore(raisedAt.minus(TOLERANCE))) {
        younger = reading;
      }
    }
    return younger;
  }

  /**
   * Null when a clear at {@code clearedAt} is the work of the first reading after the raise; else
   * what is wrong.
   */
  private static String clearFault(List<LedgerEntry> readings, Instant raisedAt, Instant clearedAt) {
    for (LedgerEntry reading : readings) {
      boolean afterRaise = raisedAt == Instant.MIN || sent(reading).isAfter(raisedAt.plus(TOLERANCE));
      if (afterRaise && answered(reading).isBefore(clearedAt.minus(TOLERANCE))) {
        return "came only after reading seq %d (sent %s, acknowledged %s), which should have cleared it"
            .formatted(reading.seq(), sent(reading), answered(reading));
      }
    }
    for (LedgerEntry reading : readings) {
      if (!sent(reading).isAfter(clearedAt.plus(TOLERANCE)) && !answered(reading).isBefore(clearedAt.minus(TOLERANCE))) {
        return null;
      }
    }
    return "was made while no reading of the cover was being stored";
  }

  /** The index of the gap {@code at} falls in: i when after reading i − 1's acknowledgement and before reading i (readings.size() after the last). */
  private static int gapOf(List<LedgerEntry> readings, Instant at) {
    int gap = 0;
    while (gap < readings.size() && answered(readings.get(gap)).isBefore(at)) {
      gap++;
    }
    return gap;
  }

  private static Instant sent(LedgerEntry reading) {
    return Instant.ofEpochMilli(reading.ts());
  }

  /** When the acknowledgement came; the ts when the ledger did not take it (an older ledger). */
  private static Instant answered(LedgerEntry reading) {
    return Instant.ofEpochMilli(reading.answeredAt() == null ? reading.ts() : reading.answeredAt());
  }
}
