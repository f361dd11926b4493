package dev.smartparking.ingest.store;

import static dev.smartparking.ingest.store.BatchPart.bool;
import static dev.smartparking.ingest.store.BatchPart.float8;
import static dev.smartparking.ingest.store.BatchPart.int2;
import static dev.smartparking.ingest.store.BatchPart.int8;
import static dev.smartparking.ingest.store.BatchPart.text;

import dev.smartparking.ingest.decode.TelemetryReport;
import java.util.List;

/**
 * Manhole-cover readings: each stored once per (device, seq); the cover's state keeps, per
 * measurement, the newest value any reading carried; and the cover's alarms are raised and cleared
 * in the same statement, so once a device has its PUBACK the alarm its reading implies exists.
 *
 * <p>The alarm rules (API.md "Manhole-cover alarms", docs/storage.md "Cover alarms"): only a
 * reading newer than every reading stored for its cover judges; each alarm type it measures is
 * raised when its condition holds (thresholds from the cover's row) and cleared when it does not,
 * a type it does not measure is left alone; any reading clears an active {@code silent} alarm.
 * Every change writes its {@code cover_alarm_events} row, the outbox the deliveries come from.
 */
final class CoverPart {

  static final BatchPart<TelemetryReport> PART = new BatchPart<>("cover", BatchPart.each(TelemetryReport.class),
      List.of(
          text("device_id", TelemetryReport::deviceId),
          int8("seq", TelemetryReport::seq),
          int8("ts_ms", TelemetryReport::tsMillis),
          text("cover_id", TelemetryReport::coverId),
          float8("tilt_deg", TelemetryReport::tiltDeg),
          bool("open", TelemetryReport::open),
          float8("water_level_cm", TelemetryReport::waterLevelCm),
          float8("gas_ppm", TelemetryReport::gasPpm),
          int2("battery_pct", t -> t.batteryPct() == null ? null : t.batteryPct().shortValue()),
          int2("rssi_dbm", t -> t.rssiDbm() == null ? null : t.rssiDbm().shortValue()),
          int8("received_ms", TelemetryReport::receivedAtMillis)),
      """
      telemetry_in AS (
        INSERT INTO cover_telemetry_events (device_id, seq, ts, cover_id, tilt_deg, open, water_level_cm, gas_ppm,
                                            battery_pct, rssi_dbm, received_at)
        SELECT device_id, seq, to_timestamp(ts_ms / 1000.0::float8), cover_id, tilt, open, water, gas, battery, rssi,
               to_timestamp(received_ms / 1000.0::float8)
        FROM unnest(:device_id, :seq, :ts_ms, :cover_id, :tilt_deg, :open, :water_level_cm, :gas_ppm, :battery_pct,
                    :rssi_dbm, :received_ms)
             AS t (device_id, seq, ts_ms, cover_id, tilt, open, water, gas, battery, rssi, received_ms)
        ORDER BY device_id, seq
        ON CONFLICT DO NOTHING
        RETURNING device_id, seq, ts, cover_id, tilt_deg, open, water_level_cm, gas_ppm, battery_pct, rssi_dbm,
                  received_at
      ), cover_newest AS (
        -- per cover and per measurement, the newest value the batch carries, and its reading's ts
        SELECT cover_id,
               (array_agg(tilt_deg ORDER BY ts DESC) FILTER (WHERE tilt_deg IS NOT NULL))[1] AS tilt_deg,
               max(ts) FILTER (WHERE tilt_deg IS NOT NULL) AS tilt_observed_at,
               (array_agg(open ORDER BY ts DESC) FILTER (WHERE open IS NOT NULL))[1] AS open,
               max(ts) FILTER (WHERE open IS NOT NULL) AS open_observed_at,
               (array_agg(water_level_cm ORDER BY ts DESC) FILTER (WHERE water_level_cm IS NOT NULL))[1] AS water_level_cm,
               max(ts) FILTER (WHERE water_level_cm IS NOT NULL) AS water_level_observed_at,
               (array_agg(gas_ppm ORDER BY ts DESC) FILTER (WHERE gas_ppm IS NOT NULL))[1] AS gas_ppm,
               max(ts) FILTER (WHERE gas_ppm IS NOT NULL) AS gas_observed_at,
               (array_agg(battery_pct ORDER BY ts DESC) FILTER (WHERE battery_pct IS NOT NULL))[1] AS battery_pct,
               max(ts) FILTER (WHERE battery_pct IS NOT NULL) AS battery_observed_at,
               (array_agg(rssi_dbm ORDER BY ts DESC) FILTER (WHERE rssi_dbm IS NOT NULL))[1] AS rssi_dbm,
               max(ts) FILTER (WHERE rssi_dbm IS NOT NULL) AS rssi_observed_at,
               max(ts) AS observed_at, max(received_at) AS seen
        FROM telemetry_in
        GROUP BY cover_id
      ), cover_current AS (
        -- the state of the covers read, locked in key order, so concurrent batches take a cover in
        -- turn and cannot deadlock; the lock yields each row's latest committed version. Every cover
        -- has its row from its registration (V8), so there is always one to lock.
        SELECT cover_id, observed_at FROM cover_state
        WHERE cover_id IN (SELECT cover_id FROM cover_newest)
        ORDER BY cover_id
        FOR UPDATE
      ), cover_upsert AS (
        -- each measurement is replaced only by a reading of it that is not older than the stored one
        INSERT INTO cover_state AS s (cover_id, tilt_deg, open, water_level_cm, gas_ppm, battery_pct, rssi_dbm,
                                      tilt_observed_at, open_observed_at, water_level_observed_at,
                                      gas_observed_at, battery_observed_at, rssi_observed_at,
                                      observed_at, last_seen_at)
        SELECT n.cover_id, n.tilt_deg, n.open, n.water_level_cm, n.gas_ppm, n.battery_pct, n.rssi_dbm,
               n.tilt_observed_at, n.open_observed_at, n.water_level_observed_at,
               n.gas_observed_at, n.battery_observed_at, n.rssi_observed_at, n.observed_at, n.seen
        FROM cover_newest n
        -- joined so that the locked rows are read before this changes them: a row this statement
        -- has updated is no longer returned by its FOR UPDATE
        LEFT JOIN cover_current c USING (cover_id)
        ORDER BY n.cover_id
        ON CONFLICT (cover_id) DO UPDATE SET
          tilt_deg = CASE WHEN excluded.tilt_observed_at >= coalesce(s.tilt_observed_at, excluded.tilt_observed_at)
                  THEN excluded.tilt_deg ELSE s.tilt_deg END,
          tilt_observed_at = greatest(s.tilt_observed_at, excluded.tilt_observed_at),
          open = CASE WHEN excluded.open_observed_at >= coalesce(s.open_observed_at, excluded.open_observed_at)
                  THEN excluded.open ELSE s.open END,
          open_observed_at = greatest(s.open_observed_at, excluded.open_observed_at),
          water_level_cm = CASE WHEN excluded.water_level_observed_at
                                     >= coalesce(s.water_level_observed_at, excluded.water_level_observed_at)
                  THEN excluded.water_level_cm ELSE s.water_level_cm END,
          water_level_observed_at = greatest(s.water_level_observed_at, excluded.water_level_observed_at),
          gas_ppm = CASE WHEN excluded.gas_observed_at >= coalesce(s.gas_observed_at, excluded.gas_observed_at)
                  THEN excluded.gas_ppm ELSE s.gas_ppm END,
          gas_observed_at = greatest(s.gas_observed_at, excluded.gas_observed_at),
          battery_pct = CASE WHEN excluded.battery_observed_at >= coalesce(s.battery_observed_at, excluded.battery_observed_at)
                  THEN excluded.battery_pct ELSE s.battery_pct END,
          battery_observed_at = greatest(s.battery_observed_at, excluded.battery_observed_at),
          rssi_dbm = CASE WHEN excluded.rssi_observed_at >= coalesce(s.rssi_observed_at, excluded.rssi_observed_at)
                  THEN excluded.rssi_dbm ELSE s.rssi_dbm END,
          rssi_observed_at = greatest(s.rssi_observed_at, excluded.rssi_observed_at),
          observed_at = greatest(s.observed_at, excluded.observed_at),
          last_seen_at = greatest(s.last_seen_at, excluded.last_seen_at)

      ), cover_judged AS (
        -- the reading that judges a cover's alarms: the batch's newest of it, if it is newer than
        -- every reading stored before (cover_current); back-fill raises and clears nothing
        SELECT DISTINCT ON (t.cover_id) t.cover_id, t.seq, t.ts, t.tilt_deg, t.open, t.water_level_cm, t.gas_ppm,
               t.battery_pct
        FROM telemetry_in t
        JOIN cover_current c USING (cover_id)
        WHERE c.observed_at IS NULL OR t.ts > c.observed_at
        ORDER BY t.cover_id, t.ts DESC, t.seq DESC
      ), cover_condition AS (
        -- per alarm type the judging reading measures: whether its condition holds, against the
        -- cover's own thresholds, and the reading as the alarm shows it. gas_limit_ppm is float8,
        -- the stored reading real: compared as real, a reading equal to the limit is not above it.
        SELECT j.cover_id, j.ts, k.type, k.present,
               jsonb_build_object('seq', j.seq, 'ts', rfc3339(j.ts)) || k.measured AS reading
        FROM cover_judged j
        JOIN covers c ON c.id = j.cover_id
        CROSS JOIN LATERAL (VALUES
            ('tilt', j.tilt_deg > c.tilt_limit_deg, jsonb_build_object('tilt_deg', j.tilt_deg)),
            ('open', j.open, jsonb_build_object('open', j.open)),
            ('water', j.water_level_cm >= -c.water_margin_cm, jsonb_build_object('water_level_cm', j.water_level_cm)),
            ('gas', j.gas_ppm > c.gas_limit_ppm::real, jsonb_build_object('gas_ppm', j.gas_ppm)),
            ('battery', j.battery_pct < c.battery_min_pct, jsonb_build_object('battery_pct', j.battery_pct))
          ) AS k (type, present, measured)
        -- a measurement the reading leaves out neither raises nor clears its type
        WHERE k.present IS NOT NULL
      ), alarm_before AS (
        -- the covers' unresolved alarms as committed now, not as of this statement's start, and
        -- locked (V8 says why); called once cover_current holds every lock
        SELECT * FROM lock_unresolved_cover_alarms((SELECT array_agg(cover_id) FROM cover_current))
      ), alarm_target AS (
        -- what the batch makes of each (cover, type) it touches: active where the condition holds
        -- (raised, raised again, or kept), inactive where it no longer does, and silent cleared by
        -- any reading of the cover, whatever its ts
        SELECT k.cover_id, k.type, true AS active, k.reading, k.ts FROM cover_condition k WHERE k.present
        UNION ALL
        SELECT k.cover_id, k.type, false, NULL, k.ts
        FROM cover_condition k JOIN alarm_before b USING (cover_id, type)
        WHERE NOT k.present AND b.active
        UNION ALL
        SELECT b.cover_id, b.type, false, NULL, n.observed_at
        FROM alarm_before b JOIN cover_newest n USING (cover_id)
        WHERE b.type = 'silent' AND b.active
      ), alarm_upsert AS (
        -- Changes of existing alarms go through ON CONFLICT too: an alarm committed after this
        -- statement began is invisible to an UPDATE, not to the arbiter, which updates its latest
        -- version. The partial unique index keeps one unresolved alarm per (cover, type) whatever
        -- happens. A clear always meets its alarm: alarm_before found it unresolved and holds its
        -- lock, so no one resolves it meanwhile.
        INSERT INTO cover_alarms AS a (cover_id, type, active, raised_at, reading, last_reading_at, cleared_at)
        SELECT cover_id, type, active, now(), reading, ts, CASE WHEN NOT active THEN now() END
        FROM alarm_target
        ORDER BY cover_id, type
        ON CONFLICT (cover_id, type) WHERE status <> 'resolved' DO UPDATE SET
          active = excluded.active,
          cleared_at = excluded.cleared_at,
          -- raised again: the reading that raised it this time; raised_at stays the first raise
          reading = CASE WHEN excluded.active AND NOT a.active THEN excluded.reading ELSE a.reading END,
          last_reading_at = greatest(a.last_reading_at, excluded.last_reading_at)
        RETURNING a.id, a.active, a AS alarm
      ), alarm_event_in AS (
        -- an event for each change (not for an alarm that stays active), with the alarm as it
        -- stands after it; its trigger (V7) makes the webhook deliveries and wakes the followers
        INSERT INTO cover_alarm_events (alarm_id, event, alarm)
        SELECT u.id, CASE WHEN u.active THEN 'alarm.raised' ELSE 'alarm.cleared' END, cover_alarm_json(u.alarm)
        FROM alarm_upsert u
        LEFT JOIN alarm_before b ON b.id = u.id
        WHERE u.active IS DISTINCT FROM b.active
        ORDER BY u.id
        RETURNING event, alarm ->> 'type' AS type
      )""",
      "SELECT device_id, seq FROM telemetry_in",
      "SELECT event, type FROM alarm_event_in");

  private CoverPart() {}
}
