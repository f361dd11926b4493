package dev.smartparking.api.lot;

import dev.smartparking.api.availability.AvailabilityView;
import dev.smartparking.api.availability.LotsNow;
import dev.smartparking.api.http.Caller;
import dev.smartparking.api.http.EncodedAnswer;
import dev.smartparking.api.http.JsonResponses;
import dev.smartparking.api.http.QueryParameters;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;

/**
 * {@code GET /api/v1/lots/nearby?lat=&lon=&radius_m=&min_free=&limit=}: the lots within
 * {@code radius_m} of a point, nearest first (then by id), each with its great-circle
 * {@code distance_m}, found in the grid of lots in memory ({@link LotsNow#nearby}).
 */
public final class NearbyLotsResource {

  static final int DEFAULT_LIMIT = 20;
  private static final Set<String> PARAMETERS = Set.of("lat", "lon", "radius_m", "min_free", "limit");

  private final AvailabilityView lots;
  private final LotView view;

  public NearbyLotsResource(AvailabilityView lots, LotView view) {
    this.lots = lots;
    this.view = view;
  }

  public void get(RoutingContext ctx) {
    Query query = Query.of(ctx);
    List<LotsNow.Nearby> found = lots.lots().nearby(query.lat(), query.lon(), query.radiusM(),
        LotView.shown(Caller.scopeOf(ctx), query.minFree()), query.limit());
    Buffer body = Buffer.buffer(16 + 340 * found.size()).appendString("{\"lots\":[");
    for (int i = 0; i < found.size(); i++) {
      LotsNow.Nearby nearby = found.get(i);
      view.write(i == 0 ? body : body.appendString(","), nearby.lot(), Math.round(nearby.distanceM() * 10) / 10.0);
    }
    JsonResponses.ok(ctx, EncodedAnswer.of(body.appendString("]}")));
  }

  /** The point, radius and filters of a request. */
  private record Query(double lat, double lon, int radiusM, Integer minFree, int limit) {

    static Query of(RoutingContext ctx) {
      QueryParameters params = QueryParameters.of(ctx, PARAMETERS);
      return new Query(
          params.decimal("lat"),
          params.decimal("lon"),
          params.requiredInteger("radius_m"),
          params.integer("min_free"),
          params.integer("limit", DEFAULT_LIMIT));
    }
  }
}

