package dev.smartparking.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smartparking.api.http.JsonResponses;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The API answers availability from memory and follows lot_state through the V5 notifications:
 * each test changes the database with its own connection, then waits (with a deadline) for
 * the answers to show it.
 */
class AvailabilityFollowsLotStateTest {

  /** The query that answered GET /api/v1/availability before the view: the reference it must equal. */
  private static final String RESUM_BY_DISTRICT = """
      SELECT d.code, d.name,
             count(l.id) AS lots,
             count(l.id) FILTER (WHERE r.reporting) AS lots_reporting,
             coalesce(sum(s.total) FILTER (WHERE r.reporting), 0) AS total,
             coalesce(sum(s.free) FILTER (WHERE r.reporting), 0) AS free,
             floor(extract(epoch FROM max(s.last_seen_at)) * 1000)::bigint AS updated_ms
      FROM districts d
      LEFT JOIN lots l ON l.district_code = d.code
      LEFT JOIN lot_state s ON s.lot_id = l.id
      CROSS JOIN LATERAL (SELECT s.lot_id IS NOT NULL AND NOT s.closed AND s.last_seen_at > ? AS reporting) r
      GROUP BY d.code, d.name
      ORDER BY d.code""";

  @RegisterExtension
  static final ApiFixture api = ApiFixture.standard();

  @Test
  void reflectsALotStateChangeMadeByAnotherConnection() {
    api.district("F-1", "follow");
    api.lot("F-1-a", "F-1", 100);
    api.state("F-1-a", 100, 40, false, Duration.ZERO);
    api.await("/api/v1/lots/F-1-a", lot -> Integer.valueOf(40).equals(lot.getInteger("free")));

    api.db().execute("UPDATE lot_state SET free = 12, last_seen_at = now() WHERE lot_id = 'F-1-a'");

    JsonObject lot = api.await("/api/v1/lots/F-1-a", l -> l.getInteger("free") == 12);
    assertThat(lot.getString("state")).isEqualTo("open");
    JsonObject city = api.await("/api/v1/availability", c -> district(c, "F-1").getLong("free") == 12);
    assertThat(district(city, "F-1").getLong("total")).isEqualTo(100);
  }

  @Test
  void reloadsEveryLotOfAChangeTooLargeForOneNotification() {
    // 1000 ids of 60 characters: about 61 kB of ids, eight or more NOTIFY payloads of < 8000 bytes
    api.district("F-2", "many");
    api.db().execute("""
        INSERT INTO lots (id, name, district_code, lat, lon, capacity, counting, kind)
        SELECT 'F-2-' || lpad(g::text, 56, '0'), 'many', 'F-2', 35.2, 113.2, 20, 'status', 'street'
        FROM generate_series(1, 1000) g""");
    api.db().execute("""
        INSERT INTO lot_state (lot_id, total, free, closed, observed_at, last_seen_at)
        SELECT id, 20, 10, false, now(), now() FROM lots WHERE district_code = 'F-2'""");
    api.await("/api/v1/availability", city -> district(city, "F-2").getLong("free") == 10_000);

    api.db().execute("""
        UPDATE lot_state SET free = 3, last_seen_at = now()
        WHERE lot_id IN (SELECT id FROM lots WHERE district_code = 'F-2')""");

    JsonObject city = api.await("/api/v1/availability", c -> district(c, "F-2").getLong("free") == 3_000);
    assertThat(district(city, "F-2").getLong("lots_reporting")).isEqualTo(1000);
    assertThat(api.get("/api/v1/lots/F-2-" + "0".repeat(53) + "999", ApiFixture.READER_TOKEN).body())
        .contains("\"free\":3");
  }

  @Test
  void totalsEqualAFullResumAfterARandomSequenceOfChanges() {
    Random random = new Random(20261201);
    for (String district : List.of("R-1", "R-2", "R-3")) {
      api.district(district, "random " + district);
    }
    for (int i = 0; i < 30; i++) {
      api.lot("R-lot-" + i, "R-" + (1 + i % 3), 50 + i);
    }
    // 120 statements, six to a transaction: each fires the triggers, commits deliver them together
    for (int step = 0; step < 120; step += 6) {
      StringBuilder transaction = new StringBuilder();
      for (int i = step; i < step + 6; i++) {
        transaction.append(randomChange(random, i)).append(";\n");
      }
      api.db().execute(transaction.toString());
    }

    JsonObject expected = resum();
    JsonObject city = api.await("/api/v1/availability", expected::equals);

    assertThat(city).isEqualTo(expected);
  }

