package dev.smartparking.simulator.city;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * A unit responsible for manhole covers; without a district it works city-wide. A generated city
 * gives no unit a webhook: only whoever provisions it knows a receiver (the demo runs one per unit).
 * {@code coverTarget} is its campaign target (the ledger's {@code covers_target_2023}, scaled).
 */
public record Unit(String id, String name, Optional<String> districtCode, Optional<Webhook> webhook,
    OptionalInt coverTarget) {

  public Unit(String id, String name, Optional<String> districtCode) {
    this(id, name, districtCode, Optional.empty(), OptionalInt.empty());
  }

  public Unit withWebhook(Webhook hook) {
    return new Unit(id, name, districtCode, Optional.of(hook), coverTarget);
  }
}
