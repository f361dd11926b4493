-- Manhole-cover alarms (API.md "Manhole-cover alarms"): per-cover thresholds, the alarms, every
-- change of an alarm as an event row, and each event's delivery to the responsible unit's webhook.
-- The event row is the transactional outbox: it is written by the same transaction that changes the
-- alarm (an ingest batch, an operator's action, the silent sweep), so a crash between the change and
-- its delivery loses nothing, and an alarm never changes without its event.

-- Thresholds per cover (PROTOCOL.md defaults). water: the alarm stands while the water surface is
-- at most water_margin_cm below the rim, water_level_cm >= -water_margin_cm.
ALTER TABLE covers
    ADD COLUMN tilt_limit_deg  real     NOT NULL DEFAULT 15 CHECK (tilt_limit_deg BETWEEN 0 AND 180),
    ADD COLUMN water_margin_cm real     NOT NULL DEFAULT 30 CHECK (water_margin_cm BETWEEN -100 AND 1000),
    ADD COLUMN battery_min_pct smallint NOT NULL DEFAULT 20 CHECK (battery_min_pct BETWEEN 0 AND 100);

-- Where a unit wants its alarm events (API.md "Delivery to the responsible unit"). The secret signs
-- each delivery (HMAC), so it is kept as given, unlike device secrets.
ALTER TABLE units
    ADD COLUMN webhook_url    text,
    ADD COLUMN webhook_secret text,
    ADD CONSTRAINT units_webhook_whole CHECK ((webhook_url IS NULL) = (webhook_secret IS NULL));

CREATE TABLE cover_alarms (
    id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    cover_id        text        NOT NULL REFERENCES covers (id),
    type            text        NOT NULL CHECK (type IN ('tilt', 'open', 'water', 'gas', 'battery', 'silent')),
    status          text        NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'acknowledged', 'resolved')),
    -- the condition is still present; a reading back within limits clears it (cleared_at)
    active          boolean     NOT NULL DEFAULT true,
    raised_at       timestamptz NOT NULL,
    -- the reading that raised it, as API.md shows it (null for silent)
    reading         jsonb,
    -- device ts of the newest reading that judged this alarm
    last_reading_at timestamptz,
    cleared_at      timestamptz,
    acknowledged_at timestamptz,
    acknowledged_by text,
    resolved_at     timestamptz,
    resolved_by     text,
    CONSTRAINT cover_alarms_cleared CHECK (active = (cleared_at IS NULL)),
    CONSTRAINT cover_alarms_resolved CHECK ((status = 'resolved') = (resolved_at IS NOT NULL)),
    CONSTRAINT cover_alarms_acknowledged CHECK ((acknowledged_at IS NULL) = (acknowledged_by IS NULL))
);
-- At most one unresolved alarm per cover and type: two batches, two processes or the sweep cannot
-- raise it twice. Writers insert with ON CONFLICT on this index.
CREATE UNIQUE INDEX cover_alarms_unresolved_idx ON cover_alarms (cover_id, type) WHERE status <> 'resolved';
-- Lists: newest first, keyset paged by (raised_at, id).
CREATE INDEX cover_alarms_raised_idx ON cover_alarms (raised_at DESC, id DESC);
CREATE INDEX cover_alarms_cover_idx ON cover_alarms (cover_id, raised_at DESC);

