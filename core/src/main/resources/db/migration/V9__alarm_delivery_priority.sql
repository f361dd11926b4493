-- Alarm delivery (alarm module, docs/alarms.md): which deliveries go first, and an index the
-- dispatcher's claim walks per unit.
--
-- priority: 0 for alarms a reading raised (tilt, open, water, gas, battery), 1 for silent. A city-wide
-- power cut raises thousands of silent alarms at once and the dispatcher spreads them over minutes
-- (alarms.delivery-max-per-second); a gas alarm raised meanwhile must not queue behind them.
ALTER TABLE alarm_deliveries
    ADD COLUMN priority smallint NOT NULL DEFAULT 0 CHECK (priority IN (0, 1));

-- The claim takes, per unit, its due pending deliveries in (priority, next_attempt_at, event_id)
-- order and stops after as many as the unit has free slots: an index range scan that ends early.
CREATE INDEX alarm_deliveries_unit_due_idx ON alarm_deliveries (unit_id, priority, next_attempt_at, event_id)
    WHERE status = 'pending';

-- V7's trigger function, now also setting the priority from the alarm's type, and returning at once
-- when its statement inserted no event. A statement trigger fires even then, and ingest's batch
-- statement holds an INSERT INTO cover_alarm_events that inserts nothing in nearly every batch:
-- unguarded, every batch would pg_notify, and a transaction that notifies takes a database-wide lock
-- while it commits, which makes the writers' commits wait for one another (and wakes every follower
-- for nothing).
CREATE OR REPLACE FUNCTION cover_alarm_events_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT FROM new_events) THEN
    RETURN NULL;
  END IF;
  INSERT INTO alarm_deliveries (event_id, alarm_id, unit_id, priority)
  SELECT e.event_id, e.alarm_id, u.id, CASE WHEN a.type = 'silent' THEN 1 ELSE 0 END
  FROM new_events e
  JOIN cover_alarms a ON a.id = e.alarm_id
  JOIN covers c ON c.id = a.cover_id
  JOIN units u ON u.id = c.unit_id
  WHERE u.webhook_url IS NOT NULL;
  PERFORM pg_notify('cover_alarm_events', '');
  RETURN NULL;
END $$;
