package dev.smartparking.api.availability;

import dev.smartparking.api.http.JsonResponses;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;

/** {@code GET /api/v1/availability}: the city now, totals and one row per district (API.md). */
public final class AvailabilityResource {

  /** A lot counts only while reporting: it has state, is not closed and was heard from recently. */
  static final String BY_DISTRICT = """
      SELECT d.code, d.name,
             count(l.id) AS lots,
             count(l.id) FILTER (WHERE r.reporting) AS lots_reporting,
             coalesce(sum(s.total) FILTER (WHERE r.reporting), 0) AS total,
             coalesce(sum(s.free) FILTER (WHERE r.reporting), 0) AS free,
             max(s.last_seen_at) AS updated_at
      FROM districts d
      LEFT JOIN lots l ON l.district_code = d.code
      LEFT JOIN lot_state s ON s.lot_id = l.id
      CROSS JOIN LATERAL (SELECT s.lot_id IS NOT NULL AND NOT s.closed AND s.last_seen_at > $1 AS reporting) r
      GROUP BY d.code, d.name
      ORDER BY d.code""";

  private final Pool pool;
  private final ReportingRule rule;

  public AvailabilityResource(Pool pool, ReportingRule rule) {
    this.pool = pool;
    this.rule = rule;
  }

  public void get(RoutingContext ctx) {
    pool.preparedQuery(BY_DISTRICT).execute(Tuple.of(rule.reportingSince()))
        .map(rows -> {
          Totals city = new Totals();
          JsonArray districts = new JsonArray();
          for (Row row : rows) {
            Totals district = new Totals().add(row);
            city.add(row);
            districts.add(district.toJson()
                .put("code", row.getString("code"))
                .put("name", row.getString("name")));
          }
          return city.toJson().put("districts", districts);
        })
        .onSuccess(body -> JsonResponses.ok(ctx, body))
        .onFailure(ctx::fail);
  }

  /** Sums of one district or the whole city. */
  private static final class Totals {
    private long lots;
    private long lotsReporting;
    private long total;
    private long free;
    private OffsetDateTime updatedAt;

    Totals add(Row row) {
      lots += row.getLong("lots");
      lotsReporting += row.getLong("lots_reporting");
      total += row.getLong("total");
      free += row.getLong("free");
      OffsetDateTime seen = row.getOffsetDateTime("updated_at");
      if (seen != null && (updatedAt == null || seen.isAfter(updatedAt))) {
        updatedAt = seen;
      }
      return this;
    }

    JsonObject toJson() {
      return new JsonObject()
          .put("updated_at", JsonResponses.timestamp(updatedAt))
          .put("total", total)
          .put("free", free)
          .put("occupancy_rate", total == 0 ? null : Math.round(1000.0 * (total - free) / total) / 1000.0)
          .put("lots", lots)
          .put("lots_reporting", lotsReporting);
    }
  }
}
