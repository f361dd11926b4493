-- A rejected message keeps the SHA-256 and length of its whole payload (after plates were
-- scrubbed) and at most the first 4 KiB of it, so a device that sends 64 KiB of garbage stores
-- little more than one that sends 64 bytes: with the reject budget (ingest.reject-budget-per-minute)
-- that bounds what one device adds to this table each minute. The topic and the detail (which may
-- quote the topic or other device text) are bounded too, for the same reason: a topic may be as
-- long as the packet allows.
--
-- A trigger rather than the writer's statement: the rule holds for every writer of the table, and
-- the hash must be of the whole payload, which only the row being inserted still has. It runs per
-- rejected row, and rejected rows are few by construction (the budget).
ALTER TABLE rejected_messages ADD COLUMN payload_sha256 bytea, ADD COLUMN payload_length integer;

CREATE FUNCTION rejected_message_bounded() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.payload_sha256 := sha256(NEW.payload);
  NEW.payload_length := octet_length(NEW.payload);
  NEW.payload := substring(NEW.payload FROM 1 FOR 4096);
  IF length(NEW.topic) > 256 THEN
    NEW.topic := left(NEW.topic, 255) || '…';
  END IF;
  IF length(NEW.detail) > 512 THEN
    NEW.detail := left(NEW.detail, 511) || '…';
  END IF;
  RETURN NEW;
END $$;

-- Rows stored before this migration get the same treatment. An UPDATE sees the old values on the
-- right-hand side, so the hash and length are of the whole payload.
UPDATE rejected_messages SET
  payload_sha256 = sha256(payload),
  payload_length = octet_length(payload),
  payload = substring(payload FROM 1 FOR 4096),
  topic = CASE WHEN length(topic) > 256 THEN left(topic, 255) || '…' ELSE topic END,
  detail = CASE WHEN length(detail) > 512 THEN left(detail, 511) || '…' ELSE detail END;

ALTER TABLE rejected_messages ALTER COLUMN payload_sha256 SET NOT NULL, ALTER COLUMN payload_length SET NOT NULL;

-- On the partitioned table: PostgreSQL clones it onto every partition, present and future.
CREATE TRIGGER rejected_message_bounded BEFORE INSERT ON rejected_messages
  FOR EACH ROW EXECUTE FUNCTION rejected_message_bounded();
