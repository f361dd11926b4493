package dev.smartparking.simulator.verify;

import dev.smartparking.simulator.http.ApiFailure;
import dev.smartparking.simulator.webhook.Delivery;
import dev.smartparking.simulator.webhook.WebhookReceivers;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a run's alarms once their deliveries have settled: the alarm list is read again and again
 * until, for every alarm of a unit with a receiver, some delivery that unit took shows the alarm as
 * the list does (events go out in order per alarm, so the latest change delivered means all were),
 * or until the timeout. Then each alarm's history is read.
 *
 * <p>Events that occurred in the last {@link #COMMIT_MARGIN} before the list was read may not have
 * been committed when it was, so the list may not reflect them yet: their delivery is not required
 * ({@link RunAlarms.Receipts#cutoff}). Silent alarms of covers whose sensors stopped at the end of the
 * run keep coming after it; that is what the cutoff is for.
 */
final class AlarmReader {

  static final Duration COMMIT_MARGIN = Duration.ofSeconds(1);
  private static final long POLL_MILLIS = 250;

  private final PlatformView platform;

  AlarmReader(PlatformView platform) {
    this.platform = platform;
  }

  RunAlarms read(Set<String> covers, Instant since, Optional<WebhookReceivers> receivers, Duration settleTimeout)
      throws ApiFailure {
    long deadline = System.nanoTime() + settleTimeout.toNanos();
    while (true) {
      Instant listedAt = Instant.now();
      List<JsonObject> listed = ofTheRun(platform.alarms(), covers, since);
      if (receivers.isEmpty()) {
        return new RunAlarms(since, withHistories(listed), Optional.empty());
      }
      Set<String> deliveredStates = deliveredLifecycles(receivers.get().deliveries());
      Set<String> units = receivers.get().units();
      boolean settled = listed.stream().allMatch(a -> !hasReceiver(a, units) || deliveredStates.contains(AlarmRecord.lifecycle(a)));
      if (settled || System.nanoTime() >= deadline) {
        // What the receivers took once the list was read, so that nothing the list reflects is missed.
        RunAlarms.Receipts receipts =
            new RunAlarms.Receipts(
                Set.copyOf(receivers.get().units()), receivers.get().deliveries(), listedAt.minus(COMMIT_MARGIN), settled);
        return new RunAlarms(since, withHistories(listed), Optional.of(receipts));
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ApiFailure("interrupted while waiting for alarm deliveries", e);
      }
    }
  }

  /** The run's covers' alarms that are unresolved or changed since the run began. */
  private static List<JsonObject> ofTheRun(List<JsonObject> alarms, Set<String> covers, Instant since) throws ApiFailure {
    List<JsonObject> run = new ArrayList<>();
    Instant from = since.minus(COMMIT_MARGIN);
    for (JsonObject alarm : alarms) {
      if (!covers.contains(alarm.getString("cover_id"))) {
        continue;
      }
      AlarmRecord record = record(alarm, List.of());
      if (!record.resolved() || !record.lastChange().isBefore(from)) {
        run.add(alarm);
      }
    }
    return run;
  }

  private List<AlarmRecord> withHistories(List<JsonObject> listed) throws ApiFailure {
    List<AlarmRecord> alarms = new ArrayList<>();
    for (JsonObject alarm : listed) {
      alarms.add(record(alarm, platform.alarmEvents(alarm.getString("id"))));
    }
    return alarms;
  }

  private static AlarmRecord record(JsonObject alarm, List<AlarmEvent> events) throws ApiFailure {
    try {
      return AlarmRecord.of(alarm, events);
    } catch (RuntimeException e) {
      throw new ApiFailure(200, "unexpected_answer", "alarm " + alarm.encode() + ": " + e.getMessage());
    }
  }

  private static boolean hasReceiver(JsonObject alarm, Set<String> units) {
    JsonObject unit = alarm.getJsonObject("unit");
    return unit != null && units.contains(unit.getString("id"));
  }

  /** The alarm states that taken deliveries carried. */
  private static Set<String> deliveredLifecycles(List<Delivery> deliveries) {
    Set<String> states = new HashSet<>();
    for (Delivery delivery : deliveries) {
      JsonObject body = delivery.taken() ? delivery.json() : null;
      Object alarm = body == null ? null : body.getValue("alarm");
      if (alarm instanceof JsonObject shown) {
        states.add(AlarmRecord.lifecycle(shown));
      }
    }
    return states;
  }
}
