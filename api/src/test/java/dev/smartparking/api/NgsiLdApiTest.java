package dev.smartparking.api;

import static dev.smartparking.api.ApiFixture.ADMIN_TOKEN;
import static dev.smartparking.api.ApiFixture.READER_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.smartparking.api.availability.Distance;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The NGSI-LD read view (docs/ngsi-ld.md) as a FIWARE consumer sees it: Smart Data Models
 * entities that validate against the models' schemas, {@code near} and {@code q} answers equal to
 * brute force over the seeded lots, paging, both representations, and ETSI problem errors.
 */
class NgsiLdApiTest {

  @RegisterExtension
  static final ApiFixture api = ApiFixture.standard();

  private static final String ENTITIES = "/ngsi-ld/v1/entities";
  private static final String ERRORS = "https://uri.etsi.org/ngsi-ld/errors/";
  /** Status-counted lots by id: position, capacity and (when reported) free spaces. */
  private static final Map<String, Seeded> LOTS = new LinkedHashMap<>();

  private record Seeded(String id, double lat, double lon, int total, Integer free) {}

  @BeforeAll
  static void importCity() {
    Random random = new Random(15);
    JsonArray lots = new JsonArray()
        .add(new JsonObject().put("id", "L-full").put("name", "人民公园停车场").put("district", "410802")
            .put("lat", 35.24).put("lon", 113.24).put("capacity", 420).put("counting", "status")
            .put("operator", "焦作市停车管理有限公司").put("address", "人民路 1 号").put("phone", "0391-1234567")
            .put("opening_hours", "Mo-Fr 07:00-22:00; Sa,Su 08:00-20:00").put("fee_text", "每小时 2 元")
            .put("fee", new JsonObject().put("currency", "CNY").put("per_hour", 2.0).put("free_minutes", 15)
                .put("daily_max", 20.0))
            .put("spots", new JsonObject().put("normal", 400).put("disabled", 8).put("ev_charging", 12)))
        .add(new JsonObject().put("id", "S-1").put("name", "民主路 A 段").put("district", "410802")
            .put("lat", 35.241).put("lon", 113.23).put("capacity", 3).put("counting", "bays").put("kind", "on_street")
            .put("bays", new JsonArray().add("A-1").add("A-2").add("A-3"))
            .put("fee", new JsonObject().put("currency", "CNY").put("per_hour", 0.0)))
        .add(new JsonObject().put("id", "S-2").put("name", "民主路 B 段").put("district", "410802")
            .put("lat", 35.242).put("lon", 113.23).put("capacity", 2).put("counting", "bays").put("kind", "on_street")
            .put("bays", new JsonArray().add("Z-1").add("B-1")));
    LOTS.put("L-full", new Seeded("L-full", 35.24, 113.24, 420, 37));
    for (int i = 0; i < 80; i++) {
      String id = "R-%03d".formatted(i);
      double lat = 35.1 + random.nextDouble() * 0.3;
      double lon = 113.1 + random.nextDouble() * 0.3;
      int capacity = 10 + random.nextInt(500);
      lots.add(new JsonObject().put("id", id).put("name", "Lot " + id).put("district", i % 5 == 0 ? "410825" : "410802")
          .put("lat", lat).put("lon", lon).put("capacity", capacity).put("counting", "status"));
      // One lot in four never reported: it has no free count.
      LOTS.put(id, new Seeded(id, lat, lon, capacity, i % 4 == 3 ? null : random.nextInt(capacity + 1)));
    }
    JsonObject catalogue = new JsonObject()
        .put("districts", new JsonArray().add(new JsonObject().put("code", "410802").put("name", "解放区"))
            .add(new JsonObject().put("code", "410825").put("name", "温县")))
        .put("lots", lots);
    HttpResponse<String> imported = api.post("/api/v1/admin/catalogue", ADMIN_TOKEN, catalogue.encode());
    assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
    StringBuilder states = new StringBuilder();
    for (Seeded lot : LOTS.values()) {
      if (lot.free() != null) {
        states.append(states.isEmpty() ? "" : ",").append("('%s', %d, %d, false, now() - interval '1 minute', now())"
            .formatted(lot.id(), lot.total(), lot.free()));
      }
    }
    states.append(",('S-1', 3, 1, false, now() - interval '1 minute', now())");
    api.db().execute("INSERT INTO lot_state (lot_id, total, free, closed, observed_at, last_seen_at) VALUES " + states);
    api.db().execute("""
        UPDATE bay_state SET occupied = (bay_id = 'A-1'), observed_at = now() - interval '2 minutes',
          last_seen_at = now() WHERE lot_id = 'S-1' AND bay_id IN ('A-1', 'A-2')""");
    api.await("/api/v1/lots/S-1", lot -> lot.getValue("free") != null);
    api.await("/api/v1/lots/L-full", lot -> lot.getValue("free") != null);
  }

