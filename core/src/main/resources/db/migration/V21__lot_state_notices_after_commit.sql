-- Ingest tells of the lots it changed itself, a few milliseconds after its commits
-- (dev.smartparking.ingest.store.LotNotices), from a connection of its own. A transaction that
-- NOTIFYs holds a database-wide lock from the start of its commit to its end, WAL flush included,
-- so every batch that notified waited for the other writers' commits. Ingest's writer connections
-- say so with smartparking.notify_lot_state = off in their start-up packet; for any other writer
-- (psql, a repair, a test) this trigger still notifies, in its transaction, as V5 made it.
CREATE OR REPLACE FUNCTION notify_lot_state_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('smartparking.notify_lot_state', true) = 'off' THEN
    RETURN NULL;
  END IF;
  PERFORM pg_notify('lot_state_changed', string_agg(lot_id, ',' ORDER BY lot_id))
  FROM (SELECT lot_id, sum(octet_length(lot_id) + 1) OVER (ORDER BY lot_id) AS bytes_so_far
        FROM changed_rows) ids
  GROUP BY (bytes_so_far - 1) / 7000;
  RETURN NULL;
END $$;
