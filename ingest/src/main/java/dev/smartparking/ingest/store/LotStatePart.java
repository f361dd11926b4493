package dev.smartparking.ingest.store;

import java.util.List;

/**
 * A status-counted lot's state, made of the snapshots ({@link StatusPart}) and the passages
 * ({@link PassagePart}) this batch really stored: the newest snapshot unless the stored one is
 * newer, its free count moved by the passages after it. Takes no parameters of its own;
 * {@code lot_seen} tells {@link BayPart} which lots are counted this way in this batch.
 */
final class LotStatePart {

  static final BatchPart<Void> PART = new BatchPart<>("lot_state", verdicts -> List.of(), List.of(),
      """
      snapshot AS (
        SELECT DISTINCT ON (lot_id) lot_id, total, free, coalesce(closed, false) AS closed, ts
        FROM status_in
        ORDER BY lot_id, ts DESC, seq DESC
      ), lot_seen AS (
        SELECT lot_id, max(received_at) AS seen
        FROM (SELECT lot_id, received_at FROM status_in
              UNION ALL SELECT lot_id, received_at FROM passage_in) heard
        GROUP BY lot_id
      ), lot_current AS (
        SELECT lot_id, total, free, closed, observed_at, newest_passage_at FROM lot_state
        WHERE lot_id IN (SELECT lot_id FROM lot_seen)
        ORDER BY lot_id
        FOR UPDATE
      ), lot_base AS (
        -- the snapshot that stands after this batch: the batch's newest unless the stored one is newer
        SELECT l.lot_id, l.seen, n.ts IS NOT NULL AND (c.lot_id IS NULL OR n.ts >= c.observed_at) AS replaced,
               n.total AS new_total, n.free AS new_free, n.closed AS new_closed, n.ts AS new_ts,
               c.total, c.free, c.closed, c.observed_at, c.newest_passage_at
        FROM lot_seen l
        LEFT JOIN snapshot n USING (lot_id)
        LEFT JOIN lot_current c USING (lot_id)
      ), lot_after AS (
        -- the state the batch's snapshot or the stored one gives, before any passage moves it
        SELECT lot_id, seen, replaced, newest_passage_at,
               CASE WHEN replaced THEN new_total ELSE total END AS total,
               CASE WHEN replaced THEN new_free ELSE free END AS free,
               CASE WHEN replaced THEN new_closed ELSE closed END AS closed,
               CASE WHEN replaced THEN new_ts ELSE observed_at END AS observed_at
        FROM lot_base
      ), stored_lookup AS (
        -- When a snapshot of this batch becomes a lot's current one, the passages stored before
        -- it with a newer ts count too (a snapshot written after newer passages must not erase
        -- them). They are read only if there may be any: newest_passage_at (V19) is no older than
        -- every passage stored after the lot's snapshot, and a lot without a row has none known.
        -- One call for all such lots, through lot_passages_after, so that this plan holds none of
        -- lot_passage_events' partitions.
        SELECT array_agg(lot_id ORDER BY lot_id) AS lots, array_agg(observed_at ORDER BY lot_id) AS since
        FROM lot_after
        WHERE replaced AND coalesce(newest_passage_at, 'infinity') > observed_at
      ), stored AS (
        SELECT f.lot AS lot_id, f.moved, f.newest
        FROM stored_lookup, lot_passages_after(stored_lookup.lots, stored_lookup.since) f
      ), lot_next AS (
        -- between snapshots, the free count follows the passages newer than the snapshot: this
        -- batch's, and the stored ones found above
        SELECT b.lot_id, seen, total, closed, observed_at,
               least(total, greatest(0, free + coalesce((
                 SELECT sum(CASE p.direction WHEN 'out' THEN 1 ELSE -1 END)
                 FROM passage_in p
                 WHERE p.lot_id = b.lot_id AND p.ts > b.observed_at), 0)
                 + coalesce(stored.moved, 0)))::int AS free,
               greatest(coalesce(b.newest_passage_at, '-infinity'), stored.newest,
                        (SELECT max(p.ts) FROM passage_in p WHERE p.lot_id = b.lot_id)) AS newest_passage_at
        FROM lot_after b
        LEFT JOIN stored USING (lot_id)
        WHERE total IS NOT NULL
      ), lot_upsert AS (
        INSERT INTO lot_state AS s (lot_id, total, free, closed, observed_at, last_seen_at, newest_passage_at)
        SELECT lot_id, total, free, closed, observed_at, seen, newest_passage_at FROM lot_next ORDER BY lot_id
        ON CONFLICT (lot_id) DO UPDATE SET
          total = CASE WHEN excluded.observed_at >= s.observed_at THEN excluded.total ELSE s.total END,
          free = CASE WHEN excluded.observed_at >= s.observed_at THEN excluded.free ELSE s.free END,
          closed = CASE WHEN excluded.observed_at >= s.observed_at THEN excluded.closed ELSE s.closed END,
          observed_at = greatest(s.observed_at, excluded.observed_at),
          last_seen_at = greatest(s.last_seen_at, excluded.last_seen_at),
          -- s is the row lot_current locked, or one a concurrent batch inserted: the later of both
          -- covers the passages each knew of
          newest_passage_at = greatest(s.newest_passage_at, excluded.newest_passage_at)
      )""",
      null,
      null);

  private LotStatePart() {}
}
