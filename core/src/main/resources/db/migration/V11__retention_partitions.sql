-- Retention (docs/storage.md): old data goes by dropping whole partitions, and neither making nor
-- dropping one may make ingest wait. The server attaches new partitions (SHARE UPDATE EXCLUSIVE on
-- the parent, which inserts and queries do not wait for) and removes old ones with DETACH PARTITION
-- CONCURRENTLY, then drops the detached table. PostgreSQL refuses a concurrent detach while the
-- parent has a default partition, and attaching beside a default one locks the default exclusively
-- and scans it; so the default partitions go. A row with no partition is then an error instead of
-- a row retention never reaches (and that would block its day's partition from ever being made):
-- the server keeps a partition for every day a device may send (its ts is rejected as 'clock'
-- outside the events window and more than max-clock-ahead in the future).

-- Rows in a default partition (back-fill older than the first daily partition) move into daily
-- partitions of their own, named as the server names them; retention drops them in their turn.
DO $$
DECLARE
  parent text;
  key    text;
  d      date;
  cols   text;
BEGIN
  FOR parent, key IN VALUES ('lot_status_events', 'ts'), ('lot_passage_events', 'ts'), ('bay_events', 'ts'),
                            ('cover_telemetry_events', 'ts'), ('rejected_messages', 'received_at') LOOP
    EXECUTE format('ALTER TABLE %I DETACH PARTITION %I', parent, parent || '_default');
    FOR d IN EXECUTE format('SELECT DISTINCT (%I AT TIME ZONE ''UTC'')::date FROM %I', key, parent || '_default') LOOP
      EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)',
                     parent || '_p' || to_char(d, 'YYYYMMDD'), parent,
                     d::timestamp AT TIME ZONE 'UTC', (d + 1)::timestamp AT TIME ZONE 'UTC');
    END LOOP;
    -- Named columns: other migrations may have added or dropped some, on parent and partition alike.
    SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) INTO cols
    FROM pg_attribute WHERE attrelid = parent::regclass AND attnum > 0 AND NOT attisdropped;
    EXECUTE format('INSERT INTO %I (%s) SELECT %s FROM %I', parent, cols, cols, parent || '_default');
    EXECUTE format('DROP TABLE %I', parent || '_default');
  END LOOP;
END $$;

-- Per-minute occupancy becomes partitioned, by month of minute: it is kept 400 days, read by
-- lot over spans of up to years (1-day steps), and written only around now. Monthly partitions
-- keep a year's query to 13 partitions (daily ones would make it lock and plan some 400), and
-- retention by month keeps every minute for at least its window and at most a month more.
-- No foreign key to lots any more: a partition's own copy of it would make dropping that
-- partition take an ACCESS EXCLUSIVE lock on lots (to remove its triggers there), which every
-- ingest batch and the API read; the minutes are written only from lot_state rows, whose lot_id
-- references lots already. Rows are copied into their months; the server makes the partitions
-- for new months ahead of time.
ALTER TABLE lot_occupancy_minutes RENAME TO lot_occupancy_minutes_unpartitioned;
ALTER TABLE lot_occupancy_minutes_unpartitioned
    RENAME CONSTRAINT lot_occupancy_minutes_pkey TO lot_occupancy_minutes_unpartitioned_pkey;

CREATE TABLE lot_occupancy_minutes (
    lot_id     text        NOT NULL,
    minute     timestamptz NOT NULL,
    free_min   integer     NOT NULL,
    free_max   integer     NOT NULL,
    free_last  integer     NOT NULL,
    total_last integer     NOT NULL,
    samples    integer     NOT NULL,
    PRIMARY KEY (lot_id, minute)
) PARTITION BY RANGE (minute);

DO $$
DECLARE
  m date;
BEGIN
  FOR m IN SELECT DISTINCT date_trunc('month', minute AT TIME ZONE 'UTC')::date
               FROM lot_occupancy_minutes_unpartitioned LOOP
    EXECUTE format('CREATE TABLE %I PARTITION OF lot_occupancy_minutes FOR VALUES FROM (%L) TO (%L) WITH (fillfactor = 70)',
                   'lot_occupancy_minutes_p' || to_char(m, 'YYYYMM'),
                   m::timestamp AT TIME ZONE 'UTC', (m + interval '1 month')::timestamp AT TIME ZONE 'UTC');
  END LOOP;
END $$;

INSERT INTO lot_occupancy_minutes (lot_id, minute, free_min, free_max, free_last, total_last, samples)
SELECT lot_id, minute, free_min, free_max, free_last, total_last, samples FROM lot_occupancy_minutes_unpartitioned;

DROP TABLE lot_occupancy_minutes_unpartitioned;
