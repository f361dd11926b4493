package dev.smartparking.api.lot;

import dev.smartparking.api.availability.AvailabilityView;
import dev.smartparking.api.availability.LotNow;
import dev.smartparking.api.http.Caller;
import dev.smartparking.api.http.EncodedAnswer;
import dev.smartparking.api.http.JsonResponses;
import dev.smartparking.api.http.PageCursor;
import dev.smartparking.api.http.QueryParameters;
import io.vertx.core.json.JsonArray;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;

/**
 * {@code GET /api/v1/lots?district=&min_free=&limit=&cursor=}: lots in id order, filtered,
 * keyset-paged by id, from the lots in memory, with an ETag.
 */
public final class LotListResource {

  static final int DEFAULT_LIMIT = 100;
  private static final Set<String> PARAMETERS = Set.of("district", "min_free", "limit", PageCursor.PARAMETER);

  private final AvailabilityView lots;
  private final LotView view;

  public LotListResource(AvailabilityView lots, LotView view) {
    this.lots = lots;
    this.view = view;
  }

  public void get(RoutingContext ctx) {
    Query query = Query.of(ctx);
    // One lot more than the page: it only tells that a next page exists.
    List<LotNow> found = lots.lots().inIdOrder(query.district(), query.after(),
        LotView.shown(Caller.scopeOf(ctx), query.minFree()),
        query.limit() + 1);
    Buffer body = Buffer.buffer(64 + 320 * found.size()).appendString("{\"lots\":[");
    for (int i = 0; i < Math.min(found.size(), query.limit()); i++) {
      view.write(i == 0 ? body : body.appendString(","), found.get(i), null);
    }
    String nextCursor = found.size() > query.limit()
        ? PageCursor.encode(new JsonArray().add(found.get(query.limit() - 1).id()))
        : null;
    body.appendString("],\"next_cursor\":").appendString(nextCursor == null ? "null" : Json.encode(nextCursor))
        .appendString("}");
    JsonResponses.ok(ctx, EncodedAnswer.of(body));
  }

  /** The request's filters and page; {@code after} is the id the page starts after, if any. */
  private record Query(String district, Integer minFree, int limit, String after) {

    static Query of(RoutingContext ctx) {
      QueryParameters params = QueryParameters.of(ctx, PARAMETERS);
      return new Query(
          params.string("district"),
          params.integer("min_free"),
          params.integer("limit", DEFAULT_LIMIT),
          PageCursor.decode(params, key -> key.size() == 1 ? (String) key.getValue(0) : null));
    }
  }
}
