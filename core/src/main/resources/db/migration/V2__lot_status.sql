-- Lot status snapshots: the raw event log, the current state per lot, and what was refused.

-- One row per accepted status message. Partitioned by the device's observation day
-- (UTC): history reads and retention both go by observation time, and a retransmission
-- carries the very same ts, so it lands in the same partition and the primary key
-- drops it. Partitions are created ahead of time by the ingest server; rows whose
-- day has no partition (back-fill older than the oldest one) go to the default one.
-- No other index: every index is paid for on every insert, and per-lot history is
-- served from the current state and, later, from rollups.
CREATE TABLE lot_status_events (
    device_id   text        NOT NULL,
    seq         bigint      NOT NULL,
    ts          timestamptz NOT NULL,
    lot_id      text        NOT NULL,
    total       integer     NOT NULL,
    free        integer     NOT NULL,
    closed      boolean,
    received_at timestamptz NOT NULL,
    PRIMARY KEY (device_id, seq, ts)
) PARTITION BY RANGE (ts);
CREATE TABLE lot_status_events_default PARTITION OF lot_status_events DEFAULT;

-- The newest snapshot of every lot that has ever reported. Updated in place many
-- times a minute, so leave room on each page for HOT updates.
CREATE TABLE lot_state (
    lot_id       text        PRIMARY KEY REFERENCES lots (id),
    total        integer     NOT NULL,
    free         integer     NOT NULL,
    closed       boolean     NOT NULL,
    observed_at  timestamptz NOT NULL, -- device ts of the snapshot shown
    last_seen_at timestamptz NOT NULL  -- server time of the newest message about the lot
) WITH (fillfactor = 70);

-- Every message the server refused, with why, so nothing a device sent is lost.
-- Partitioned by receive day for cheap retention; the (device_id, received_at) index
-- serves "what did this device get wrong", and rejections are rare enough to afford it.
CREATE TABLE rejected_messages (
    received_at timestamptz NOT NULL,
    device_id   text        NOT NULL,
    topic       text        NOT NULL,
    qos         smallint    NOT NULL,
    reason      text        NOT NULL CHECK (reason IN
                    ('malformed', 'invalid', 'unknown_topic', 'forbidden', 'unknown_entity', 'clock')),
    detail      text        NOT NULL,
    payload     bytea       NOT NULL
) PARTITION BY RANGE (received_at);
CREATE TABLE rejected_messages_default PARTITION OF rejected_messages DEFAULT;
CREATE INDEX rejected_messages_device_idx ON rejected_messages (device_id, received_at);
