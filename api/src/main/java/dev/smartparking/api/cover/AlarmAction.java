package dev.smartparking.api.cover;

/**
 * An operator's action on an alarm (API.md, Manhole-cover alarms): what it does from each status,
 * and the statement that does it. Status only moves forward, open → acknowledged → resolved, and
 * open → resolved directly; an action that finds the alarm where it would take it is a repeat,
 * answered like a success and changing nothing; acknowledging a resolved alarm is a conflict.
 */
enum AlarmAction {
  ACKNOWLEDGE("acknowledged", "acknowledged_at", "acknowledged_by"),
  RESOLVE("resolved", "resolved_at", "resolved_by");

  /** What an action does to an alarm in a given status. */
  enum Outcome { APPLY, REPEAT, CONFLICT }

  private final String status;
  private final String statement;

  AlarmAction(String status, String atColumn, String byColumn) {
    this.status = status;
    // The change and its event in one statement: the event carries the alarm as it now stands,
    // and the AFTER INSERT trigger (V7) turns it into deliveries and wakes the dispatcher and streams.
    // statement_timestamp(): the row lock was taken by an earlier statement, so this is after any wait.
    this.statement = """
        WITH changed AS (
            UPDATE cover_alarms SET status = '%s', %s = statement_timestamp(), %s = $2
            WHERE id = $1
            RETURNING *)
        INSERT INTO cover_alarm_events (alarm_id, event, occurred_at, actor, note, alarm)
        SELECT changed.id, 'alarm.%s', statement_timestamp(), $2, $3, cover_alarm_json(changed::cover_alarms)
        FROM changed
        RETURNING alarm""".formatted(status, atColumn, byColumn, status);
  }

  /** The status the action leaves the alarm in, also the event's name after {@code alarm.}. */
  String status() {
    return status;
  }

  /** Changes alarm $1, acted on by $2 (the caller's label) with note $3; returns the alarm as it now stands. */
  String statement() {
    return statement;
  }

  /** From open either action applies, from acknowledged only resolve; nothing leaves resolved. */
  Outcome from(String current) {
    if (current.equals(status)) {
      return Outcome.REPEAT;
    }
    return current.equals(RESOLVE.status) ? Outcome.CONFLICT : Outcome.APPLY;
  }
}
