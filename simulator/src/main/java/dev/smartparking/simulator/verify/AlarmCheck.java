package dev.smartparking.simulator.verify;

import dev.smartparking.simulator.city.AlarmType;
import dev.smartparking.simulator.ledger.CoverTruth;
import dev.smartparking.simulator.ledger.LedgerEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Each cover's alarms against its acknowledged readings: for every reading-judged type the events
 * of the run (raised, cleared) must be exactly those {@link AlarmReplay} calls for, each while its
 * reading was being stored, on one alarm per (cover, type), of the cover's unit; an alarm with no
 * reading calling for it has no cause. Silent alarms are judged by {@link SilentCheck}.
 *
 * <p>A cover with a reading left unanswered is not judged (the server may or may not have it), nor
 * a (cover, type) an operator acknowledged or resolved during the run.
 */
final class AlarmCheck {

  /** Clock and scheduling slack when an event's time is compared with a reading's ts and answer. */
  static final Duration TOLERANCE = Duration.ofSeconds(1);

  private static final List<AlarmType> READING_TYPES =
      List.of(AlarmType.TILT, AlarmType.OPEN, AlarmType.WATER, AlarmType.GAS, AlarmType.BATTERY);


  private record Missing(String coverId, AlarmType type, AlarmReplay.Expected raise) {}

  private record Uncaused(AlarmRecord alarm, AlarmEvent raise) {}

  private AlarmCheck() {}

  static AlarmsJudged check(
      Map<String, CoverReadings> covers, List<AlarmRecord> alarms, Instant since, Duration sweepInterval, Differences differences) {
    int judgedCovers = 0;
    int judgedAlarms = 0;
    int events = 0;
    int notJudged = 0;
    for (CoverReadings cover : covers.values()) {
      List<AlarmRecord> ofCover = alarms.stream().filter(a -> a.coverId().equals(cover.coverId())).toList();
      if (cover.uncertain() || cover.readings().isEmpty()) {
        notJudged++;
        continue;
      }
      judgedCovers++;
      judgedAlarms += ofCover.size();
      for (AlarmRecord alarm : ofCover) {
        if (!Objects.equals(alarm.unitId(), cover.unitId())) {
          differences.add(
              Check.ALARMS,
              "alarm %s names unit %s; the cover's unit is %s".formatted(alarm.describe(), alarm.unitId(), cover.unitId()));
        }
      }
      List<Missing> missing = new ArrayList<>();
      List<Uncaused> uncaused = new ArrayList<>();
      for (AlarmType type : READING_TYPES) {
        List<AlarmRecord> ofType = ofCover.stream().filter(a -> a.type() == type).toList();
        List<AlarmEvent> run = eventsOfRun(ofType, since);
        if (run.stream().anyMatch(AlarmEvent::byOperator)) {
          notJudged++;
          continue;
        }
        events += run.size();
        List<AlarmReplay.Expected> expected = AlarmReplay.replay(cover.readings(), type, AlarmReplay.initial(ofType, since));
        compare(cover, type, expected, run, ofType, missing, uncaused, differences);
      }
      reportUnmatched(cover, missing, uncaused, differences);
      List<AlarmRecord> silent = ofCover.stream().filter(a -> a.type() == AlarmType.SILENT).toList();
      List<AlarmEvent> silentRun = eventsOfRun(silent, since);
      if (silentRun.stream().anyMatch(AlarmEvent::byOperator)) {
        notJudged++;
      } else {
        events += silentRun.size();
        SilentCheck.check(cover, silent, silentRun, since, sweepInterval, differences);
      }
    }
    return new AlarmsJudged(judgedCovers, judgedAlarms, events, notJudged);
  }

  /** The events of {@code alarms} that happened during the run, in event-id order. */
  static List<AlarmEvent> eventsOfRun(List<AlarmRecord> alarms, Instant since) {
    return alarms.stream()
        .flatMap(a -> a.events().stream())
        .filter(e -> !e.occurredAt().isBefore(since))
        .sorted(Comparator.comparingLong(AlarmEvent::number))
        .toList();
  }

