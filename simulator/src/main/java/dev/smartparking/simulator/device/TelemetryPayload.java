package dev.smartparking.simulator.device;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;

/**
 * A {@code v1/covers/{coverId}/telemetry} payload: one cover reading with every measurement.
 *
 * @param waterLevelCm the water surface relative to the rim: negative below it, positive above
 */
public record TelemetryPayload(
    long seq, long ts, double tiltDeg, boolean open, double waterLevelCm, double gasPpm, int batteryPct, int rssiDbm) {

  public TelemetryPayload {
    if (tiltDeg < 0 || tiltDeg > 180 || gasPpm < 0 || batteryPct < 0 || batteryPct > 100 || rssiDbm > 0 || rssiDbm < -200) {
      throw new IllegalArgumentException("reading out of the protocol's ranges");
    }
  }

  public static String topic(String coverId) {
    return "v1/covers/" + coverId + "/telemetry";
  }

  public String json() {
    return new JsonObject()
        .put("seq", seq)
        .put("ts", ts)
        .put("tilt_deg", round1(tiltDeg))
        .put("open", open)
        .put("water_level_cm", round1(waterLevelCm))
        .put("gas_ppm", round1(gasPpm))
        .put("battery_pct", batteryPct)
        .put("rssi_dbm", rssiDbm)
        .encode();
  }

  public byte[] bytes() {
    return json().getBytes(StandardCharsets.UTF_8);
  }

  // A sensor reports tenths; full doubles would only add noise to the payload.
  private static double round1(double value) {
    return Math.round(value * 10) / 10.0;
  }
}