  @Test
  void entitiesOfEveryTypeValidateAgainstTheSmartDataModelsSchemas() {
    List<JsonObject> entities = new ArrayList<>();
    for (String type : List.of("OffStreetParking", "OnStreetParking", "ParkingSpot")) {
      JsonArray page = list("?type=" + type + "&options=keyValues&limit=1000");
      assertThat(page).as(type).isNotEmpty();
      page.forEach(entity -> entities.add((JsonObject) entity));
    }

    assertThat(entities).hasSize(LOTS.size() + 2 + 5);
    for (JsonObject entity : entities) {
      assertThat(SmartDataModels.problems(entity)).as(entity.encode()).isEmpty();
    }
  }

  @Test
  void theSchemasRefuseWhatTheModelsForbid() {
    JsonObject spot = entity("urn:ngsi-ld:ParkingSpot:S-1:A-1", "?options=keyValues");

    assertThat(SmartDataModels.problems(spot.copy().put("status", "vacant"))).isNotEmpty();
    assertThat(SmartDataModels.problems(entity("urn:ngsi-ld:OffStreetParking:L-full", "?options=keyValues")
        .put("occupancyDetectionType", new JsonArray().add("guessing")))).isNotEmpty();
    // The common definitions the models $ref are applied too: a location must be GeoJSON.
    assertThat(SmartDataModels.problems(spot.copy().put("location", new JsonObject().put("type", "Point")))).isNotEmpty();
  }

  @Test
  void aStatusCountedLotCarriesItsCountsStateAndStaticDataUnderTheModelsNames() {
    JsonObject lot = entity("urn:ngsi-ld:OffStreetParking:L-full", "?options=keyValues");

    assertThat(lot.getString("type")).isEqualTo("OffStreetParking");
    assertThat(lot.getString("name")).isEqualTo("人民公园停车场");
    assertThat(lot.getJsonObject("location")).isEqualTo(new JsonObject().put("type", "Point")
        .put("coordinates", new JsonArray().add(113.24).add(35.24)));
    assertThat(lot.getInteger("totalSpotNumber")).isEqualTo(420);
    assertThat(lot.getInteger("availableSpotNumber")).isEqualTo(37);
    assertThat(lot.getJsonArray("occupancyDetectionType")).containsExactly("balancing");
    assertThat(lot.getJsonArray("status")).containsExactly("open");
    assertThat(lot.getJsonObject("address")).isEqualTo(new JsonObject().put("streetAddress", "人民路 1 号"));
    assertThat(lot.getJsonObject("contactPoint")).isEqualTo(new JsonObject().put("telephone", "0391-1234567"));
    assertThat(lot.getString("openingHours")).isEqualTo("Mo-Fr 07:00-22:00; Sa,Su 08:00-20:00");
    assertThat(lot.getString("priceCurrency")).isEqualTo("CNY");
    assertThat(lot.getDouble("priceRatePerMinute")).isEqualTo(2.0 / 60);
    assertThat(lot.getJsonArray("chargeType")).containsExactly("additionalIntervalPrice", "maximum");
    assertThat(lot.getJsonArray("category")).containsExactly("feeCharged", "forDisabled", "forElectricalCharging");
  }

  @Test
  void aBayCountedLotIsOnStreetParkingAndItsBaysAreParkingSpots() {
    JsonObject lot = entity("urn:ngsi-ld:OnStreetParking:S-1", "?options=keyValues");
    JsonArray spots = list("?type=ParkingSpot&options=keyValues");

    assertThat(lot.getJsonArray("occupancyDetectionType")).containsExactly("singleSpaceDetection");
    assertThat(lot.getInteger("availableSpotNumber")).isEqualTo(1);
    assertThat(lot.getJsonArray("chargeType")).containsExactly("free");
    assertThat(ids(spots)).containsExactly("urn:ngsi-ld:ParkingSpot:S-1:A-1", "urn:ngsi-ld:ParkingSpot:S-1:A-2",
        "urn:ngsi-ld:ParkingSpot:S-1:A-3", "urn:ngsi-ld:ParkingSpot:S-2:B-1", "urn:ngsi-ld:ParkingSpot:S-2:Z-1");
    assertThat(spots.stream().map(s -> ((JsonObject) s).getString("status")).toList())
        .containsExactly("occupied", "free", "unknown", "unknown", "unknown");
    assertThat(ids(list("?type=ParkingSpot&limit=2&offset=2"))).containsExactly("urn:ngsi-ld:ParkingSpot:S-1:A-3",
        "urn:ngsi-ld:ParkingSpot:S-2:B-1");
    // Near the second street segment (111 m north of the first) first: its bays lead.
    assertThat(ids(list("?type=ParkingSpot&limit=2&georel=near%3BmaxDistance%3D%3D500&geometry=Point"
        + "&coordinates=%5B113.23,35.2425%5D"))).containsExactly("urn:ngsi-ld:ParkingSpot:S-2:B-1",
        "urn:ngsi-ld:ParkingSpot:S-2:Z-1");
    assertThat(spots.getJsonObject(0).getString("refParkingSite")).isEqualTo("urn:ngsi-ld:OnStreetParking:S-1");
    assertThat(spots.getJsonObject(0).getJsonArray("category")).containsExactly("onStreet");
  }

