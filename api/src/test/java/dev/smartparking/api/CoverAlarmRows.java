package dev.smartparking.api;

import dev.smartparking.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Covers, their alarms and alarm events written straight into the tables, by the rules every
 * writer of alarms follows (V7, docs in ALARMS-DESIGN): an alarm changes together with its event
 * row, in one statement, and the event carries the alarm as it stands after the change
 * (cover_alarm_json). Ingest and the sweep write them in production; these tests only read them.
 */
final class CoverAlarmRows {

  /** A new unresolved alarm and its alarm.raised event; returns the alarm id. */
  static final String RAISE = """
      WITH a AS (
          INSERT INTO cover_alarms (cover_id, type, raised_at, reading, last_reading_at)
          VALUES (?, ?, coalesce(?::timestamptz, clock_timestamp()), ?::jsonb, clock_timestamp())
          RETURNING *)
      INSERT INTO cover_alarm_events (alarm_id, event, occurred_at, alarm)
      SELECT a.id, 'alarm.raised', a.raised_at, cover_alarm_json(a::cover_alarms) FROM a
      RETURNING alarm_id""";
  /** The condition went away: active false, cleared_at, event alarm.cleared; returns the event id. */
  static final String CLEAR = """
      WITH a AS (
          UPDATE cover_alarms SET active = false, cleared_at = clock_timestamp() WHERE id = ? RETURNING *)
      INSERT INTO cover_alarm_events (alarm_id, event, alarm)
      SELECT a.id, 'alarm.cleared', cover_alarm_json(a::cover_alarms) FROM a
      RETURNING event_id""";

  private final TestDatabase db;

  CoverAlarmRows(TestDatabase db) {
    this.db = db;
  }

  void district(String code) {
    db.execute("INSERT INTO districts (code, name) VALUES ('%s', 'District %s') ON CONFLICT DO NOTHING"
        .formatted(code, code));
  }

  void unit(String id, String name, String district) {
    district(district);
    db.execute("INSERT INTO units (id, name, district_code) VALUES ('%s', '%s', '%s')".formatted(id, name, district));
  }

  void unitWithWebhook(String id, String district) {
    unit(id, "Unit " + id, district);
    db.execute("UPDATE units SET webhook_url = 'http://127.0.0.1:9/hook', webhook_secret = 's' WHERE id = '%s'"
        .formatted(id));
  }

  void cover(String id, String unit, String district) {
    db.execute("""
        INSERT INTO covers (id, unit_id, district_code, lat, lon, report_interval_s, gas_limit_ppm)
        VALUES ('%s', '%s', '%s', 35.1, 113.1, 600, 25)""".formatted(id, unit, district));
  }

  long raise(String coverId, String type) {
    return raise(coverId, type, "{\"seq\": 1, \"ts\": \"2026-11-23T08:00:00.000Z\"}");
  }

  long raise(String coverId, String type, String reading) {
    return raiseAt(coverId, type, reading, null);
  }

  /** Raised at {@code raisedAt} (RFC 3339), or now when null. */
  long raiseAt(String coverId, String type, String reading, String raisedAt) {
    return ((Number) db.rows(RAISE, coverId, type, raisedAt, reading).get(0).get("alarm_id")).longValue();
  }

  long clear(long alarmId) {
    return ((Number) db.rows(CLEAR, alarmId).get(0).get("event_id")).longValue();
  }

  /** Raises in {@code connection}'s transaction, left open; returns the alarm id. */
  static long raise(Connection connection, String coverId, String type) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(RAISE)) {
      statement.setString(1, coverId);
      statement.setString(2, type);
      statement.setString(3, null);
      statement.setString(4, "{\"seq\": 1}");
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** A connection with its own transaction, for writes that commit when the test says. */
  Connection transaction() throws SQLException {
    Connection connection = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
    connection.setAutoCommit(false);
    return connection;
  }

  /** The id of an alarm's first event (the one that raised it). */
  long firstEvent(long alarmId) {
    return db.count("SELECT min(event_id) FROM cover_alarm_events WHERE alarm_id = ?", alarmId);
  }

  /** Event ids of an alarm, oldest first, with their event names: "E-000001 alarm.raised". */
  List<String> events(long alarmId) {
    return db.rows("""
            SELECT prefixed_id('E', event_id) || ' ' || event AS e FROM cover_alarm_events
            WHERE alarm_id = ? ORDER BY event_id""", alarmId)
        .stream().map(row -> (String) row.get("e")).toList();
  }

  static String alarmId(long id) {
    return id < 1_000_000 ? "A-%06d".formatted(id) : "A-" + id;
  }

  static String eventId(long id) {
    return id < 1_000_000 ? "E-%06d".formatted(id) : "E-" + id;
  }
}
