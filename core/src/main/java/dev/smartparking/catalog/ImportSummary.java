package dev.smartparking.catalog;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an import applied, the secrets it issued (shown once, never stored in clear), and whether
 * it changed the registry at all: one that did not is told to no process, which keep what they read.
 */
public record ImportSummary(int districts, int units, int lots, int bays, int covers, int devices,
    Map<String, String> issuedSecrets, boolean changed) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("districts", districts)
        .put("units", units)
        .put("lots", lots)
        .put("bays", bays)
        .put("covers", covers)
        .put("devices", devices)
        .put("issued_secrets", new JsonObject(new TreeMap<String, Object>(issuedSecrets)))
        .put("changed", changed);
  }
}
