package dev.smartparking.api;

import static dev.smartparking.api.ApiFixture.OPERATOR_TOKEN;
import static dev.smartparking.api.ApiFixture.assertError;
import static dev.smartparking.api.ApiFixture.json;
import static dev.smartparking.api.CoverAlarmRows.alarmId;
import static dev.smartparking.api.CoverAlarmRows.eventId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.smartparking.api.http.Reach;
import dev.smartparking.testkit.Eventually;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Walks every route of the router with tokens scoped to a unit and to a district: each route
 * declares its {@link Reach}, a city-wide one refuses scoped tokens, and a scope-aware one shows a
 * scoped token only its own covers, alarms and lots (404 for the others' ids, lists filtered). A
 * scope-aware route needs a probe here, so a new route cannot skip the check.
 */
class ScopedRoutesApiTest {

  @RegisterExtension
  static final ApiFixture api = ApiFixture.standard();

  /** Covers and lots of the city: C-1 of U-01 in 410825, C-2 of U-02 in 410825, C-3 of U-02 in 410802. */
  private static final List<String> COVERS = List.of("C-1", "C-2", "C-3");
  private static final List<String> LOTS = List.of("L-1", "L-2");
  /** U-01 belongs to 410825, U-02 to 410802; L-1 lies in 410825, L-2 in 410802. */
  private static final List<String> DISTRICTS = List.of("410802", "410825");
  /** A tilt alarm per cover, by cover id. */
  private static final Map<String, String> ALARMS = new LinkedHashMap<>();
  /** Types of the alarms the stream probe raises, one per viewer, so none is still unresolved. */
  private static final List<String> STREAM_TYPES = new ArrayList<>(List.of("water", "gas", "battery", "open"));

  private static CoverAlarmRows rows;
  private static List<Viewer> viewers;

  /** A token and what it must see. */
  private record Viewer(String name, String token, String label, Set<String> covers, Set<String> lots,
      Set<String> units, Set<String> lotDistricts) {}

  /** Per scope-aware route ("GET /api/v1/lots/{lotId}"), a check that a viewer sees exactly its own. */
  private static final Map<String, BiConsumer<String, Viewer>> PROBES = new LinkedHashMap<>(Map.of(
      "GET /api/v1/lots", (path, viewer) -> assertThat(ids(get("/api/v1/lots", viewer), "lots", "id"))
          .as(viewer.name()).containsExactlyInAnyOrderElementsOf(viewer.lots()),
      "GET /api/v1/lots/nearby", (path, viewer) -> assertThat(
          ids(get("/api/v1/lots/nearby?lat=35.24&lon=113.24&radius_m=50000", viewer), "lots", "id"))
          .as(viewer.name()).containsExactlyInAnyOrderElementsOf(viewer.lots()),
      "GET /api/v1/lots/{lotId}", (path, viewer) -> eachId(LOTS, viewer.lots(), viewer,
          id -> get("/api/v1/lots/" + id, viewer)),
      "GET /api/v1/lots/{lotId}/occupancy", (path, viewer) -> eachId(LOTS, viewer.lots(), viewer,
          id -> get("/api/v1/lots/" + id + "/occupancy", viewer)),
      "GET /api/v1/covers/{coverId}", (path, viewer) -> eachId(COVERS, viewer.covers(), viewer,
          id -> get("/api/v1/covers/" + id, viewer)),
      "GET /api/v1/covers/alarms", (path, viewer) -> assertThat(
          ids(get("/api/v1/covers/alarms", viewer), "alarms", "cover_id"))
          .as(viewer.name()).containsExactlyInAnyOrderElementsOf(viewer.covers()),
      "GET /api/v1/covers/alarms/{alarmId}", (path, viewer) -> eachId(COVERS, viewer.covers(), viewer,
          cover -> get("/api/v1/covers/alarms/" + ALARMS.get(cover), viewer)),
      "POST /api/v1/covers/alarms/{alarmId}/ack", (path, viewer) -> actsOnlyOnOwn("ack", viewer),
      "POST /api/v1/covers/alarms/{alarmId}/resolve", (path, viewer) -> actsOnlyOnOwn("resolve", viewer),
      "GET /api/v1/covers/alarms/stream", (path, viewer) -> streamsOnlyOwn(viewer)));

  static {
    PROBES.put("GET /api/v1/reports/covers", (path, viewer) -> assertThat(
        ids(get("/api/v1/reports/covers", viewer), "units", "unit_id"))
        .as(viewer.name()).containsExactlyInAnyOrderElementsOf(viewer.units()));
    PROBES.put("GET /api/v1/lots/stream", (path, viewer) -> streamsOnlyOwnLots(viewer));
    PROBES.put("GET /api/v1/reports/onboarding", (path, viewer) -> {
      assertThat(ids(get("/api/v1/reports/onboarding", viewer), "districts", "district"))
          .as(viewer.name()).containsExactlyInAnyOrderElementsOf(viewer.lotDistricts());
      eachId(DISTRICTS, viewer.lotDistricts(), viewer,
          code -> get("/api/v1/reports/onboarding?district=" + code, viewer));
    });
  }

  static {
    PROBES.put("GET /ngsi-ld/v1/entities", (path, viewer) -> {
      HttpResponse<String> response = get("/ngsi-ld/v1/entities?type=OffStreetParking&limit=1000", viewer);
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      assertThat(new JsonArray(response.body()).stream()
          .map(entity -> ((JsonObject) entity).getString("id").replace("urn:ngsi-ld:OffStreetParking:", "")))
          .as(viewer.name()).containsExactlyInAnyOrderElementsOf(viewer.lots());
    });
    PROBES.put("GET /ngsi-ld/v1/entities/{entityId}", (path, viewer) -> {
      for (String id : LOTS) {
        HttpResponse<String> response = get("/ngsi-ld/v1/entities/urn:ngsi-ld:OffStreetParking:" + id, viewer);
        assertThat(response.statusCode()).as("%s fetching %s: %s", viewer.name(), id, response.body())
            .isEqualTo(viewer.lots().contains(id) ? 200 : 404);
      }
    });
  }

  @BeforeAll
  static void seed() {
    rows = new CoverAlarmRows(api.db());
    rows.unit("U-01", "温县住建局", "410825");
    rows.unit("U-02", "Unit 2", "410802");
    rows.cover("C-1", "U-01", "410825");
    rows.cover("C-2", "U-02", "410825");
    rows.cover("C-3", "U-02", "410802");
    for (String cover : COVERS) {
      ALARMS.put(cover, alarmId(rows.raise(cover, "tilt")));
    }
    api.lot("L-1", "410825", 100);
    api.lot("L-2", "410802", 100);
    String unitToken = api.issueToken(new JsonObject().put("role", "operator").put("label", "U-01 duty")
        .put("unit", "U-01")).getString("token");
    String districtToken = api.issueToken(new JsonObject().put("role", "operator").put("label", "410825 duty")
        .put("district", "410825")).getString("token");
    viewers = List.of(
        new Viewer("unit U-01", unitToken, "U-01 duty", Set.of("C-1"), Set.of(), Set.of("U-01"), Set.of()),
        new Viewer("district 410825", districtToken, "410825 duty", Set.of("C-1", "C-2"), Set.of("L-1"),
            Set.of("U-01"), Set.of("410825")),
        // The configured token sees everything: the probes tell seeing from not seeing.
        new Viewer("city", OPERATOR_TOKEN, "operator-token", Set.copyOf(COVERS), Set.copyOf(LOTS),
            Set.of("U-01", "U-02"), Set.copyOf(DISTRICTS)));
  }

  @Test
  void everyRouteDeclaresWhatAScopedTokenSees() {
    List<String> undeclared = new ArrayList<>();
    List<String> unprobed = new ArrayList<>();
    for (Map.Entry<String, Reach> route : routes().entrySet()) {
      if (route.getValue() == null) {
        undeclared.add(route.getKey());
      } else if (route.getValue() == Reach.SCOPED && !PROBES.containsKey(route.getKey())) {
        unprobed.add(route.getKey());
      }
    }

    assertThat(routes()).containsKeys("GET /api/v1/lots", "POST /api/v1/admin/tokens", "GET /health/live");
    assertThat(undeclared).as("routes without a Reach (BearerAuth.guard, or Reach.OPEN)").isEmpty();
    assertThat(unprobed).as("scope-aware routes this test has no probe for").isEmpty();
  }

  @Test
  void scopeAwareRoutesShowAScopedTokenOnlyItsOwn() {
    // Every route and viewer is probed, so one failure does not hide another.
    List<String> failures = new ArrayList<>();
    for (Map.Entry<String, Reach> route : routes().entrySet()) {
      if (route.getValue() == Reach.SCOPED) {
        for (Viewer viewer : viewers) {
          try {
            PROBES.getOrDefault(route.getKey(), (path, v) -> {
              throw new AssertionError("no probe");
            }).accept(route.getKey(), viewer);
          } catch (AssertionError e) {
            failures.add(route.getKey() + " as " + viewer.name() + ": " + e.getMessage());
          }
        }
      }
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void cityWideRoutesRefuseScopedTokens() {
    List<String> cityWide = new ArrayList<>();
    for (Map.Entry<String, Reach> route : routes().entrySet()) {
      if (route.getValue() == Reach.CITY_WIDE) {
        cityWide.add(route.getKey());
        String method = route.getKey().substring(0, route.getKey().indexOf(' '));
        String path = route.getKey().substring(method.length() + 1).replaceAll("\\{\\w+}", "X-1");
        for (Viewer viewer : viewers.subList(0, 2)) {
          HttpRequest.Builder request = api.request(path, viewer.token())
              .header("Content-Type", "application/json")
              .method(method, HttpRequest.BodyPublishers.ofString(method.equals("GET") ? "" : "{}"));
          assertError(api.send(request), 403, "forbidden");
        }
      }
    }
    assertThat(cityWide).contains("GET /api/v1/availability", "POST /api/v1/admin/tokens");
  }

  /** Every route with a path, as "GET /api/v1/lots/{lotId}", with the Reach it declares (null: none). */
  private static Map<String, Reach> routes() {
    Map<String, Reach> routes = new LinkedHashMap<>();
    for (Route route : api.router().getRoutes()) {
      if (route.getPath() != null) {
        String path = route.getPath().replaceAll(":(\\w+)", "{$1}");
        for (HttpMethod method : route.methods()) {
          routes.put(method.name() + " " + path, route.getMetadata(Reach.KEY));
        }
      }
    }
    return routes;
  }

  private static HttpResponse<String> get(String path, Viewer viewer) {
    return api.get(path, viewer.token());
  }

  /** The {@code field} of each element of the list {@code list} of a 200 answer. */
  private static List<String> ids(HttpResponse<String> response, String list, String field) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonArray elements = json(response).getJsonArray(list);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < elements.size(); i++) {
      ids.add(elements.getJsonObject(i).getString(field));
    }
    return ids;
  }

  /** Each of {@code all} answers 200 when it is among {@code own}, else 404 like an unknown id. */
  private static void eachId(List<String> all, Set<String> own, Viewer viewer,
      java.util.function.Function<String, HttpResponse<String>> fetch) {
    for (String id : all) {
      HttpResponse<String> response = fetch.apply(id);
      if (own.contains(id)) {
        assertThat(response.statusCode()).as("%s fetching %s: %s", viewer.name(), id, response.body()).isEqualTo(200);
      } else {
        assertError(response, 404, "not_found");
      }
    }
  }

  /** Acting on another's alarm is a 404 that leaves no trace of the viewer; on its own it works. */
  private static void actsOnlyOnOwn(String action, Viewer viewer) {
    for (String cover : COVERS) {
      String alarm = ALARMS.get(cover);
      HttpResponse<String> response = api.post("/api/v1/covers/alarms/" + alarm + "/" + action, viewer.token(), "");
      if (viewer.covers().contains(cover)) {
        assertThat(response.statusCode()).as("%s %s %s: %s", viewer.name(), action, alarm, response.body())
            .isEqualTo(200);
      } else {
        assertError(response, 404, "not_found");
        assertThat(api.db().count("SELECT count(*) FROM cover_alarm_events WHERE alarm_id = ? AND actor = ?",
            Long.parseLong(alarm.substring(2)), viewer.label())).as("events of %s by %s", alarm, viewer.name())
            .isZero();
      }
    }
  }

  /**
   * Raises an alarm on C-3, C-2 and C-1, in that order, and reads the viewer's stream from just
   * before them up to C-1's (which every viewer sees): the events in between are the viewer's own.
   */
  private static void streamsOnlyOwn(Viewer viewer) {
    long before = api.db().count("SELECT coalesce(max(event_id), 0) FROM cover_alarm_events");
    String type = STREAM_TYPES.remove(0);
    for (String cover : List.of("C-3", "C-2", "C-1")) {
      rows.raise(cover, type);
    }
    List<String> seen = new ArrayList<>();
    try (SseClient stream = SseClient.openAs(api, viewer.token(), "/api/v1/covers/alarms/stream",
        "Last-Event-ID", eventId(before))) {
      String cover;
      do {
        SseClient.Event event = stream.poll(ApiFixture.CATCH_UP);
        assertThat(event).as("%s: an event after %s, having seen %s", viewer.name(), eventId(before), seen)
            .isNotNull();
        cover = new JsonObject(event.data()).getJsonObject("alarm").getString("cover_id");
        seen.add(cover);
      } while (!cover.equals("C-1"));
    }
    assertThat(seen).as(viewer.name()).containsExactlyElementsOf(
        List.of("C-3", "C-2", "C-1").stream().filter(viewer.covers()::contains).toList());
  }

  /**
   * Changes L-2 and L-1 and reads the viewer's lot stream until it is quiet for a while: the lots
   * in it are the viewer's own (in any order: the view may apply both changes at once).
   */
  private static void streamsOnlyOwnLots(Viewer viewer) {
    Eventually.within(ApiFixture.CATCH_UP, "earlier lot streams closed", () -> lotStreams() == 0);
    List<String> seen = new ArrayList<>();
    try (SseClient stream = SseClient.openAs(api, viewer.token(), "/api/v1/lots/stream")) {
      Eventually.within(ApiFixture.CATCH_UP, "the lot stream open", () -> lotStreams() == 1);
      for (String lot : List.of("L-2", "L-1")) {
        api.db().execute("""
            INSERT INTO lot_state AS s (lot_id, total, free, closed, observed_at, last_seen_at)
            VALUES ('%s', 100, 1, false, now(), now())
            ON CONFLICT (lot_id) DO UPDATE SET free = (s.free + 1) %% 100, last_seen_at = now()""".formatted(lot));
      }
      SseClient.Event event;
      while ((event = stream.poll(seen.isEmpty() && !viewer.lots().isEmpty() ? ApiFixture.CATCH_UP
          : Duration.ofMillis(700))) != null) {
        seen.add(new JsonObject(event.data()).getString("id"));
      }
    }
    assertThat(seen).as(viewer.name()).containsExactlyInAnyOrderElementsOf(
        List.of("L-2", "L-1").stream().filter(viewer.lots()::contains).toList());
  }

  private static double lotStreams() {
    return api.meters.get("smartparking.lots.stream.subscribers").gauge().value();
  }
}
