package dev.smartparking.simulator.verify;

import dev.smartparking.simulator.http.ApiFailure;
import dev.smartparking.simulator.webhook.Delivery;
import dev.smartparking.simulator.webhook.WebhookReceivers;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a run's alarms once their deliveries have settled: the alarm list is read again and again,
 * each alarm's history read again whenever its listing changed (every event changes it: a raise its
 * reading or last_reading_at, a clear cleared_at, an operator the status), until every event of the
 * run of an alarm whose unit has a receiver has been taken by that receiver, or until the timeout.
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
    Map<String, JsonObject> listedBefore = new HashMap<>();
    Map<String, List<AlarmEvent>> histories = new HashMap<>();
    while (true) {
      Instant listedAt = Instant.now();
      List<AlarmRecord> alarms = new ArrayList<>();
      for (JsonObject alarm : ofTheRun(platform.alarms(), covers, since)) {
        String id = alarm.getString("id");
        if (!alarm.equals(listedBefore.get(id))) {
          histories.put(id, platform.alarmEvents(id));
          listedBefore.put(id, alarm);
        }
        alarms.add(record(alarm, histories.get(id)));
      }
      if (receivers.isEmpty()) {
        return new RunAlarms(since, alarms, Optional.empty());
      }
      Set<String> units = receivers.get().units();
      Set<String> delivered = taken(receivers.get().deliveries());
      Instant from = since.minus(COMMIT_MARGIN);
      boolean settled =
          alarms.stream()
              .filter(a -> units.contains(a.unitId()))
              .flatMap(a -> a.events().stream())
              .filter(e -> !e.occurredAt().isBefore(from))
              .allMatch(e -> delivered.contains(e.eventId()));
      if (settled || System.nanoTime() >= deadline) {
        // What the receivers took once the list was read, so that nothing the list reflects is missed.
        RunAlarms.Receipts receipts =
            new RunAlarms.Receipts(Set.copyOf(units), receivers.get().deliveries(), listedAt.minus(COMMIT_MARGIN), settled);
        return new RunAlarms(since, alarms, Optional.of(receipts));
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

  private static AlarmRecord record(JsonObject alarm, List<AlarmEvent> events) throws ApiFailure {
    try {
      return AlarmRecord.of(alarm, events);
    } catch (RuntimeException e) {
      throw new ApiFailure(200, "unexpected_answer", "alarm " + alarm.encode() + ": " + e.getMessage());
    }
  }

  /** The event ids the receivers took (answered 2xx). */
  private static Set<String> taken(List<Delivery> deliveries) {
    Set<String> taken = new HashSet<>();
    for (Delivery delivery : deliveries) {
      if (delivery.taken() && delivery.eventIdHeader() != null) {
        taken.add(delivery.eventIdHeader());
      }
    }
    return taken;
  }
}
