package dev.smartparking.simulator.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smartparking.simulator.city.City;
import dev.smartparking.simulator.city.CityGenerator;
import dev.smartparking.simulator.city.CityParameters;
import dev.smartparking.simulator.city.JiaozuoReference;
import dev.smartparking.simulator.city.SeededSecrets;
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
              assertThat(cover.getInteger("report_interval_s")).isEqualTo(600);
              assertThat(cover.getDouble("gas_limit_ppm")).isEqualTo(25.0);
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
    JsonArray array = JSON.getJsonArray(section);
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
