package dev.smartparking.simulator.verify;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * One entry of an alarm's history as the API shows it (the webhook body's shape):
 * {@code {"event_id","event","occurred_at","by","note","alarm"}}.
 *
 * @param number the event id without its {@code E-} prefix: events of an alarm happen in this order
 * @param alarm the alarm as it stood after this change
 */
public record AlarmEvent(long number, String eventId, String event, Instant occurredAt, JsonObject alarm, JsonObject json) {

  public static final String RAISED = "alarm.raised";
  public static final String CLEARED = "alarm.cleared";
  public static final String ACKNOWLEDGED = "alarm.acknowledged";
  public static final String RESOLVED = "alarm.resolved";

  public static AlarmEvent fromJson(JsonObject json) {
    String id = json.getString("event_id");
    return new AlarmEvent(
        PrefixedId.number(id, "E"), id, json.getString("event"), Instant.parse(json.getString("occurred_at")), json.getJsonObject("alarm"), json);
  }

  public boolean raised() {
    return RAISED.equals(event);
  }

  public boolean cleared() {
    return CLEARED.equals(event);
  }

  /** An operator's action rather than a reading's or the sweep's doing. */
  public boolean byOperator() {
    return ACKNOWLEDGED.equals(event) || RESOLVED.equals(event);
  }

  /** The seq of the reading the alarm shows after this change, or null when it shows none. */
  public Long readingSeq() {
    JsonObject reading = alarm == null ? null : alarm.getJsonObject("reading");
    return reading == null ? null : reading.getLong("seq");
  }

  /** One line for a difference: id, kind and time. */
  public String describe() {
    return "%s %s at %s".formatted(eventId, event, occurredAt);
  }
}
