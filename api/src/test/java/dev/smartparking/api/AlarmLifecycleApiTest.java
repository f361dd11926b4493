package dev.smartparking.api;

import static dev.smartparking.api.ApiFixture.ADMIN_TOKEN;
import static dev.smartparking.api.ApiFixture.OPERATOR_TOKEN;
import static dev.smartparking.api.ApiFixture.READER_TOKEN;
import static dev.smartparking.api.CoverAlarmRows.alarmId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.smartparking.testkit.Eventually;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code POST /api/v1/covers/alarms/{alarmId}/ack} and {@code /resolve}: the operator's side of an alarm. */
class AlarmLifecycleApiTest {

  @RegisterExtension
  static final ApiFixture api = ApiFixture.standard();
  private static CoverAlarmRows rows;

  @BeforeAll
  static void seedCovers() {
    rows = new CoverAlarmRows(api.db());
    rows.unitWithWebhook("U-01", "410825");
    for (int i = 1; i <= 20; i++) {
      rows.cover("C-%06d".formatted(i), "U-01", "410825");
    }
  }

  @Test
  void acknowledgeMarksTheAlarmWithWhoActedAndRecordsTheEventWithItsNote() {
    long id = rows.raise("C-000001", "tilt");

    HttpResponse<String> response = act(id, "ack", OPERATOR_TOKEN, "{\"note\": \"crew on the way\"}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonObject alarm = ApiFixture.json(response);
    assertThat(alarm.getString("id")).isEqualTo(alarmId(id));
    assertThat(alarm.getString("status")).isEqualTo("acknowledged");
    assertThat(alarm.getString("acknowledged_by")).isEqualTo("operator-token");
    assertThat(alarm.getString("acknowledged_at")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    JsonObject event = history(id).getJsonObject(1);
    assertThat(event.getString("event")).isEqualTo("alarm.acknowledged");
    assertThat(event.getString("by")).isEqualTo("operator-token");
    assertThat(event.getString("note")).isEqualTo("crew on the way");
    assertThat(event.getString("occurred_at")).isEqualTo(alarm.getString("acknowledged_at"));
    assertThat(event.getJsonObject("alarm")).isEqualTo(alarm);
  }

  @Test
  void resolveFromOpenOrAcknowledgedResolvesIt() {
    long open = rows.raise("C-000002", "water");
    long acknowledged = rows.raise("C-000002", "gas");
    act(acknowledged, "ack", OPERATOR_TOKEN, "");

    JsonObject resolvedFromOpen = ApiFixture.json(act(open, "resolve", OPERATOR_TOKEN, ""));
    JsonObject resolvedFromAcknowledged = ApiFixture.json(act(acknowledged, "resolve", OPERATOR_TOKEN, ""));

    assertThat(resolvedFromOpen.getString("status")).isEqualTo("resolved");
    assertThat(resolvedFromOpen.getString("resolved_by")).isEqualTo("operator-token");
    assertThat(resolvedFromOpen.getValue("acknowledged_by")).isNull();
    assertThat(resolvedFromAcknowledged.getString("status")).isEqualTo("resolved");
    assertThat(resolvedFromAcknowledged.getString("acknowledged_by")).isEqualTo("operator-token");
    assertThat(rows.events(acknowledged)).extracting(e -> e.substring(9))
        .containsExactly("alarm.raised", "alarm.acknowledged", "alarm.resolved");
  }

  @Test
  void noBodyAndEmptyObjectAndNullNoteAllMeanNoNote() {
    long id = rows.raise("C-000003", "tilt");

    assertThat(api.send(api.request(path(id, "ack"), OPERATOR_TOKEN).POST(HttpRequest.BodyPublishers.noBody()))
        .statusCode()).isEqualTo(200);
    long other = rows.raise("C-000003", "open");
    assertThat(act(other, "ack", OPERATOR_TOKEN, "{}").statusCode()).isEqualTo(200);
    long third = rows.raise("C-000003", "gas");
    assertThat(act(third, "ack", OPERATOR_TOKEN, "{\"note\": null}").statusCode()).isEqualTo(200);

    for (long alarm : List.of(id, other, third)) {
      assertThat(history(alarm).getJsonObject(1).getValue("note")).isNull();
    }
  }

  @Test
  void whoActedIsTheLabelOfTheCallersToken() {
    long id = rows.raise("C-000004", "tilt");

    act(id, "ack", ADMIN_TOKEN, "");
    JsonObject resolved = ApiFixture.json(act(id, "resolve", OPERATOR_TOKEN, ""));

    assertThat(resolved.getString("acknowledged_by")).isEqualTo("admin-token");
    assertThat(resolved.getString("resolved_by")).isEqualTo("operator-token");
    assertThat(history(id).getJsonObject(1).getString("by")).isEqualTo("admin-token");
  }

  @Test
  void repeatingAnActionChangesNothingAndAddsNoEvent() {
    long id = rows.raise("C-000005", "tilt");
    JsonObject acknowledged = ApiFixture.json(act(id, "ack", OPERATOR_TOKEN, "{\"note\": \"first\"}"));

    HttpResponse<String> again = act(id, "ack", ADMIN_TOKEN, "{\"note\": \"second\"}");

    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(ApiFixture.json(again)).isEqualTo(acknowledged);
    JsonObject resolved = ApiFixture.json(act(id, "resolve", OPERATOR_TOKEN, ""));
    HttpResponse<String> resolvedAgain = act(id, "resolve", ADMIN_TOKEN, "");
    assertThat(resolvedAgain.statusCode()).isEqualTo(200);
    assertThat(ApiFixture.json(resolvedAgain)).isEqualTo(resolved);
    assertThat(rows.events(id)).extracting(e -> e.substring(9))
        .containsExactly("alarm.raised", "alarm.acknowledged", "alarm.resolved");
  }

  @Test
  void acknowledgingAResolvedAlarmIsAConflict() {
    long id = rows.raise("C-000006", "tilt");
    act(id, "resolve", OPERATOR_TOKEN, "");

    JsonObject error = ApiFixture.assertError(act(id, "ack", OPERATOR_TOKEN, ""), 409, "conflict");

    assertThat(error.getString("message")).contains(alarmId(id), "resolved");
    assertThat(rows.events(id)).hasSize(2);
  }

  @ParameterizedTest
  @ValueSource(strings = {"A-999999", "A-0", "999", "A-", "a-000001", "A-0000001x", "E-000001", "A-1234567890123456789"})
  void unknownOrMalformedAlarmIsNotFound(String alarmId) {
    ApiFixture.assertError(api.post("/api/v1/covers/alarms/" + alarmId + "/ack", OPERATOR_TOKEN, ""), 404, "not_found");
    ApiFixture.assertError(api.post("/api/v1/covers/alarms/" + alarmId + "/resolve", OPERATOR_TOKEN, ""), 404,
        "not_found");
  }

  @Test
  void readerMayNotActAndNothingChanges() {
    long id = rows.raise("C-000007", "tilt");

    ApiFixture.assertError(act(id, "ack", READER_TOKEN, ""), 403, "forbidden");
    ApiFixture.assertError(act(id, "resolve", null, ""), 401, "unauthorized");

    assertThat(rows.events(id)).hasSize(1);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"note\": 12}                | note:",
      "{\"note\": [\"a\"]}           | note:",
      "{\"notes\": \"typo\"}         | notes:",
      "{\"note\": \"unterminated     | body:",
      "[\"note\"]                    | body:",
      "\"just a string\"             | body:"})
  void badBodyIsRefusedNamingWhatIsWrong(String body, String named) {
    long id = rows.raise("C-000008", "battery");
    try {
      JsonObject error = ApiFixture.assertError(act(id, "ack", OPERATOR_TOKEN, body), 400, "bad_parameter");

      assertThat(error.getString("message")).startsWith(named);
      assertThat(rows.events(id)).hasSize(1);
    } finally {
      act(id, "resolve", OPERATOR_TOKEN, "");
    }
  }

  @Test
  void noteLongerThanAThousandCharactersIsRefused() {
    long id = rows.raise("C-000009", "tilt");

    JsonObject error = ApiFixture.assertError(
        act(id, "ack", OPERATOR_TOKEN, new JsonObject().put("note", "井".repeat(1001)).encode()), 400, "bad_parameter");
    HttpResponse<String> thousand = act(id, "ack", OPERATOR_TOKEN, new JsonObject().put("note", "井".repeat(1000)).encode());

    assertThat(error.getString("message")).startsWith("note:");
    assertThat(thousand.statusCode()).isEqualTo(200);
  }

  @Test
  void bodyOverSixteenKilobytesIsTooLarge() {
    long id = rows.raise("C-000010", "tilt");

    ApiFixture.assertError(act(id, "ack", OPERATOR_TOKEN, "{\"note\": \"" + "x".repeat(17_000) + "\"}"), 413,
        "payload_too_large");

    assertThat(rows.events(id)).hasSize(1);
  }

  @Test
  void everyChangeBecomesADeliveryForAUnitWithAWebhook() {
    long id = rows.raise("C-000011", "gas");

    act(id, "ack", OPERATOR_TOKEN, "");

    assertThat(api.db().count("""
        SELECT count(*) FROM alarm_deliveries d JOIN cover_alarm_events e USING (event_id)
        WHERE d.alarm_id = ? AND e.event = 'alarm.acknowledged' AND d.status = 'pending'""", id)).isEqualTo(1);
  }

  @Test
  void twoConcurrentResolvesResolveOnceWithOneEvent() throws Exception {
    long id = rows.raise("C-000012", "tilt");
    HttpClient client = HttpClient.newHttpClient();
    List<CompletableFuture<HttpResponse<String>>> resolves;
    // Both requests are held at the alarm's row lock, so they race for it once it is released.
    try (Connection holder = rows.transaction(); Statement lock = holder.createStatement()) {
      lock.execute("SELECT * FROM cover_alarms WHERE id = " + id + " FOR UPDATE");
      resolves = List.of(
          client.sendAsync(actRequest(id, "resolve", OPERATOR_TOKEN, "").build(), HttpResponse.BodyHandlers.ofString()),
          client.sendAsync(actRequest(id, "resolve", ADMIN_TOKEN, "").build(), HttpResponse.BodyHandlers.ofString()));
      Eventually.within(ApiFixture.CATCH_UP, () -> "both resolves are not waiting for the alarm's lock",
          () -> api.db().count("""
              SELECT count(*) FROM pg_stat_activity
              WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%cover_alarms%'""") == 2);
      holder.commit();
    }

    List<JsonObject> answers = resolves.stream().map(CompletableFuture::join).map(ApiFixture::json).toList();

    assertThat(answers).extracting(a -> a.getString("status")).containsExactly("resolved", "resolved");
    assertThat(answers.get(0)).isEqualTo(answers.get(1));
    assertThat(rows.events(id)).extracting(e -> e.substring(9)).containsExactly("alarm.raised", "alarm.resolved");
  }

  @Test
  void changesAreCountedByEventAndTypeRepeatsAreNot() {
    long id = rows.raise("C-000013", "silent", null);
    double acknowledgedBefore = counted("acknowledged", "silent");
    double resolvedBefore = counted("resolved", "silent");

    act(id, "ack", OPERATOR_TOKEN, "");
    act(id, "ack", OPERATOR_TOKEN, "");
    act(id, "resolve", OPERATOR_TOKEN, "");
    act(id, "resolve", OPERATOR_TOKEN, "");
    act(id, "ack", OPERATOR_TOKEN, "");

    assertThat(counted("acknowledged", "silent") - acknowledgedBefore).isEqualTo(1);
    assertThat(counted("resolved", "silent") - resolvedBefore).isEqualTo(1);
    assertThat(api.get("/metrics").body())
        .contains("smartparking_cover_alarm_events_total{event=\"acknowledged\",type=\"tilt\"}");
  }

  private static double counted(String event, String type) {
    return api.meters.get("smartparking.cover.alarm.events").tag("event", event).tag("type", type).counter().count();
  }

  private static JsonArray history(long id) {
    HttpResponse<String> response = api.get("/api/v1/covers/alarms/" + alarmId(id), READER_TOKEN);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return ApiFixture.json(response).getJsonArray("events");
  }

  private static String path(long id, String action) {
    return "/api/v1/covers/alarms/" + alarmId(id) + "/" + action;
  }

  private static HttpResponse<String> act(long id, String action, String token, String body) {
    return api.send(actRequest(id, action, token, body));
  }

  private static HttpRequest.Builder actRequest(long id, String action, String token, String body) {
    return api.request(path(id, action), token)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
  }
}
