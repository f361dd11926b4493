package dev.smartparking.alarm.sweep;

import static dev.smartparking.alarm.fixture.AlarmDatabase.cover;
import static org.assertj.core.api.Assertions.assertThat;

import dev.smartparking.alarm.fixture.AlarmDatabase;
import dev.smartparking.db.PgClients;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The silent sweep against PostgreSQL: who it raises, what it leaves alone, and one sweep at a time. */
class SilentSweepTest {

  private static AlarmDatabase db;
  private Vertx vertx;
  private Pool pool;
  private PrometheusMeterRegistry meters;
  private SilentSweep sweep;

  @BeforeAll
  static void createDatabase() {
    db = AlarmDatabase.create();
  }

  @AfterAll
  static void dropDatabase() {
    db.close();
  }

  @BeforeEach
  void start() {
    db.reset();
    // Every cover registered an hour ago and, unless a test says otherwise, heard from a minute ago.
    db.db.execute("UPDATE covers SET registered_at = now() - interval '1 hour', report_interval_s = 600");
    db.db.execute("INSERT INTO cover_state (cover_id, observed_at, last_seen_at) "
        + "SELECT id, now() - interval '1 minute', now() - interval '1 minute' FROM covers");
    vertx = Vertx.vertx();
    pool = PgClients.pool(vertx, db.config().build().database(), "sweep", 2);
    meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    sweep = new SilentSweep(pool, meters);
  }

  @AfterEach
  void stop() {
    pool.close().await();
    vertx.close().await();
  }

  private static void lastSeen(String cover, String ago) {
    db.db.rows("UPDATE cover_state SET last_seen_at = now() - ?::interval, observed_at = now() - ?::interval "
        + "WHERE cover_id = ? RETURNING cover_id", ago, ago, cover);
  }

  private static List<String> silentCovers() {
    return db.db.rows("SELECT cover_id FROM cover_alarms WHERE type = 'silent' AND status <> 'resolved' AND active "
        + "ORDER BY cover_id").stream().map(r -> (String) r.get("cover_id")).toList();
  }

  @Test
  void raisesSilentForCoversUnheardForTwiceTheirIntervalAndNoOthers() {
    lastSeen(cover("U-A", 1), "21 minutes");
    lastSeen(cover("U-A", 2), "19 minutes");
    lastSeen(cover("U-B", 1), "3 hours");
    db.db.execute("UPDATE covers SET report_interval_s = 60 WHERE id = '" + cover("U-C", 1) + "'");
    lastSeen(cover("U-C", 1), "3 minutes");

    SilentSweep.Result result = sweep.run().await();

    assertThat(result).isEqualTo(new SilentSweep.Result(true, 3));
    assertThat(silentCovers()).containsExactly(cover("U-A", 1), cover("U-B", 1), cover("U-C", 1));
    Map<String, Object> event = db.db.rows("SELECT e.event, e.alarm FROM cover_alarm_events e "
        + "JOIN cover_alarms a ON a.id = e.alarm_id WHERE a.cover_id = ?", cover("U-A", 1)).get(0);
    assertThat(event.get("event")).isEqualTo("alarm.raised");
    assertThat(event.get("alarm").toString()).contains("\"type\": \"silent\"", "\"status\": \"open\"",
        "\"active\": true", "\"reading\": null");
    assertThat(meters.scrape())
        .contains("smartparking_cover_alarm_events_total{event=\"raised\",type=\"silent\"} 3.0")
        .contains("smartparking_alarm_sweep_duration_seconds_count 1")
        .containsPattern("smartparking_alarm_sweep_last_run_seconds [1-9]");
  }

  @Test
  void aCoverThatNeverReportedIsSilentTwiceItsIntervalAfterItsRegistration() {
    db.db.execute("DELETE FROM cover_state WHERE cover_id IN ('" + cover("U-A", 7) + "', '" + cover("U-A", 8) + "')");
    db.db.execute("UPDATE covers SET registered_at = now() - interval '5 minutes' WHERE id = '" + cover("U-A", 8) + "'");

    assertThat(sweep.run().await().raised()).isEqualTo(1);
    assertThat(silentCovers()).containsExactly(cover("U-A", 7));
    assertThat(db.db.rows("SELECT last_reading_at FROM cover_alarms WHERE cover_id = ?", cover("U-A", 7))
        .get(0).get("last_reading_at")).isNull();
  }

