package dev.smartparking.alarm.delivery;

import java.util.HashMap;
import java.util.Map;

/**
 * Webhook calls in flight per unit in this process, bounded by alarms.delivery-max-in-flight-per-unit:
 * a receiver that answers slowly, or not at all, holds at most that many of this process's calls,
 * and every other unit's deliveries go on beside it. The claim asks PostgreSQL for at most each
 * unit's free slots. Used on the dispatcher's context only.
 */
final class UnitSlots {

  private final Map<String, Integer> busy = new HashMap<>();

  void acquire(String unit) {
    busy.merge(unit, 1, Integer::sum);
  }

  void release(String unit) {
    busy.computeIfPresent(unit, (u, n) -> n == 1 ? null : n - 1);
  }

  /** Units with calls in flight and how many each, as two parallel arrays for the claim. */
  Busy busy() {
    String[] units = new String[busy.size()];
    Integer[] counts = new Integer[busy.size()];
    int i = 0;
    for (Map.Entry<String, Integer> entry : busy.entrySet()) {
      units[i] = entry.getKey();
      counts[i++] = entry.getValue();
    }
    return new Busy(units, counts);
  }

  record Busy(String[] units, Integer[] counts) {}

  int inFlight() {
    return busy.values().stream().mapToInt(Integer::intValue).sum();
  }
}
