package dev.smartparking.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smartparking.config.ConfigLoader;
import dev.smartparking.partition.PartitionedTable;
import dev.smartparking.partition.TimePartitions;
import dev.smartparking.testkit.TestDatabase;
import dev.smartparking.testkit.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * The V5 triggers on lot_state: per-minute occupancy rows, and the lot_state_changed
 * notifications that carry the changed lots' ids. Each test works on lots of its own.
 */
class LotStateTriggersTest {

  private static TestDatabase db;

  @BeforeAll
  static void migrate() {
    db = TestPostgres.freshDatabase();
    SchemaMigrator.migrate(ConfigLoader.defaults().setAll(db.serverSettings()).build().database());
    db.execute("INSERT INTO districts (code, name) VALUES ('410802', '解放区')");
    // The months the tests' states are in; a running server makes the partitions (V11 has no default one).
    db.execute(TimePartitions.creation(PartitionedTable.LOT_OCCUPANCY_MINUTES, LocalDate.parse("2026-11-01")));
    if (!LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1).equals(LocalDate.parse("2026-11-01"))) {
      db.execute(TimePartitions.creation(PartitionedTable.LOT_OCCUPANCY_MINUTES, LocalDate.now(ZoneOffset.UTC)));
    }
  }

  @AfterAll
  static void drop() {
    if (db != null) {
      db.close();
    }
  }

  @Test
  void statesWithinOneMinuteMakeOneRowWithTheirRangeAndLastValue() {
    lot("M-1");
    state("M-1", 100, 10, "2026-11-23T08:00:05Z");
    state("M-1", 100, 4, "2026-11-23T08:00:20Z");
    state("M-1", 100, 7, "2026-11-23T08:00:50Z");

    assertThat(minutes("M-1")).containsExactly(
        minute("2026-11-23 08:00:00+00", 4, 10, 7, 100, 3));
  }

  @Test
  void statesInSuccessiveMinutesMakeARowEach() {
    lot("M-2");
    state("M-2", 100, 10, "2026-11-23T08:00:05Z");
    state("M-2", 100, 3, "2026-11-23T08:01:10Z");
    state("M-2", 90, 5, "2026-11-23T08:01:40Z");
    state("M-2", 90, 6, "2026-11-23T08:03:00Z");

    assertThat(minutes("M-2")).containsExactly(
        minute("2026-11-23 08:00:00+00", 10, 10, 10, 100, 1),
        minute("2026-11-23 08:01:00+00", 3, 5, 5, 90, 2),
        minute("2026-11-23 08:03:00+00", 6, 6, 6, 90, 1));
  }

  @Test
  void updateThatOnlyMovesLastSeenAddsNoSample() {
    lot("M-3");
    state("M-3", 100, 10, "2026-11-23T08:00:05Z");

    db.execute("UPDATE lot_state SET last_seen_at = now() WHERE lot_id = 'M-3'");

    assertThat(minutes("M-3")).containsExactly(minute("2026-11-23 08:00:00+00", 10, 10, 10, 100, 1));
  }

  @Test
  void oneStatementOverSeveralLotsWritesARowPerLot() {
    lot("M-4a");
    lot("M-4b");

    db.execute("""
        INSERT INTO lot_state (lot_id, total, free, closed, observed_at, last_seen_at)
        VALUES ('M-4a', 50, 20, false, '2026-11-23T08:00:05Z', now()),
               ('M-4b', 60, 30, false, '2026-11-23T08:02:05Z', now())""");

    assertThat(minutes("M-4a")).containsExactly(minute("2026-11-23 08:00:00+00", 20, 20, 20, 50, 1));
    assertThat(minutes("M-4b")).containsExactly(minute("2026-11-23 08:02:00+00", 30, 30, 30, 60, 1));
  }

  @Test
  void notifiesTheChangedLotsInPayloadsUnder8000Bytes() throws SQLException {
    // 300 ids of 64 characters: 19,500 bytes of ids, more than two payloads
    db.execute("""
        INSERT INTO lots (id, name, district_code, lat, lon, capacity, counting, kind)
        SELECT 'N-' || lpad(g::text, 62, '0'), 'n', '410802', 35.2, 113.2, 10, 'status', 'street'
        FROM generate_series(1, 300) g""");
    try (Connection listener = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
      try (Statement listen = listener.createStatement()) {
        listen.execute("LISTEN lot_state_changed");
      }

      db.execute("""
          INSERT INTO lot_state (lot_id, total, free, closed, observed_at, last_seen_at)
          SELECT id, 10, 5, false, now(), now() FROM lots WHERE id LIKE 'N-%'""");

      List<String> payloads = notifications(listener);
      assertThat(payloads).hasSizeGreaterThan(2).allSatisfy(
          payload -> assertThat(payload.getBytes(StandardCharsets.UTF_8).length).isLessThan(8000));
      List<String> ids = payloads.stream().flatMap(p -> Arrays.stream(p.split(","))).toList();
      assertThat(ids).hasSize(300).doesNotHaveDuplicates().allMatch(id -> id.startsWith("N-") && id.length() == 64);
    }
  }

  /** Everything delivered to {@code listener}: a commit's notifications arrive together. */
  private static List<String> notifications(Connection listener) throws SQLException {
    List<String> payloads = new ArrayList<>();
    PGNotification[] batch = listener.unwrap(PGConnection.class).getNotifications(5_000);
    while (batch != null && batch.length > 0) {
      Arrays.stream(batch).map(PGNotification::getParameter).forEach(payloads::add);
      batch = listener.unwrap(PGConnection.class).getNotifications(200);
    }
    return payloads;
  }

  private static void lot(String id) {
    db.execute("""
        INSERT INTO lots (id, name, district_code, lat, lon, capacity, counting, kind)
        VALUES ('%s', 'lot', '410802', 35.2, 113.2, 100, 'status', 'street')""".formatted(id));
  }

  /** The state as ingest leaves it: a newer snapshot replaces the stored one. */
  private static void state(String lotId, int total, int free, String observedAt) {
    db.execute("""
        INSERT INTO lot_state AS s (lot_id, total, free, closed, observed_at, last_seen_at)
        VALUES ('%s', %d, %d, false, '%s', now())
        ON CONFLICT (lot_id) DO UPDATE SET total = excluded.total, free = excluded.free,
          observed_at = excluded.observed_at, last_seen_at = excluded.last_seen_at"""
        .formatted(lotId, total, free, observedAt));
  }

  private static List<Map<String, Object>> minutes(String lotId) {
    return db.rows("""
        SELECT to_char(minute AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') || '+00' AS minute,
               free_min, free_max, free_last, total_last, samples
        FROM lot_occupancy_minutes WHERE lot_id = ? ORDER BY minute""", lotId);
  }

  private static Map<String, Object> minute(String minute, int freeMin, int freeMax, int freeLast, int total,
      int samples) {
    return Map.of("minute", minute, "free_min", freeMin, "free_max", freeMax, "free_last", freeLast,
        "total_last", total, "samples", samples);
  }
}
