package dev.smartparking.api;

import static dev.smartparking.api.ApiFixture.OPERATOR_TOKEN;
import static dev.smartparking.api.ApiFixture.READER_TOKEN;
import static dev.smartparking.api.CoverAlarmRows.alarmId;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code GET /api/v1/covers/{coverId}}: one cover now. */
class CoverApiTest {

  @RegisterExtension
  static final ApiFixture api = ApiFixture.standard();
  private static CoverAlarmRows rows;

  @BeforeAll
  static void seedCovers() {
    rows = new CoverAlarmRows(api.db());
    rows.unit("U-01", "温县住建局", "410825");
    rows.cover("C-000001", "U-01", "410825");
    rows.cover("C-000002", "U-01", "410825");
    api.db().execute("""
        UPDATE covers SET tilt_limit_deg = 12.5, water_margin_cm = 40, battery_min_pct = 15, gas_limit_ppm = 30
        WHERE id = 'C-000001'""");
    // The newest reading carried tilt and battery; water came with an older one.
    api.db().execute("""
        INSERT INTO cover_state (cover_id, tilt_deg, water_level_cm, battery_pct, observed_at, last_seen_at,
                                 tilt_observed_at, water_level_observed_at, battery_observed_at)
        VALUES ('C-000001', 31.5, -55, 80, '2026-11-23T08:10:00Z', '2026-11-23T08:10:01.250Z',
                '2026-11-23T08:10:00Z', '2026-11-23T08:00:00Z', '2026-11-23T08:10:00Z')
        ON CONFLICT (cover_id) DO UPDATE SET tilt_deg = excluded.tilt_deg, water_level_cm = excluded.water_level_cm,
          battery_pct = excluded.battery_pct, observed_at = excluded.observed_at, last_seen_at = excluded.last_seen_at,
          tilt_observed_at = excluded.tilt_observed_at, water_level_observed_at = excluded.water_level_observed_at,
          battery_observed_at = excluded.battery_observed_at""");
  }

  @Test
  void showsThresholdsLatestMeasurementsWithTheirTimesAndLastSeen() {
    JsonObject cover = cover("C-000001");

    assertThat(cover.getString("id")).isEqualTo("C-000001");
    assertThat(cover.getJsonObject("unit")).isEqualTo(new JsonObject().put("id", "U-01").put("name", "温县住建局"));
    assertThat(cover.getString("district")).isEqualTo("410825");
    assertThat(cover.getInteger("report_interval_s")).isEqualTo(600);
    assertThat(cover.getJsonObject("thresholds")).isEqualTo(new JsonObject()
        .put("tilt_limit_deg", 12.5).put("water_margin_cm", 40).put("gas_limit_ppm", 30).put("battery_min_pct", 15));
    assertThat(cover.getString("last_seen_at")).isEqualTo("2026-11-23T08:10:01.250Z");
    assertThat(cover.getString("observed_at")).isEqualTo("2026-11-23T08:10:00.000Z");
    JsonObject measurements = cover.getJsonObject("measurements");
    assertThat(measurements.getJsonObject("tilt_deg"))
        .isEqualTo(new JsonObject().put("value", 31.5).put("observed_at", "2026-11-23T08:10:00.000Z"));
    assertThat(measurements.getJsonObject("water_level_cm"))
        .isEqualTo(new JsonObject().put("value", -55).put("observed_at", "2026-11-23T08:00:00.000Z"));
    assertThat(measurements.getJsonObject("battery_pct").getInteger("value")).isEqualTo(80);
    assertThat(measurements.fieldNames())
        .containsExactlyInAnyOrder("tilt_deg", "open", "water_level_cm", "gas_ppm", "battery_pct", "rssi_dbm");
    assertThat(measurements.getValue("gas_ppm")).isNull();
    assertThat(measurements.getValue("open")).isNull();
  }

  @Test
  void showsUnresolvedAlarmsNewestFirstInTheAlarmShape() {
    long tilt = rows.raise("C-000001", "tilt", "{\"seq\": 9, \"ts\": \"2026-11-23T08:10:00.000Z\", \"tilt_deg\": 31.5}");
    long water = rows.raise("C-000001", "water");
    rows.clear(water);
    long battery = rows.raise("C-000001", "battery");
    api.post("/api/v1/covers/alarms/" + alarmId(battery) + "/ack", OPERATOR_TOKEN, "");
    long resolved = rows.raise("C-000001", "gas");
    api.post("/api/v1/covers/alarms/" + alarmId(resolved) + "/resolve", OPERATOR_TOKEN, "");

    JsonArray open = cover("C-000001").getJsonArray("open_alarms");

    assertThat(open).extracting(a -> ((JsonObject) a).getString("id"))
        .containsExactly(alarmId(battery), alarmId(water), alarmId(tilt));
    JsonObject listed = ApiFixture.json(api.get("/api/v1/covers/alarms/" + alarmId(tilt), READER_TOKEN));
    listed.remove("events");
    assertThat(open.getJsonObject(2)).isEqualTo(listed);
    assertThat(open.getJsonObject(2).getJsonObject("reading").getDouble("tilt_deg")).isEqualTo(31.5);
  }

  @Test
  void coverThatNeverReportedHasNoMeasurementsAndNoAlarms() {
    JsonObject cover = cover("C-000002");

    assertThat(cover.getValue("last_seen_at")).isNull();
    assertThat(cover.getJsonObject("measurements").getMap().values()).containsOnlyNulls();
    assertThat(cover.getJsonArray("open_alarms")).isEmpty();
    assertThat(cover.getJsonObject("thresholds").getInteger("battery_min_pct")).isEqualTo(20);
  }

  @Test
  void unknownCoverIsNotFound() {
    ApiFixture.assertError(api.get("/api/v1/covers/C-999999", READER_TOKEN), 404, "not_found");
  }

  @ParameterizedTest
  @ValueSource(strings = {"C%2F1", "C%20000001"})
  void malformedCoverIdIsABadParameter(String coverId) {
    JsonObject error = ApiFixture.assertError(api.get("/api/v1/covers/" + coverId, READER_TOKEN), 400, "bad_parameter");

    assertThat(error.getString("message")).startsWith("coverId:");
  }

  @Test
  void needsAToken() {
    ApiFixture.assertError(api.get("/api/v1/covers/C-000001"), 401, "unauthorized");
  }

  private static JsonObject cover(String id) {
    HttpResponse<String> response = api.get("/api/v1/covers/" + id, READER_TOKEN);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return ApiFixture.json(response);
  }
}
