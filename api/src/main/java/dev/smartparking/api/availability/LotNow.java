package dev.smartparking.api.availability;

import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;

/**
 * A registered lot's district and current state as {@code lot_state} holds it: what the totals
 * need. The state fields are null for a lot that never reported.
 */
public record LotNow(String id, String district, Integer total, Integer free, Boolean closed,
    OffsetDateTime lastSeenAt) {

  /** Columns of {@link AvailabilityView}'s queries: a lot, its district and its state. */
  static LotNow of(Row row) {
    return new LotNow(row.getString("id"), row.getString("district_code"), row.getInteger("total"),
        row.getInteger("free"), row.getBoolean("closed"), row.getOffsetDateTime("last_seen_at"));
  }
}
