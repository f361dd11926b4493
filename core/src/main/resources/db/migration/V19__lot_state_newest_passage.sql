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

-- The passages stored for a lot with a ts after since: how much they move its free count, and the
-- newest ts among them (NULL if none). STABLE: it reads with the calling statement's snapshot, so it
-- sees what the batch statement's own lookup saw before, not the statement's own inserts.
CREATE FUNCTION lot_passages_after(lot text, since timestamptz, OUT moved integer, OUT newest timestamptz)
LANGUAGE plpgsql STABLE AS $$
BEGIN
  SELECT coalesce(sum(CASE p.direction WHEN 'out' THEN 1 ELSE -1 END), 0), max(p.ts) INTO moved, newest
  FROM lot_passage_events p
  WHERE p.lot_id = lot AND p.ts > since;
END $$;
