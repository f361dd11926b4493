-- MQTT sessions a device asked to keep (3.1.1 clean session 0, 5.0 session expiry > 0), so that a
-- reconnect to any ingest process of the database, or after a restart, finds it: CONNACK then says
-- session present and the device resends what it has unacknowledged (docs/protocol.md, Sessions).
-- Devices only publish, so a session holds no subscriptions and no outbound messages: only the
-- QoS 2 packet ids answered with PUBREC whose PUBREL has not arrived.
--
-- One row per device at most. Written when a session opens (before its CONNACK) and when its
-- connection closes, never per message. An expired row is ignored and replaced at the device's
-- next CONNECT; rows are bounded by the number of devices, so none is swept.
CREATE TABLE mqtt_sessions (
    device_id        text PRIMARY KEY,
    connection_id    uuid,                  -- the connection holding the session now; NULL once it closed
    expiry_s         bigint NOT NULL,       -- kept this long after its connection closes (capped by mqtt.session-expiry-max)
    expires_at       timestamptz,           -- NULL while connected (or its process crashed before it could say)
    awaiting_release integer[] NOT NULL DEFAULT '{}'  -- QoS 2 packet ids with PUBREC sent, PUBREL not yet received
);
