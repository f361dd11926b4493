-- The other three device topics: vehicle passages, bay sensor changes, manhole-cover telemetry.
-- Same rules as lot_status_events (V2): daily partitions by device ts, a primary key that
-- drops retransmissions, no other index on the event tables.

-- direction 'in' takes a space, 'out' frees one. The plate is never stored: only its HMAC
-- under a server-side key (ingest.plate-key), enough to pair an entry with its exit.
CREATE TABLE lot_passage_events (
    device_id   text        NOT NULL,
    seq         bigint      NOT NULL,
    ts          timestamptz NOT NULL,
    lot_id      text        NOT NULL,
    direction   text        NOT NULL CHECK (direction IN ('in', 'out')),
    gate        text,
    plate_hmac  bytea,
    received_at timestamptz NOT NULL,
    PRIMARY KEY (device_id, seq, ts)
) PARTITION BY RANGE (ts);
CREATE TABLE lot_passage_events_default PARTITION OF lot_passage_events DEFAULT;

-- One row per bay change; a message of n changes is n rows sharing (device_id, seq, ts).
CREATE TABLE bay_events (
    device_id   text        NOT NULL,
    seq         bigint      NOT NULL,
    ts          timestamptz NOT NULL, -- the message's ts (partition key)
    lot_id      text        NOT NULL,
    bay_id      text        NOT NULL,
    occupied    boolean     NOT NULL,
    observed_at timestamptz NOT NULL, -- the change's own ts, or the message's
    received_at timestamptz NOT NULL,
    PRIMARY KEY (device_id, seq, ts, bay_id)
) PARTITION BY RANGE (ts);
CREATE TABLE bay_events_default PARTITION OF bay_events DEFAULT;

CREATE TABLE bay_state (
    lot_id       text        NOT NULL,
    bay_id       text        NOT NULL,
    occupied     boolean     NOT NULL,
    observed_at  timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL,
    PRIMARY KEY (lot_id, bay_id),
    FOREIGN KEY (lot_id, bay_id) REFERENCES bays (lot_id, bay_id)
) WITH (fillfactor = 70);

CREATE TABLE cover_telemetry_events (
    device_id      text        NOT NULL,
    seq            bigint      NOT NULL,
    ts             timestamptz NOT NULL,
    cover_id       text        NOT NULL,
    tilt_deg       real,
    open           boolean,
    water_level_cm real,
    gas_ppm        real,
    battery_pct    smallint,
    rssi_dbm       smallint,
    received_at    timestamptz NOT NULL,
    PRIMARY KEY (device_id, seq, ts)
) PARTITION BY RANGE (ts);
CREATE TABLE cover_telemetry_events_default PARTITION OF cover_telemetry_events DEFAULT;

-- The latest value of each measurement (a reading may carry only some of them), and when.
CREATE TABLE cover_state (
    cover_id       text        PRIMARY KEY REFERENCES covers (id),
    tilt_deg       real,
    open           boolean,
    water_level_cm real,
    gas_ppm        real,
    battery_pct    smallint,
    rssi_dbm       smallint,
    observed_at    timestamptz NOT NULL,
    last_seen_at   timestamptz NOT NULL
) WITH (fillfactor = 70);
