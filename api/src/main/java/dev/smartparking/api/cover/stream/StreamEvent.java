package dev.smartparking.api.cover.stream;

import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;

/**
 * One alarm event as a stream sends it: its place in the feed, the district and unit it may be
 * filtered by, and its Server-Sent Events frame, {@code event: alarm.raised}, {@code id: E-000042}
 * and {@code data:} cover_alarm_event_json, rendered once and shared by every subscriber.
 */
record StreamEvent(FeedPosition position, String district, String unit, Buffer frame) {

  /** Over {@code e}, a cover_alarm_events row; what {@link #of} reads. */
  static final String COLUMNS = """
      e.txid::text AS txid, e.event_id, e.event, prefixed_id('E', e.event_id) AS id,
      e.alarm->>'district' AS district, e.alarm->'unit'->>'id' AS unit,
      cover_alarm_event_json(e)::text AS data""";

  static StreamEvent of(Row row) {
    StringBuilder frame = new StringBuilder(1024)
        .append("event: ").append(row.getString("event")).append('\n')
        .append("id: ").append(row.getString("id")).append('\n');
    // jsonb's text has no line breaks (those in strings are escaped), but a data field must not
    // hold one: each line would be its own field.
    for (String line : row.getString("data").split("\n", -1)) {
      frame.append("data: ").append(line).append('\n');
    }
    frame.append('\n');
    return new StreamEvent(FeedPosition.of(row.getString("txid"), row.getLong("event_id")),
        row.getString("district"), row.getString("unit"), Buffer.buffer(frame.toString()));
  }

  /** Whether a subscriber filtering by {@code district} and {@code unit} (null: any) wants it. */
  boolean matches(String wantedDistrict, String wantedUnit) {
    return (wantedDistrict == null || wantedDistrict.equals(district)) && (wantedUnit == null || wantedUnit.equals(unit));
  }
}
