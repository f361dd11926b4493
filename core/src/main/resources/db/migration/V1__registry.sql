-- The city registry: what exists and who may report about it.
-- Written by catalogue imports, read by ingest (credentials, bindings) and the API.

CREATE TABLE districts (
    code          text PRIMARY KEY,
    name          text NOT NULL
);

CREATE TABLE units (
    id            text PRIMARY KEY,
    name          text NOT NULL,
    -- NULL for a city-wide utility or bureau whose covers lie across districts
    district_code text REFERENCES districts (code)
);

CREATE TABLE lots (
    id            text PRIMARY KEY,
    name          text NOT NULL,
    district_code text NOT NULL REFERENCES districts (code),
    lat           double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
    lon           double precision NOT NULL CHECK (lon BETWEEN -180 AND 180),
    capacity      integer NOT NULL CHECK (capacity BETWEEN 0 AND 100000),
    counting      text NOT NULL CHECK (counting IN ('status', 'bays')),
    kind          text NOT NULL,
    registered_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX lots_district_idx ON lots (district_code);

CREATE TABLE bays (
    lot_id        text NOT NULL REFERENCES lots (id),
    bay_id        text NOT NULL,
    PRIMARY KEY (lot_id, bay_id)
);

CREATE TABLE covers (
    id                text PRIMARY KEY,
    unit_id           text NOT NULL REFERENCES units (id),
    district_code     text NOT NULL REFERENCES districts (code),
    lat               double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
    lon               double precision NOT NULL CHECK (lon BETWEEN -180 AND 180),
    report_interval_s integer NOT NULL CHECK (report_interval_s > 0),
    gas_limit_ppm     double precision NOT NULL CHECK (gas_limit_ppm >= 0),
    registered_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX covers_unit_idx ON covers (unit_id);
CREATE INDEX covers_district_idx ON covers (district_code);

-- Secrets are random and high-entropy (issued with >= 128 bits), so a plain SHA-256
-- is enough to make a leaked table useless and keeps a CONNECT check at a microsecond.
CREATE TABLE devices (
    id            text PRIMARY KEY,
    kind          text NOT NULL CHECK (kind IN ('lot_gateway', 'bay_gateway', 'cover_sensor')),
    secret_sha256 bytea NOT NULL CHECK (length(secret_sha256) = 32),
    enabled       boolean NOT NULL DEFAULT true,
    registered_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE device_lots (
    device_id     text NOT NULL REFERENCES devices (id),
    lot_id        text NOT NULL REFERENCES lots (id),
    PRIMARY KEY (device_id, lot_id)
);

CREATE TABLE device_covers (
    device_id     text NOT NULL REFERENCES devices (id),
    cover_id      text NOT NULL REFERENCES covers (id),
    PRIMARY KEY (device_id, cover_id)
);
