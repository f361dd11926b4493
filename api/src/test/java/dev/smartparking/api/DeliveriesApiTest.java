package dev.smartparking.api;

import static dev.smartparking.api.ApiFixture.ADMIN_TOKEN;
import static dev.smartparking.api.ApiFixture.OPERATOR_TOKEN;
import static dev.smartparking.api.CoverAlarmRows.alarmId;
import static dev.smartparking.api.CoverAlarmRows.eventId;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/** {@code GET /api/v1/admin/deliveries} and {@code POST /api/v1/admin/deliveries/{eventId}/retry}. */
class DeliveriesApiTest {

  @RegisterExtension
  static final ApiFixture api = ApiFixture.standard();
  private static CoverAlarmRows rows;

  @BeforeAll
  static void seedUnits() {
    // A unit per test, so each sees only its own deliveries; U-03 has no webhook.
    rows = new CoverAlarmRows(api.db());
    for (String unit : List.of("U-01", "U-02", "U-03", "U-04", "U-05")) {
      if (unit.equals("U-03")) {
        rows.unit(unit, "No webhook", "410802");
      } else {
        rows.unitWithWebhook(unit, "410825");
      }
      for (int i = 1; i <= 4; i++) {
        rows.cover("C-" + unit.substring(2) + "-" + i, unit, "410825");
      }
    }
  }

  @Test
  void listsEachEventsDeliveryNewestFirstWithItsState() {
    long alarm = rows.raise("C-01-1", "tilt");
    long cleared = rows.clear(alarm);
    api.db().execute("""
        UPDATE alarm_deliveries SET status = 'failed', attempts = 31, last_attempt_at = now(),
               last_result = 'http_error 503' WHERE event_id = %d""".formatted(cleared));

    List<JsonObject> listed = deliveries("/api/v1/admin/deliveries?unit=U-01&limit=2");

    assertThat(listed).extracting(d -> d.getString("event_id"))
        .containsExactly(eventId(cleared), eventId(rows.firstEvent(alarm)));
    JsonObject failed = listed.get(0);
    assertThat(failed.fieldNames()).containsExactlyInAnyOrder("event_id", "alarm_id", "event", "occurred_at", "unit",
        "status", "attempts", "next_attempt_at", "last_attempt_at", "last_result", "delivered_at");
    assertThat(failed.getString("alarm_id")).isEqualTo(alarmId(alarm));
    assertThat(failed.getString("event")).isEqualTo("alarm.cleared");
    assertThat(failed.getString("unit")).isEqualTo("U-01");
    assertThat(failed.getString("status")).isEqualTo("failed");
    assertThat(failed.getInteger("attempts")).isEqualTo(31);
    assertThat(failed.getString("last_result")).isEqualTo("http_error 503");
    assertThat(failed.getString("last_attempt_at")).isNotNull();
    assertThat(failed.getValue("delivered_at")).isNull();
    assertThat(listed.get(1).getString("status")).isEqualTo("pending");
    assertThat(listed.get(1).getInteger("attempts")).isZero();
    assertThat(listed.get(1).getValue("last_attempt_at")).isNull();
  }

  @Test
  void filtersByStatusAndUnitAndUnitsWithoutWebhookHaveNone() {
    long alarm = rows.raise("C-02-1", "gas");
    long delivered = rows.clear(alarm);
    api.db().execute("UPDATE alarm_deliveries SET status = 'delivered', attempts = 1, delivered_at = now() "
        + "WHERE event_id = " + delivered);
    rows.raise("C-03-1", "gas");

    assertThat(deliveries("/api/v1/admin/deliveries?status=delivered&unit=U-02")).extracting(d -> d.getString("event_id"))
        .containsExactly(eventId(delivered));
    assertThat(deliveries("/api/v1/admin/deliveries?unit=U-02&status=pending")).extracting(d -> d.getString("event_id"))
        .containsExactly(eventId(rows.firstEvent(alarm)));
    assertThat(deliveries("/api/v1/admin/deliveries?unit=U-03")).isEmpty();
  }

  @Test
  void pagesWalkEveryDeliveryOnce() {
    for (int i = 1; i <= 3; i++) {
      rows.clear(rows.raise("C-04-" + i, "water"));
    }
    List<String> all = ids(deliveries("/api/v1/admin/deliveries?unit=U-04&limit=1000"));
    List<String> walked = new ArrayList<>();
    String cursor = null;
    do {
      HttpResponse<String> response = api.get("/api/v1/admin/deliveries?unit=U-04&limit=2"
          + (cursor == null ? "" : "&cursor=" + cursor), ADMIN_TOKEN);
      JsonObject page = ApiFixture.json(response);
      walked.addAll(ids(page.getJsonArray("deliveries").stream().map(d -> (JsonObject) d).toList()));
      cursor = page.getString("next_cursor");
    } while (cursor != null);

    assertThat(all).hasSize(6).doesNotHaveDuplicates();
    assertThat(walked).isEqualTo(all);
  }

