package dev.smartparking.api;

import static dev.smartparking.api.ApiFixture.OPERATOR_TOKEN;
import static dev.smartparking.api.ApiFixture.READER_TOKEN;
import static dev.smartparking.api.CoverAlarmRows.alarmId;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code GET /api/v1/covers/alarms?status=&type=&district=&unit=&cover=&since=&limit=&cursor=}. */
class AlarmListApiTest {

  @RegisterExtension
  static final ApiFixture api = ApiFixture.standard();
  private static final List<String> NEWEST_FIRST = new ArrayList<>();
  private static String tiltA;
  private static String gasB;
  private static String waterC;
  private static String batteryA;

  @BeforeAll
  static void seedAlarms() {
    CoverAlarmRows rows = new CoverAlarmRows(api.db());
    rows.unit("U-01", "温县住建局", "410825");
    rows.unit("U-02", "解放区市政", "410802");
    rows.cover("C-a", "U-01", "410825");
    rows.cover("C-b", "U-01", "410825");
    rows.cover("C-c", "U-02", "410802");
    tiltA = alarmId(rows.raiseAt("C-a", "tilt", null, "2026-11-23T08:00:00Z"));
    gasB = alarmId(rows.raiseAt("C-b", "gas", null, "2026-11-23T09:00:00Z"));
    waterC = alarmId(rows.raiseAt("C-c", "water", null, "2026-11-23T10:00:00Z"));
    batteryA = alarmId(rows.raiseAt("C-a", "battery", null, "2026-11-23T11:00:00Z"));
    api.post("/api/v1/covers/alarms/" + gasB + "/ack", OPERATOR_TOKEN, "");
    api.post("/api/v1/covers/alarms/" + waterC + "/resolve", OPERATOR_TOKEN, "");
    // 120 more on covers of a third unit, three at a time raised at the same microsecond: ties go
    // by id, newest id first.
    rows.unit("U-03", "中站区市政", "410803");
    api.db().execute("""
        INSERT INTO covers (id, unit_id, district_code, lat, lon, report_interval_s, gas_limit_ppm)
        SELECT 'C-s-' || n, 'U-03', '410803', 35.1, 113.1, 600, 25 FROM generate_series(1, 120) n""");
    api.db().execute("""
        WITH a AS (
            INSERT INTO cover_alarms (cover_id, type, raised_at)
            SELECT id, 'silent', timestamptz '2026-11-22T00:00:00Z' + (substr(id, 5)::int / 3) * interval '1 minute'
            FROM covers WHERE unit_id = 'U-03'
            RETURNING *)
        INSERT INTO cover_alarm_events (alarm_id, event, alarm)
        SELECT a.id, 'alarm.raised', cover_alarm_json(a::cover_alarms) FROM a""");
    api.db().rows("SELECT prefixed_id('A', id) AS id FROM cover_alarms ORDER BY raised_at DESC, id DESC")
        .forEach(row -> NEWEST_FIRST.add((String) row.get("id")));
  }

  @Test
  void listsNewestFirstEachAlarmInTheShapeOfTheSingleAlarmAnswer() {
    List<JsonObject> alarms = alarms(page("/api/v1/covers/alarms?limit=4"));

    assertThat(alarms).extracting(a -> a.getString("id")).containsExactly(batteryA, waterC, gasB, tiltA);
    for (JsonObject listed : alarms) {
      JsonObject single = ApiFixture.json(api.get("/api/v1/covers/alarms/" + listed.getString("id"), READER_TOKEN));
      single.remove("events");
      assertThat(listed).isEqualTo(single);
    }
  }

  @Test
  void filtersByStatusTypeDistrictUnitCoverAndSince() {
    assertThat(ids("status=open&district=410825")).containsExactly(batteryA, tiltA);
    assertThat(ids("status=acknowledged")).containsExactly(gasB);
    assertThat(ids("type=water")).containsExactly(waterC);
    assertThat(ids("district=410825")).containsExactly(batteryA, gasB, tiltA);
    assertThat(ids("unit=U-02&status=resolved&type=water")).containsExactly(waterC);
    assertThat(ids("cover=C-a")).containsExactly(batteryA, tiltA);
    assertThat(ids("since=2026-11-23T09:00:00Z")).containsExactly(batteryA, waterC, gasB);
    assertThat(ids("since=2026-11-23T17:00:00%2B08:00")).containsExactly(batteryA, waterC, gasB);
    assertThat(ids("unit=U-nobody")).isEmpty();
  }

  @Test
  void pagesWalkEveryAlarmOnceNewestFirst() {
    List<String> walked = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      JsonObject page = page("/api/v1/covers/alarms?limit=7" + (cursor == null ? "" : "&cursor=" + cursor));
      alarms(page).forEach(a -> walked.add(a.getString("id")));
      cursor = page.getString("next_cursor");
      pages++;
    } while (cursor != null);

    assertThat(walked).hasSize(124).isEqualTo(NEWEST_FIRST);
    assertThat(pages).isEqualTo(18);
  }

  @Test
  void defaultPageHoldsOneHundredAndCursorKeepsTheFilters() {
    JsonObject page = page("/api/v1/covers/alarms");
    JsonObject first = page("/api/v1/covers/alarms?district=410825&limit=2");
    JsonObject second = page("/api/v1/covers/alarms?district=410825&limit=2&cursor=" + first.getString("next_cursor"));

    assertThat(alarms(page)).hasSize(100);
    assertThat(page.getString("next_cursor")).isNotBlank();
    assertThat(alarms(second)).extracting(a -> a.getString("id")).containsExactly(tiltA);
    assertThat(second.getValue("next_cursor")).isNull();
  }

  @ParameterizedTest
  @CsvSource({
      "status=closed, status",
      "status=OPEN, status",
      "type=fire, type",
      "district=41%2F0825, district",
      "unit=U%2001, unit",
      "cover=C%3Fa, cover",
      "since=yesterday, since",
      "since=2026-11-23, since",
      "limit=0, limit",
      "limit=1001, limit",
      "cursor=not-a-cursor, cursor",
      "cursor=WyJ4Il0, cursor",
      "state=open, state",
      "type=gas&type=tilt, type"})
  void badParameterIsRefusedNamingIt(String query, String parameter) {
    HttpResponse<String> response = api.get("/api/v1/covers/alarms?" + query, READER_TOKEN);

    assertThat(ApiFixture.assertError(response, 400, "bad_parameter").getString("message")).startsWith(parameter + ":");
  }

  @Test
  void needsAToken() {
    ApiFixture.assertError(api.get("/api/v1/covers/alarms"), 401, "unauthorized");
  }

  private static List<String> ids(String query) {
    return alarms(page("/api/v1/covers/alarms?" + query + "&limit=1000")).stream().map(a -> a.getString("id")).toList();
  }

  private static JsonObject page(String path) {
    HttpResponse<String> response = api.get(path, READER_TOKEN);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonObject page = ApiFixture.json(response);
    assertThat(page.fieldNames()).containsExactlyInAnyOrder("alarms", "next_cursor");
    return page;
  }

  private static List<JsonObject> alarms(JsonObject page) {
    List<JsonObject> alarms = new ArrayList<>();
    page.getJsonArray("alarms").forEach(a -> alarms.add((JsonObject) a));
    return alarms;
  }
}
