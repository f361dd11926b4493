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

  /** The answer of {@code GET /api/v1/lots/{lotId}} (API.md); the state is judged now, by {@code rule}. */
  public JsonObject toJson(ReportingRule rule) {
    return new JsonObject()
        .put("id", id)
        .put("name", name)
        .put("district", district)
        .put("location", new JsonObject().put("lat", lat).put("lon", lon))
        .put("capacity", capacity)
        .put("total", total != null ? total : capacity)
        .put("free", free)
        .put("state", rule.state(lastSeenAt, closed))
        .put("updated_at", JsonResponses.timestamp(observedAt))
        .put("last_seen_at", JsonResponses.timestamp(lastSeenAt));
  }
}