  @Test
  void retryMakesAFailedDeliveryPendingAndDueNowAndWakesTheDispatchers() throws Exception {
    long failed = rows.clear(rows.raise("C-05-1", "tilt"));
    api.db().execute("""
        UPDATE alarm_deliveries SET status = 'failed', attempts = 40, next_attempt_at = now() + interval '1 day',
               last_attempt_at = now(), last_result = 'timeout' WHERE event_id = %d""".formatted(failed));
    try (Connection listener = DriverManager.getConnection(api.db().jdbcUrl(), api.db().user(), api.db().password());
        Statement listen = listener.createStatement()) {
      listen.execute("LISTEN cover_alarm_events");
      Instant before = Instant.now();

      HttpResponse<String> response = api.post("/api/v1/admin/deliveries/" + eventId(failed) + "/retry", ADMIN_TOKEN, "");

      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      JsonObject delivery = ApiFixture.json(response);
      assertThat(delivery.getString("status")).isEqualTo("pending");
      assertThat(Instant.parse(delivery.getString("next_attempt_at"))).isBetween(before.minusSeconds(1), Instant.now());
      assertThat(delivery.getInteger("attempts")).isEqualTo(40);
      assertThat(delivery.getString("last_result")).isEqualTo("timeout");
      PGNotification[] notifications = listener.unwrap(PGConnection.class).getNotifications(10_000);
      assertThat(notifications).isNotNull().extracting(PGNotification::getName).contains("cover_alarm_events");
    }
  }

  @Test
  void retryOfAPendingDeliveryMakesItDueNow() {
    long pending = rows.firstEvent(rows.raise("C-05-2", "tilt"));
    api.db().execute("UPDATE alarm_deliveries SET next_attempt_at = now() + interval '1 hour', attempts = 3 "
        + "WHERE event_id = " + pending);

    JsonObject delivery = ApiFixture.json(api.post("/api/v1/admin/deliveries/" + eventId(pending) + "/retry",
        ADMIN_TOKEN, ""));

    assertThat(delivery.getString("status")).isEqualTo("pending");
    assertThat(Instant.parse(delivery.getString("next_attempt_at"))).isBefore(Instant.now().plusSeconds(1));
  }

  /** A dispatcher holds it: made due now, a second dispatcher would send it while the first call runs. */
  @Test
  void retryOfADeliveryWhoseAttemptIsInFlightIsAConflictAndKeepsTheLease() {
    long leased = rows.firstEvent(rows.raise("C-05-4", "tilt"));
    api.db().execute("UPDATE alarm_deliveries SET attempts = 1, last_attempt_at = now(), "
        + "next_attempt_at = now() + interval '20 seconds' WHERE event_id = " + leased);

    ApiFixture.assertError(api.post("/api/v1/admin/deliveries/" + eventId(leased) + "/retry", ADMIN_TOKEN, ""),
        409, "conflict");

    assertThat(api.db().count("SELECT count(*) FROM alarm_deliveries WHERE event_id = ? "
        + "AND next_attempt_at > now() + interval '10 seconds'", leased)).isEqualTo(1);
  }

  @Test
  void retryOfADeliveredEventIsAConflictAndChangesNothing() {
    long delivered = rows.firstEvent(rows.raise("C-05-3", "open"));
    api.db().execute("UPDATE alarm_deliveries SET status = 'delivered', attempts = 1, delivered_at = now() "
        + "WHERE event_id = " + delivered);

    ApiFixture.assertError(api.post("/api/v1/admin/deliveries/" + eventId(delivered) + "/retry", ADMIN_TOKEN, ""),
        409, "conflict");

    assertThat(api.db().count("SELECT count(*) FROM alarm_deliveries WHERE status = 'delivered' AND event_id = ?",
        delivered)).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"E-999999", "E-0", "A-000001", "42", "E-x"})
  void retryOfAnUnknownDeliveryIsNotFound(String eventId) {
    ApiFixture.assertError(api.post("/api/v1/admin/deliveries/" + eventId + "/retry", ADMIN_TOKEN, ""), 404,
        "not_found");
  }

  @Test
  void eventOfAUnitWithoutWebhookHasNoDeliveryToRetry() {
    long event = rows.firstEvent(rows.raise("C-03-2", "tilt"));

    ApiFixture.assertError(api.post("/api/v1/admin/deliveries/" + eventId(event) + "/retry", ADMIN_TOKEN, ""), 404,
        "not_found");
  }

  @Test
  void onlyAdminsSeeOrRetryDeliveries() {
    ApiFixture.assertError(api.get("/api/v1/admin/deliveries", OPERATOR_TOKEN), 403, "forbidden");
    ApiFixture.assertError(api.post("/api/v1/admin/deliveries/E-000001/retry", OPERATOR_TOKEN, ""), 403, "forbidden");
    ApiFixture.assertError(api.get("/api/v1/admin/deliveries"), 401, "unauthorized");
  }

  @ParameterizedTest
  @CsvSource({
      "status=gave_up, status",
      "unit=U%2F1, unit",
      "limit=0, limit",
      "cursor=WyJ4Il0, cursor",
      "alarm=A-000001, alarm"})
  void badParameterIsRefusedNamingIt(String query, String parameter) {
    HttpResponse<String> response = api.get("/api/v1/admin/deliveries?" + query, ADMIN_TOKEN);

    assertThat(ApiFixture.assertError(response, 400, "bad_parameter").getString("message")).startsWith(parameter + ":");
  }

  private static List<JsonObject> deliveries(String path) {
    HttpResponse<String> response = api.get(path, ADMIN_TOKEN);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonObject page = ApiFixture.json(response);
    assertThat(page.fieldNames()).containsExactlyInAnyOrder("deliveries", "next_cursor");
    return page.getJsonArray("deliveries").stream().map(d -> (JsonObject) d).toList();
  }

  private static List<String> ids(List<JsonObject> deliveries) {
    return deliveries.stream().map(d -> d.getString("event_id")).toList();
  }
}