-- Every change of an alarm. txid is the writing transaction: event ids are taken before commit, so
-- concurrent writers commit them out of order; a reader that follows the table takes only events
-- of transactions older than every one still running (pg_snapshot_xmin) and orders by (txid,
-- event_id), so a later commit can never land behind a position already read (the stream's resume).
CREATE TABLE cover_alarm_events (
    event_id    bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    alarm_id    bigint      NOT NULL REFERENCES cover_alarms (id),
    event       text        NOT NULL CHECK (event IN
                    ('alarm.raised', 'alarm.cleared', 'alarm.acknowledged', 'alarm.resolved')),
    occurred_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    -- who acted (a token's label) and what they wrote, for acknowledged and resolved
    actor       text,
    note        text,
    -- the alarm as it stood after this change (cover_alarm_json): what webhooks and the stream send
    alarm       jsonb       NOT NULL,
    txid        xid8        NOT NULL DEFAULT pg_current_xact_id()
);
CREATE INDEX cover_alarm_events_alarm_idx ON cover_alarm_events (alarm_id, event_id);
CREATE INDEX cover_alarm_events_follow_idx ON cover_alarm_events (txid, event_id);

-- One row per event for a unit with a webhook, written by the trigger below in the event's own
-- transaction. pending until a 2xx answer (delivered) or until the dispatcher gives up (failed).
CREATE TABLE alarm_deliveries (
    event_id        bigint      PRIMARY KEY REFERENCES cover_alarm_events (event_id),
    alarm_id        bigint      NOT NULL,
    unit_id         text        NOT NULL REFERENCES units (id),
    status          text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    last_attempt_at timestamptz,
    last_result     text,
    delivered_at    timestamptz
);
CREATE INDEX alarm_deliveries_pending_idx ON alarm_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX alarm_deliveries_alarm_idx ON alarm_deliveries (alarm_id, event_id) WHERE status = 'pending';
CREATE INDEX alarm_deliveries_status_idx ON alarm_deliveries (status, event_id);

-- RFC 3339 UTC with milliseconds, as every time in the API.
CREATE FUNCTION rfc3339(t timestamptz) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
$$;

-- 'A-000123', 'E-000042': alarm and event ids as the API shows them; at least six digits, more
-- once there are more. The API parses them back by dropping the prefix.
CREATE FUNCTION prefixed_id(prefix text, id bigint) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT prefix || '-' || CASE WHEN id < 1000000 THEN lpad(id::text, 6, '0') ELSE id::text END
$$;

-- An alarm as API.md shows it; the one place that shape is written, for the API, the stream and
-- the webhooks alike.
CREATE FUNCTION cover_alarm_json(a cover_alarms) RETURNS jsonb LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT jsonb_build_object(
      'id', prefixed_id('A', a.id),
      'cover_id', a.cover_id,
      'unit', jsonb_build_object('id', u.id, 'name', u.name),
      'district', c.district_code,
      'type', a.type,
      'status', a.status,
      'active', a.active,
      'raised_at', rfc3339(a.raised_at),
      'reading', a.reading,
      'last_reading_at', rfc3339(a.last_reading_at),
      'cleared_at', rfc3339(a.cleared_at),
      'acknowledged_at', rfc3339(a.acknowledged_at),
      'acknowledged_by', a.acknowledged_by,
      'resolved_at', rfc3339(a.resolved_at),
      'resolved_by', a.resolved_by)
  FROM covers c JOIN units u ON u.id = c.unit_id
  WHERE c.id = a.cover_id
$$;

-- An event as webhooks receive it and the stream and an alarm's history show it.
CREATE FUNCTION cover_alarm_event_json(e cover_alarm_events) RETURNS jsonb LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT jsonb_build_object(
      'event_id', prefixed_id('E', e.event_id),
      'event', e.event,
      'occurred_at', rfc3339(e.occurred_at),
      'by', e.actor,
      'note', e.note,
      'alarm', e.alarm)
$$;

-- A statement's events become deliveries for units with a webhook, and wake whoever follows them
-- (dispatchers, streams) on commit; a rolled-back statement wakes nobody.
CREATE FUNCTION cover_alarm_events_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO alarm_deliveries (event_id, alarm_id, unit_id)
  SELECT e.event_id, e.alarm_id, u.id
  FROM new_events e
  JOIN cover_alarms a ON a.id = e.alarm_id
  JOIN covers c ON c.id = a.cover_id
  JOIN units u ON u.id = c.unit_id
  WHERE u.webhook_url IS NOT NULL;
  PERFORM pg_notify('cover_alarm_events', '');
  RETURN NULL;
END $$;

CREATE TRIGGER cover_alarm_events_inserted AFTER INSERT ON cover_alarm_events
  REFERENCING NEW TABLE AS new_events
  FOR EACH STATEMENT EXECUTE FUNCTION cover_alarm_events_inserted();
