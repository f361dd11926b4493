package dev.smartparking.api;

import static dev.smartparking.api.ApiFixture.ADMIN_TOKEN;
import static dev.smartparking.api.ApiFixture.OPERATOR_TOKEN;
import static dev.smartparking.api.ApiFixture.READER_TOKEN;
import static dev.smartparking.api.CoverAlarmRows.alarmId;
import static dev.smartparking.api.CoverAlarmRows.eventId;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Code and contract cannot drift: every operation {@code openapi.yaml} documents is called here
 * against a real server on seeded data, and each answer must carry a status the operation
 * documents, one of its media types, and (JSON) a body its schema accepts, checked by a library
 * validator (networknt), with no field the schema does not name. An operation added to the
 * contract without a call here fails the test, as does a route the router serves that the
 * contract does not document.
 */
class EveryOperationAnswersItsSchemaTest {

  @RegisterExtension
  static final ApiFixture api = ApiFixture.standard();

  private static final String SINCE = URLEncoder.encode(
      OffsetDateTime.now(ZoneOffset.UTC).minusDays(1).toString(), StandardCharsets.UTF_8);
  private static CoverAlarmRows rows;
  private static long acknowledged;
  private static long resolved;

  @BeforeAll
  static void seed() {
    rows = new CoverAlarmRows(api.db());
    api.district("410802", "解放区");
    api.lot("L-1", "410802", 100);
    api.state("L-1", 100, 40, false, Duration.ofMinutes(1));
    rows.unitWithWebhook("U-01", "410802");
    rows.cover("C-1", "U-01", "410802");
    acknowledged = rows.raise("C-1", "tilt");
    resolved = rows.raise("C-1", "water");
    api.db().execute("""
        INSERT INTO devices (id, kind, secret_sha256) VALUES ('gw-1', 'lot_gateway', sha256('a'));
        INSERT INTO device_lots VALUES ('gw-1', 'L-1');
        INSERT INTO lot_status_events (device_id, seq, ts, lot_id, total, free, closed, received_at)
        VALUES ('gw-1', 1, now() - interval '1 hour', 'L-1', 100, 40, false, now());
        INSERT INTO rejected_messages (received_at, device_id, topic, qos, reason, detail, payload)
        VALUES (now() - interval '1 hour', 'gw-1', 'v1/lots/L-1/status', 1, 'malformed', 'not JSON', '\\x00')""");
  }

