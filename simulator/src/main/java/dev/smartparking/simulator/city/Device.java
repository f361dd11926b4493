package dev.smartparking.simulator.city;

import java.util.List;

/** A field device, the lots or covers it may publish about, and the secret it connects with. */
public record Device(String id, DeviceKind kind, List<String> lots, List<String> covers, String secret) {

  public Device {
    lots = List.copyOf(lots);
    covers = List.copyOf(covers);
  }

  public Device withSecret(String newSecret) {
    return new Device(id, kind, lots, covers, newSecret);
  }
}
