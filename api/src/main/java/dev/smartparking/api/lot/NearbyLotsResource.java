package dev.smartparking.api.lot;

import dev.smartparking.api.http.Caller;
import dev.smartparking.api.http.Scope;
import dev.smartparking.api.availability.ReportingRule;
import dev.smartparking.api.http.JsonResponses;
import dev.smartparking.api.http.QueryParameters;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.Set;

/**
 * {@code GET /api/v1/lots/nearby?lat=&lon=&radius_m=&min_free=&limit=}: the lots within
 * {@code radius_m} of a point, nearest first, each with its great-circle {@code distance_m}.
 */
public final class NearbyLotsResource {

  /**
   * Haversine distance on a sphere of the Earth's mean radius (6 371 008.8 m): within 0.5 % of
   * the ellipsoid, plenty for "which lot is close". {@code least(1, ...)} keeps rounding from
   * pushing asin out of its domain for antipodal points. Lots are few (thousands), so a scan
   * costs less than a spatial index would cost to keep.
   */
  static final String NEARBY = "SELECT " + LotView.COLUMNS + ", d.distance_m FROM " + LotView.FROM + """

      CROSS JOIN LATERAL (SELECT 2 * 6371008.8 * asin(sqrt(least(1,
          sin(radians(l.lat - $1) / 2) ^ 2
          + cos(radians($1)) * cos(radians(l.lat)) * sin(radians(l.lon - $2) / 2) ^ 2))) AS distance_m) d
      WHERE d.distance_m <= $3
        AND ($4::int IS NULL OR s.free >= $4)
        AND """ + Scope.lotCondition(6, 7) + """

      ORDER BY d.distance_m, l.id
      LIMIT $5""";
  static final int DEFAULT_LIMIT = 20;
  static final int MAX_LIMIT = 200;
  static final int MAX_RADIUS_M = 50_000;
  private static final Set<String> PARAMETERS = Set.of("lat", "lon", "radius_m", "min_free", "limit");

  private final Pool pool;
  private final LotView view;

  public NearbyLotsResource(Pool pool, ReportingRule rule) {
    this.pool = pool;
    this.view = new LotView(rule);
  }

  public void get(RoutingContext ctx) {
    Future.succeededFuture(ctx)
        .map(Query::of)
        .compose(query -> pool.preparedQuery(NEARBY)
            .execute(Tuple.tuple().addValue(query.lat()).addValue(query.lon()).addValue((double) query.radiusM())
                .addValue(query.minFree()).addValue(query.limit())
                .addValue(Caller.scopeOf(ctx).district()).addValue(Caller.scopeOf(ctx).unit())))
        .map(rows -> {
          JsonArray lots = new JsonArray();
          for (Row row : rows) {
            lots.add(view.toJson(row).put("distance_m", Math.round(row.getDouble("distance_m") * 10) / 10.0));
          }
          return new JsonObject().put("lots", lots);
        })
        .onSuccess(body -> JsonResponses.ok(ctx, body))
        .onFailure(ctx::fail);
  }

  /** The point, radius and filters of a request. */
  private record Query(double lat, double lon, int radiusM, Integer minFree, int limit) {

    static Query of(RoutingContext ctx) {
      QueryParameters params = QueryParameters.of(ctx, PARAMETERS);
      return new Query(
          params.decimal("lat", -90, 90),
          params.decimal("lon", -180, 180),
          params.requiredInteger("radius_m", 1, MAX_RADIUS_M),
          params.integer("min_free", 0, Integer.MAX_VALUE),
          params.integer("limit", 1, MAX_LIMIT, DEFAULT_LIMIT));
    }
  }
}
