package dev.smartparking.api;

import static dev.smartparking.api.ApiFixture.READER_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The lot answers come from memory; they must equal what PostgreSQL answers from its rows
 * ({@link LotOracle}), over a city of random lots: single lots field for field, and nearby on
 * random points, radii, filters and limits against a brute-force haversine filter over every lot.
 */
class LotsFromMemoryTest {

  private static final int LOTS = 3000;

  @RegisterExtension
  static final ApiFixture api = ApiFixture.standard();

  private static LotOracle oracle;

  @BeforeAll
  static void seedACity() {
    oracle = new LotOracle(api);
    api.district("R-1", "north");
    api.district("R-2", "south");
    // Positions on a 0.002° lattice over about 33 x 36 km, so that many lots share a place and
    // the order of equal distances (by id) is tested too; a tenth never reported, a tenth
    // closed, a tenth silent for longer than lots.offline-after.
    api.db().execute("""
        SELECT setseed(0.14);
        INSERT INTO lots (id, name, district_code, lat, lon, capacity, counting, kind)
        SELECT 'R-' || lpad(n::text, 5, '0'), 'Random ' || n, CASE WHEN n %% 3 = 0 THEN 'R-2' ELSE 'R-1' END,
               round((35.0 + random() * 0.3)::numeric, 3)::float8 - (n %% 2) * 0.001,
               round((113.0 + random() * 0.4)::numeric, 3)::float8, 20 + n %% 300, 'status', 'commercial'
        FROM generate_series(1, %d) n;
        INSERT INTO lot_state (lot_id, total, free, closed, observed_at, last_seen_at)
        SELECT id, capacity, (random() * capacity)::int, n %% 10 = 1,
               now() - t.ago - interval '1 minute' * random(), now() - t.ago
        FROM (SELECT id, capacity, row_number() OVER (ORDER BY id) AS n FROM lots WHERE id LIKE 'R-%%') l
        CROSS JOIN LATERAL (SELECT CASE WHEN n %% 10 = 2 THEN interval '1 hour' * (1 + random())
                                        ELSE interval '1 second' * (random() * 120) END AS ago) t
        WHERE n %% 10 <> 0""".formatted(LOTS));
    api.await("/api/v1/availability",
        city -> city.getLong("lots") == LOTS && city.getLong("lots_reporting") == api.db().count(
            "SELECT count(*) FROM lot_state WHERE NOT closed AND last_seen_at > now() - interval '10 minutes'"));
  }

  @Test
  void singleLotEqualsTheDatabaseRow() {
    List<String> ids = new ArrayList<>();
    api.db().rows("SELECT id FROM lots ORDER BY id").forEach(row -> ids.add((String) row.get("id")));

    for (String id : ids.subList(0, 600)) {
      assertThat(get("/api/v1/lots/" + id)).as(id).isEqualTo(oracle.lot(id));
    }
  }

  @Test
  void nearbyEqualsABruteForceFilterOverEveryLot() {
    Random random = new Random(14);
    for (int i = 0; i < 300; i++) {
      double lat = 34.95 + random.nextDouble() * 0.4;
      double lon = 112.95 + random.nextDouble() * 0.5;
      // From a few metres to the 50 km allowed, spread evenly on a log scale.
      int radius = (int) Math.round(Math.exp(Math.log(5) + random.nextDouble() * Math.log(50_000 / 5.0)));
      Integer minFree = random.nextInt(3) == 0 ? random.nextInt(200) : null;
      int limit = random.nextInt(4) == 0 ? 200 : 1 + random.nextInt(60);
      String path = "/api/v1/lots/nearby?lat=%s&lon=%s&radius_m=%d&limit=%d%s"
          .formatted(lat, lon, radius, limit, minFree == null ? "" : "&min_free=" + minFree);

      JsonArray answered = get(path).getJsonArray("lots");

      assertThat(answered).as(path).isEqualTo(new JsonArray(new ArrayList<>(oracle.nearby(lat, lon, radius, minFree, limit))));
    }
  }

  @Test
  void nearbyOnALotsOwnPlaceFindsItAtDistanceZero() {
    Map<String, Object> lot = api.db().rows("SELECT id, lat, lon FROM lots WHERE id = 'R-00042'").get(0);

    JsonArray answered = get("/api/v1/lots/nearby?lat=%s&lon=%s&radius_m=1&limit=200"
        .formatted(lot.get("lat"), lot.get("lon"))).getJsonArray("lots");

    assertThat(answered.stream().map(o -> ((JsonObject) o).getString("id"))).contains("R-00042");
    assertThat(answered.getJsonObject(0).getDouble("distance_m")).isEqualTo(0.0);
  }

  private static JsonObject get(String path) {
    HttpResponse<String> response = api.get(path, READER_TOKEN);
    assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
    return ApiFixture.json(response);
  }
}
