package dev.smartparking.api.lot;

import dev.smartparking.api.availability.ReportingRule;
import dev.smartparking.api.http.JsonResponses;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;

/**
 * A lot as every lot resource answers it (API.md, {@code GET /api/v1/lots/{lotId}}), and the
 * columns it is built from: queries select {@link #COLUMNS} {@code FROM} {@link #FROM}.
 */
final class LotView {

  static final String COLUMNS = """
      l.id, l.name, l.district_code, l.lat, l.lon, l.capacity,
      s.total, s.free, s.closed, s.observed_at, s.last_seen_at""";
  static final String FROM = "lots l LEFT JOIN lot_state s ON s.lot_id = l.id";

  private final ReportingRule rule;

  LotView(ReportingRule rule) {
    this.rule = rule;
  }

  JsonObject toJson(Row row) {
    boolean reported = row.getInteger("total") != null;
    OffsetDateTime lastSeen = row.getOffsetDateTime("last_seen_at");
    return new JsonObject()
        .put("id", row.getString("id"))
        .put("name", row.getString("name"))
        .put("district", row.getString("district_code"))
        .put("location", new JsonObject().put("lat", row.getDouble("lat")).put("lon", row.getDouble("lon")))
        .put("capacity", row.getInteger("capacity"))
        .put("total", reported ? row.getInteger("total") : row.getInteger("capacity"))
        .put("free", row.getInteger("free"))
        .put("state", rule.state(lastSeen, row.getBoolean("closed")))
        .put("updated_at", JsonResponses.timestamp(row.getOffsetDateTime("observed_at")))
        .put("last_seen_at", JsonResponses.timestamp(lastSeen));
  }
}
