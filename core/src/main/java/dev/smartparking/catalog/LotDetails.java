package dev.smartparking.catalog;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A lot's static data, as parking-information rules ask lots to register it (operator, address,
 * entrances, opening hours, fees, a complaint phone, spaces by type). Every field is null when
 * the catalogue leaves it out. {@code fee}, {@code entrances} and {@code spots} are kept in the
 * shape docs/catalogue.md gives them, checked, and stored as JSON.
 */
public record LotDetails(String operator, String address, String phone, String openingHours, String feeText,
    JsonObject fee, JsonArray entrances, JsonObject spots) {

  public static final LotDetails NONE = new LotDetails(null, null, null, null, null, null, null, null);

  /** {@code fee} as stored: its JSON, or null. */
  public String feeJson() {
    return fee == null ? null : fee.encode();
  }

  public String entrancesJson() {
    return entrances == null ? null : entrances.encode();
  }

  public String spotsJson() {
    return spots == null ? null : spots.encode();
  }
}
