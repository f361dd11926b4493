package dev.smartparking.api.availability;

import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * A registered lot as the registry describes it and its current state as {@code lot_state} holds
 * it: what the totals and the lot answers (API.md) are made of. The state fields are null for a
 * lot that never reported. Times are instants: an OffsetDateTime costs four objects, and a city
 * of a million lots holds two per lot.
 */
public record LotNow(String id, String name, String district, double lat, double lon, int capacity,
    Integer total, Integer free, Boolean closed, Instant observedAt, Instant lastSeenAt) {

  /** Columns of {@link AvailabilityView}'s queries: a lot, its district and its state. */
  static LotNow of(Row row) {
    return new LotNow(row.getString("id"), row.getString("name"), row.getString("district_code"),
        row.getDouble("lat"), row.getDouble("lon"), row.getInteger("capacity"), row.getInteger("total"),
        row.getInteger("free"), row.getBoolean("closed"), instant(row.getOffsetDateTime("observed_at")),
        instant(row.getOffsetDateTime("last_seen_at")));
  }

  private static Instant instant(OffsetDateTime time) {
    return time == null ? null : time.toInstant();
  }

  /** Whether the lot stands where it did: the spatial index holds positions, fixed between full loads. */
  boolean samePlace(LotNow other) {
    return district.equals(other.district) && lat == other.lat && lon == other.lon;
  }
}
