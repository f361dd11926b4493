-- Which devices are connected, to which ingest process, and when each was last seen, for the admin
-- device list (API.md, "Devices"). Ingest writes a row when a session opens and when it closes,
-- many sessions per statement (SessionTakeovers), never per message.
--
-- A process that crashes cannot mark its sessions closed: a session counts as connected only
-- while its process is alive, that is while the process's heartbeat in ingest_processes is fresh.
-- A process deletes its own row when it stops, so its sessions stop counting at once.
CREATE TABLE ingest_processes (
    process_id   uuid PRIMARY KEY,
    started_at   timestamptz NOT NULL DEFAULT now(),
    heartbeat_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE device_presence (
    device_id    text PRIMARY KEY,
    process_id   uuid,              -- the process holding its session now; NULL once it closed
    connected_at timestamptz,       -- when the session held now (or the last one) opened
    last_seen_at timestamptz NOT NULL  -- its session opened or closed then, or now while connected
);

CREATE INDEX device_presence_process ON device_presence (process_id) WHERE process_id IS NOT NULL;
