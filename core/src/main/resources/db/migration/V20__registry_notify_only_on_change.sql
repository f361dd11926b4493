-- V5's statement triggers on districts and lots notified registry_changed for every statement,
-- even one that changed no row, such as a catalogue import's upsert of entries already as
-- registered (which writes nothing since the import compares first). Every process reads the
-- whole registry again on that notification: at a hundred times Jiaozuo's lots, seconds of CPU
-- and hundreds of megabytes of garbage each. Now they notify only when a row changed (a
-- transition table holds one trigger event's rows, so one trigger per event); TRUNCATE, which
-- has none, still always does.
CREATE FUNCTION notify_registry_rows_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM changed_rows) THEN
    PERFORM pg_notify('registry_changed', '');
  END IF;
  RETURN NULL;
END $$;

DROP TRIGGER districts_changed_notify ON districts;
DROP TRIGGER lots_changed_notify ON lots;

CREATE TRIGGER districts_inserted_notify AFTER INSERT ON districts REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION notify_registry_rows_changed();
CREATE TRIGGER districts_updated_notify AFTER UPDATE ON districts REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION notify_registry_rows_changed();
CREATE TRIGGER districts_deleted_notify AFTER DELETE ON districts REFERENCING OLD TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION notify_registry_rows_changed();
CREATE TRIGGER districts_truncated_notify AFTER TRUNCATE ON districts
  FOR EACH STATEMENT EXECUTE FUNCTION notify_registry_changed();

CREATE TRIGGER lots_inserted_notify AFTER INSERT ON lots REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION notify_registry_rows_changed();
CREATE TRIGGER lots_updated_notify AFTER UPDATE ON lots REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION notify_registry_rows_changed();
CREATE TRIGGER lots_deleted_notify AFTER DELETE ON lots REFERENCING OLD TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION notify_registry_rows_changed();
CREATE TRIGGER lots_truncated_notify AFTER TRUNCATE ON lots
  FOR EACH STATEMENT EXECUTE FUNCTION notify_registry_changed();
