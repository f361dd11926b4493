package dev.smartparking.simulator.realistic;

import dev.smartparking.simulator.city.Cover;
import java.util.random.RandomGenerator;

/**
 * What one manhole cover's sensor measures, moved through simulated time.
 *
 * <p>Water level is relative to the rim (negative below it): each shaft has its own dry-weather
 * level, and during rain it rises at a rate that depends on how low-lying the cover is, up to a
 * little over the rim; after the rain it drains back. Tilt, opening and gas leaks are rare events
 * (rates in {@link CoverHazards}); a tilted or opened cover stays so, a gas spike decays over about
 * twenty minutes. The battery drains slowly; some start low.
 */
public final class CoverModel {

  private static final double RAIN_RISE_CM_PER_MINUTE = 2.5;
  private static final double DRAIN_CM_PER_MINUTE = 0.6;
  private static final double OVERFLOW_CM = 5;
  private static final double GAS_DECAY_MINUTES = 20;
  private static final double BATTERY_DRAIN_PER_HOUR = 0.05;

  private final Cover cover;
  private final double dryLevelCm;
  private final double riseFactor;
  private final int rssiBase;
  private double waterCm;
  private double tiltDeg;
  private boolean open;
  private double gasPpm;
  private double batteryPct;

  public CoverModel(Cover cover, CoverHazards hazards, RandomGenerator random) {
    this.cover = cover;
    this.dryLevelCm = -90 - 110 * random.nextDouble();
    this.riseFactor = 0.3 + random.nextDouble();
    this.rssiBase = -70 - random.nextInt(40);
    this.waterCm = dryLevelCm;
    this.tiltDeg = 3 * random.nextDouble();
    this.gasPpm = 3 * random.nextDouble();
    this.batteryPct = random.nextDouble() < hazards.lowBatteryShare() ? 5 + 14 * random.nextDouble() : 40 + 60 * random.nextDouble();
  }

  public Cover cover() {
    return cover;
  }

  /** Moves the cover through {@code minutes} of simulated time. */
  public void advance(double minutes, boolean raining, CoverHazards hazards, RandomGenerator random) {
    if (minutes <= 0) {
      return;
    }
    if (raining) {
      waterCm = Math.min(OVERFLOW_CM, waterCm + RAIN_RISE_CM_PER_MINUTE * riseFactor * minutes);
    } else {
      waterCm = Math.max(dryLevelCm, waterCm - DRAIN_CM_PER_MINUTE * minutes);
    }
    if (happens(hazards.tiltPerHour(), minutes, random)) {
      tiltDeg = 20 + 40 * random.nextDouble();
    }
    if (happens(hazards.openPerHour(), minutes, random)) {
      open = true;
    }
    double background = 1.5;
    gasPpm = background + (gasPpm - background) * Math.exp(-minutes / GAS_DECAY_MINUTES);
    if (happens(hazards.gasPerHour(), minutes, random)) {
      gasPpm = cover.limits().gasLimitPpm() * (1.5 + 2.5 * random.nextDouble());
    }
    batteryPct = Math.max(0, batteryPct - BATTERY_DRAIN_PER_HOUR * minutes / 60);
  }

  private static boolean happens(double perHour, double minutes, RandomGenerator random) {
    return random.nextDouble() < 1 - Math.exp(-perHour * minutes / 60);
  }

  /** Tilt jitters by a few tenths and rssi by a few dB between readings, as real sensors do. */
  public CoverReading read(RandomGenerator random) {
    double tilt = Math.max(0, Math.min(180, tiltDeg + 0.3 * random.nextGaussian()));
    int rssi = Math.max(-200, Math.min(0, rssiBase + (int) Math.round(2 * random.nextGaussian())));
    return new CoverReading(
        CoverReading.tenths(tilt),
        open,
        CoverReading.tenths(waterCm),
        CoverReading.tenths(Math.max(0, gasPpm)),
        (int) Math.floor(batteryPct),
        rssi);
  }
}
