package dev.smartparking.api.cover.delivery;


/**
 * An alarm event's delivery to its unit's webhook, as admins see it: alarm_deliveries (V7) with
 * the event it carries. Written in SQL, with the same id and time formats as the alarm's JSON.
 */
final class DeliveryView {

  /** Over {@code d} (alarm_deliveries) and {@code e} (its cover_alarm_events row). */
  static final String JSON = """
      jsonb_build_object(
          'event_id', prefixed_id('E', d.event_id),
          'alarm_id', prefixed_id('A', d.alarm_id),
          'event', e.event,
          'occurred_at', rfc3339(e.occurred_at),
          'unit', d.unit_id,
          'status', d.status,
          'attempts', d.attempts,
          'next_attempt_at', rfc3339(d.next_attempt_at),
          'last_attempt_at', rfc3339(d.last_attempt_at),
          'last_result', d.last_result,
          'delivered_at', rfc3339(d.delivered_at))""";
  /** What alarm_deliveries allows (V7). */

  private DeliveryView() {}
}
