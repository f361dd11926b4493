package dev.smartparking.simulator.verify;

import dev.smartparking.simulator.city.AlarmType;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * One alarm as the API lists it, with its history (events in event-id order).
 *
 * @param json the alarm as {@code GET /api/v1/covers/alarms} listed it
 */
public record AlarmRecord(
    String id, String coverId, String unitId, AlarmType type, String status, boolean active, JsonObject json, List<AlarmEvent> events) {

  public AlarmRecord {
    events = events.stream().sorted(Comparator.comparingLong(AlarmEvent::number)).toList();
  }

  public static AlarmRecord of(JsonObject listed, List<AlarmEvent> events) {
    JsonObject unit = listed.getJsonObject("unit");
    return new AlarmRecord(
        listed.getString("id"),
        listed.getString("cover_id"),
        unit == null ? null : unit.getString("id"),
        AlarmType.ofWireName(listed.getString("type")),
        listed.getString("status"),
        Boolean.TRUE.equals(listed.getBoolean("active")),
        listed,
        events);
  }

  public boolean resolved() {
    return "resolved".equals(status);
  }

  /** The latest of the lifecycle times: when something last happened to it, by its listing. */
  public Instant lastChange() {
    Instant latest = Instant.MIN;
    for (String field : List.of("raised_at", "cleared_at", "acknowledged_at", "resolved_at")) {
      String value = json.getString(field);
      if (value != null) {
        Instant at = Instant.parse(value);
        latest = at.isAfter(latest) ? at : latest;
      }
    }
    return latest;
  }

  public String describe() {
    return "%s (%s on %s)".formatted(id, type.wireName(), coverId);
  }
}