  @Test
  void normalizedByDefaultWithObservedAtOnLiveValues() {
    JsonObject lot = entity("urn:ngsi-ld:OffStreetParking:L-full", "");
    String updatedAt = new JsonObject(api.get("/api/v1/lots/L-full", READER_TOKEN).body()).getString("updated_at");
    JsonObject spot = entity("urn:ngsi-ld:ParkingSpot:S-1:A-2", "");

    assertThat(lot.getJsonObject("availableSpotNumber")).isEqualTo(new JsonObject().put("type", "Property")
        .put("value", 37).put("observedAt", updatedAt));
    assertThat(lot.getJsonObject("totalSpotNumber")).isEqualTo(new JsonObject().put("type", "Property")
        .put("value", 420));
    assertThat(lot.getJsonObject("location").getString("type")).isEqualTo("GeoProperty");
    assertThat(lot.getJsonObject("location").getJsonObject("value").getString("type")).isEqualTo("Point");
    assertThat(spot.getJsonObject("refParkingSite")).isEqualTo(new JsonObject().put("type", "Relationship")
        .put("object", "urn:ngsi-ld:OnStreetParking:S-1"));
    assertThat(spot.getJsonObject("status").getString("value")).isEqualTo("free");
    assertThat(spot.getJsonObject("status").getString("observedAt")).isNotNull();
  }

  @Test
  void nearAnswersEqualABruteForceHaversineFilter() {
    Random random = new Random(9);
    for (int i = 0; i < 40; i++) {
      double lat = 35.05 + random.nextDouble() * 0.4;
      double lon = 113.05 + random.nextDouble() * 0.4;
      int radius = 100 + random.nextInt(20_000);
      List<String> expected = LOTS.values().stream()
          .filter(lot -> Distance.haversineM(lat, lon, lot.lat(), lot.lon()) <= radius)
          .sorted(Comparator.<Seeded>comparingDouble(lot -> Distance.haversineM(lat, lon, lot.lat(), lot.lon()))
              .thenComparing(Seeded::id))
          .map(lot -> "urn:ngsi-ld:OffStreetParking:" + lot.id()).toList();

      JsonArray found = list("?type=OffStreetParking&limit=1000&georel=" + encode("near;maxDistance==" + radius)
          + "&geometry=Point&coordinates=" + encode("[" + lon + "," + lat + "]"));

      assertThat(ids(found)).as("within %d m of %s,%s", radius, lat, lon).containsExactlyElementsOf(expected);
    }
  }

  @ParameterizedTest
  @CsvSource({"availableSpotNumber>=100", "availableSpotNumber>100", "availableSpotNumber<50",
      "availableSpotNumber<=50", "availableSpotNumber==37", "availableSpotNumber!=37", "totalSpotNumber<200",
      "availableSpotNumber>=10;totalSpotNumber<=300", "totalSpotNumber>=0"})
  void qSelectsTheLotsABruteForceFilterSelects(String q) {
    List<String> expected = LOTS.values().stream().filter(lot -> meets(lot, q))
        .map(lot -> "urn:ngsi-ld:OffStreetParking:" + lot.id()).sorted().toList();

    assertThat(ids(list("?type=OffStreetParking&limit=1000&q=" + encode(q)))).containsExactlyElementsOf(expected);
  }

  @Test
  void semicolonsNeedNoEscapingInQAndGeorel() {
    String escaped = "?type=OffStreetParking&limit=1000&q=availableSpotNumber%3E=10%3BtotalSpotNumber%3C=300"
        + "&georel=near%3BmaxDistance%3D%3D9000&geometry=Point&coordinates=%5B113.25,35.25%5D";

    assertThat(ids(list(escaped.replace("%3B", ";")))).isNotEmpty().containsExactlyElementsOf(ids(list(escaped)));
  }

