-- A batch whose snapshot becomes a lot's current one adds the passages already stored with a newer
-- ts (docs/storage.md). Reading lot_passage_events for them in the batch statement put all the
-- table's daily partitions (some 94) in every batch's plan: each locked and its index opened per
-- batch, snapshots only or not, though run-time pruning then skipped nearly all of them. lot_state
-- now keeps, per lot, a ts no older than any passage stored for it after its snapshot, so the
-- statement knows without reading the table whether there is any to add, and only then calls
-- lot_passages_after, whose own plan holds the partitions (and prunes them by its ts bound).
--
-- 'infinity' (the default, for rows made elsewhere: bay counting) is "not known": such a lot's
-- passages are looked up as before. Existing rows get the newest ts of their lot's passages.
ALTER TABLE lot_state ADD COLUMN newest_passage_at timestamptz NOT NULL DEFAULT 'infinity';

UPDATE lot_state s
SET newest_passage_at = coalesce((SELECT max(p.ts) FROM lot_passage_events p WHERE p.lot_id = s.lot_id), '-infinity');

-- For each lot of lots, the passages stored for it with a ts after its since (the same place of
-- since): how much they move its free count, and the newest ts among them; lots with none are not
-- returned. One call a batch for all the lots that need it: a call per lot planned and started a
-- query over every partition per lot, seconds of a batch when thousands of lots report their first
-- snapshot at once. The plan of the query inside prunes the partitions older than each since at
-- run time. STABLE: it reads with the calling statement's snapshot, so it sees what the batch
-- statement's own lookup saw before, not the statement's own inserts.
CREATE FUNCTION lot_passages_after(lots text[], since timestamptz[])
RETURNS TABLE (lot text, moved integer, newest timestamptz)
LANGUAGE plpgsql STABLE AS $$
BEGIN
  IF coalesce(cardinality(lots), 0) = 0 THEN
    RETURN;
  END IF;
  RETURN QUERY
    SELECT q.lot, sum(CASE p.direction WHEN 'out' THEN 1 ELSE -1 END)::integer, max(p.ts)
    FROM unnest(lots, since) AS q (lot, since)
    JOIN lot_passage_events p ON p.lot_id = q.lot AND p.ts > q.since
    GROUP BY q.lot;
END $$;
