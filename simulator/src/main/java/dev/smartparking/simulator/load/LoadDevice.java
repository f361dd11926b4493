package dev.smartparking.simulator.load;

import dev.smartparking.simulator.device.StatusPayload;
import dev.smartparking.simulator.device.TelemetryPayload;

/**
 * One connection of a load run: the device it plays and its secret, either a lot gateway reporting
 * on its lot ({@code lotId}, {@code capacity}) or a cover sensor on its cover ({@code coverId}).
 */
public record LoadDevice(String id, String secret, String lotId, int capacity, String coverId) {

  public static LoadDevice gateway(String id, String secret, String lotId, int capacity) {
    return new LoadDevice(id, secret, lotId, capacity, null);
  }

  public static LoadDevice coverSensor(String id, String secret, String coverId) {
    return new LoadDevice(id, secret, null, 0, coverId);
  }

  public boolean coverSensor() {
    return coverId != null;
  }

  public String topic() {
    return coverSensor() ? TelemetryPayload.topic(coverId) : StatusPayload.topic(lotId);
  }

  public LoadDevice withSecret(String issued) {
    return new LoadDevice(id, issued, lotId, capacity, coverId);
  }
}
