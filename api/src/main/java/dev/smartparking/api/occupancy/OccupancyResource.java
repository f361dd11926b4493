package dev.smartparking.api.occupancy;

import dev.smartparking.api.http.Caller;
import dev.smartparking.api.http.Scope;
import dev.smartparking.api.http.ApiException;
import dev.smartparking.api.http.JsonResponses;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import dev.smartparking.api.replica.ReadPools;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;

/**
 * {@code GET /api/v1/lots/{lotId}/occupancy?from=&to=&step=}: a lot's occupancy over time, summed
 * from its per-minute rows (lot_occupancy_minutes, V5) into steps aligned on the UTC clock. A step
 * in which the lot's state never changed has no point.
 */
public final class OccupancyResource {

  /**
   * One row with a null {@code at} for a lot without data in the span, none for an unknown lot
   * or one outside the caller's scope.
   */
  static final String SERIES = """
      SELECT l.id, p.at, p.free_min, p.free_max, p.free_last, p.total
      FROM lots l
      LEFT JOIN LATERAL (
        SELECT date_bin($2::bigint * interval '1 second', m.minute, timestamptz '1970-01-01 00:00:00+00') AS at,
               min(m.free_min) AS free_min, max(m.free_max) AS free_max,
               (array_agg(m.free_last ORDER BY m.minute DESC))[1] AS free_last,
               (array_agg(m.total_last ORDER BY m.minute DESC))[1] AS total
        FROM lot_occupancy_minutes m
        WHERE m.lot_id = l.id AND m.minute >= $3 AND m.minute < $4
        GROUP BY 1) p ON true
      WHERE l.id = $1 AND """ + Scope.lotCondition(5, 6) + """

      ORDER BY p.at""";

  private final ReadPools reads;
  private final Clock clock;

  public OccupancyResource(ReadPools reads, Clock clock) {
    this.reads = reads;
    this.clock = clock;
  }

  public void get(RoutingContext ctx) {
    OccupancyRequest request = OccupancyRequest.of(ctx, clock);
    reads.pool().preparedQuery(SERIES)
        .execute(Tuple.of(request.lotId(), request.step().width().toSeconds(), request.from(), request.to(),
            Caller.scopeOf(ctx).district(), Caller.scopeOf(ctx).unit()))
        .map(rows -> toJson(request, rows))
        .onSuccess(body -> JsonResponses.ok(ctx, body))
        .onFailure(ctx::fail);
  }

  private static JsonObject toJson(OccupancyRequest request, RowSet<Row> rows) {
    if (rows.size() == 0) {
      throw ApiException.notFound("no lot '" + request.lotId() + "'");
    }
    JsonArray points = new JsonArray();
    for (Row row : rows) {
      if (row.getOffsetDateTime("at") != null) {
        points.add(point(row));
      }
    }
    return new JsonObject()
        .put("lot_id", request.lotId())
        .put("step", request.step().text())
        .put("from", JsonResponses.timestamp(request.from()))
        .put("to", JsonResponses.timestamp(request.to()))
        .put("points", points);
  }

  private static JsonObject point(Row row) {
    int total = row.getInteger("total");
    int freeLast = row.getInteger("free_last");
    return new JsonObject()
        .put("at", JsonResponses.timestamp(row.getOffsetDateTime("at")))
        .put("free_min", row.getInteger("free_min"))
        .put("free_max", row.getInteger("free_max"))
        .put("free_last", freeLast)
        .put("total", total)
        .put("occupancy_rate", total == 0 ? null : Math.round(1000.0 * (total - freeLast) / total) / 1000.0);
  }
}
