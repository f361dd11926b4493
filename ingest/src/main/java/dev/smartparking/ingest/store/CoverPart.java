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
 * measurement, the newest value any reading carried.
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
      ), cover_upsert AS (
        -- each measurement is replaced only by a reading of it that is not older than the stored one
        INSERT INTO cover_state AS s (cover_id, tilt_deg, open, water_level_cm, gas_ppm, battery_pct, rssi_dbm,
                                      tilt_observed_at, open_observed_at, water_level_observed_at,
                                      gas_observed_at, battery_observed_at, rssi_observed_at,
                                      observed_at, last_seen_at)
        SELECT cover_id, tilt_deg, open, water_level_cm, gas_ppm, battery_pct, rssi_dbm,
               tilt_observed_at, open_observed_at, water_level_observed_at,
               gas_observed_at, battery_observed_at, rssi_observed_at, observed_at, seen
        FROM cover_newest ORDER BY cover_id
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
      )""",
      "SELECT device_id, seq FROM telemetry_in",
      null);

  private CoverPart() {}
}
