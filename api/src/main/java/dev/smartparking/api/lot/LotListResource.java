package dev.smartparking.api.lot;

import dev.smartparking.api.http.Caller;
import dev.smartparking.api.http.Scope;
import dev.smartparking.api.availability.ReportingRule;
import dev.smartparking.api.http.JsonResponses;
import dev.smartparking.api.http.KeysetPage;
import dev.smartparking.api.http.PageCursor;
import dev.smartparking.api.http.QueryParameters;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.Set;

/**
 * {@code GET /api/v1/lots?district=&min_free=&limit=&cursor=}: lots in id order, filtered,
 * keyset-paged by id. A lot that never reported has no free count, so it never meets {@code min_free}.
 */
public final class LotListResource {

  static final String LOTS_PAGE = "SELECT " + LotView.COLUMNS + " FROM " + LotView.FROM + """

      WHERE ($1::text IS NULL OR l.district_code = $1)
        AND ($2::int IS NULL OR s.free >= $2)
        AND ($3::text IS NULL OR l.id > $3)
        AND """ + Scope.lotCondition(5, 6) + """

      ORDER BY l.id
      LIMIT $4""";
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;
  private static final Set<String> PARAMETERS = Set.of("district", "min_free", "limit", PageCursor.PARAMETER);

  private final Pool pool;
  private final LotView view;

  public LotListResource(Pool pool, ReportingRule rule) {
    this.pool = pool;
    this.view = new LotView(rule);
  }

  public void get(RoutingContext ctx) {
    Future.succeededFuture(ctx)
        .map(Query::of)
        .compose(query -> pool.preparedQuery(LOTS_PAGE)
            .execute(Tuple.tuple().addValue(query.district()).addValue(query.minFree()).addValue(query.after())
                .addValue(query.limit() + 1).addValue(Caller.scopeOf(ctx).district())
                .addValue(Caller.scopeOf(ctx).unit()))
            .map(rows -> KeysetPage.of(rows, query.limit(), "lots", view::toJson,
                row -> new JsonArray().add(row.getString("id")))))
        .onSuccess(body -> JsonResponses.ok(ctx, body))
        .onFailure(ctx::fail);
  }

  /** The request's filters and page; {@code after} is the id the page starts after, if any. */
  private record Query(String district, Integer minFree, int limit, String after) {

    static Query of(RoutingContext ctx) {
      QueryParameters params = QueryParameters.of(ctx, PARAMETERS);
      return new Query(
          params.identifier("district"),
          params.integer("min_free", 0, Integer.MAX_VALUE),
          params.integer("limit", 1, MAX_LIMIT, DEFAULT_LIMIT),
          PageCursor.decode(params, key -> key.size() == 1 ? (String) key.getValue(0) : null));
    }
  }
}