  @Test
  void everyDocumentedOperationAnswersWhatItsSchemaSays() {
    JsonObject contract = contract();
    List<String> problems = new ArrayList<>();
    Set<String> called = new LinkedHashSet<>();
    String alarm = alarmId(acknowledged);

    for (Call call : List.of(
        get("/api/v1/availability", "/api/v1/availability"),
        get("/api/v1/lots", "/api/v1/lots?district=410802&limit=10"),
        get("/api/v1/lots/nearby", "/api/v1/lots/nearby?lat=35.24&lon=113.24&radius_m=1000"),
        get("/api/v1/lots/{lotId}", "/api/v1/lots/L-1"),
        get("/api/v1/lots/{lotId}/occupancy", "/api/v1/lots/L-1/occupancy?step=1h"),
        get("/api/v1/covers/{coverId}", "/api/v1/covers/C-1"),
        get("/api/v1/covers/alarms", "/api/v1/covers/alarms?limit=10"),
        get("/api/v1/covers/alarms/{alarmId}", "/api/v1/covers/alarms/" + alarm),
        new Call("POST", "/api/v1/covers/alarms/{alarmId}/ack", "/api/v1/covers/alarms/" + alarm + "/ack",
            OPERATOR_TOKEN, "{\"note\": \"on my way\"}"),
        new Call("POST", "/api/v1/covers/alarms/{alarmId}/resolve",
            "/api/v1/covers/alarms/" + alarmId(resolved) + "/resolve", OPERATOR_TOKEN, ""),
        admin("GET", "/api/v1/admin/deliveries", "/api/v1/admin/deliveries?unit=U-01", null),
        admin("POST", "/api/v1/admin/deliveries/{eventId}/retry",
            "/api/v1/admin/deliveries/" + eventId(rows.firstEvent(resolved)) + "/retry", ""),
        admin("POST", "/api/v1/admin/catalogue", "/api/v1/admin/catalogue",
            "{\"districts\": [{\"code\": \"410803\", \"name\": \"中站区\"}]}"),
        admin("GET", "/api/v1/admin/devices", "/api/v1/admin/devices?kind=lot_gateway", null),
        admin("POST", "/api/v1/admin/devices/{deviceId}/disable", "/api/v1/admin/devices/gw-1/disable", ""),
        admin("POST", "/api/v1/admin/devices/{deviceId}/enable", "/api/v1/admin/devices/gw-1/enable", ""),
        admin("GET", "/api/v1/admin/rejected", "/api/v1/admin/rejected?since=" + SINCE, null),
        admin("GET", "/api/v1/admin/message-counts", "/api/v1/admin/message-counts?since=" + SINCE, null),
        get("/api/v1/reports/covers", "/api/v1/reports/covers"),
        get("/api/v1/reports/covers", "/api/v1/reports/covers?format=csv"),
        get("/api/v1/reports/onboarding", "/api/v1/reports/onboarding"),
        get("/api/v1/reports/onboarding", "/api/v1/reports/onboarding?district=410802"),
        admin("POST", "/api/v1/admin/tokens", "/api/v1/admin/tokens", "{\"role\": \"reader\", \"label\": \"contract\"}"),
        admin("GET", "/api/v1/admin/tokens", "/api/v1/admin/tokens", null),
        open("/health/live"),
        open("/health/ready"),
        open("/metrics"),
        open("/openapi.yaml"),
        open("/openapi.json"),
        get("/ngsi-ld/v1/entities", "/ngsi-ld/v1/entities?type=OffStreetParking&limit=5"),
        new Call("POST", "/ngsi-ld/v1/entities", "/ngsi-ld/v1/entities", READER_TOKEN, "{}"),
        get("/ngsi-ld/v1/entities/{entityId}", "/ngsi-ld/v1/entities/urn:ngsi-ld:OffStreetParking:L-1"),
        new Call("PATCH", "/ngsi-ld/v1/entities/{entityId}", "/ngsi-ld/v1/entities/urn:ngsi-ld:OffStreetParking:L-1",
            READER_TOKEN, "{}"),
        new Call("DELETE", "/ngsi-ld/v1/entities/{entityId}", "/ngsi-ld/v1/entities/urn:ngsi-ld:OffStreetParking:L-1",
            READER_TOKEN, null),
        get("/ngsi-ld/v1/subscriptions", "/ngsi-ld/v1/subscriptions"),
        new Call("POST", "/ngsi-ld/v1/subscriptions", "/ngsi-ld/v1/subscriptions", READER_TOKEN, "{}"),
        get("/ngsi-ld/v1/temporal/entities", "/ngsi-ld/v1/temporal/entities?type=OffStreetParking"),
        new Call("POST", "/ngsi-ld/v1/entityOperations/{operation}", "/ngsi-ld/v1/entityOperations/create",
            READER_TOKEN, "[]"),
        open("/ngsi-ld/v1/context.jsonld"))) {
      called.add(call.operation());
      HttpResponse<String> response = api.send(call.request());
      problems.addAll(ContractSchemas.problems(contract, call.method(), call.template(), response));
    }
    // A token issued above, revoked: 204 and no body.
    String issued = new JsonObject(api.get("/api/v1/admin/tokens", ADMIN_TOKEN).body()).getJsonArray("tokens")
        .getJsonObject(0).getString("id");
    Call revoke = admin("DELETE", "/api/v1/admin/tokens/{tokenId}", "/api/v1/admin/tokens/" + issued, null);
    called.add(revoke.operation());
    problems.addAll(ContractSchemas.problems(contract, "DELETE", revoke.template(), api.send(revoke.request())));

    assertThat(problems).as("answers the contract does not allow").isEmpty();

    called.addAll(streamsAnswerWithTheirFirstEvent(contract, problems));
    assertThat(problems).as("stream events the contract does not allow").isEmpty();
    assertThat(called).as("operations called here").containsExactlyInAnyOrderElementsOf(operations(contract));
  }

