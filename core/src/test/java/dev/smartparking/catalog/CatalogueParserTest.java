package dev.smartparking.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CatalogueParserTest {

  /** The example of docs/catalogue.md. */
  private static final String EXAMPLE = """
      {
        "districts": [{"code": "410802", "name": "解放区"}, {"code": "410825", "name": "温县"}],
        "units":     [{"id": "U-01", "name": "温县住建局", "district": "410825",
                       "webhook": {"url": "https://alarms.example.org/smartparking", "secret": "a-signing-secret-0001"}},
                      {"id": "U-city", "name": "市政"}],
        "lots": [
          {"id": "L-410802-0001", "name": "人民公园停车场", "district": "410802",
           "lat": 35.2401, "lon": 113.2398, "capacity": 420,
           "counting": "status", "kind": "commercial"},
          {"id": "S-410802-0001", "name": "民主路 A 段", "district": "410802",
           "lat": 35.2411, "lon": 113.2301, "capacity": 24,
           "counting": "bays", "kind": "on_street", "bays": ["A-001", "A-002"]}
        ],
        "covers": [
          {"id": "C-000001", "unit": "U-01", "district": "410825",
           "lat": 34.94, "lon": 113.08, "report_interval_s": 300, "gas_limit_ppm": 12.5,
           "tilt_limit_deg": 10, "water_margin_cm": 50, "battery_min_pct": 25}
        ],
        "devices": [
          {"id": "gw-L-410802-0001", "kind": "lot_gateway", "lots": ["L-410802-0001"],
           "secret": "a-secret-of-24-characters"},
          {"id": "cs-C-000001", "kind": "cover_sensor", "covers": ["C-000001"], "rotate_secret": true}
        ]
      }""";

  @Test
  void parsesTheDocumentedExample() {
    Catalogue c = CatalogueParser.parse(Buffer.buffer(EXAMPLE));

    assertThat(c.districts()).containsExactly(
        new Catalogue.District("410802", "解放区"), new Catalogue.District("410825", "温县"));
    assertThat(c.units()).containsExactly(
        new Catalogue.Unit("U-01", "温县住建局", "410825",
            Catalogue.WebhookChange.set("https://alarms.example.org/smartparking", "a-signing-secret-0001")),
        new Catalogue.Unit("U-city", "市政", null));
    assertThat(c.lots()).containsExactly(
        new Catalogue.Lot("L-410802-0001", "人民公园停车场", "410802", 35.2401, 113.2398, 420, "status",
            "commercial", List.of()),
        new Catalogue.Lot("S-410802-0001", "民主路 A 段", "410802", 35.2411, 113.2301, 24, "bays", "on_street",
            List.of("A-001", "A-002")));
    assertThat(c.covers()).containsExactly(
        new Catalogue.Cover("C-000001", "U-01", "410825", 34.94, 113.08, 300, 12.5, 10, 50, 25));
    assertThat(c.devices()).containsExactly(
        new Catalogue.Device("gw-L-410802-0001", "lot_gateway", List.of("L-410802-0001"), List.of(),
            "a-secret-of-24-characters", false),
        new Catalogue.Device("cs-C-000001", "cover_sensor", List.of(), List.of("C-000001"), null, true));
  }

  @Test
  void coverDefaultsToReportIntervalOf600sAndGasLimitOf25ppm() {
    Catalogue c = parse(new JsonObject().put("covers", new JsonArray().add(cover())));

    assertThat(c.covers().get(0).reportIntervalS()).isEqualTo(600);
    assertThat(c.covers().get(0).gasLimitPpm()).isEqualTo(25.0);
  }

  @Test
  void coverThresholdsDefaultToThoseOfTheProtocol() {
    Catalogue.Cover cover = parse(new JsonObject().put("covers", new JsonArray().add(cover()))).covers().get(0);

    assertThat(cover.tiltLimitDeg()).isEqualTo(15.0);
    assertThat(cover.waterMarginCm()).isEqualTo(30.0);
    assertThat(cover.batteryMinPct()).isEqualTo(20);
  }

  @ParameterizedTest
  @ValueSource(strings = {"tilt_limit_deg:181", "tilt_limit_deg:-1", "water_margin_cm:-101", "water_margin_cm:1001",
      "battery_min_pct:101", "battery_min_pct:-1", "battery_min_pct:12.5", "gas_limit_ppm:-1"})
  void coverThresholdOutOfRangeIsRefusedNamingTheField(String fieldAndValue) {
    String field = fieldAndValue.substring(0, fieldAndValue.indexOf(':'));
    Number value = Double.parseDouble(fieldAndValue.substring(fieldAndValue.indexOf(':') + 1));
    if (value.doubleValue() == Math.rint(value.doubleValue())) {
      value = value.longValue();
    }
    JsonObject doc = new JsonObject().put("covers", new JsonArray().add(cover()).add(cover().put("id", "C-2")
        .put(field, value)));

    assertRefused(doc).hasMessageStartingWith("covers[1]." + field + ":");
  }

  @Test
  void unitWithoutWebhookKeepsTheOneItHas() {
    Catalogue c = parse(new JsonObject().put("units", new JsonArray().add(unit())));

    assertThat(c.units().get(0).webhook()).isEqualTo(Catalogue.WebhookChange.KEEP);
  }

  @Test
  void unitWithNullWebhookRemovesIt() {
    Catalogue c = parse(new JsonObject().put("units", new JsonArray().add(unit().putNull("webhook"))));

    assertThat(c.units().get(0).webhook()).isEqualTo(Catalogue.WebhookChange.REMOVE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ftp://alarms.example.org/x", "file:///etc/passwd", "alarms.example.org/hook",
      "http://user:pw@alarms.example.org/", "http:///no-host", "https://exa mple.org/"})
  void webhookUrlOtherThanAnAbsoluteHttpOrHttpsOneIsRefused(String url) {
    JsonObject doc = new JsonObject().put("units", new JsonArray().add(unit()
        .put("webhook", new JsonObject().put("url", url).put("secret", "a-signing-secret-0001"))));

    assertRefused(doc).hasMessageStartingWith("units[0].webhook.url:");
  }

  @Test
  void webhookSecretShorterThan16CharactersIsRefused() {
    JsonObject doc = new JsonObject().put("units", new JsonArray().add(unit()
        .put("webhook", new JsonObject().put("url", "http://127.0.0.1:9000/hook").put("secret", "short"))));

    assertRefused(doc).hasMessageStartingWith("units[0].webhook.secret:");
  }

  @Test
  void webhookThatIsNotAnObjectIsRefused() {
    JsonObject doc = new JsonObject().put("units", new JsonArray().add(unit().put("webhook", "http://x/")));

    assertRefused(doc).hasMessageStartingWith("units[0].webhook: expected an object");
  }

  @Test
  void lotKindDefaultsToUnspecified() {
    Catalogue c = parse(new JsonObject().put("lots", new JsonArray().add(statusLot("L-1"))));

    assertThat(c.lots().get(0).kind()).isEqualTo("unspecified");
  }

  @Test
  void everySectionIsOptional() {
    Catalogue c = parse(new JsonObject());

    assertThat(c.districts()).isEmpty();
    assertThat(c.units()).isEmpty();
    assertThat(c.lots()).isEmpty();
    assertThat(c.covers()).isEmpty();
    assertThat(c.devices()).isEmpty();
  }

  @Test
  void deviceWithoutSecretLeavesItToTheServer() {
    Catalogue c = parse(new JsonObject().put("devices", new JsonArray().add(device("gw-1"))));

    assertThat(c.devices().get(0).secret()).isNull();
    assertThat(c.devices().get(0).rotateSecret()).isFalse();
  }

  @Test
  void duplicateLotIdIsRefusedNamingTheSecondEntry() {
    JsonObject doc = new JsonObject().put("lots", new JsonArray().add(statusLot("L-1")).add(statusLot("L-1")));

    assertRefused(doc).hasMessageStartingWith("lots[1].id: duplicate 'L-1'");
  }

  @Test
  void duplicateDistrictCodeIsRefusedNamingTheSecondEntry() {
    JsonObject doc = new JsonObject().put("districts", new JsonArray()
        .add(new JsonObject().put("code", "410802").put("name", "a"))
        .add(new JsonObject().put("code", "410803").put("name", "b"))
        .add(new JsonObject().put("code", "410802").put("name", "c")));

    assertRefused(doc).hasMessageStartingWith("districts[2].code: duplicate '410802'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"L/1", "L+1", "L#1", "L 1", ""})
  void idWithForbiddenCharactersIsRefused(String id) {
    JsonObject doc = new JsonObject().put("lots", new JsonArray().add(statusLot("L-0")).add(statusLot(id)));

    assertRefused(doc).hasMessageStartingWith("lots[1].id:");
  }

  @Test
  void idLongerThan64CharactersIsRefused() {
    JsonObject doc = new JsonObject().put("devices", new JsonArray().add(device("d".repeat(65))));

    assertRefused(doc).hasMessageStartingWith("devices[0].id:");
  }

  @Test
  void forbiddenCharacterInADeviceBindingIsRefusedNamingTheElement() {
    JsonObject doc = new JsonObject().put("devices", new JsonArray()
        .add(device("gw-1").put("lots", new JsonArray().add("L-1").add("L/2"))));

    assertRefused(doc).hasMessageStartingWith("devices[0].lots[1]:");
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 100_001})
  void capacityOutOfRangeIsRefused(int capacity) {
    JsonObject doc = new JsonObject().put("lots", new JsonArray().add(statusLot("L-1").put("capacity", capacity)));

    assertRefused(doc).hasMessageStartingWith("lots[0].capacity: must be between 0 and 100000");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 100_000})
  void capacityBoundsAreAccepted(int capacity) {
    Catalogue c = parse(new JsonObject().put("lots", new JsonArray().add(statusLot("L-1").put("capacity", capacity))));

    assertThat(c.lots().get(0).capacity()).isEqualTo(capacity);
  }

  @Test
  void fractionalCapacityIsRefused() {
    JsonObject doc = new JsonObject().put("lots", new JsonArray().add(statusLot("L-1").put("capacity", 12.5)));

    assertRefused(doc).hasMessageStartingWith("lots[0].capacity:");
  }

  @ParameterizedTest
  @ValueSource(strings = {"sensors", "STATUS", ""})
  void countingOtherThanStatusOrBaysIsRefused(String counting) {
    JsonObject doc = new JsonObject().put("lots", new JsonArray().add(statusLot("L-1").put("counting", counting)));

    assertRefused(doc).hasMessageStartingWith("lots[0].counting:");
  }

  @Test
  void baysOnAStatusLotAreRefused() {
    JsonObject doc = new JsonObject().put("lots", new JsonArray()
        .add(statusLot("L-1").put("bays", new JsonArray().add("A-001"))));

    assertRefused(doc).hasMessageStartingWith("lots[0].bays:");
  }

  @Test
  void latitudeOutOfRangeIsRefused() {
    JsonObject doc = new JsonObject().put("lots", new JsonArray().add(statusLot("L-1").put("lat", 91.0)));

    assertRefused(doc).hasMessageStartingWith("lots[0].lat:");
  }

  @Test
  void missingRequiredFieldIsNamed() {
    JsonObject lot = statusLot("L-1");
    lot.remove("district");

    assertRefused(new JsonObject().put("lots", new JsonArray().add(lot)))
        .hasMessageStartingWith("lots[0].district: missing");
  }

  @Test
  void weakSecretIsRefusedNamingTheDevice() {
    JsonObject doc = new JsonObject().put("devices", new JsonArray()
        .add(device("gw-0"))
        .add(device("gw-1").put("secret", "gateway-secret-0123456789")));

    assertRefused(doc).hasMessageStartingWith("devices[1].secret of device 'gw-1': too weak, a run of 10");
  }

  @Test
  void secretOf128RandomBitsIsAccepted() {
    Catalogue c = parse(new JsonObject().put("devices", new JsonArray()
        .add(device("gw-1").put("secret", "q3Vh8-LmZ0tXw7Rk2PaJbC"))));

    assertThat(c.devices().get(0).secret()).isEqualTo("q3Vh8-LmZ0tXw7Rk2PaJbC");
  }

  @Test
  void secretTogetherWithRotateSecretIsRefused() {
    JsonObject doc = new JsonObject().put("devices", new JsonArray().add(device("gw-0")).add(device("gw-1")
        .put("secret", "q3Vh8-LmZ0tXw7Rk2PaJbC-long").put("rotate_secret", true)));

    assertRefused(doc).hasMessageStartingWith("devices[1]:").hasMessageContaining("rotate_secret");
  }

  @Test
  void unknownDeviceKindIsRefused() {
    JsonObject doc = new JsonObject().put("devices", new JsonArray().add(device("gw-1").put("kind", "camera")));

    assertRefused(doc).hasMessageStartingWith("devices[0].kind:");
  }

  @Test
  void sectionThatIsNotAnArrayIsRefused() {
    assertRefused(new JsonObject().put("lots", new JsonObject())).hasMessageStartingWith("lots: expected an array");
  }

  @Test
  void entryThatIsNotAnObjectIsRefused() {
    assertRefused(new JsonObject().put("units", new JsonArray().add("U-1")))
        .hasMessageStartingWith("units[0]: expected an object");
  }

  @ParameterizedTest
  @ValueSource(strings = {"[]", "[{\"districts\": []}]", "not json", "{\"lots\": [", "42", "\"text\"", "null"})
  void documentThatIsNotAJsonObjectIsRefused(String document) {
    assertThatThrownBy(() -> CatalogueParser.parse(Buffer.buffer(document)))
        .isInstanceOf(CatalogueException.class)
        .hasMessageContaining("not a JSON object");
  }

  @Test
  void emptyBodyIsRefusedSayingWhatToSend() {
    assertThatThrownBy(() -> CatalogueParser.parse(Buffer.buffer()))
        .isInstanceOf(CatalogueException.class)
        .hasMessage("the catalogue is empty: send the JSON document as the request body");
  }

  private static Catalogue parse(JsonObject document) {
    return CatalogueParser.parse(Buffer.buffer(document.encode()));
  }

  private static AbstractThrowableAssert<?, ? extends Throwable> assertRefused(JsonObject document) {
    return assertThatThrownBy(() -> parse(document)).isInstanceOf(CatalogueException.class);
  }

  private static JsonObject statusLot(String id) {
    return new JsonObject().put("id", id).put("name", "Lot " + id).put("district", "410802")
        .put("lat", 35.24).put("lon", 113.24).put("capacity", 100).put("counting", "status");
  }

  private static JsonObject cover() {
    return new JsonObject().put("id", "C-1").put("unit", "U-1").put("district", "410802")
        .put("lat", 34.94).put("lon", 113.08);
  }

  private static JsonObject unit() {
    return new JsonObject().put("id", "U-1").put("name", "解放区城管局");
  }

  private static JsonObject device(String id) {
    return new JsonObject().put("id", id).put("kind", "lot_gateway");
  }
}
