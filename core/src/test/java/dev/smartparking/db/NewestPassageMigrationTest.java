package dev.smartparking.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smartparking.partition.PartitionedTable;
import dev.smartparking.partition.TimePartitions;
import dev.smartparking.testkit.TestDatabase;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * V19 on a database that already holds passages: each lot's row learns the newest ts of its stored
 * passages, which ingest trusts to skip looking for passages newer than a late snapshot.
 */
class NewestPassageMigrationTest {

  @RegisterExtension
  static final DatabaseBeforeMigration schema = new DatabaseBeforeMigration("19");

  private static TestDatabase db;

  @BeforeAll
  static void migrateWithPassagesStored() {
    db = schema.db();
    db.execute("INSERT INTO districts (code, name) VALUES ('410802', '解放区')");
    db.execute("""
        INSERT INTO lots (id, name, district_code, lat, lon, capacity, counting, kind)
        VALUES ('L-1', 'one', '410802', 35.2, 113.2, 100, 'status', 'commercial'),
               ('L-2', 'two', '410802', 35.2, 113.2, 100, 'status', 'commercial')""");
    db.execute(TimePartitions.creation(PartitionedTable.LOT_PASSAGE_EVENTS, LocalDate.parse("2026-03-01")));
    db.execute(TimePartitions.creation(PartitionedTable.LOT_PASSAGE_EVENTS, LocalDate.parse("2026-03-02")));
    db.execute("""
        INSERT INTO lot_passage_events (device_id, seq, ts, lot_id, direction, received_at)
        VALUES ('gw-1', 1, '2026-03-01 10:00:00+00', 'L-1', 'in', now()),
               ('gw-1', 2, '2026-03-02 08:30:00+00', 'L-1', 'out', now())""");
    // the V5 triggers roll the rows up into their minute
    db.execute(TimePartitions.creation(PartitionedTable.LOT_OCCUPANCY_MINUTES, LocalDate.parse("2026-03-01")));
    db.execute("""
        INSERT INTO lot_state (lot_id, total, free, closed, observed_at, last_seen_at, first_seen_at)
        VALUES ('L-1', 100, 5, false, '2026-03-01 09:00:00+00', now(), now()),
               ('L-2', 100, 7, false, '2026-03-01 09:00:00+00', now(), now())""");

    schema.migrateToLatest();
  }

  @Test
  void eachLotsRowHoldsTheNewestTsOfItsStoredPassages() {
    assertThat(db.rows("SELECT lot_id, newest_passage_at::text AS newest FROM lot_state ORDER BY lot_id"))
        .containsExactly(Map.of("lot_id", "L-1", "newest", "2026-03-02 08:30:00+00"),
            Map.of("lot_id", "L-2", "newest", "-infinity"));
  }

  @Test
  void passagesAfterEachLotsTsAreCountedAsTheyMoveItsFreeCount() {
    assertThat(db.rows("""
        SELECT lot, moved, newest::text AS newest
        FROM lot_passages_after(ARRAY['L-1', 'L-2'], ARRAY['2026-03-01 09:00:00+00', '2026-03-01 09:00:00+00']::timestamptz[])"""))
        .as("a lot with no passage after its ts is left out")
        .containsExactly(Map.of("lot", "L-1", "moved", 0, "newest", "2026-03-02 08:30:00+00"));
    assertThat(db.rows("SELECT moved FROM lot_passages_after(ARRAY['L-1'], ARRAY['2026-03-01 11:00:00+00']::timestamptz[])"))
        .containsExactly(Map.of("moved", 1));
  }

  @Test
  void noLotsNoRows() {
    assertThat(db.rows("SELECT * FROM lot_passages_after(ARRAY[]::text[], ARRAY[]::timestamptz[])")).isEmpty();
    assertThat(db.rows("SELECT * FROM lot_passages_after(NULL, NULL)")).isEmpty();
  }
}
