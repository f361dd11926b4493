-- Current availability pushed to the API, and per-minute occupancy history per lot.
-- Both are fed by statement-level triggers on lot_state: ingest writes a whole batch in one
-- statement, so each trigger runs once per batch over its transition table, not once per row.

-- NOTIFY lot_state_changed with the ids of the lots a statement inserted or updated, comma
-- separated, in chunks of about 7000 bytes: NOTIFY refuses payloads of 8000 bytes or more,
-- and lot ids are at most 64 characters (catalogue rule), so a chunk stays well under it.
-- The API reloads just those lots. Delivered on commit; nothing is sent for a rollback.
CREATE FUNCTION notify_lot_state_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('lot_state_changed', string_agg(lot_id, ',' ORDER BY lot_id))
  FROM (SELECT lot_id, sum(octet_length(lot_id) + 1) OVER (ORDER BY lot_id) AS bytes_so_far
        FROM changed_rows) ids
  GROUP BY (bytes_so_far - 1) / 7000;
  RETURN NULL;
END $$;

-- Transition tables allow one event per trigger: hence one trigger for inserts, one for updates.
CREATE TRIGGER lot_state_inserted_notify AFTER INSERT ON lot_state
  REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION notify_lot_state_changed();
CREATE TRIGGER lot_state_updated_notify AFTER UPDATE ON lot_state
  REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION notify_lot_state_changed();

-- A registry edit made outside a catalogue import (which notifies itself) must reach the
-- caches too. Within one transaction PostgreSQL delivers identical notifications once.
CREATE FUNCTION notify_registry_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('registry_changed', '');
  RETURN NULL;
END $$;

CREATE TRIGGER districts_changed_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON districts
  FOR EACH STATEMENT EXECUTE FUNCTION notify_registry_changed();
CREATE TRIGGER lots_changed_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON lots
  FOR EACH STATEMENT EXECUTE FUNCTION notify_registry_changed();

-- One row per lot and minute (of the snapshot's device time, observed_at) in which its state
-- changed: the range of free counts it went through, the last one, and how many state changes
-- it saw. Served by GET /api/v1/lots/{lotId}/occupancy, which sums minutes into coarser steps.
CREATE TABLE lot_occupancy_minutes (
    lot_id     text        NOT NULL REFERENCES lots (id),
    minute     timestamptz NOT NULL,
    free_min   integer     NOT NULL,
    free_max   integer     NOT NULL,
    free_last  integer     NOT NULL,
    total_last integer     NOT NULL,
    samples    integer     NOT NULL,
    PRIMARY KEY (lot_id, minute)
) WITH (fillfactor = 70);

-- Rows of one statement are grouped per lot and minute first: ON CONFLICT DO UPDATE may touch a
-- row only once per statement. The statement's value is the newest (lot_state only moves
-- forward), so it becomes free_last.
CREATE FUNCTION roll_up_inserted_lot_state() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO lot_occupancy_minutes AS m (lot_id, minute, free_min, free_max, free_last, total_last, samples)
  SELECT lot_id, date_trunc('minute', observed_at), min(free), max(free),
         (array_agg(free ORDER BY observed_at DESC))[1], (array_agg(total ORDER BY observed_at DESC))[1],
         count(*)
  FROM new_rows
  GROUP BY lot_id, date_trunc('minute', observed_at)
  ON CONFLICT (lot_id, minute) DO UPDATE SET
    free_min = least(m.free_min, excluded.free_min),
    free_max = greatest(m.free_max, excluded.free_max),
    free_last = excluded.free_last,
    total_last = excluded.total_last,
    samples = m.samples + excluded.samples;
  RETURN NULL;
END $$;

-- An update that only moves last_seen_at (a message older than the snapshot shown) changed no
-- occupancy and adds no sample.
CREATE FUNCTION roll_up_updated_lot_state() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO lot_occupancy_minutes AS m (lot_id, minute, free_min, free_max, free_last, total_last, samples)
  SELECT n.lot_id, date_trunc('minute', n.observed_at), min(n.free), max(n.free),
         (array_agg(n.free ORDER BY n.observed_at DESC))[1], (array_agg(n.total ORDER BY n.observed_at DESC))[1],
         count(*)
  FROM new_rows n JOIN old_rows o USING (lot_id)
  WHERE (n.total, n.free, n.closed, n.observed_at) IS DISTINCT FROM (o.total, o.free, o.closed, o.observed_at)
  GROUP BY n.lot_id, date_trunc('minute', n.observed_at)
  ON CONFLICT (lot_id, minute) DO UPDATE SET
    free_min = least(m.free_min, excluded.free_min),
    free_max = greatest(m.free_max, excluded.free_max),
    free_last = excluded.free_last,
    total_last = excluded.total_last,
    samples = m.samples + excluded.samples;
  RETURN NULL;
END $$;

CREATE TRIGGER lot_state_inserted_roll_up AFTER INSERT ON lot_state
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION roll_up_inserted_lot_state();
CREATE TRIGGER lot_state_updated_roll_up AFTER UPDATE ON lot_state
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION roll_up_updated_lot_state();
