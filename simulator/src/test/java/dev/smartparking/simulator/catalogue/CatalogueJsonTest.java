package dev.smartparking.simulator.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smartparking.simulator.city.City;
import dev.smartparking.simulator.city.CityGenerator;
import dev.smartparking.simulator.city.CityParameters;
import dev.smartparking.simulator.city.JiaozuoReference;
import dev.smartparking.simulator.city.SeededSecrets;
import dev.smartparking.simulator.city.Webhook;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CatalogueJsonTest {

  private static final City CITY =
      new CityGenerator(JiaozuoReference.load(), new SeededSecrets(7)).generate(CityParameters.of(7, 0.2));

  /** Parsed back from text, so that the test sees what the server would read. */
  private static final JsonObject JSON = new JsonObject(CatalogueJson.of(CITY).encode());

  @Test
  void catalogueJsonHasEveryDeviceBoundToItsLot() {
    Map<String, String> lotCounting = new HashMap<>();
    objects("lots").forEach(lot -> lotCounting.put(lot.getString("id"), lot.getString("counting")));
    Map<String, List<String>> gatewayKindsByLot = new HashMap<>();
    Map<String, Integer> sensorsByCover = new HashMap<>();
    for (JsonObject device : objects("devices")) {
      for (Object lot : device.getJsonArray("lots", new JsonArray())) {
        gatewayKindsByLot.computeIfAbsent((String) lot, k -> new ArrayList<>()).add(device.getString("kind"));
      }
      for (Object cover : device.getJsonArray("covers", new JsonArray())) {
        sensorsByCover.merge((String) cover, 1, Integer::sum);
      }
    }

    assertThat(gatewayKindsByLot.keySet()).isEqualTo(lotCounting.keySet());
    lotCounting.forEach(
        (lot, counting) ->
            assertThat(gatewayKindsByLot.get(lot))
                .as(lot)
                .containsExactly(counting.equals("status") ? "lot_gateway" : "bay_gateway"));
    assertThat(sensorsByCover).hasSize(CITY.covers().size()).allSatisfy((cover, n) -> assertThat(n).isEqualTo(1));
    assertThat(objects("devices").stream().filter(d -> d.containsKey("covers")))
        .allSatisfy(d -> assertThat(d.getString("kind")).isEqualTo("cover_sensor"));
  }

  @Test
  void everyUnitCarriesItsLedgerTargetScaled() {
    // 温县住建局 owes 2,000 covers in the 2023 ledger: 400 at scale 0.2.
    JsonObject wenxian = objects("units").stream().filter(u -> u.getString("name").equals("温县住建局"))
        .findFirst().orElseThrow();
    assertThat(wenxian.getInteger("cover_target")).isEqualTo(400);
    assertThat(objects("units")).allSatisfy(u -> assertThat(u.getInteger("cover_target")).isNotNull());
  }

  @Test
  void everyReferenceNamesSomethingInTheDocument() {
    Set<String> districts = ids("districts", "code");
    Set<String> units = ids("units", "id");

    assertThat(districts).hasSize(11);
    assertThat(objects("units")).filteredOn(u -> u.containsKey("district")).allSatisfy(u -> assertThat(districts).contains(u.getString("district")));
    assertThat(objects("lots")).allSatisfy(l -> assertThat(districts).contains(l.getString("district")));
    assertThat(objects("covers")).allSatisfy(c -> assertThat(districts).contains(c.getString("district")));
    assertThat(objects("covers")).allSatisfy(c -> assertThat(units).contains(c.getString("unit")));
  }

  @Test
  void entriesCarryTheDocumentedFieldsWithTheirTypes() {
    assertThat(objects("lots"))
        .allSatisfy(
            lot -> {
              assertThat(lot.getValue("lat")).isInstanceOf(Double.class);
              assertThat(lot.getValue("lon")).isInstanceOf(Double.class);
              assertThat(lot.getValue("capacity")).isInstanceOf(Integer.class);
              assertThat(lot.getString("name")).isNotBlank();
              assertThat(lot.getString("kind")).isIn("commuter", "commercial", "hospital", "residential", "on_street");
              assertThat(lot.containsKey("bays")).isEqualTo(lot.getString("counting").equals("bays"));
            });
    assertThat(objects("lots").stream().filter(l -> l.containsKey("bays")))
        .allSatisfy(l -> assertThat(l.getJsonArray("bays").size()).isEqualTo(l.getInteger("capacity")));
    assertThat(objects("covers"))
        .allSatisfy(
            cover -> {
              assertThat(cover.getValue("report_interval_s")).isIn(300, 600, 900);
              assertThat(cover.getValue("gas_limit_ppm")).isIn(10.0, 25.0, 35.0);
              assertThat(cover.getValue("tilt_limit_deg")).isIn(10.0, 15.0, 20.0);
              assertThat(cover.getValue("water_margin_cm")).isIn(15.0, 30.0, 50.0);
              assertThat(cover.getValue("battery_min_pct")).isIn(15, 20, 30);
            });
  }

  @Test
  void mostCoversKeepTheDefaultThresholdsAndEachThresholdVariesOnSome() {
    List<JsonObject> covers = objects("covers");
    long defaults =
        covers.stream()
            .filter(c -> c.getInteger("report_interval_s") == 600 && c.getDouble("gas_limit_ppm") == 25.0
                && c.getDouble("tilt_limit_deg") == 15.0 && c.getDouble("water_margin_cm") == 30.0
                && c.getInteger("battery_min_pct") == 20)
            .count();

    assertThat((double) defaults / covers.size()).isBetween(0.70, 0.80);
    for (String field : List.of("report_interval_s", "gas_limit_ppm", "tilt_limit_deg", "water_margin_cm", "battery_min_pct")) {
      assertThat(covers.stream().map(c -> c.getValue(field)).distinct().count()).as(field).isEqualTo(3);
    }
  }

  @Test
  void aGeneratedCityGivesNoUnitAWebhookAndOneGivenIsWrittenWithItsSecret() {
    assertThat(objects("units")).allSatisfy(u -> assertThat(u.containsKey("webhook")).isFalse());

    JsonObject withHook =
        CatalogueJson.of(CITY.withWebhooks(Map.of("U-03", new Webhook("http://127.0.0.1:9/hooks/U-03", "0123456789abcdef-secret"))));

    List<JsonObject> units = list(withHook.getJsonArray("units"));
    assertThat(units).filteredOn(u -> u.containsKey("webhook")).singleElement()
        .satisfies(u -> {
          assertThat(u.getString("id")).isEqualTo("U-03");
          assertThat(u.getJsonObject("webhook"))
              .isEqualTo(new JsonObject().put("url", "http://127.0.0.1:9/hooks/U-03").put("secret", "0123456789abcdef-secret"));
        });
  }

  @Test
  void cityWideUnitsHaveNoDistrictField() {
    JsonObject water = objects("units").stream().filter(u -> u.getString("name").equals("市水务公司")).findFirst().orElseThrow();

    assertThat(water.containsKey("district")).isFalse();
  }

  @Test
  void everyDeviceCarriesASecretTheServerAccepts() {
    assertThat(objects("devices")).allSatisfy(d -> assertThat(d.getString("secret")).hasSizeGreaterThanOrEqualTo(16));
  }

  private static List<JsonObject> objects(String section) {
    return list(JSON.getJsonArray(section));
  }

  private static List<JsonObject> list(JsonArray array) {
    List<JsonObject> list = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      list.add(array.getJsonObject(i));
    }
    return list;
  }

  private static Set<String> ids(String section, String field) {
    Set<String> ids = new HashSet<>();
    objects(section).forEach(o -> ids.add(o.getString(field)));
    return ids;
  }
}
