-- How the migrated schema is laid out on a Citus cluster (issue 16; docs/storage.md, "Citus").
-- Run once on the coordinator, after `smartparking-server migrate` and `CREATE EXTENSION citus`,
-- before any device connects. CitusReadySchemaTest (core) reads this file and checks it against
-- the migrated schema: every table named once, every primary key and unique constraint of a
-- distributed table holding its distribution column, and only foreign keys Citus accepts. A
-- migration that adds a table must add it here.

-- Reference tables: the registry, small (one row per district, unit, lot, cover, device), read by
-- every shard's joins and foreign keys, copied to every node.
SELECT create_reference_table('districts');
SELECT create_reference_table('units');
SELECT create_reference_table('lots');
SELECT create_reference_table('covers');
SELECT create_reference_table('devices');
SELECT create_reference_table('device_lots');
SELECT create_reference_table('device_covers');

-- Distributed by device: every stored message, deduplicated by (device_id, seq) within one shard.
SELECT create_distributed_table('lot_status_events', 'device_id');
SELECT create_distributed_table('lot_passage_events', 'device_id', colocate_with => 'lot_status_events');
SELECT create_distributed_table('bay_events', 'device_id', colocate_with => 'lot_status_events');
SELECT create_distributed_table('cover_telemetry_events', 'device_id', colocate_with => 'lot_status_events');
SELECT create_distributed_table('rejected_messages', 'device_id', colocate_with => 'lot_status_events');
SELECT create_distributed_table('device_presence', 'device_id', colocate_with => 'lot_status_events');
SELECT create_distributed_table('mqtt_sessions', 'device_id', colocate_with => 'lot_status_events');

-- Distributed by lot: current state, its per-minute roll-up (written by lot_state's trigger, on
-- the same shard) and the bays.
SELECT create_distributed_table('lot_state', 'lot_id');
SELECT create_distributed_table('lot_occupancy_minutes', 'lot_id', colocate_with => 'lot_state');
SELECT create_distributed_table('bays', 'lot_id', colocate_with => 'lot_state');
SELECT create_distributed_table('bay_state', 'lot_id', colocate_with => 'lot_state');

-- Distributed by cover: current readings.
SELECT create_distributed_table('cover_state', 'cover_id');

-- Local to the coordinator: low-volume tables whose order matters across the whole city (alarm
-- events are read as one stream in commit order), the API's tokens and the process registry.
SELECT citus_add_local_table_to_metadata('cover_alarms');
SELECT citus_add_local_table_to_metadata('cover_alarm_events');
SELECT citus_add_local_table_to_metadata('alarm_deliveries');
SELECT citus_add_local_table_to_metadata('api_tokens');
SELECT citus_add_local_table_to_metadata('ingest_processes');
SELECT citus_add_local_table_to_metadata('flyway_schema_history');
