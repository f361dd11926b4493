-- Current-state rows that concurrent ingest batches can agree on.

-- Every registered bay has its bay_state row from the moment it is registered (the catalogue
-- import inserts it with the bay), its state unknown (NULL) until a sensor reports. A batch
-- that recounts a bay-counted lot locks all of the lot's rows; since they all exist before any
-- batch starts, a concurrent batch's new report is seen at its committed version instead of
-- being invisible to the statement's snapshot, and the lot's totals cannot be computed from a
-- stale set of bays.
ALTER TABLE bay_state
    ALTER COLUMN occupied DROP NOT NULL,
    ALTER COLUMN observed_at DROP NOT NULL,
    ALTER COLUMN last_seen_at DROP NOT NULL,
    ADD CONSTRAINT bay_state_reported_whole CHECK ((occupied IS NULL) = (observed_at IS NULL));

INSERT INTO bay_state (lot_id, bay_id)
SELECT lot_id, bay_id FROM bays
ON CONFLICT DO NOTHING;

-- A lot's free count is its newest snapshot adjusted by the passages newer than it. When a
-- snapshot becomes current after newer passages were stored (it was late, or back-filled), the
-- batch re-applies those: it looks up the lot's passages after the snapshot's ts. The only
-- secondary index of an event table; one narrow entry per passage.
CREATE INDEX lot_passage_events_lot_ts_idx ON lot_passage_events (lot_id, ts);

-- A cover reading may carry only some measurements, and readings arrive late or back-filled:
-- each measurement keeps the device ts of the reading it came from, and only a newer reading
-- of that measurement replaces it. observed_at stays the newest of them.
ALTER TABLE cover_state
    ADD COLUMN tilt_observed_at        timestamptz,
    ADD COLUMN open_observed_at        timestamptz,
    ADD COLUMN water_level_observed_at timestamptz,
    ADD COLUMN gas_observed_at         timestamptz,
    ADD COLUMN battery_observed_at     timestamptz,
    ADD COLUMN rssi_observed_at        timestamptz;

UPDATE cover_state SET
    tilt_observed_at        = CASE WHEN tilt_deg IS NOT NULL THEN observed_at END,
    open_observed_at        = CASE WHEN open IS NOT NULL THEN observed_at END,
    water_level_observed_at = CASE WHEN water_level_cm IS NOT NULL THEN observed_at END,
    gas_observed_at         = CASE WHEN gas_ppm IS NOT NULL THEN observed_at END,
    battery_observed_at     = CASE WHEN battery_pct IS NOT NULL THEN observed_at END,
    rssi_observed_at        = CASE WHEN rssi_dbm IS NOT NULL THEN observed_at END;
