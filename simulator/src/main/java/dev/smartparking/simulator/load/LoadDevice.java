package dev.smartparking.simulator.load;

import dev.smartparking.simulator.device.StatusPayload;

/** One connection of a load run: the lot gateway it plays, its secret, and the lot it reports on. */
public record LoadDevice(String id, String secret, String lotId, int capacity) {

  public String statusTopic() {
    return StatusPayload.topic(lotId);
  }
}