  @Test
  void pagesFollowEachOtherWithoutGapOrOverlap() {
    List<String> all = ids(list("?type=OffStreetParking&limit=1000"));
    List<String> paged = new ArrayList<>();
    for (int offset = 0; offset < all.size() + 7; offset += 7) {
      paged.addAll(ids(list("?type=OffStreetParking&limit=7&offset=" + offset)));
    }

    assertThat(all).hasSize(LOTS.size()).isSorted();
    assertThat(paged).containsExactlyElementsOf(all);
    assertThat(list("?type=OffStreetParking")).hasSize(20);
  }

  @Test
  void aTypeWithoutEntitiesAnswersAnEmptyList() {
    assertThat(list("?type=Building")).isEmpty();
  }

  @Test
  void ldJsonCarriesTheContextInTheBodyAndJsonInALinkHeader() {
    HttpResponse<String> ld = api.send(api.request(ENTITIES + "/urn:ngsi-ld:OffStreetParking:L-full", READER_TOKEN)
        .header("Accept", "application/ld+json").GET());
    HttpResponse<String> plain = api.get(ENTITIES + "/urn:ngsi-ld:OffStreetParking:L-full", READER_TOKEN);
    String contextUrl = "http://127.0.0.1:" + api.port() + "/ngsi-ld/v1/context.jsonld";

    assertThat(ld.headers().firstValue("Content-Type")).hasValue("application/ld+json");
    assertThat(new JsonObject(ld.body()).getString("@context")).isEqualTo(contextUrl);
    assertThat(ld.headers().firstValue("Link")).isEmpty();
    assertThat(plain.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(new JsonObject(plain.body()).containsKey("@context")).isFalse();
    assertThat(plain.headers().firstValue("Link")).hasValue("<" + contextUrl
        + ">; rel=\"http://www.w3.org/ns/json-ld#context\"; type=\"application/ld+json\"");
  }

  @Test
  void theServedContextDefinesEveryTermTheEntitiesUse() {
    HttpResponse<String> served = api.get("/ngsi-ld/v1/context.jsonld");
    JsonObject terms = new JsonObject(served.body()).getJsonObject("@context");
    List<String> used = new ArrayList<>();
    for (String id : List.of("urn:ngsi-ld:OffStreetParking:L-full", "urn:ngsi-ld:OnStreetParking:S-1",
        "urn:ngsi-ld:ParkingSpot:S-1:A-1")) {
      JsonObject entity = entity(id, "");
      used.add(entity.getString("type"));
      for (String attribute : entity.fieldNames()) {
        used.add(attribute);
        if (entity.getValue(attribute) instanceof JsonObject value) {
          used.addAll(value.fieldNames());
          used.add(value.getString("type"));
        }
      }
    }

    assertThat(served.statusCode()).isEqualTo(200);
    assertThat(served.headers().firstValue("Content-Type")).hasValue("application/ld+json");
    assertThat(terms.fieldNames()).containsAll(used);
  }

  @Test
  void unknownAndMistypedIdsAreResourceNotFound() {
    for (String id : List.of("urn:ngsi-ld:OffStreetParking:nope", "urn:ngsi-ld:OnStreetParking:L-full",
        "urn:ngsi-ld:OffStreetParking:S-1", "urn:ngsi-ld:ParkingSpot:S-1:A-9", "urn:ngsi-ld:ParkingSpot:L-full:A-1",
        "urn:ngsi-ld:Building:L-full")) {
      assertProblem(api.get(ENTITIES + "/" + id, READER_TOKEN), 404, "ResourceNotFound", "");
    }
    assertProblem(api.get("/ngsi-ld/v1/nothing-here", READER_TOKEN), 404, "ResourceNotFound", "nothing-here");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "?type=OffStreetParking&q=availableSpotNumber~=3|q:",
      "?type=OffStreetParking&q=availableSpotNumber>=many|q:",
      "?type=OffStreetParking&q=name==x|q:",
      "?type=OffStreetParking&q=(availableSpotNumber>1)|q:",
      "?type=OffStreetParking&limit=0|limit:",
      "?type=OffStreetParking&limit=1001|limit:",
      "?type=OffStreetParking&offset=-1|offset:",
      "?type=OffStreetParking&offset=99999999999|offset:",
      "?type=OffStreetParking&limit=|limit:",
      "?q=availableSpotNumber>1|type:",
      "?type=OffStreetParking&georel=near;maxDistance==abc&geometry=Point&coordinates=[113,35]|georel",
      "?type=OffStreetParking&georel=near;maxDistance==100&geometry=Polygon&coordinates=[113,35]|geometry:",
      "?type=OffStreetParking&georel=near;maxDistance==100&geometry=Point&coordinates=[113]|coordinates:",
      "?type=OffStreetParking&georel=near;maxDistance==100&geometry=Point&coordinates=113,35|coordinates:",
      "?type=OffStreetParking&georel=near;maxDistance==100&geometry=Point&coordinates=[200,35]|coordinates:",
      "?type=OffStreetParking&bogus=1|'bogus'",
      "?type=OffStreetParking&options=shiny|options:"})
  void queryErrorsAreBadRequestDataNamingThePart(String query, String part) {
    HttpResponse<String> response = api.get(ENTITIES + query.replace("[", "%5B").replace("]", "%5D")
        .replace("|", "%7C").replace(";", "%3B").replace(">", "%3E").replace("<", "%3C").replace("~", "%7E"),
        READER_TOKEN);

    assertProblem(response, 400, "BadRequestData", part);
  }

