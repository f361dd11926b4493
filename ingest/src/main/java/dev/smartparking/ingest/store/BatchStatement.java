package dev.smartparking.ingest.store;

/**
 * The single statement that writes a whole batch: one round trip, one commit. Each event
 * table drops retransmissions in its primary key; only rows really inserted move the current
 * state, and the state rows they move are locked (FOR UPDATE, in key order, so concurrent
 * batches cannot deadlock) and read at their latest committed version before being changed.
 * docs/storage.md explains the rules; the parameters are laid out by {@link BatchRows}. Epoch
 * milliseconds become timestamps through float8 division, which gives the same microsecond as
 * numeric division at half the cost.
 */
final class BatchStatement {

  static final String SQL = """
      WITH rejected AS (
        INSERT INTO rejected_messages (received_at, device_id, topic, qos, reason, detail, payload)
        SELECT to_timestamp(received_ms / 1000.0::float8), device_id, topic, qos, reason, detail, payload
        FROM unnest($1::int8[], $2::text[], $3::text[], $4::int2[], $5::text[], $6::text[], $7::bytea[])
             AS r (received_ms, device_id, topic, qos, reason, detail, payload)

      ), status_in AS (
        INSERT INTO lot_status_events (device_id, seq, ts, lot_id, total, free, closed, received_at)
        SELECT device_id, seq, to_timestamp(ts_ms / 1000.0::float8), lot_id, total, free, closed,
               to_timestamp(received_ms / 1000.0::float8)
        FROM unnest($8::text[], $9::int8[], $10::int8[], $11::text[], $12::int4[], $13::int4[], $14::bool[],
                    $15::int8[]) AS s (device_id, seq, ts_ms, lot_id, total, free, closed, received_ms)
        ORDER BY device_id, seq
        ON CONFLICT DO NOTHING
        RETURNING device_id, seq, ts, lot_id, total, free, closed, received_at

      ), passage_in AS (
        INSERT INTO lot_passage_events (device_id, seq, ts, lot_id, direction, gate, plate_hmac, received_at)
        SELECT device_id, seq, to_timestamp(ts_ms / 1000.0::float8), lot_id, direction, gate, plate_hmac,
               to_timestamp(received_ms / 1000.0::float8)
        FROM unnest($16::text[], $17::int8[], $18::int8[], $19::text[], $20::text[], $21::text[], $22::bytea[],
                    $23::int8[]) AS p (device_id, seq, ts_ms, lot_id, direction, gate, plate_hmac, received_ms)
        ORDER BY device_id, seq
        ON CONFLICT DO NOTHING
        RETURNING device_id, seq, ts, lot_id, direction, received_at

      ), snapshot AS (
        SELECT DISTINCT ON (lot_id) lot_id, total, free, coalesce(closed, false) AS closed, ts
        FROM status_in
        ORDER BY lot_id, ts DESC, seq DESC
      ), lot_seen AS (
        SELECT lot_id, max(received_at) AS seen
        FROM (SELECT lot_id, received_at FROM status_in
              UNION ALL SELECT lot_id, received_at FROM passage_in) heard
        GROUP BY lot_id
      ), lot_current AS (
        SELECT lot_id, total, free, closed, observed_at FROM lot_state
        WHERE lot_id IN (SELECT lot_id FROM lot_seen)
        ORDER BY lot_id
        FOR UPDATE
      ), lot_base AS (
        -- the snapshot that stands after this batch: the batch's newest unless the stored one is newer
        SELECT l.lot_id, l.seen, n.ts IS NOT NULL AND (c.lot_id IS NULL OR n.ts >= c.observed_at) AS replaced,
               n.total AS new_total, n.free AS new_free, n.closed AS new_closed, n.ts AS new_ts,
               c.total, c.free, c.closed, c.observed_at
        FROM lot_seen l
        LEFT JOIN snapshot n USING (lot_id)
        LEFT JOIN lot_current c USING (lot_id)
      ), lot_next AS (
        -- between snapshots, the free count follows the passages newer than the snapshot: this
        -- batch's, and, when a snapshot of this batch becomes the lot's current one, also those
        -- stored before it (a snapshot written after newer passages must not erase them). The
        -- stored ones are read only then, through lot_passage_events (lot_id, ts).
        SELECT lot_id, seen, total, closed, observed_at,
               least(total, greatest(0, free + coalesce((
                 SELECT sum(CASE p.direction WHEN 'out' THEN 1 ELSE -1 END)
                 FROM passage_in p
                 WHERE p.lot_id = b.lot_id AND p.ts > b.observed_at), 0)
                 + CASE WHEN b.replaced THEN coalesce((
                     SELECT sum(CASE p.direction WHEN 'out' THEN 1 ELSE -1 END)
                     FROM lot_passage_events p
                     WHERE p.lot_id = b.lot_id AND p.ts > b.observed_at), 0) ELSE 0 END))::int AS free
        FROM (SELECT lot_id, seen, replaced,
                     CASE WHEN replaced THEN new_total ELSE total END AS total,
                     CASE WHEN replaced THEN new_free ELSE free END AS free,
                     CASE WHEN replaced THEN new_closed ELSE closed END AS closed,
                     CASE WHEN replaced THEN new_ts ELSE observed_at END AS observed_at
              FROM lot_base) b
        WHERE total IS NOT NULL
      ), lot_upsert AS (
        INSERT INTO lot_state AS s (lot_id, total, free, closed, observed_at, last_seen_at)
        SELECT lot_id, total, free, closed, observed_at, seen FROM lot_next ORDER BY lot_id
        ON CONFLICT (lot_id) DO UPDATE SET
          total = CASE WHEN excluded.observed_at >= s.observed_at THEN excluded.total ELSE s.total END,
          free = CASE WHEN excluded.observed_at >= s.observed_at THEN excluded.free ELSE s.free END,
          closed = CASE WHEN excluded.observed_at >= s.observed_at THEN excluded.closed ELSE s.closed END,
          observed_at = greatest(s.observed_at, excluded.observed_at),
          last_seen_at = greatest(s.last_seen_at, excluded.last_seen_at)

      ), bay_in AS (
        INSERT INTO bay_events (device_id, seq, ts, lot_id, bay_id, occupied, observed_at, received_at)
        SELECT device_id, seq, to_timestamp(ts_ms / 1000.0::float8), lot_id, bay_id, occupied,
               to_timestamp(observed_ms / 1000.0::float8), to_timestamp(received_ms / 1000.0::float8)
        FROM unnest($24::text[], $25::int8[], $26::int8[], $27::text[], $28::text[], $29::bool[], $30::int8[],
                    $31::int8[]) AS b (device_id, seq, ts_ms, lot_id, bay_id, occupied, observed_ms, received_ms)
        ORDER BY device_id, seq, bay_id
        ON CONFLICT DO NOTHING
        RETURNING device_id, seq, lot_id, bay_id, occupied, observed_at, received_at
      ), bay_newest AS (
        SELECT DISTINCT ON (lot_id, bay_id) lot_id, bay_id, occupied, observed_at,
               max(received_at) OVER (PARTITION BY lot_id, bay_id) AS seen
        FROM bay_in
        ORDER BY lot_id, bay_id, observed_at DESC, seq DESC
      ), bay_current AS (
        -- every bay of the lots touched, locked: the lot's totals are recounted from them. The
        -- catalogue import creates a bay's row (state unknown) with the bay, so all of them exist
        -- before this statement's snapshot, and the lock yields each at its latest committed
        -- version, also when a concurrent batch just reported it for the first time.
        SELECT lot_id, bay_id, occupied, observed_at FROM bay_state
        WHERE lot_id IN (SELECT lot_id FROM bay_newest)
        ORDER BY lot_id, bay_id
        FOR UPDATE
      ), bay_merged AS (
        SELECT coalesce(n.lot_id, c.lot_id) AS lot_id, coalesce(n.bay_id, c.bay_id) AS bay_id, n.seen,
               CASE WHEN n.bay_id IS NOT NULL AND (c.observed_at IS NULL OR n.observed_at >= c.observed_at)
                    THEN n.occupied ELSE c.occupied END AS occupied,
               CASE WHEN n.bay_id IS NOT NULL AND (c.observed_at IS NULL OR n.observed_at >= c.observed_at)
                    THEN n.observed_at ELSE c.observed_at END AS observed_at
        FROM bay_newest n
        FULL JOIN bay_current c ON c.lot_id = n.lot_id AND c.bay_id = n.bay_id
      ), bay_upsert AS (
        INSERT INTO bay_state AS s (lot_id, bay_id, occupied, observed_at, last_seen_at)
        SELECT lot_id, bay_id, occupied, observed_at, seen FROM bay_merged WHERE seen IS NOT NULL
        ORDER BY lot_id, bay_id
        ON CONFLICT (lot_id, bay_id) DO UPDATE SET
          occupied = CASE WHEN s.observed_at IS NULL OR excluded.observed_at >= s.observed_at
                          THEN excluded.occupied ELSE s.occupied END,
          observed_at = greatest(s.observed_at, excluded.observed_at),
          last_seen_at = greatest(s.last_seen_at, excluded.last_seen_at)
      ), bay_lots AS (
        -- a bay-counted lot: total = bays that have reported, free = those not occupied
        SELECT lot_id, (count(*) FILTER (WHERE occupied IS NOT NULL))::int AS total,
               (count(*) FILTER (WHERE NOT occupied))::int AS free,
               max(observed_at) AS observed_at, max(seen) AS seen
        FROM bay_merged
        WHERE lot_id NOT IN (SELECT lot_id FROM lot_seen)
        GROUP BY lot_id
      ), bay_lot_upsert AS (
        INSERT INTO lot_state AS s (lot_id, total, free, closed, observed_at, last_seen_at)
        SELECT lot_id, total, free, false, observed_at, seen FROM bay_lots ORDER BY lot_id
        ON CONFLICT (lot_id) DO UPDATE SET
          total = excluded.total,
          free = excluded.free,
          observed_at = greatest(s.observed_at, excluded.observed_at),
          last_seen_at = greatest(s.last_seen_at, excluded.last_seen_at)

      ), telemetry_in AS (
        INSERT INTO cover_telemetry_events (device_id, seq, ts, cover_id, tilt_deg, open, water_level_cm, gas_ppm,
                                            battery_pct, rssi_dbm, received_at)
        SELECT device_id, seq, to_timestamp(ts_ms / 1000.0::float8), cover_id, tilt, open, water, gas, battery, rssi,
               to_timestamp(received_ms / 1000.0::float8)
        FROM unnest($32::text[], $33::int8[], $34::int8[], $35::text[], $36::float8[], $37::bool[], $38::float8[],
                    $39::float8[], $40::int2[], $41::int2[], $42::int8[])
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
      )
      SELECT device_id, seq FROM status_in
      UNION ALL SELECT device_id, seq FROM passage_in
      UNION ALL SELECT DISTINCT device_id, seq FROM bay_in
      UNION ALL SELECT device_id, seq FROM telemetry_in""";

  private BatchStatement() {}
}
