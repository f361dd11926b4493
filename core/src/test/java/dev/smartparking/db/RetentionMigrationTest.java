package dev.smartparking.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smartparking.partition.PartitionedTable;
import dev.smartparking.partition.TimePartitions;
import dev.smartparking.testkit.TestDatabase;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * V11 on a database that already holds data: rows in the default partitions move into daily
 * partitions of their own, and per-minute occupancy becomes partitioned by month, every row kept.
 */
class RetentionMigrationTest {

  @RegisterExtension
  static final DatabaseBeforeMigration schema = new DatabaseBeforeMigration("11");

  private static final String STATUS_ROWS = "SELECT device_id, seq, ts::text, tableoid::regclass::text AS part "
      + "FROM lot_status_events ORDER BY seq";
  private static final String MINUTES = "SELECT lot_id, minute::text, free_min, free_max, free_last, total_last, "
      + "samples FROM lot_occupancy_minutes ORDER BY minute";

  private static TestDatabase db;
  private static List<Map<String, Object>> minutesBefore;

  @BeforeAll
  static void migrateWithDataInBetween() {
    db = schema.db();
    db.execute("INSERT INTO districts (code, name) VALUES ('410802', '解放区')");
    db.execute("""
        INSERT INTO lots (id, name, district_code, lat, lon, capacity, counting, kind)
        VALUES ('L-1', 'one', '410802', 35.2, 113.2, 100, 'status', 'commercial')""");
    // Back-fill from before the first daily partition: it went to the default partitions.
    db.execute("""
        INSERT INTO lot_status_events (device_id, seq, ts, lot_id, total, free, closed, received_at)
        VALUES ('gw-1', 1, '2026-01-05 10:00:00+00', 'L-1', 100, 5, false, now()),
               ('gw-1', 2, '2026-01-06 23:59:59.999+00', 'L-1', 100, 6, false, now()),
               ('gw-1', 3, '2026-01-07 00:00:00+00', 'L-1', 100, 7, null, now())""");
    db.execute("""
        INSERT INTO cover_telemetry_events (device_id, seq, ts, cover_id, gas_ppm, received_at)
        VALUES ('cv-1', 1, '2026-02-01 00:00:00+00', 'C-1', 0.5, now())""");
    db.execute("""
        INSERT INTO rejected_messages (received_at, device_id, topic, qos, reason, detail, payload)
        VALUES ('2026-03-01 08:00:00+00', 'gw-1', 'v1/lots/L-1/status', 1, 'malformed', 'not JSON', '\\x6e6f')""");
    // Two minutes in two months, written by the V5 triggers.
    db.execute("INSERT INTO lot_state VALUES ('L-1', 100, 5, false, '2026-03-31 23:59:10+00', now())");
    db.execute("UPDATE lot_state SET free = 4, observed_at = '2026-04-01 00:00:20+00'");
    minutesBefore = db.rows(MINUTES);

    schema.migrateToLatest();
  }

  @Test
  void rowsOfTheDefaultPartitionsAreInDailyPartitionsNamedAsTheServerNamesThem() {
    assertThat(db.rows(STATUS_ROWS)).extracting(row -> row.get("part")).containsExactly(
        "lot_status_events_p20260105", "lot_status_events_p20260106", "lot_status_events_p20260107");
    assertThat(db.rows(STATUS_ROWS)).extracting(row -> row.get("ts")).containsExactly(
        "2026-01-05 10:00:00+00", "2026-01-06 23:59:59.999+00", "2026-01-07 00:00:00+00");
    assertThat(db.rows("SELECT tableoid::regclass::text AS part, gas_ppm FROM cover_telemetry_events"))
        .containsExactly(Map.of("part", "cover_telemetry_events_p20260201", "gas_ppm", 0.5f));
    assertThat(db.rows("SELECT tableoid::regclass::text AS part, id, convert_from(payload, 'UTF8') AS payload "
        + "FROM rejected_messages"))
        .containsExactly(Map.of("part", "rejected_messages_p20260301", "id", 1L, "payload", "no"));
  }

  @Test
  void noTimePartitionedTableHasADefaultPartition() {
    assertThat(db.count("""
        SELECT count(*) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE pg_get_expr(c.relpartbound, c.oid) = 'DEFAULT'""")).isZero();
  }

  @Test
  void occupancyMinutesArePartitionedByMonthWithEveryRowKept() {
    assertThat(db.rows(MINUTES)).isEqualTo(minutesBefore).hasSize(2);
    assertThat(db.rows("SELECT tableoid::regclass::text AS part FROM lot_occupancy_minutes ORDER BY minute"))
        .extracting(row -> row.get("part"))
        .containsExactly("lot_occupancy_minutes_p202603", "lot_occupancy_minutes_p202604");
    assertThat(db.rows("SELECT relkind::text AS kind FROM pg_class WHERE relname = 'lot_occupancy_minutes'"))
        .containsExactly(Map.of("kind", "p"));
    assertThat(db.rows("SELECT array_to_string(reloptions, ',') AS options FROM pg_class "
        + "WHERE relname LIKE 'lot\\_occupancy\\_minutes\\_p%' AND relkind = 'r'"))
        .containsOnly(Map.of("options", "fillfactor=70"));
  }

  @Test
  void triggersWriteTheNewMinutesTable() {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    db.execute(TimePartitions.creation(PartitionedTable.LOT_OCCUPANCY_MINUTES, today));

    db.execute("UPDATE lot_state SET free = 9, observed_at = now()");

    assertThat(db.count("SELECT count(*) FROM lot_occupancy_minutes WHERE free_last = 9 AND minute > now() - "
        + "interval '2 minutes'")).isEqualTo(1);
  }
}
