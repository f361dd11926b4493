package dev.smartparking.simulator.availability;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** The city's availability as the API reports it: totals and one row per district. */
public record Availability(
    String updatedAt,
    long total,
    long free,
    double occupancyRate,
    int lots,
    int lotsReporting,
    List<DistrictAvailability> districts) {

  public Availability {
    districts = List.copyOf(districts);
  }

  /** Reads the answer of API.md; a missing occupancy rate is worked out from total and free. */
  public static Availability fromJson(JsonObject json) {
    List<DistrictAvailability> rows = new ArrayList<>();
    JsonArray districts = json.getJsonArray("districts", new JsonArray());
    for (int i = 0; i < districts.size(); i++) {
      JsonObject d = districts.getJsonObject(i);
      long total = d.getLong("total", 0L);
      long free = d.getLong("free", 0L);
      rows.add(
          new DistrictAvailability(
              d.getString("code", "?"),
              d.getString("name", ""),
              d.getInteger("lots", 0),
              d.getInteger("lots_reporting", 0),
              total,
              free,
              rate(d, total, free)));
    }
    long total = json.getLong("total", 0L);
    long free = json.getLong("free", 0L);
    return new Availability(
        json.getString("updated_at", ""),
        total,
        free,
        rate(json, total, free),
        json.getInteger("lots", 0),
        json.getInteger("lots_reporting", 0),
        rows);
  }

  private static double rate(JsonObject json, long total, long free) {
    Object given = json.getValue("occupancy_rate");
    if (given instanceof Number number) {
      return number.doubleValue();
    }
    return total == 0 ? Double.NaN : 1.0 - (double) free / total;
  }
}
