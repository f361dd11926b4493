package dev.smartparking.api;

import static dev.smartparking.api.ApiFixture.OPERATOR_TOKEN;
import static dev.smartparking.api.ApiFixture.READER_TOKEN;
import static dev.smartparking.api.CoverAlarmRows.alarmId;
import static dev.smartparking.api.CoverAlarmRows.eventId;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code GET /api/v1/covers/alarms/{alarmId}}: one alarm and its history. */
class AlarmApiTest {

  @RegisterExtension
  static final ApiFixture api = ApiFixture.standard();
  private static CoverAlarmRows rows;

  @BeforeAll
  static void seedCovers() {
    rows = new CoverAlarmRows(api.db());
    rows.unit("U-01", "温县住建局", "410825");
    rows.cover("C-000001", "U-01", "410825");
  }

  @Test
  void showsTheAlarmAsItStandsAndEveryEventOldestFirst() {
    long id = rows.raise("C-000001", "tilt", "{\"seq\": 9, \"ts\": \"2026-11-23T08:00:00.000Z\", \"tilt_deg\": 31.0}");
    long cleared = rows.clear(id);
    api.post("/api/v1/covers/alarms/" + alarmId(id) + "/ack", OPERATOR_TOKEN, "{\"note\": \"truck 7\"}");

    JsonObject alarm = alarm(alarmId(id));

    assertThat(alarm.getString("id")).isEqualTo(alarmId(id));
    assertThat(alarm.getString("cover_id")).isEqualTo("C-000001");
    assertThat(alarm.getJsonObject("unit")).isEqualTo(new JsonObject().put("id", "U-01").put("name", "温县住建局"));
    assertThat(alarm.getString("district")).isEqualTo("410825");
    assertThat(alarm.getString("type")).isEqualTo("tilt");
    assertThat(alarm.getString("status")).isEqualTo("acknowledged");
    assertThat(alarm.getBoolean("active")).isFalse();
    assertThat(alarm.getJsonObject("reading").getDouble("tilt_deg")).isEqualTo(31.0);
    JsonArray events = alarm.getJsonArray("events");
    assertThat(events).extracting(e -> ((JsonObject) e).getString("event"))
        .containsExactly("alarm.raised", "alarm.cleared", "alarm.acknowledged");
    assertThat(events.getJsonObject(1).getString("event_id")).isEqualTo(eventId(cleared));
    assertThat(events.getJsonObject(0).getJsonObject("alarm").getString("status")).isEqualTo("open");
    assertThat(events.getJsonObject(0).getJsonObject("alarm").getBoolean("active")).isTrue();
    assertThat(events.getJsonObject(2).fieldNames())
        .containsExactlyInAnyOrder("event_id", "event", "occurred_at", "by", "note", "alarm");
    assertThat(events.getJsonObject(2).getString("note")).isEqualTo("truck 7");
    JsonObject withoutEvents = alarm.copy();
    withoutEvents.remove("events");
    assertThat(events.getJsonObject(2).getJsonObject("alarm")).isEqualTo(withoutEvents);
  }

  @Test
  void idWithFewerDigitsNamesTheSameAlarm() {
    long id = rows.raise("C-000001", "gas");

    assertThat(alarm("A-" + id).getString("id")).isEqualTo(alarmId(id));
  }

  @ParameterizedTest
  @ValueSource(strings = {"A-999999", "A-0", "123", "A-12x", "E-000001", "a-000001", "A-99999999999999999999"})
  void unknownOrMalformedAlarmIsNotFound(String alarmId) {
    ApiFixture.assertError(api.get("/api/v1/covers/alarms/" + alarmId, READER_TOKEN), 404, "not_found");
  }

  private static JsonObject alarm(String id) {
    HttpResponse<String> response = api.get("/api/v1/covers/alarms/" + id, READER_TOKEN);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return ApiFixture.json(response);
  }
}
