package dev.smartparking.api.lot;

import dev.smartparking.api.http.ApiException;
import dev.smartparking.api.availability.ReportingRule;
import dev.smartparking.api.http.JsonResponses;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.regex.Pattern;

/** {@code GET /api/v1/lots/{lotId}}: one lot now, with its state open, closed, offline or unknown. */
public final class LotResource {

  static final String LOT_BY_ID = """
      SELECT l.id, l.name, l.district_code, l.lat, l.lon, l.capacity,
             s.total, s.free, s.closed, s.observed_at, s.last_seen_at
      FROM lots l LEFT JOIN lot_state s ON s.lot_id = l.id
      WHERE l.id = $1""";
  private static final Pattern LOT_ID = Pattern.compile("[A-Za-z0-9._:\\-]{1,64}");

  private final Pool pool;
  private final ReportingRule rule;

  public LotResource(Pool pool, ReportingRule rule) {
    this.pool = pool;
    this.rule = rule;
  }

  public void get(RoutingContext ctx) {
    String lotId = ctx.pathParam("lotId");
    if (!LOT_ID.matcher(lotId).matches()) {
      ctx.fail(ApiException.badParameter("lotId: '" + lotId + "' is not a lot id (1-64 letters, digits, . _ : -)"));
      return;
    }
    pool.preparedQuery(LOT_BY_ID).execute(Tuple.of(lotId))
        .map(rows -> {
          if (rows.size() == 0) {
            throw ApiException.notFound("no lot '" + lotId + "'");
          }
          return toJson(rows.iterator().next());
        })
        .onSuccess(body -> JsonResponses.ok(ctx, body))
        .onFailure(ctx::fail);
  }

  private JsonObject toJson(Row row) {
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
