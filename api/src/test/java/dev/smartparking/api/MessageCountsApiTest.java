package dev.smartparking.api;

import static dev.smartparking.api.ApiFixture.ADMIN_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code GET /api/v1/admin/message-counts?since=&device_prefix=&limit=&cursor=}. */
class MessageCountsApiTest {

  private static final String SINCE = "2026-03-01T00:00:00Z";
  private static final String COUNTS = "/api/v1/admin/message-counts?since=" + SINCE;

  /** Now, for the API: within 31 days of what the tests ask for. */
  @RegisterExtension
  static final ApiFixture api =
      ApiFixture.withClock(Clock.fixed(Instant.parse("2026-03-10T00:00:00Z"), ZoneOffset.UTC));

  @BeforeAll
  static void seedMessages() {
    api.partitionsFor("2026-02-01", "2026-02-28", "2026-03-01", "2026-03-02");
    status("gw-A", 0, "2026-02-28T23:59:59.999Z");
    status("gw-A", 1, SINCE);
    status("gw-A", 2, "2026-03-01T10:01:00Z");
    api.db().execute("""
        INSERT INTO lot_passage_events (device_id, seq, ts, lot_id, direction, received_at)
        VALUES ('gw-A', 3, '2026-03-01T10:02:00Z', 'L-1', 'in', now())""");
    // One bays message of three bay changes, and one of a single change.
    api.db().execute("""
        INSERT INTO bay_events (device_id, seq, ts, lot_id, bay_id, occupied, observed_at, received_at)
        VALUES ('bay-B', 1, '2026-03-01T10:00:00Z', 'L-2', 'b1', true, '2026-03-01T10:00:00Z', now()),
               ('bay-B', 1, '2026-03-01T10:00:00Z', 'L-2', 'b2', true, '2026-03-01T10:00:00Z', now()),
               ('bay-B', 1, '2026-03-01T10:00:00Z', 'L-2', 'b3', true, '2026-03-01T10:00:00Z', now()),
               ('bay-B', 2, '2026-03-01T10:05:00Z', 'L-2', 'b1', false, '2026-03-01T10:05:00Z', now())""");
    api.db().execute("""
        INSERT INTO cover_telemetry_events (device_id, seq, ts, cover_id, tilt_deg, received_at)
        SELECT 'cover-C', n, '2026-03-01T10:00:00Z'::timestamptz + n * interval '1 minute', 'C-1', 0.5, now()
        FROM generate_series(1, 3) n""");
    rejected("gw-A", "2026-03-01T11:00:00Z");
    rejected("gw-R", "2026-02-28T12:00:00Z");
    rejected("gw-R", SINCE);
    rejected("gw-R", "2026-03-02T00:00:00Z");
    status("old-D", 1, "2026-02-01T00:00:00Z");
  }

  @Test
  void countsEachTopicTheirSumAndTheRejectionsOfADevice() {
    assertThat(device("gw-A")).isEqualTo(new JsonObject()
        .put("device_id", "gw-A")
        .put("accepted", 3)
        .put("by_topic", new JsonObject().put("status", 2).put("passages", 1).put("bays", 0).put("telemetry", 0))
        .put("rejected", 1));
  }

  @Test
  void countsABaysMessageOnceWhateverItsNumberOfBayChanges() {
    JsonObject bays = device("bay-B");

    assertThat(bays.getLong("accepted")).isEqualTo(2);
    assertThat(bays.getJsonObject("by_topic").getLong("bays")).isEqualTo(2);
  }

  @Test
  void countsTelemetry() {
    assertThat(device("cover-C").getJsonObject("by_topic").getLong("telemetry")).isEqualTo(3);
  }

  @Test
  void countsRejectionsReceivedSinceForADeviceWithNothingAccepted() {
    JsonObject refused = device("gw-R");

    assertThat(refused.getLong("accepted")).isZero();
    assertThat(refused.getLong("rejected")).isEqualTo(2);
  }

