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

  /** The fields an event changes (not last_reading_at, which a reading moves without an event). */
  static final List<String> LIFECYCLE =
      List.of("status", "active", "raised_at", "cleared_at", "acknowledged_at", "resolved_at");

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

  /**
   * An alarm's id and lifecycle fields in one string: equal for a listing and an event's copy of the
   * alarm exactly when that event is the change that brought the alarm where the listing shows it.
   */
  static String lifecycle(JsonObject alarm) {
    StringBuilder key = new StringBuilder(String.valueOf(alarm.getValue("id")));
    LIFECYCLE.forEach(field -> key.append('|').append(alarm.getValue(field)));
    return key.toString();
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
