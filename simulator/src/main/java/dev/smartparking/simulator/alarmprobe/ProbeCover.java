package dev.smartparking.simulator.alarmprobe;

import dev.smartparking.simulator.city.Webhook;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The probe's own district, unit, cover and sensor, kept apart from any simulated city so that
 * nothing else raises or resolves the alarms the probe waits for. The unit's webhook is the probe's
 * receiver. The report interval is long enough that the silent sweep never judges the cover during
 * a probe run.
 */
record ProbeCover(String districtCode, String unitId, String coverId, String deviceId, String secret) {

  private static final int REPORT_INTERVAL_S = 86_400;

  static ProbeCover named(String name, String secret) {
    return new ProbeCover("probe-" + name, "U-probe-" + name, "C-probe-" + name, "cs-probe-" + name, secret);
  }

  String topic() {
    return "v1/covers/" + coverId + "/telemetry";
  }

  JsonObject catalogue(Webhook webhook) {
    return new JsonObject()
        .put("districts", new JsonArray().add(new JsonObject().put("code", districtCode).put("name", "alarm probe")))
        .put("units", new JsonArray().add(new JsonObject()
            .put("id", unitId)
            .put("name", "alarm probe")
            .put("district", districtCode)
            .put("webhook", new JsonObject().put("url", webhook.url()).put("secret", webhook.secret()))))
        .put("covers", new JsonArray().add(new JsonObject()
            .put("id", coverId)
            .put("unit", unitId)
            .put("district", districtCode)
            .put("lat", 35.2)
            .put("lon", 113.2)
            .put("report_interval_s", REPORT_INTERVAL_S)))
        .put("devices", new JsonArray().add(new JsonObject()
            .put("id", deviceId)
            .put("kind", "cover_sensor")
            .put("covers", new JsonArray().add(coverId))
            .put("secret", secret)));
  }
}