  @Test
  void listsOnlyDevicesWithMessagesSinceInDeviceOrder() {
    assertThat(ids(page(COUNTS).getJsonArray("devices"))).containsExactly("bay-B", "cover-C", "gw-A", "gw-R");
  }

  @Test
  void devicePrefixKeepsDevicesWhoseIdStartsWithIt() {
    assertThat(ids(page(COUNTS + "&device_prefix=gw-").getJsonArray("devices"))).containsExactly("gw-A", "gw-R");
  }

  @Test
  void pagesWalkEveryDeviceOnce() {
    List<String> walked = new ArrayList<>();
    String cursor = null;
    do {
      JsonObject page = page(COUNTS + "&limit=1" + (cursor == null ? "" : "&cursor=" + cursor));
      walked.addAll(ids(page.getJsonArray("devices")));
      cursor = page.getString("next_cursor");
    } while (cursor != null);

    assertThat(walked).containsExactly("bay-B", "cover-C", "gw-A", "gw-R");
  }

  @ParameterizedTest
  @CsvSource({
      "'', since",
      "since=2026-03-01, since",
      "since=2026-03-01T00:00:00Z&device_prefix=gw%2F, device_prefix",
      "since=2026-03-01T00:00:00Z&limit=0, limit",
      "since=2026-03-01T00:00:00Z&limit=10001, limit",
      "since=2026-03-01T00:00:00Z&cursor=Wzdd, cursor",
      "since=2026-03-01T00:00:00Z&until=2026-03-02T00:00:00Z, until"})
  void badParameterIsRefusedNamingIt(String query, String parameter) {
    HttpResponse<String> response = api.get("/api/v1/admin/message-counts?" + query, ADMIN_TOKEN);

    assertThat(ApiFixture.assertError(response, 400, "bad_parameter").getString("message")).startsWith(parameter + ":");
  }

  /** Every page scans every event table from since: an audit asks for a month at most. */
  @Test
  void sinceMoreThan31DaysAgoIsRefusedNamingIt() {
    HttpResponse<String> response = api.get("/api/v1/admin/message-counts?since=2026-02-06T23:59:59Z", ADMIN_TOKEN);

    assertThat(ApiFixture.assertError(response, 400, "bad_parameter").getString("message"))
        .startsWith("since:").contains("31 days before now");
  }

  @Test
  void sinceExactly31DaysAgoIsAnswered() {
    assertThat(api.get("/api/v1/admin/message-counts?since=2026-02-07T00:00:00Z", ADMIN_TOKEN).statusCode())
        .isEqualTo(200);
  }

  private static void status(String device, int seq, String ts) {
    api.db().execute("""
        INSERT INTO lot_status_events (device_id, seq, ts, lot_id, total, free, closed, received_at)
        VALUES ('%s', %d, '%s', 'L-1', 10, 5, false, now())""".formatted(device, seq, ts));
  }

  private static void rejected(String device, String receivedAt) {
    api.db().execute("""
        INSERT INTO rejected_messages (received_at, device_id, topic, qos, reason, detail, payload)
        VALUES ('%s', '%s', 'v1/lots/L-1/status', 1, 'malformed', 'not JSON', '\\x00')"""
        .formatted(receivedAt, device));
  }

  private static JsonObject page(String path) {
    HttpResponse<String> response = api.get(path, ADMIN_TOKEN);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonObject page = ApiFixture.json(response);
    assertThat(page.fieldNames()).containsExactlyInAnyOrder("devices", "next_cursor");
    return page;
  }

  private static JsonObject device(String id) {
    JsonArray devices = page(COUNTS + "&device_prefix=" + id).getJsonArray("devices");
    assertThat(ids(devices)).containsExactly(id);
    return devices.getJsonObject(0);
  }

  private static List<String> ids(JsonArray devices) {
    List<String> ids = new ArrayList<>();
    devices.forEach(device -> ids.add(((JsonObject) device).getString("device_id")));
    return ids;
  }
}