  private static void compare(
      CoverReadings cover,
      AlarmType type,
      List<AlarmReplay.Expected> expected,
      List<AlarmEvent> actual,
      List<AlarmRecord> alarms,
      List<Missing> missing,
      List<Uncaused> uncaused,
      Differences differences) {
    String what = "cover %s %s".formatted(cover.coverId(), type.wireName());
    if (expected.isEmpty() && !actual.isEmpty()) {
      for (AlarmRecord alarm : alarms) {
        alarm.events().stream()
            .filter(e -> actual.contains(e) && e.raised())
            .findFirst()
            .ifPresent(raise -> uncaused.add(new Uncaused(alarm, raise)));
      }
      if (actual.stream().noneMatch(AlarmEvent::raised)) {
        differences.add(
            Check.ALARMS,
            "%s: %s follows no reading that calls for it (no acknowledged reading changes the alarm's state)"
                .formatted(what, actual.get(0).describe()));
      }
      return;
    }
    if (actual.isEmpty() && !expected.isEmpty() && expected.get(0).raised()) {
      missing.add(new Missing(cover.coverId(), type, expected.get(0)));
      return;
    }
    String currentAlarm = unresolvedBefore(alarms, actual);
    for (int i = 0; i < Math.max(expected.size(), actual.size()); i++) {
      if (i >= actual.size()) {
        AlarmReplay.Expected due = expected.get(i);
        differences.add(
            Check.ALARMS,
            "%s: the readings call for %s by %s; the API shows no such event (%d of %d events there)"
                .formatted(what, due.event(), reading(due.reading(), type), actual.size(), expected.size()));
        return;
      }
      AlarmEvent event = actual.get(i);
      String alarmId = event.alarm() == null ? null : event.alarm().getString("id");
      if (i >= expected.size()) {
        differences.add(
            Check.ALARMS,
            "%s: %s of %s follows no reading that calls for it (the readings call for %d events)"
                .formatted(what, event.describe(), alarmId, expected.size()));
        return;
      }
      AlarmReplay.Expected due = expected.get(i);
      if (!due.event().equals(event.event())) {
        differences.add(
            Check.ALARMS,
            "%s: %s, where the readings call for %s by %s".formatted(what, event.describe(), due.event(), reading(due.reading(), type)));
        return;
      }
      if (due.raised() && due.newAlarm() && currentAlarm != null) {
        differences.add(
            Check.ALARMS,
            "%s: %s raised %s while %s was unresolved; a (cover, type) has one unresolved alarm"
                .formatted(what, event.describe(), alarmId, currentAlarm));
        return;
      }
      if (!(due.raised() && due.newAlarm()) && currentAlarm != null && !currentAlarm.equals(alarmId)) {
        differences.add(
            Check.ALARMS,
            "%s: %s is on %s; the unresolved alarm %s should have %s"
                .formatted(what, event.describe(), alarmId, currentAlarm, due.raised() ? "become active again" : "been cleared"));
        return;
      }
      currentAlarm = alarmId;
      String timing = timing(event, due.reading());
      if (timing != null) {
        differences.add(Check.ALARMS, "%s: %s %s".formatted(what, event.describe(), timing));
      }
      Long seq = event.readingSeq();
      if (due.raised() && seq != null && !seq.equals(due.reading().seq()) && (due.newAlarm() || !raisedBefore(expected, i, seq))) {
        differences.add(
            Check.ALARMS,
            "%s: %s shows reading seq %d; the reading that raised it is seq %d".formatted(what, event.describe(), seq, due.reading().seq()));
      }
    }
  }

