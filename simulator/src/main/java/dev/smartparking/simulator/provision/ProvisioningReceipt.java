package dev.smartparking.simulator.provision;

import dev.smartparking.simulator.city.CityCounts;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;

/** The server's answer to a catalogue import: what it now holds and any secrets it issued. */
public record ProvisioningReceipt(CityCounts counts, Map<String, String> issuedSecrets) {

  public ProvisioningReceipt {
    issuedSecrets = Map.copyOf(issuedSecrets);
  }

  static ProvisioningReceipt fromJson(JsonObject json) {
    CityCounts counts =
        new CityCounts(
            json.getInteger("districts", 0),
            json.getInteger("units", 0),
            json.getInteger("lots", 0),
            json.getInteger("bays", 0),
            json.getInteger("covers", 0),
            json.getInteger("devices", 0));
    Map<String, String> issued = new HashMap<>();
    JsonObject secrets = json.getJsonObject("issued_secrets", new JsonObject());
    secrets.forEach(entry -> issued.put(entry.getKey(), String.valueOf(entry.getValue())));
    return new ProvisioningReceipt(counts, issued);
  }
}
