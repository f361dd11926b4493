-- Run once by the postgres image of compose.yaml when it creates its data directory: the
-- read-only login Grafana's PostgreSQL data source uses (grafana/provisioning/datasources).
CREATE ROLE grafana_reader LOGIN PASSWORD 'grafana_reader';
GRANT pg_read_all_data TO grafana_reader;
