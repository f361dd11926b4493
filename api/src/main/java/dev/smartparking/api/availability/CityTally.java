package dev.smartparking.api.availability;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.TreeMap;

/** A {@link Tally} per district, in code order, and one for the city, moved together. */
final class CityTally {

  private final Map<String, String> districtNames;
  private final Map<String, Tally> districts = new TreeMap<>();
  private final Tally city = new Tally();

  /** Every district listed, even one without lots. */
  CityTally(Map<String, String> districtNames) {
    this.districtNames = districtNames;
    districtNames.keySet().forEach(code -> districts.put(code, new Tally()));
  }

  void add(LotNow lot, boolean counts) {
    districts.get(lot.district()).add(lot, counts);
    city.add(lot, counts);
  }

  void remove(LotNow lot, boolean counted) {
    districts.get(lot.district()).remove(lot, counted);
    city.remove(lot, counted);
  }

  /** The answer of {@code GET /api/v1/availability} (API.md). */
  JsonObject toJson() {
    JsonArray rows = new JsonArray();
    districts.forEach((code, tally) -> rows.add(tally.toJson().put("code", code).put("name", districtNames.get(code))));
    return city.toJson().put("districts", rows);
  }
}
