package dev.smartparking.alarm.sweep;

import dev.smartparking.metrics.CoverAlarmEvents;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Raises {@code silent} for covers that sent no reading for twice their report interval: measured
 * from {@code cover_state.last_seen_at} (server time of the newest reading), or from the cover's
 * registration if it never reported. Clearing is ingest's: a cover's next accepted reading clears
 * its silent alarm in the batch that stores it.
 *
 * <p>One process at a time sweeps (a transaction-level advisory lock, tried, not waited for: a
 * process that finds it taken skips this round, the holder is doing the work). The partial unique
 * index on unresolved alarms would keep two sweeps from raising an alarm twice anyway; the lock
 * spares PostgreSQL doing the same work several times over.
 */
public final class SilentSweep {

  static final String ONE_SWEEP_AT_A_TIME = "SELECT pg_try_advisory_xact_lock(hashtext('smartparking.silent-sweep')) AS held";

  /**
   * One set-based statement over every cover. Covers that already have an active unresolved
   * silent alarm are left out first, so a long outage costs one index probe per cover per sweep,
   * not a write. A cover whose silent alarm was cleared (it reported) but not yet resolved gets
   * that alarm back, active again (same alarm id and raised_at, a new alarm.raised event), as
   * ingest does for the other types. last_reading_at is the device ts of the cover's newest
   * reading: when it last spoke (null if never).
   *
   * <p>The cover_state rows of stale covers are locked (SKIP LOCKED) before the alarm is written,
   * as ingest's batch locks them: a row a batch is writing right now is skipped (the cover is
   * reporting); a row a batch updated after this statement's snapshot is re-read and re-checked
   * against its new last_seen_at, so a reading committed during the sweep is not followed by a
   * silent alarm; and a batch that waited for the sweep's lock reads the cover's unresolved alarms
   * afresh after it (V8's lock_unresolved_cover_alarms) and so clears the alarm just raised.
   * Since V8 every cover has its cover_state row from registration, last_seen_at NULL until its
   * first reading: such a cover is measured from registered_at. never_seen covers a cover without
   * a row (a schema before V8); it finds none once V8 is in.
   */
  static final String RAISE_SILENT = """
      WITH stale AS (
        SELECT s.cover_id, s.observed_at
        FROM cover_state s
        JOIN covers c ON c.id = s.cover_id
        WHERE coalesce(s.last_seen_at, c.registered_at) < now() - c.report_interval_s * interval '2 seconds'
          AND NOT EXISTS (SELECT FROM cover_alarms a
                          WHERE a.cover_id = s.cover_id AND a.type = 'silent' AND a.status <> 'resolved' AND a.active)
        FOR UPDATE OF s SKIP LOCKED
      ), never_seen AS (
        SELECT c.id AS cover_id, NULL::timestamptz AS observed_at
        FROM covers c
        WHERE c.registered_at < now() - c.report_interval_s * interval '2 seconds'
          AND NOT EXISTS (SELECT FROM cover_state s WHERE s.cover_id = c.id)
          AND NOT EXISTS (SELECT FROM cover_alarms a
                          WHERE a.cover_id = c.id AND a.type = 'silent' AND a.status <> 'resolved' AND a.active)
      ), raised AS (
        INSERT INTO cover_alarms AS a (cover_id, type, raised_at, last_reading_at)
        SELECT cover_id, 'silent', now(), observed_at
        FROM (SELECT * FROM stale UNION ALL SELECT * FROM never_seen) due
        ORDER BY cover_id
        ON CONFLICT (cover_id, type) WHERE status <> 'resolved'
        DO UPDATE SET active = true, cleared_at = NULL, last_reading_at = excluded.last_reading_at
        WHERE NOT a.active
        RETURNING a
      ), events AS (
        INSERT INTO cover_alarm_events (alarm_id, event, alarm)
        SELECT (r.a).id, 'alarm.raised', cover_alarm_json(r.a) FROM raised r ORDER BY (r.a).id
        RETURNING 1
      )
      SELECT count(*) AS raised FROM events""";

  private final Pool pool;
  private final Timer duration;
  private final Counter raisedSilent;
  private final AtomicLong lastRunEpochSeconds = new AtomicLong();

  public SilentSweep(Pool pool, MeterRegistry registry) {
    this.pool = pool;
    this.duration = Timer.builder("smartparking.alarm.sweep.duration")
        .description("Time of one silent-cover sweep (its transaction) in this process")
        .register(registry);
    this.raisedSilent = CoverAlarmEvents.counter(registry, "raised", "silent");
    Gauge.builder("smartparking.alarm.sweep.last.run", lastRunEpochSeconds, AtomicLong::get)
        .description("When this process last completed a silent-cover sweep, epoch seconds (0: not yet)")
        .baseUnit("seconds")
        .register(registry);
  }

  /** What one run did: whether it swept (false: another process held the lock), and how many it raised. */
  public record Result(boolean swept, long raised) {}

  public Future<Result> run() {
    long start = System.nanoTime();
    return pool.withTransaction(connection -> connection.preparedQuery(ONE_SWEEP_AT_A_TIME).execute()
            .compose(lock -> lock.iterator().next().getBoolean("held")
                // Not prepared: a statement without parameters would keep the plan of its first
                // run, made when there were no alarms; the anti-join against them planned for an
                // empty table took seconds once a city's worth were there. Planning it afresh costs
                // milliseconds every sweep-interval.
                ? connection.query(RAISE_SILENT).execute()
                    .map(rows -> new Result(true, rows.iterator().next().getLong("raised")))
                : Future.succeededFuture(new Result(false, 0))))
        .onSuccess(result -> {
          if (result.swept()) {
            duration.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            raisedSilent.increment(result.raised());
            lastRunEpochSeconds.set(System.currentTimeMillis() / 1000);
          }
        });
  }
}
