-- What ingest's batch statement needs to raise and clear cover alarms exactly (docs/storage.md,
-- "Cover alarms"). A batch locks the cover_state rows of the covers it reads, so that concurrent
-- batches (of one process or several) take each cover in turn. Two things stand in the way of a
-- single statement seeing what the batch before it did, and this fixes both.

-- 1. Every cover has its cover_state row from its registration, its state unknown (NULL) until its
--    first reading, as bay_state has since V4: a row another batch inserts after a statement began
--    is invisible to that statement and cannot be locked by it, so two batches carrying a cover's
--    first readings would each judge them without the other's. observed_at and last_seen_at are
--    NULL until a reading arrives; readers that want "reported yet" test last_seen_at IS NULL.
ALTER TABLE cover_state
    ALTER COLUMN observed_at DROP NOT NULL,
    ALTER COLUMN last_seen_at DROP NOT NULL,
    ADD CONSTRAINT cover_state_reported_whole CHECK ((observed_at IS NULL) = (last_seen_at IS NULL));

INSERT INTO cover_state (cover_id) SELECT id FROM covers ON CONFLICT DO NOTHING;

-- A trigger rather than the catalogue import's statement: every way a cover is created gets its
-- row, plain SQL included.
CREATE FUNCTION covers_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO cover_state (cover_id) SELECT id FROM new_covers ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;

CREATE TRIGGER covers_inserted AFTER INSERT ON covers
  REFERENCING NEW TABLE AS new_covers
  FOR EACH STATEMENT EXECUTE FUNCTION covers_inserted();

-- 2. The unresolved alarms of some covers as committed now, locked. A statement reads with the
--    snapshot it took when it began; after waiting for a cover's lock it gets that row's newest
--    version, but the alarms the lock's previous holder inserted stay invisible to it, and an alarm
--    it cannot see it cannot clear. A VOLATILE SQL function takes a new snapshot for each query it
--    runs (and is never inlined), so called once the covers are locked, it sees every alarm their
--    previous holders committed. FOR UPDATE: an operator's ack or resolve of one of them waits for
--    the batch, so what this returns stays true until the batch commits. STRICT: a batch without
--    cover readings (NULL) does not run the query at all.
CREATE FUNCTION lock_unresolved_cover_alarms(cover_ids text[]) RETURNS SETOF cover_alarms
  LANGUAGE sql VOLATILE STRICT AS $$
  SELECT * FROM cover_alarms
  WHERE cover_id = ANY (cover_ids) AND status <> 'resolved'
  ORDER BY cover_id, type
  FOR UPDATE
$$;
