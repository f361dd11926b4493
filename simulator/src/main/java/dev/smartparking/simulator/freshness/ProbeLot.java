package dev.smartparking.simulator.freshness;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The probe's own district, lot and gateway: kept apart from any simulated city so that nothing
 * else moves the figures the probe waits for.
 */
record ProbeLot(String districtCode, String lotId, String deviceId, String secret, int capacity) {

  static ProbeLot named(String name, String secret) {
    return new ProbeLot("probe-" + name, "P-" + name, "gw-P-" + name, secret, 1000);
  }

  String topic() {
    return "v1/lots/" + lotId + "/status";
  }

  JsonObject catalogue() {
    return new JsonObject()
        .put("districts", new JsonArray().add(new JsonObject().put("code", districtCode).put("name", "freshness probe")))
        .put(
            "lots",
            new JsonArray()
                .add(
                    new JsonObject()
                        .put("id", lotId)
                        .put("name", "freshness probe")
                        .put("district", districtCode)
                        .put("lat", 35.2)
                        .put("lon", 113.2)
                        .put("capacity", capacity)
                        .put("counting", "status")
                        .put("kind", "probe")))
        .put(
            "devices",
            new JsonArray()
                .add(
                    new JsonObject()
                        .put("id", deviceId)
                        .put("kind", "lot_gateway")
                        .put("lots", new JsonArray().add(lotId))
                        .put("secret", secret)));
  }
}
