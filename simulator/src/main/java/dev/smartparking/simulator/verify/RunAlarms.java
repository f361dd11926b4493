package dev.smartparking.simulator.verify;

import dev.smartparking.simulator.webhook.Delivery;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A run's cover alarms as the API shows them (with their histories), and, when the run had
 * receivers, what each unit's receiver took.
 *
 * @param since when the run began (its earliest device ts): events before it are not the run's
 * @param alarms the alarms of the run's covers that are unresolved or changed during the run
 * @param receipts the receivers' side, or empty when verify runs without them (the verify command)
 */
public record RunAlarms(Instant since, List<AlarmRecord> alarms, Optional<Receipts> receipts) {

  /**
   * @param units the units that had a receiver (and so a webhook)
   * @param deliveries every POST the receivers took or refused, in arrival order
   * @param cutoff events that occurred before this must have been delivered; later ones may still be on their way
   * @param settled whether every alarm's latest change had been delivered when the alarms were read
   */
  public record Receipts(Set<String> units, List<Delivery> deliveries, Instant cutoff, boolean settled) {}

  public RunAlarms {
    alarms = List.copyOf(alarms);
  }
}
