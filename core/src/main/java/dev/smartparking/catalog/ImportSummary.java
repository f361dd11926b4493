package dev.smartparking.catalog;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.TreeMap;

/** What an import applied, and the secrets it issued (shown once, never stored in clear). */
public record ImportSummary(int districts, int units, int lots, int bays, int covers, int devices,
    Map<String, String> issuedSecrets) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("districts", districts)
        .put("units", units)
        .put("lots", lots)
        .put("bays", bays)
        .put("covers", covers)
        .put("devices", devices)
        .put("issued_secrets", new JsonObject(new TreeMap<String, Object>(issuedSecrets)));
  }
}
