-- The bureau's ledgers (API.md "Reports"): a unit's campaign target, and when each lot first
-- reported, so the onboarding report reads one row per lot instead of scanning history.

ALTER TABLE units ADD COLUMN cover_target integer CHECK (cover_target BETWEEN 0 AND 10000000);

-- Set once, by the insert that makes a lot's row on its first report (ingest's upserts never name
-- it, so their ON CONFLICT updates leave it alone).
ALTER TABLE lot_state ADD COLUMN first_seen_at timestamptz;

-- Lots that reported before this column existed: the earliest of their messages still stored, else
-- (events already past retention) the newest, the best the database still knows. One pass over the
-- event tables, once.
UPDATE lot_state s
SET first_seen_at = least(s.last_seen_at, f.first_seen_at)
FROM (SELECT lot_id, min(received_at) AS first_seen_at
      FROM (SELECT lot_id, received_at FROM lot_status_events
            UNION ALL
            SELECT lot_id, received_at FROM bay_events) e
      GROUP BY lot_id) f
WHERE f.lot_id = s.lot_id;
UPDATE lot_state SET first_seen_at = last_seen_at WHERE first_seen_at IS NULL;

ALTER TABLE lot_state
    ALTER COLUMN first_seen_at SET DEFAULT now(),
    ALTER COLUMN first_seen_at SET NOT NULL;
