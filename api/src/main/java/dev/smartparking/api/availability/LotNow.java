package dev.smartparking.api.availability;

import dev.smartparking.api.http.JsonResponses;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;

/**
 * A registered lot and its current state as {@code lot_state} holds it; the state fields are
 * null for a lot that never reported.
 */
public record LotNow(String id, String name, String district, double lat, double lon, int capacity,
    Integer total, Integer free, Boolean closed, OffsetDateTime observedAt, OffsetDateTime lastSeenAt) {

  /** Columns of {@link AvailabilityView}'s queries: a lot, its district and its state. */
  static LotNow of(Row row) {
    return new LotNow(row.getString("id"), row.getString("name"), row.getString("district_code"),
        row.getDouble("lat"), row.getDouble("lon"), row.getInteger("capacity"),
        row.getInteger("total"), row.getInteger("free"), row.getBoolean("closed"),
        row.getOffsetDateTime("observed_at"), row.getOffsetDateTime("last_seen_at"));
  }
}