  /**
   * One statement moving one or a few lots: a new or changed count, closed or not, heard from
   * just now or long enough ago to be offline (never near the limit, which the re-sum judges
   * later than the view); now and then a lot added to the registry. last_seen_at only moves
   * forward, as ingest writes it.
   */
  private static String randomChange(Random random, int step) {
    if (random.nextInt(25) == 0) {
      return """
          INSERT INTO lots (id, name, district_code, lat, lon, capacity, counting, kind)
          VALUES ('R-new-%d', 'new', 'R-%d', 35.2, 113.2, 40, 'status', 'street')"""
          .formatted(step, 1 + random.nextInt(3));
    }
    StringBuilder values = new StringBuilder();
    int lots = 1 + random.nextInt(4);
    for (int i = 0; i < lots; i++) {
      int total = 50 + random.nextInt(50);
      String seen = random.nextInt(5) == 0
          ? "now() - interval '" + (ApiFixture.OFFLINE_AFTER.toMinutes() + 5) + " minutes'" : "now()";
      values.append(i == 0 ? "" : ", ").append("('R-lot-%d', %d, %d, %s, now(), %s)".formatted(
          i * 7 + random.nextInt(7), total, random.nextInt(total + 1), random.nextInt(6) == 0, seen));
    }
    return """
        INSERT INTO lot_state AS s (lot_id, total, free, closed, observed_at, last_seen_at) VALUES %s
        ON CONFLICT (lot_id) DO UPDATE SET total = excluded.total, free = excluded.free,
          closed = excluded.closed, observed_at = excluded.observed_at,
          last_seen_at = greatest(s.last_seen_at, excluded.last_seen_at)"""
        .formatted(values);
  }

  /** GET /api/v1/availability as the former per-request SQL computes it, from every row. */
  private static JsonObject resum() {
    List<Map<String, Object>> rows = api.db().rows(RESUM_BY_DISTRICT,
        OffsetDateTime.now(ZoneOffset.UTC).minus(ApiFixture.OFFLINE_AFTER));
    long[] city = new long[4];
    Long cityUpdated = null;
    JsonArray districts = new JsonArray();
    for (Map<String, Object> row : rows) {
      long[] sums = {number(row, "lots"), number(row, "lots_reporting"), number(row, "total"), number(row, "free")};
      Long updated = row.get("updated_ms") == null ? null : number(row, "updated_ms");
      for (int i = 0; i < 4; i++) {
        city[i] += sums[i];
      }
      if (updated != null && (cityUpdated == null || updated > cityUpdated)) {
        cityUpdated = updated;
      }
      districts.add(figures(sums, updated).put("code", row.get("code")).put("name", row.get("name")));
    }
    return figures(city, cityUpdated).put("districts", districts);
  }

  private static JsonObject figures(long[] sums, Long updatedMs) {
    long total = sums[2];
    long free = sums[3];
    return new JsonObject()
        .put("updated_at", updatedMs == null ? null
            : JsonResponses.timestamp(OffsetDateTime.ofInstant(Instant.ofEpochMilli(updatedMs), ZoneOffset.UTC)))
        .put("total", total)
        .put("free", free)
        .put("occupancy_rate", total == 0 ? null : Math.round(1000.0 * (total - free) / total) / 1000.0)
        .put("lots", sums[0])
        .put("lots_reporting", sums[1]);
  }

  private static long number(Map<String, Object> row, String column) {
    return ((Number) row.get(column)).longValue();
  }

  static JsonObject district(JsonObject city, String code) {
    return city.getJsonArray("districts").stream()
        .map(JsonObject.class::cast)
        .filter(d -> d.getString("code").equals(code))
        .findFirst()
        .orElse(new JsonObject().put("free", -1L).put("total", -1L).put("lots_reporting", -1L));
  }
}