  @Test
  void aCoverWithAnActiveSilentAlarmGetsNoSecondOneNorAnotherEvent() {
    lastSeen(cover("U-B", 3), "1 hour");
    assertThat(sweep.run().await().raised()).isEqualTo(1);

    assertThat(sweep.run().await().raised()).isZero();
    db.db.execute("UPDATE cover_alarms SET status = 'acknowledged', acknowledged_at = now(), acknowledged_by = 'x'");
    assertThat(sweep.run().await().raised()).isZero();

    assertThat(db.count("SELECT count(*) FROM cover_alarms")).isEqualTo(1);
    assertThat(db.count("SELECT count(*) FROM cover_alarm_events")).isEqualTo(1);
  }

  @Test
  void aClearedButUnresolvedSilentAlarmIsRaisedAgainAndAResolvedOneMakesWayForANewAlarm() {
    lastSeen(cover("U-B", 4), "1 hour");
    sweep.run().await();
    long alarm = db.count("SELECT id FROM cover_alarms");
    // The cover reported (ingest clears), then fell silent again.
    db.clear(alarm);
    assertThat(sweep.run().await().raised()).isEqualTo(1);
    assertThat(db.db.rows("SELECT id, active, cleared_at FROM cover_alarms").get(0))
        .containsEntry("id", alarm).containsEntry("active", true).containsEntry("cleared_at", null);
    assertThat(db.db.rows("SELECT event FROM cover_alarm_events WHERE alarm_id = ? ORDER BY event_id", alarm))
        .extracting(r -> r.get("event")).containsExactly("alarm.raised", "alarm.cleared", "alarm.raised");

    db.db.execute("UPDATE cover_alarms SET status = 'resolved', resolved_at = now(), resolved_by = 'x'");
    assertThat(sweep.run().await().raised()).isEqualTo(1);
    assertThat(db.count("SELECT count(*) FROM cover_alarms WHERE status <> 'resolved' AND id <> " + alarm)).isEqualTo(1);
  }

  @Test
  void aSweepFindingAnotherProcessSweepingLeavesItTheWork() throws Exception {
    lastSeen(cover("U-A", 9), "1 hour");
    try (Connection other = DriverManager.getConnection(db.db.jdbcUrl(), db.db.user(), db.db.password())) {
      other.setAutoCommit(false);
      other.createStatement().execute("SELECT pg_advisory_xact_lock(hashtext('smartparking.silent-sweep'))");

      assertThat(sweep.run().await()).isEqualTo(new SilentSweep.Result(false, 0));
      assertThat(silentCovers()).isEmpty();
      assertThat(meters.get("smartparking.alarm.sweep.duration").timer().count()).isZero();
      other.rollback();
    }
    assertThat(sweep.run().await()).isEqualTo(new SilentSweep.Result(true, 1));
  }

  @Test
  void twoProcessesSweepingAtOnceRaiseEachCoverOnce() {
    db.db.execute("UPDATE cover_state SET last_seen_at = now() - interval '2 hours'");
    Vertx otherVertx = Vertx.vertx();
    Pool otherPool = PgClients.pool(otherVertx, db.config().build().database(), "sweep", 2);
    try {
      SilentSweep other = new SilentSweep(otherPool, new SimpleMeterRegistry());
      for (int round = 0; round < 5; round++) {
        Future.all(sweep.run(), other.run(), sweep.run(), other.run()).await();
      }
    } finally {
      otherPool.close().await();
      otherVertx.close().await();
    }

    int covers = AlarmDatabase.UNITS.size() * AlarmDatabase.COVERS_PER_UNIT;
    assertThat(db.count("SELECT count(*) FROM cover_alarms WHERE type = 'silent'")).isEqualTo(covers);
    assertThat(db.count("SELECT count(DISTINCT alarm_id) FROM cover_alarm_events")).isEqualTo(covers);
    assertThat(db.count("SELECT count(*) FROM cover_alarm_events")).isEqualTo(covers);
  }
}
