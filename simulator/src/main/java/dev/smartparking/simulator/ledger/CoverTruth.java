package dev.smartparking.simulator.ledger;

import dev.smartparking.simulator.city.AlarmType;
import dev.smartparking.simulator.city.CoverLimits;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * A cover reading as the simulator sent it, with what it needs to be judged without the catalogue:
 * the cover's responsible unit and thresholds (as provisioned) and the measurements exactly as the
 * payload carries them.
 */
public record CoverTruth(
    String coverId,
    String unitId,
    CoverLimits limits,
    double tiltDeg,
    boolean open,
    double waterLevelCm,
    double gasPpm,
    int batteryPct) {

  /** The reading-judged alarm types whose condition this reading meets. */
  public Set<AlarmType> breaches() {
    return limits.breachedBy(tiltDeg, open, waterLevelCm, gasPpm, batteryPct);
  }

  /** The measurement a type is judged on, as the payload names it; for messages. */
  public String measurement(AlarmType type) {
    return switch (type) {
      case TILT -> "tilt_deg " + tiltDeg;
      case OPEN -> "open " + open;
      case WATER -> "water_level_cm " + waterLevelCm;
      case GAS -> "gas_ppm " + gasPpm;
      case BATTERY -> "battery_pct " + batteryPct;
      case SILENT -> "-";
    };
  }

  JsonObject toJson() {
    return new JsonObject()
        .put("id", coverId)
        .put("unit", unitId)
        .put(
            "limits",
            new JsonObject()
                .put("report_interval_s", limits.reportIntervalS())
                .put("gas_limit_ppm", limits.gasLimitPpm())
                .put("tilt_limit_deg", limits.tiltLimitDeg())
                .put("water_margin_cm", limits.waterMarginCm())
                .put("battery_min_pct", limits.batteryMinPct()))
        .put(
            "reading",
            new JsonObject()
                .put("tilt_deg", tiltDeg)
                .put("open", open)
                .put("water_level_cm", waterLevelCm)
                .put("gas_ppm", gasPpm)
                .put("battery_pct", batteryPct));
  }

  static CoverTruth fromJson(JsonObject json) {
    JsonObject limits = json.getJsonObject("limits");
    JsonObject reading = json.getJsonObject("reading");
    return new CoverTruth(
        json.getString("id"),
        json.getString("unit"),
        new CoverLimits(
            limits.getInteger("report_interval_s"),
            limits.getDouble("gas_limit_ppm"),
            limits.getDouble("tilt_limit_deg"),
            limits.getDouble("water_margin_cm"),
            limits.getInteger("battery_min_pct")),
        reading.getDouble("tilt_deg"),
        reading.getBoolean("open"),
        reading.getDouble("water_level_cm"),
        reading.getDouble("gas_ppm"),
        reading.getInteger("battery_pct"));
  }
}
