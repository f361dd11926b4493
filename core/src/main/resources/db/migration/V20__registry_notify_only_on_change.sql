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

-- The same four triggers on both tables.
DO $$
DECLARE
  registry_table text;
BEGIN
  FOREACH registry_table IN ARRAY ARRAY['districts', 'lots'] LOOP
    EXECUTE format('DROP TRIGGER %I ON %I', registry_table || '_changed_notify', registry_table);
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS changed_rows '
      'FOR EACH STATEMENT EXECUTE FUNCTION notify_registry_rows_changed()', registry_table || '_inserted_notify', registry_table);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING NEW TABLE AS changed_rows '
      'FOR EACH STATEMENT EXECUTE FUNCTION notify_registry_rows_changed()', registry_table || '_updated_notify', registry_table);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS changed_rows '
      'FOR EACH STATEMENT EXECUTE FUNCTION notify_registry_rows_changed()', registry_table || '_deleted_notify', registry_table);
    EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %I '
      'FOR EACH STATEMENT EXECUTE FUNCTION notify_registry_changed()', registry_table || '_truncated_notify', registry_table);
  END LOOP;
END $$;
