-- A unique id for every rejected message. received_at has millisecond precision and a
-- device may send many refused messages within one millisecond, so (received_at, id) is
-- the key the admin API pages by without skipping or repeating rows. A sequence default
-- rather than an identity column: PostgreSQL 15 cannot add one to a table with partitions.
CREATE SEQUENCE rejected_messages_id_seq;
ALTER TABLE rejected_messages ADD COLUMN id bigint NOT NULL DEFAULT nextval('rejected_messages_id_seq');
ALTER SEQUENCE rejected_messages_id_seq OWNED BY rejected_messages.id;

-- Serves the time-bounded, keyset-paged audit listing; rejections are rare compared with
-- accepted data, so this second index costs ingest little.
CREATE INDEX rejected_messages_received_idx ON rejected_messages (received_at, id);
