package dev.smartparking.api.lot;

import dev.smartparking.api.http.Caller;
import dev.smartparking.api.http.Scope;
import dev.smartparking.api.availability.ReportingRule;
import dev.smartparking.api.http.ApiException;
import dev.smartparking.api.http.JsonResponses;
import dev.smartparking.api.http.LotIdParameter;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

/** {@code GET /api/v1/lots/{lotId}}: one lot now, with its state open, closed, offline or unknown. */
public final class LotResource {

  static final String LOT_BY_ID = "SELECT " + LotView.COLUMNS + " FROM " + LotView.FROM + " WHERE l.id = $1 AND "
      + Scope.lotCondition(2, 3);

  private final Pool pool;
  private final LotView view;

  public LotResource(Pool pool, ReportingRule rule) {
    this.pool = pool;
    this.view = new LotView(rule);
  }

  public void get(RoutingContext ctx) {
    String lotId = LotIdParameter.of(ctx);
    Scope scope = Caller.scopeOf(ctx);
    pool.preparedQuery(LOT_BY_ID).execute(Tuple.of(lotId, scope.district(), scope.unit()))
        .map(rows -> {
          if (rows.size() == 0) {
            throw ApiException.notFound("no lot '" + lotId + "'");
          }
          return view.toJson(rows.iterator().next());
        })
        .onSuccess(body -> JsonResponses.ok(ctx, body))
        .onFailure(ctx::fail);
  }
}