  @Test
  void everyRouteTheRouterServesIsDocumented() {
    Set<String> served = new TreeSet<>();
    for (Route route : api.router().getRoutes()) {
      // Routes without a path are the catch-all failure handler, not a resource.
      if (route.getPath() != null) {
        String path = route.getPath().replaceAll(":(\\w+)", "{$1}");
        for (HttpMethod method : route.methods()) {
          served.add(method.name() + " " + path);
        }
      }
    }

    assertThat(served).contains("GET /api/v1/lots/nearby", "GET /api/v1/admin/message-counts", "GET /openapi.json");
    assertThat(operations(contract())).containsAll(served);
  }

  /**
   * The three streams: 200, {@code text/event-stream} and a first event whose data is the schema
   * the stream's description names (the alarm stream resumes after the acknowledged alarm's first
   * event, the lot stream sees a lot change).
   */
  private static List<String> streamsAnswerWithTheirFirstEvent(JsonObject contract, List<String> problems) {
    List<String> called = new ArrayList<>();
    try (SseClient city = SseClient.open(api, "/api/v1/availability/stream")) {
      SseClient.Event first = city.next();
      problems.addAll(ContractSchemas.eventProblems(contract,
          first.event().equals("city") ? "Figures" : "DistrictAvailability", first));
      called.add("GET /api/v1/availability/stream");
    }
    try (SseClient alarms = SseClient.open(api, "/api/v1/covers/alarms/stream?district=410802",
        "Last-Event-ID", eventId(rows.firstEvent(acknowledged)))) {
      problems.addAll(ContractSchemas.eventProblems(contract, "AlarmEvent", alarms.next()));
      called.add("GET /api/v1/covers/alarms/stream");
    }
    try (SseClient lots = SseClient.open(api, "/api/v1/lots/stream?district=410802")) {
      api.db().execute("UPDATE lot_state SET free = free - 1, last_seen_at = now() WHERE lot_id = 'L-1'");
      problems.addAll(ContractSchemas.eventProblems(contract, "Lot", lots.next()));
      called.add("GET /api/v1/lots/stream");
    }
    return called;
  }

  /** "GET /api/v1/lots" for every operation of the document. */
  private static Set<String> operations(JsonObject contract) {
    Set<String> operations = new TreeSet<>();
    JsonObject paths = contract.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      for (String method : paths.getJsonObject(path).fieldNames()) {
        operations.add(method.toUpperCase(Locale.ROOT) + " " + path);
      }
    }
    return operations;
  }

  /** The contract as the server serves it in JSON. */
  private static JsonObject contract() {
    HttpResponse<String> served = api.get("/openapi.json");
    assertThat(served.statusCode()).isEqualTo(200);
    return new JsonObject(served.body());
  }

  private static Call get(String template, String path) {
    return new Call("GET", template, path, READER_TOKEN, null);
  }

  private static Call admin(String method, String template, String path, String body) {
    return new Call(method, template, path, ADMIN_TOKEN, body);
  }

  private static Call open(String path) {
    return new Call("GET", path, path, null, null);
  }

  /** One request: the operation it calls ({@code template}), and what is sent. */
  private record Call(String method, String template, String path, String token, String body) {

    String operation() {
      return method + " " + template;
    }

    HttpRequest.Builder request() {
      HttpRequest.Builder request = api.request(path, token);
      if (path.endsWith("format=csv")) {
        request.header("Accept", "text/csv");
      }
      if (body == null) {
        return request.method(method, HttpRequest.BodyPublishers.noBody());
      }
      return request.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body));
    }
  }
}
