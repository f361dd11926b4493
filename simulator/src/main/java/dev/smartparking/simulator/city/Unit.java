package dev.smartparking.simulator.city;

import java.util.Optional;

/**
 * A unit responsible for manhole covers; without a district it works city-wide. A generated city
 * gives no unit a webhook: only whoever provisions it knows a receiver (the demo runs one per unit).
 */
public record Unit(String id, String name, Optional<String> districtCode, Optional<Webhook> webhook) {

  public Unit(String id, String name, Optional<String> districtCode) {
    this(id, name, districtCode, Optional.empty());
  }

  public Unit withWebhook(Webhook hook) {
    return new Unit(id, name, districtCode, Optional.of(hook));
  }
}
