package dev.smartparking.api.cover.delivery;

import dev.smartparking.api.http.ApiException;
import dev.smartparking.api.http.JsonResponses;
import dev.smartparking.api.http.PrefixedId;
import dev.smartparking.metrics.CoverAlarmEvents;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

/**
 * {@code POST /api/v1/admin/deliveries/{eventId}/retry} (admin): makes a pending or failed
 * delivery due now (a failed one pending again) and wakes the dispatchers, which LISTEN on the
 * alarm events channel. Its attempts and last result stay as they were, the history of what
 * happened; the dispatcher makes the next attempt and decides after it. 409 for a delivered
 * event: it is not sent twice on request (receivers may get duplicates, but not from us on purpose).
 */
public final class DeliveryRetryResource {

  static final String RETRY = """
      WITH due AS (
          UPDATE alarm_deliveries SET status = 'pending', next_attempt_at = clock_timestamp()
          WHERE event_id = $1 AND status <> 'delivered'
          RETURNING *)
      SELECT pg_notify('""" + CoverAlarmEvents.CHANNEL + "', ''), " + DeliveryView.JSON + """
       AS delivery
      FROM due d
      JOIN cover_alarm_events e ON e.event_id = d.event_id""";
  static final String STATUS = "SELECT status FROM alarm_deliveries WHERE event_id = $1";

  private final Pool pool;

  public DeliveryRetryResource(Pool pool) {
    this.pool = pool;
  }

  public void post(RoutingContext ctx) {
    String eventId = ctx.pathParam("eventId");
    long id = PrefixedId.EVENT.pathParameter(eventId);
    pool.preparedQuery(RETRY).execute(Tuple.of(id))
        .compose(rows -> rows.size() > 0
            ? Future.succeededFuture(rows.iterator().next().getJsonObject("delivery"))
            : whyNot(id, eventId))
        .onSuccess(body -> JsonResponses.ok(ctx, body))
        .onFailure(ctx::fail);
  }

  /** Nothing was made due: the event has no delivery, or it was delivered (which never changes back). */
  private Future<JsonObject> whyNot(long id, String eventId) {
    return pool.preparedQuery(STATUS).execute(Tuple.of(id))
        .map(rows -> {
          if (rows.size() == 0) {
            throw ApiException.notFound("no delivery of event '" + eventId + "'");
          }
          throw ApiException.conflict("event '" + eventId + "' was delivered already; it is not sent again");
        });
  }
}