  @Test
  void whatThisViewDoesNotImplementIsOperationNotSupported() {
    assertProblem(api.get("/ngsi-ld/v1/temporal/entities?type=OffStreetParking", READER_TOKEN), 501,
        "OperationNotSupported", "");
    assertProblem(api.get("/ngsi-ld/v1/subscriptions", READER_TOKEN), 501, "OperationNotSupported", "");
    assertProblem(api.post("/ngsi-ld/v1/subscriptions", READER_TOKEN, "{}"), 501, "OperationNotSupported", "");
    assertProblem(api.post(ENTITIES, READER_TOKEN, "{}"), 501, "OperationNotSupported", "");
    assertProblem(api.send(api.request(ENTITIES + "/urn:ngsi-ld:OffStreetParking:L-full", READER_TOKEN).DELETE()),
        501, "OperationNotSupported", "");
    assertProblem(api.get(ENTITIES + "?type=OffStreetParking&attrs=name", READER_TOKEN), 501,
        "OperationNotSupported", "attrs");
    assertProblem(api.get(ENTITIES + "?type=OffStreetParking&georel=within&geometry=Point&coordinates=%5B1,2%5D",
        READER_TOKEN), 501, "OperationNotSupported", "within");
  }

  @Test
  void anUnacceptableMediaTypeIsNotAcceptableAndNoTokenIsRefused() {
    assertProblem(api.send(api.request(ENTITIES + "?type=OffStreetParking", READER_TOKEN)
        .header("Accept", "text/html").GET()), 406, "NotAcceptable", "Accept");
    assertThat(api.get(ENTITIES + "?type=OffStreetParking").statusCode()).isEqualTo(401);
  }

  private static void assertProblem(HttpResponse<String> response, int status, String type, String detailPart) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonObject problem = new JsonObject(response.body());
    assertThat(problem.getString("type")).isEqualTo(ERRORS + type);
    assertThat(problem.getInteger("status")).isEqualTo(status);
    assertThat(problem.getString("detail")).contains(detailPart);
  }

  /** The q terms of this test, judged by hand over the seeded lots. */
  private static boolean meets(Seeded lot, String q) {
    for (String term : q.split(";")) {
      String[] parts = term.split("(?<=[a-zA-Z])(?=[=!<>])|(?<=[=<>])(?=\\d)");
      Integer actual = parts[0].equals("totalSpotNumber") ? Integer.valueOf(lot.total()) : lot.free();
      long value = Long.parseLong(parts[2]);
      IntPredicate holds = switch (parts[1]) {
        case "==" -> a -> a == value;
        case "!=" -> a -> a != value;
        case ">" -> a -> a > value;
        case ">=" -> a -> a >= value;
        case "<" -> a -> a < value;
        default -> a -> a <= value;
      };
      if (actual == null || !holds.test(actual)) {
        return false;
      }
    }
    return true;
  }

  private static JsonArray list(String query) {
    HttpResponse<String> response = api.get(ENTITIES + query, READER_TOKEN);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return new JsonArray(response.body());
  }

  private static JsonObject entity(String id, String query) {
    HttpResponse<String> response = api.get(ENTITIES + "/" + id + query, READER_TOKEN);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return new JsonObject(response.body());
  }

  private static List<String> ids(JsonArray entities) {
    return entities.stream().map(entity -> ((JsonObject) entity).getString("id")).toList();
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
