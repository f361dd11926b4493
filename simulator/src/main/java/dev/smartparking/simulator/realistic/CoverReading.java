package dev.smartparking.simulator.realistic;

/** One reading of a cover's sensor, in the units of the telemetry payload. */
public record CoverReading(double tiltDeg, boolean open, double waterLevelCm, double gasPpm, int batteryPct, int rssiDbm) {

  public boolean tilted() {
    return tiltDeg > CoverModel.ALARM_TILT_DEG;
  }

  public boolean flooding() {
    return waterLevelCm > -CoverModel.ALARM_WATER_BELOW_RIM_CM;
  }

  public boolean lowBattery() {
    return batteryPct < CoverModel.ALARM_BATTERY_PCT;
  }
}
