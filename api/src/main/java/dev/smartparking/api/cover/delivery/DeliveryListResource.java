package dev.smartparking.api.cover.delivery;

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
 * {@code GET /api/v1/admin/deliveries?status=&unit=&limit=&cursor=} (admin): deliveries of alarm
 * events to units' webhooks, newest event first, keyset-paged by event id. {@code status=failed}
 * lists what the dispatcher gave up on, to be retried at once on request ({@link DeliveryRetryResource}).
 */
public final class DeliveryListResource {

  static final String DELIVERIES_PAGE = "SELECT " + DeliveryView.JSON + """
       AS delivery, d.event_id
      FROM alarm_deliveries d
      JOIN cover_alarm_events e ON e.event_id = d.event_id
      WHERE ($1::text IS NULL OR d.status = $1)
        AND ($2::text IS NULL OR d.unit_id = $2)
        AND ($3::bigint IS NULL OR d.event_id < $3)
      ORDER BY d.event_id DESC
      LIMIT $4""";
  static final int DEFAULT_LIMIT = 100;
  private static final Set<String> PARAMETERS = Set.of("status", "unit", "limit", PageCursor.PARAMETER);

  private final Pool pool;

  public DeliveryListResource(Pool pool) {
    this.pool = pool;
  }

  public void get(RoutingContext ctx) {
    Future.succeededFuture(ctx)
        .map(Query::of)
        .compose(query -> pool.preparedQuery(DELIVERIES_PAGE)
            .execute(Tuple.tuple().addValue(query.status()).addValue(query.unit()).addValue(query.after())
                .addValue(query.limit() + 1))
            .map(rows -> KeysetPage.of(rows, query.limit(), "deliveries", row -> row.getJsonObject("delivery"),
                row -> new JsonArray().add(row.getLong("event_id")))))
        .onSuccess(body -> JsonResponses.ok(ctx, body))
        .onFailure(ctx::fail);
  }

  /** The filters and page of a request; {@code after} is the event id the page starts below. */
  private record Query(String status, String unit, int limit, Long after) {

    static Query of(RoutingContext ctx) {
      QueryParameters params = QueryParameters.of(ctx, PARAMETERS);
      return new Query(
          params.string("status"),
          params.string("unit"),
          params.integer("limit", DEFAULT_LIMIT),
          PageCursor.decode(params, key -> key.size() == 1 ? key.getLong(0) : null));
    }
  }
}