  /** The alarm that was unresolved when the run's first event came, if any. */
  static String unresolvedBefore(List<AlarmRecord> alarms, List<AlarmEvent> run) {
    for (AlarmRecord alarm : alarms) {
      boolean before = alarm.events().stream().anyMatch(e -> !run.contains(e));
      boolean resolvedBefore = alarm.events().stream().anyMatch(e -> !run.contains(e) && AlarmEvent.RESOLVED.equals(e.event()));
      if (before && !resolvedBefore) {
        return alarm.id();
      }
    }
    return null;
  }

  /** Whether an earlier raise of the same alarm was by reading {@code seq} (the alarm may keep its first reading). */
  private static boolean raisedBefore(List<AlarmReplay.Expected> expected, int upTo, long seq) {
    for (int i = 0; i < upTo; i++) {
      if (expected.get(i).raised() && expected.get(i).reading().seq() == seq) {
        return true;
      }
    }
    return false;
  }

  /**
   * Null when the event happened while its reading was being stored (between the reading's ts and
   * its acknowledgement, give or take {@link #TOLERANCE}): the change is made in the reading's
   * transaction. Otherwise what is wrong.
   */
  static String timing(AlarmEvent event, LedgerEntry reading) {
    Instant sent = Instant.ofEpochMilli(reading.ts());
    Instant answered = reading.answeredAt() == null ? null : Instant.ofEpochMilli(reading.answeredAt());
    boolean early = event.occurredAt().isBefore(sent.minus(TOLERANCE));
    boolean late = answered != null && event.occurredAt().isAfter(answered.plus(TOLERANCE));
    if (!early && !late) {
      return null;
    }
    return "happened %s its reading seq %d was sent (%s) and acknowledged (%s)"
        .formatted(early ? "before" : "long after", reading.seq(), sent, answered);
  }

  static String reading(LedgerEntry entry, AlarmType type) {
    CoverTruth truth = entry.cover();
    return "seq %d at %s (%s, %s)"
        .formatted(entry.seq(), Instant.ofEpochMilli(entry.ts()), truth.measurement(type), truth.limits().describe(type));
  }

  /**
   * A raise that should have happened and an alarm of another type raised for the same reading are
   * one mistake, a wrong type; the rest are reported as they are.
   */
  private static void reportUnmatched(CoverReadings cover, List<Missing> missing, List<Uncaused> uncaused, Differences differences) {
    for (Iterator<Uncaused> it = uncaused.iterator(); it.hasNext(); ) {
      Uncaused wrong = it.next();
      Long seq = wrong.raise().readingSeq();
      Missing meant = missing.stream().filter(m -> seq != null && seq.equals(m.raise().reading().seq())).findFirst().orElse(null);
      if (meant != null) {
        missing.remove(meant);
        it.remove();
        CoverTruth truth = meant.raise().reading().cover();
        differences.add(
            Check.ALARMS,
            "alarm %s was raised as %s for reading seq %d, which meets %s (%s, %s), not %s (%s, %s)"
                .formatted(
                    wrong.alarm().describe(),
                    wrong.alarm().type().wireName(),
                    seq,
                    meant.type().wireName(),
                    truth.measurement(meant.type()),
                    truth.limits().describe(meant.type()),
                    wrong.alarm().type().wireName(),
                    truth.measurement(wrong.alarm().type()),
                    truth.limits().describe(wrong.alarm().type())));
      }
    }
    for (Missing m : missing) {
      differences.add(
          Check.ALARMS,
          "cover %s %s: reading %s raised no alarm".formatted(m.coverId(), m.type().wireName(), reading(m.raise().reading(), m.type())));
    }
    for (Uncaused u : uncaused) {
      differences.add(
          Check.ALARMS,
          "alarm %s (%s) has no cause: none of the cover's %d acknowledged readings meets %s"
              .formatted(
                  u.alarm().describe(),
                  u.raise().describe(),
                  cover.readings().size(),
                  cover.newest().limits().describe(u.alarm().type())));
    }
  }
}
