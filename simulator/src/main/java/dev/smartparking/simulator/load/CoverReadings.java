package dev.smartparking.simulator.load;

import dev.smartparking.simulator.device.TelemetryPayload;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One cover sensor's readings in a load run: every measurement within PROTOCOL.md's default limits,
 * except that a reading is, at the alarm share, past one threshold (tilt, open, water, gas or
 * battery, drawn evenly), so that the server raises and clears alarms as it ingests. Each reading's
 * ts is later than the one before, as a sensor's are: a reading no newer than the cover's newest
 * judges nothing, and the load would not exercise the alarms.
 */
final class CoverReadings {

  private final double alarmShare;
  private long lastTs;

  CoverReadings(double alarmShare) {
    this.alarmShare = alarmShare;
  }

  byte[] next(long seq, long wallMillis) {
    long ts = Math.max(wallMillis, lastTs + 1);
    lastTs = ts;
    double tilt = 1.5;
    boolean open = false;
    double water = -80;
    double gas = 2;
    int battery = 80;
    ThreadLocalRandom random = ThreadLocalRandom.current();
    if (random.nextDouble() < alarmShare) {
      switch (random.nextInt(5)) {
        case 0 -> tilt = 31;
        case 1 -> open = true;
        case 2 -> water = -5;
        case 3 -> gas = 60;
        default -> battery = 10;
      }
    }
    return new TelemetryPayload(seq, ts, tilt, open, water, gas, battery, -90).bytes();
  }
}
