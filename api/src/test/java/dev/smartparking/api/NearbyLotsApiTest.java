package dev.smartparking.api;

import static dev.smartparking.api.ApiFixture.READER_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code GET /api/v1/lots/nearby?lat=&lon=&radius_m=&min_free=&limit=}, around (35.0, 113.0). */
class NearbyLotsApiTest {

  private static final String HERE = "/api/v1/lots/nearby?lat=35.0&lon=113.0";

  @RegisterExtension
  static final ApiFixture api = ApiFixture.standard();

  @BeforeAll
  static void seedLots() {
    api.district("410802", "解放区");
    // Along the meridian a thousandth of a degree is 111.2 m; eastwards at 35° N only 91.1 m.
    api.lot("N-0", "410802", 10, 35.0, 113.0);
    api.lot("N-1", "410802", 10, 35.001, 113.0);
    api.lot("N-2", "410802", 10, 35.002, 113.0);
    api.lot("N-4", "410802", 10, 35.004, 113.0);
    api.lot("N-5", "410802", 10, 35.005, 113.0);
    api.lot("E-1", "410802", 10, 35.0, 113.001);
    api.lot("E-far", "410802", 10, 35.0, 113.5);
    api.lot("N-far", "410802", 10, 35.5, 113.0);
    api.state("N-1", 10, 8, false, Duration.ofSeconds(5));
    api.state("N-2", 10, 2, false, Duration.ofSeconds(5));
    api.state("E-1", 10, 9, false, Duration.ofSeconds(5));
  }

  @Test
  void answersLotsWithinTheRadiusNearestFirstWithTheirDistance() {
    JsonArray lots = lots(HERE + "&radius_m=500");

    assertThat(ids(lots)).containsExactly("N-0", "E-1", "N-1", "N-2", "N-4");
    assertThat(distances(lots)).containsExactly(0.0, 91.1, 111.2, 222.4, 444.8);
  }

  @Test
  void distanceIsGreatCircleOverKilometres() {
    JsonArray lots = lots(HERE + "&radius_m=50000");

    assertThat(ids(lots)).endsWith("E-far").doesNotContain("N-far");
    assertThat(lots.getJsonObject(lots.size() - 1).getDouble("distance_m")).isEqualTo(45542.8);
  }

  @Test
  void eachLotHasTheSingleLotShapeAndItsDistance() {
    JsonObject nearby = lots(HERE + "&radius_m=100").getJsonObject(1);
    JsonObject single = ApiFixture.json(api.get("/api/v1/lots/E-1", READER_TOKEN));

    assertThat(nearby.copy().put("distance_m", null)).isEqualTo(single.put("distance_m", null));
    assertThat(nearby.getDouble("distance_m")).isEqualTo(91.1);
  }

  @Test
  void minFreeKeepsLotsWithEnoughFreeSpaces() {
    assertThat(ids(lots(HERE + "&radius_m=500&min_free=5"))).containsExactly("E-1", "N-1");
  }

  @Test
  void limitKeepsTheNearest() {
    assertThat(ids(lots(HERE + "&radius_m=500&limit=2"))).containsExactly("N-0", "E-1");
  }

  @Test
  void defaultLimitIsTwenty() {
    api.db().execute("""
        INSERT INTO lots (id, name, district_code, lat, lon, capacity, counting, kind)
        SELECT 'Z-' || n, 'Z ' || n, '410802', 36.0, 113.0 + n / 100000.0, 10, 'status', 'commercial'
        FROM generate_series(1, 25) n""");
    api.await("/api/v1/lots/Z-25", lot -> true);

    assertThat(lots("/api/v1/lots/nearby?lat=36.0&lon=113.0&radius_m=1000")).hasSize(20);
  }

  @Test
  void nearbyIsNotTakenForALotId() {
    HttpResponse<String> response = api.get("/api/v1/lots/nearby", READER_TOKEN);

    assertThat(ApiFixture.assertError(response, 400, "bad_parameter").getString("message")).startsWith("lat:");
  }

  @ParameterizedTest
  @CsvSource({
      "lon=113.0&radius_m=100, lat",
      "lat=90.5&lon=113.0&radius_m=100, lat",
      "lat=north&lon=113.0&radius_m=100, lat",
      "lat=NaN&lon=113.0&radius_m=100, lat",
      "lat=35.0&radius_m=100, lon",
      "lat=35.0&lon=-180.1&radius_m=100, lon",
      "lat=35.0&lon=113.0, radius_m",
      "lat=35.0&lon=113.0&radius_m=0, radius_m",
      "lat=35.0&lon=113.0&radius_m=50001, radius_m",
      "lat=35.0&lon=113.0&radius_m=100&min_free=-1, min_free",
      "lat=35.0&lon=113.0&radius_m=100&limit=201, limit",
      "lat=35.0&lon=113.0&radius_m=100&limit=0, limit",
      "lat=35.0&lon=113.0&radius_m=100&cursor=abc, cursor"})
  void badParameterIsRefusedNamingIt(String query, String parameter) {
    HttpResponse<String> response = api.get("/api/v1/lots/nearby?" + query, READER_TOKEN);

    assertThat(ApiFixture.assertError(response, 400, "bad_parameter").getString("message")).startsWith(parameter + ":");
  }

  private static JsonArray lots(String path) {
    HttpResponse<String> response = api.get(path, READER_TOKEN);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonObject body = ApiFixture.json(response);
    assertThat(body.fieldNames()).containsExactly("lots");
    return body.getJsonArray("lots");
  }

  private static List<String> ids(JsonArray lots) {
    List<String> ids = new ArrayList<>();
    lots.forEach(lot -> ids.add(((JsonObject) lot).getString("id")));
    return ids;
  }

  private static List<Double> distances(JsonArray lots) {
    List<Double> distances = new ArrayList<>();
    lots.forEach(lot -> distances.add(((JsonObject) lot).getDouble("distance_m")));
    return distances;
  }
}
