package dev.smartparking.simulator.catalogue;

import dev.smartparking.simulator.city.City;
import dev.smartparking.simulator.city.Counting;
import dev.smartparking.simulator.city.Cover;
import dev.smartparking.simulator.city.Device;
import dev.smartparking.simulator.city.District;
import dev.smartparking.simulator.city.Lot;
import dev.smartparking.simulator.city.LotFacts;
import dev.smartparking.simulator.city.Unit;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;

/** A city as the server's import document (docs/catalogue.md). */
public final class CatalogueJson {

  private CatalogueJson() {}

  public static JsonObject of(City city) {
    JsonArray districts = new JsonArray();
    city.districts().forEach(d -> districts.add(district(d)));
    JsonArray units = new JsonArray();
    city.units().forEach(u -> units.add(unit(u)));
    JsonArray lots = new JsonArray();
    Map<String, String> districtNames = new HashMap<>();
    city.districts().forEach(d -> districtNames.put(d.code(), d.name()));
    city.lots().forEach(l -> lots.add(lot(l, districtNames.get(l.districtCode()))));
    JsonArray covers = new JsonArray();
    city.covers().forEach(c -> covers.add(cover(c)));
    JsonArray devices = new JsonArray();
    city.devices().forEach(d -> devices.add(device(d)));
    return new JsonObject()
        .put("districts", districts)
        .put("units", units)
        .put("lots", lots)
        .put("covers", covers)
        .put("devices", devices);
  }

  private static JsonObject district(District district) {
    return new JsonObject().put("code", district.code()).put("name", district.name());
  }

  private static JsonObject unit(Unit unit) {
    JsonObject json = new JsonObject().put("id", unit.id()).put("name", unit.name());
    unit.districtCode().ifPresent(code -> json.put("district", code));
    unit.coverTarget().ifPresent(target -> json.put("cover_target", target));
    unit.webhook().ifPresent(hook -> json.put("webhook", new JsonObject().put("url", hook.url()).put("secret", hook.secret())));
    return json;
  }

  private static JsonObject lot(Lot lot, String districtName) {
    JsonObject json =
        new JsonObject()
            .put("id", lot.id())
            .put("name", lot.name())
            .put("district", lot.districtCode())
            .put("lat", lot.location().lat())
            .put("lon", lot.location().lon())
            .put("capacity", lot.capacity())
            .put("counting", lot.counting().wireName())
            .put("kind", lot.kind().wireName());
    if (lot.counting() == Counting.BAYS) {
      json.put("bays", new JsonArray(lot.bays()));
    }
    return json.mergeIn(LotFacts.of(lot, districtName));
  }

  /** Every threshold written out, defaults too: an import that leaves one out resets it to the default. */
  private static JsonObject cover(Cover cover) {
    return new JsonObject()
        .put("id", cover.id())
        .put("unit", cover.unitId())
        .put("district", cover.districtCode())
        .put("lat", cover.location().lat())
        .put("lon", cover.location().lon())
        .put("report_interval_s", cover.limits().reportIntervalS())
        .put("gas_limit_ppm", cover.limits().gasLimitPpm())
        .put("tilt_limit_deg", cover.limits().tiltLimitDeg())
        .put("water_margin_cm", cover.limits().waterMarginCm())
        .put("battery_min_pct", cover.limits().batteryMinPct());
  }

  private static JsonObject device(Device device) {
    JsonObject json = new JsonObject().put("id", device.id()).put("kind", device.kind().wireName());
    if (!device.lots().isEmpty()) {
      json.put("lots", new JsonArray(device.lots()));
    }
    if (!device.covers().isEmpty()) {
      json.put("covers", new JsonArray(device.covers()));
    }
    return json.put("secret", device.secret());
  }
}
