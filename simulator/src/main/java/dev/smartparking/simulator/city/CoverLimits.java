package dev.smartparking.simulator.city;

import java.util.EnumSet;
import java.util.Set;

/**
 * What a cover alarms on (PROTOCOL.md "telemetry thresholds", docs/catalogue.md): the simulator's own
 * copy of the rule, so that a mistake shared with the server cannot hide.
 *
 * @param reportIntervalS how often the sensor reports; silent after twice this without a reading
 * @param gasLimitPpm {@code gas} while gas_ppm is above it
 * @param tiltLimitDeg {@code tilt} while tilt_deg is above it
 * @param waterMarginCm {@code water} while the surface is at most this far below the rim (level >= -margin)
 * @param batteryMinPct {@code battery} while battery_pct is below it
 */
public record CoverLimits(
    int reportIntervalS, double gasLimitPpm, double tiltLimitDeg, double waterMarginCm, int batteryMinPct) {

  /** The protocol's defaults: what a cover without thresholds of its own gets. */
  public static final CoverLimits DEFAULTS = new CoverLimits(600, 25.0, 15.0, 30.0, 20);

  public CoverLimits {
    if (reportIntervalS < 1 || gasLimitPpm < 0 || tiltLimitDeg < 0 || tiltLimitDeg > 180 || waterMarginCm < -100
        || waterMarginCm > 1000 || batteryMinPct < 0 || batteryMinPct > 100) {
      throw new IllegalArgumentException("thresholds outside the catalogue's ranges: " + this);
    }
  }

  public CoverLimits withReportIntervalS(int seconds) {
    return new CoverLimits(seconds, gasLimitPpm, tiltLimitDeg, waterMarginCm, batteryMinPct);
  }

  /** The reading-judged alarm types whose condition a reading with these values meets. */
  public Set<AlarmType> breachedBy(double tiltDeg, boolean open, double waterLevelCm, double gasPpm, int batteryPct) {
    Set<AlarmType> breached = EnumSet.noneOf(AlarmType.class);
    if (tiltDeg > tiltLimitDeg) {
      breached.add(AlarmType.TILT);
    }
    if (open) {
      breached.add(AlarmType.OPEN);
    }
    if (waterLevelCm >= -waterMarginCm) {
      breached.add(AlarmType.WATER);
    }
    if (gasPpm > gasLimitPpm) {
      breached.add(AlarmType.GAS);
    }
    if (batteryPct < batteryMinPct) {
      breached.add(AlarmType.BATTERY);
    }
    return breached;
  }

  /** The threshold a type is judged against, as the catalogue names and writes it; for messages. */
  public String describe(AlarmType type) {
    return switch (type) {
      case TILT -> "tilt_limit_deg " + tiltLimitDeg;
      case OPEN -> "open = true";
      case WATER -> "water_margin_cm " + waterMarginCm;
      case GAS -> "gas_limit_ppm " + gasLimitPpm;
      case BATTERY -> "battery_min_pct " + batteryMinPct;
      case SILENT -> "report_interval_s " + reportIntervalS;
    };
  }
}
